import { describe, expect, it } from 'vitest';
import { allRequiredOk, renderDoctorTable, summarize, type DoctorCheck } from './doctor-table.ts';

const checks: DoctorCheck[] = [
  { name: 'node', status: 'ok', detail: 'v24.21.0 (>= 22.18)' },
  { name: 'docker engine', status: 'missing', detail: 'no answer', fix: 'bench setup' },
  { name: 'k6 (optional)', status: 'warn', detail: 'not installed', fix: 'bench setup --with k6' },
  { name: 'go', status: 'ok', detail: 'go1.26.8', fix: 'never shown for ok rows' },
];

describe('renderDoctorTable', () => {
  it('aligns status, name and detail columns and puts fixes under their row', () => {
    expect(renderDoctorTable(checks)).toBe(
      [
        'STATUS   CHECK          DETAIL',
        'ok       node           v24.21.0 (>= 22.18)',
        'missing  docker engine  no answer',
        '                        fix: bench setup',
        'warn     k6 (optional)  not installed',
        '                        fix: bench setup --with k6',
        'ok       go             go1.26.8',
      ].join('\n'),
    );
  });

  it('renders just the header for no checks', () => {
    expect(renderDoctorTable([])).toBe('STATUS  CHECK  DETAIL');
  });
});

describe('allRequiredOk / summarize', () => {
  it('fails only on missing; warnings are optional things', () => {
    expect(allRequiredOk(checks)).toBe(false);
    expect(allRequiredOk(checks.filter((c) => c.status !== 'missing'))).toBe(true);
    expect(summarize(checks)).toBe('2 ok, 1 warn, 1 missing');
  });
});

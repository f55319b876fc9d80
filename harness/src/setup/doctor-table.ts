// Renders doctor results as an aligned table. Pure, so the layout is unit-tested.

export type CheckStatus = 'ok' | 'missing' | 'warn';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  detail: string;
  /** How to fix it; shown under the row when the status is not ok. */
  fix?: string;
}

export function renderDoctorTable(checks: readonly DoctorCheck[]): string {
  const statusWidth = Math.max('STATUS'.length, ...checks.map((c) => c.status.length));
  const nameWidth = Math.max('CHECK'.length, ...checks.map((c) => c.name.length));
  const indent = ' '.repeat(statusWidth + 2 + nameWidth + 2);
  const row = (status: string, name: string, detail: string): string =>
    `${status.padEnd(statusWidth)}  ${name.padEnd(nameWidth)}  ${detail}`.trimEnd();
  const lines = [row('STATUS', 'CHECK', 'DETAIL')];
  for (const check of checks) {
    lines.push(row(check.status, check.name, check.detail));
    if (check.fix && check.status !== 'ok') lines.push(`${indent}fix: ${check.fix}`);
  }
  return lines.join('\n');
}

/** Required things are reported `missing`; optional ones only `warn`. */
export function allRequiredOk(checks: readonly DoctorCheck[]): boolean {
  return checks.every((c) => c.status !== 'missing');
}

export function summarize(checks: readonly DoctorCheck[]): string {
  const count = (status: CheckStatus): number => checks.filter((c) => c.status === status).length;
  return `${count('ok')} ok, ${count('warn')} warn, ${count('missing')} missing`;
}

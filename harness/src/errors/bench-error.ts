// One error type for everything the user can act on: what is wrong, and how to fix it.
export const ExitCode = {
  ok: 0,
  thresholdsFailed: 1,
  badInput: 2,
  infrastructure: 3,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type BenchErrorCode = 'bad-input' | 'infrastructure' | 'interrupted' | 'internal';

export interface Issue {
  /** File the problem is in, when there is one. */
  file?: string;
  /** Field path inside that file, e.g. `phases[2].durationMs`. */
  path: string;
  message: string;
  /** How to fix it. */
  hint: string;
}

export class BenchError extends Error {
  readonly code: BenchErrorCode;
  readonly hint: string | undefined;
  readonly issues: readonly Issue[];

  constructor(code: BenchErrorCode, message: string, options: { hint?: string; cause?: unknown; issues?: readonly Issue[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BenchError';
    this.code = code;
    this.hint = options.hint;
    this.issues = options.issues ?? [];
  }

  get exitCode(): ExitCode {
    switch (this.code) {
      case 'bad-input':
        return ExitCode.badInput;
      case 'infrastructure':
        return ExitCode.infrastructure;
      case 'interrupted':
        return ExitCode.interrupted;
      default:
        return ExitCode.infrastructure;
    }
  }
}

export const badInput = (message: string, hint?: string, issues?: readonly Issue[]): BenchError =>
  new BenchError('bad-input', message, { ...(hint === undefined ? {} : { hint }), ...(issues ? { issues } : {}) });

export const infraError = (message: string, hint: string, cause?: unknown): BenchError =>
  new BenchError('infrastructure', message, { hint, cause });

/** Renders an error for the terminal: message, every issue, then the fix. */
export function formatError(error: unknown): string {
  if (!(error instanceof BenchError)) {
    return error instanceof Error ? `error: ${error.stack ?? error.message}` : `error: ${String(error)}`;
  }
  const lines = [`error: ${error.message}`];
  for (const issue of error.issues) {
    const where = issue.file ? `${issue.file}: ${issue.path}` : issue.path;
    lines.push(`  - ${where}: ${issue.message}`, `    fix: ${issue.hint}`);
  }
  if (error.hint) lines.push(`fix: ${error.hint}`);
  return lines.join('\n');
}

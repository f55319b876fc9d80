// The logger is passed in explicitly (no module singleton) so tests can capture output.
export interface Logger {
  /** A step the harness takes (setup, start, teardown): always shown. */
  step(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export function createConsoleLogger(options: { verbose?: boolean; stream?: NodeJS.WritableStream } = {}): Logger {
  const out = options.stream ?? process.stderr;
  const write = (prefix: string, message: string): void => {
    out.write(`${prefix}${message}\n`);
  };
  return {
    step: (m) => write('==> ', m),
    info: (m) => write('    ', m),
    warn: (m) => write('warn: ', m),
    debug: (m) => {
      if (options.verbose) write('debug: ', m);
    },
  };
}

export const silentLogger: Logger = { step() {}, info() {}, warn() {}, debug() {} };

// Test support: a minimal terminal that applies what the progress views write (text, CR, LF, cursor-previous-line,
// erase line, erase below), so tests can assert what a person would see rather than raw escape sequences.

const SEQUENCE = /\x1b\[(\d*)([A-Za-z])|\r\n|[\r\n]|[^\x1b\r\n]+/gy;

export class FakeTerminal {
  readonly lines: string[] = [''];
  row = 0;
  col = 0;
  /** Escape sequences this terminal does not know; a test can assert there are none. */
  readonly unknown: string[] = [];

  write(text: string): void {
    SEQUENCE.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = SEQUENCE.exec(text)) !== null) {
      const [token, count, command] = match;
      if (command !== undefined) this.#csi(Number(count || '1'), command, token);
      else if (token === '\r\n' || token === '\n') this.#lineFeed();
      else if (token === '\r') this.col = 0;
      else this.#print(token);
    }
  }

  /** The screen without trailing empty lines. */
  screen(): string[] {
    const lines = [...this.lines];
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines;
  }

  #print(text: string): void {
    const line = this.lines[this.row] ?? '';
    const chars = [...line.padEnd(this.col, ' ')];
    const add = [...text];
    chars.splice(this.col, add.length, ...add);
    this.lines[this.row] = chars.join('');
    this.col += add.length;
  }

  #lineFeed(): void {
    this.row++;
    this.col = 0;
    while (this.lines.length <= this.row) this.lines.push('');
  }

  #csi(n: number, command: string, token: string): void {
    switch (command) {
      case 'F':
        this.row = Math.max(0, this.row - n);
        this.col = 0;
        break;
      case 'K':
        this.lines[this.row] = [...(this.lines[this.row] ?? '')].slice(0, this.col).join('');
        break;
      case 'J':
        this.lines[this.row] = [...(this.lines[this.row] ?? '')].slice(0, this.col).join('');
        this.lines.length = this.row + 1;
        break;
      default:
        this.unknown.push(token);
    }
  }
}

import { describe, expect, it } from 'vitest';
import { HTTP_PARSE_CODE, HttpParseError } from './http1-errors.ts';
import { ResponseParser } from './response-parser.ts';

interface Parsed {
  status: number;
  serverTiming: string | undefined;
  keepAlive: boolean;
}

function parserWith(): { parser: ResponseParser; parsed: Parsed[] } {
  const parsed: Parsed[] = [];
  const parser = new ResponseParser({
    onParsedResponse: (status, serverTiming, keepAlive) => void parsed.push({ status, serverTiming, keepAlive }),
  });
  return { parser, parsed };
}

/** Feeds `text` cut at `cuts` (offsets), each piece at an offset inside a larger buffer with junk around it. */
function feedSplit(parser: ResponseParser, text: string, cuts: number[]): void {
  const bytes = Buffer.from(text, 'latin1');
  const bounds = [0, ...cuts, bytes.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = bytes.subarray(bounds[i], bounds[i + 1]);
    const host = Buffer.alloc(piece.length + 8, 0x58); // 'X' before and after: the parser must stay within [start, end)
    piece.copy(host, 3);
    parser.feed(host, 3, 3 + piece.length);
  }
}

const CASES: { name: string; text: string; noBody?: boolean; expected: Parsed[] }[] = [
  {
    name: 'Content-Length body',
    text: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello',
    expected: [{ status: 200, serverTiming: undefined, keepAlive: true }],
  },
  {
    name: 'chunked body with extensions and trailers',
    text: 'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nServer-Timing: db;dur=1.5\r\n\r\n5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n',
    expected: [{ status: 201, serverTiming: 'db;dur=1.5', keepAlive: true }],
  },
  {
    name: 'Connection: close',
    text: 'HTTP/1.1 503 Service Unavailable\r\ncontent-length: 2\r\nConnection: close\r\n\r\nno',
    expected: [{ status: 503, serverTiming: undefined, keepAlive: false }],
  },
  {
    name: '204 and 304 have no body whatever they say',
    text: 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n',
    expected: [
      { status: 204, serverTiming: undefined, keepAlive: true },
      { status: 304, serverTiming: undefined, keepAlive: true },
    ],
  },
  {
    name: 'HEAD: no body',
    text: 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n',
    noBody: true,
    expected: [{ status: 200, serverTiming: undefined, keepAlive: true }],
  },
  {
    name: 'repeated Server-Timing lines are one list; header names in any case',
    text: 'HTTP/1.1 200 OK\r\nSERVER-TIMING: app;dur=2\r\nserver-timing:  db;dur=1 \r\nCONTENT-LENGTH: 0\r\n\r\n',
    expected: [{ status: 200, serverTiming: 'app;dur=2, db;dur=1', keepAlive: true }],
  },
  {
    name: '100 Continue before the response',
    text: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    expected: [{ status: 200, serverTiming: undefined, keepAlive: true }],
  },
  {
    name: 'HTTP/1.0 closes unless keep-alive; bare LF line ends',
    text: 'HTTP/1.0 200 OK\nContent-Length: 2\n\nokHTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n',
    expected: [
      { status: 200, serverTiming: undefined, keepAlive: false },
      { status: 200, serverTiming: undefined, keepAlive: true },
    ],
  },
];

describe('ResponseParser', () => {
  for (const c of CASES) {
    it(`${c.name}: same result whole, at every single split, and one byte at a time`, () => {
      const length = Buffer.byteLength(c.text, 'latin1');
      const splits: number[][] = [[], Array.from({ length: length - 1 }, (_, i) => i + 1)];
      for (let cut = 1; cut < length; cut++) splits.push([cut]);
      for (const cuts of splits) {
        const { parser, parsed } = parserWith();
        parser.expectNoBody(c.noBody ?? false);
        feedSplit(parser, c.text, cuts);
        expect(parsed, `cuts at ${cuts.join(',')}`).toEqual(c.expected);
        expect(parser.idle).toBe(true);
      }
    });
  }

  it('a body without Content-Length or chunked runs until the connection closes', () => {
    const { parser, parsed } = parserWith();
    feedSplit(parser, 'HTTP/1.1 200 OK\r\n\r\nsome body', [20]);
    expect(parsed).toEqual([]);
    expect(parser.finish()).toBe(true);
    expect(parsed).toEqual([{ status: 200, serverTiming: undefined, keepAlive: false }]);
  });

  it('a response cut short is not complete (the connection reports the close)', () => {
    const { parser, parsed } = parserWith();
    feedSplit(parser, 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', []);
    expect(parser.finish()).toBe(false);
    expect(parsed).toEqual([]);
    expect(parser.idle).toBe(false);
  });

  const MALFORMED: [string, string][] = [
    ['not HTTP', 'SSH-2.0-OpenSSH_9.2\r\n\r\n'],
    ['bad status code', 'HTTP/1.1 2x0 OK\r\n\r\n'],
    ['header line without a colon', 'HTTP/1.1 200 OK\r\nContent-Length 5\r\n\r\n'],
    ['bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\n'],
    ['conflicting Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n'],
    ['bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['chunk without CRLF after its data', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX'],
  ];
  for (const [name, text] of MALFORMED) {
    it(`malformed (${name}): HttpParseError with code ${HTTP_PARSE_CODE}`, () => {
      const { parser, parsed } = parserWith();
      let caught: unknown;
      try {
        feedSplit(parser, text, []);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(HttpParseError);
      expect((caught as HttpParseError).code).toBe(HTTP_PARSE_CODE);
      expect(parsed).toEqual([]);
    });
  }

  it('refuses a head longer than the limit', () => {
    const { parser } = parserWith();
    const huge = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`;
    expect(() => feedSplit(parser, huge, [100, 40_000])).toThrow(HttpParseError);
  });
});

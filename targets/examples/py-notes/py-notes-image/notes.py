"""py-notes: a small notes service on PostgreSQL, standard library plus psycopg2. It knows nothing of bench.

Environment: PORT (required), DATABASE_URL (required, a libpq URI), HOST (default 127.0.0.1), DB_POOL_MAX
(default 10), POOL_WAIT_MS (default 5000: how long a request waits for a free connection before a 503),
QUERY_TIMEOUT_MS (default 5000: PostgreSQL's statement_timeout).

  GET  /health      200 when the database answers SELECT 1, 503 otherwise
  GET  /notes/{id}  the note as JSON, 404 if there is none
  POST /notes       {"body": "..."} -> 201 {"id": n} once the row is committed

Bad input is a 4xx, never a 5xx; a failing or slow database is a 503.
"""

import json
import os
import re
import signal
import sys
import threading
import traceback
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import psycopg2

MAX_ID = 2**63 - 1  # bigserial: a larger id would be a database error, so it is refused as bad input first
MAX_BODY_BYTES = 64 * 1024
MAX_NOTE_CHARS = 10_000
NOTE_PATH = re.compile(r"/notes/([0-9]{1,19})")


class PoolTimeout(Exception):
    pass


class Pool:
    """At most `size` connections, opened on demand and reused newest first; a caller waits up to `wait_s`."""

    def __init__(self, dsn: str, size: int, wait_s: float, query_timeout_ms: int):
        self._dsn = dsn
        self._wait_s = wait_s
        self._options = f"-c statement_timeout={query_timeout_ms}"
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list = []
        self._lock = threading.Lock()

    @contextmanager
    def connection(self):
        if not self._slots.acquire(timeout=self._wait_s):
            raise PoolTimeout()
        conn = None
        try:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            if conn is None:
                # UTF8 whatever the database's encoding (bench's servers are SQL_ASCII, where psycopg2 would
                # otherwise encode text as ASCII and fail on the first "é").
                conn = psycopg2.connect(self._dsn, connect_timeout=5, options=self._options, client_encoding="UTF8")
                # Autocommit: each statement is its own transaction, committed by the time execute() returns, in
                # one round trip. Without it psycopg2 sends a BEGIN first and the request would need a COMMIT too.
                conn.autocommit = True
            yield conn
        except BaseException:
            # A connection that saw an error may be broken (server gone, socket cut): never hand it on.
            if conn is not None:
                conn.close()
                conn = None
            raise
        finally:
            if conn is not None:
                with self._lock:
                    self._idle.append(conn)
            self._slots.release()


class BadRequest(Exception):
    pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: HAProxy reuses its connections to the replica
    server_version = "py-notes"
    # Headers and body leave in one write on the flush after each request, and without Nagle's delay (a second
    # small write would otherwise wait for the balancer's delayed ACK, ~40 ms).
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    timeout = 120  # an idle keep-alive connection's thread goes away after this many seconds
    pool: Pool  # set in main()

    def parse_request(self):
        self.body_read = False  # per request: the handler lives as long as its connection
        return super().parse_request()

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/health":
            self._answer(self._health)
        elif path.startswith("/notes/"):
            self._answer(lambda: self._get_note(path))
        else:
            self._send(404, {"error": "not found"})

    def do_HEAD(self):
        self.do_GET()  # _send leaves the body out

    def do_POST(self):
        if urlsplit(self.path).path == "/notes":
            self._answer(self._create_note)
        else:
            self._send(404, {"error": "not found"})

    def __getattr__(self, name: str):
        # http.server answers a method it finds no do_<METHOD> for with 501; an unsupported method is the
        # client's mistake, so 405 instead.
        if name.startswith("do_"):
            return self._method_not_allowed
        raise AttributeError(name)

    def _method_not_allowed(self):
        self._send(405, {"error": "method not allowed"}, {"Allow": "GET, POST"})

    def _health(self):
        with self.pool.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
        return 200, {"status": "ok"}

    def _get_note(self, path: str):
        match = NOTE_PATH.fullmatch(path)
        note_id = int(match.group(1)) if match else 0
        if not 1 <= note_id <= MAX_ID:
            raise BadRequest(f"the id must be an integer from 1 to {MAX_ID}")
        with self.pool.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT id, body, created_at FROM notes WHERE id = %s", (note_id,))
            row = cur.fetchone()
        if row is None:
            return 404, {"error": f"no note {note_id}"}
        return 200, {"id": row[0], "body": row[1], "createdAt": row[2].isoformat()}

    def _create_note(self):
        body = self._note_body(self._read_json())
        with self.pool.connection() as conn, conn.cursor() as cur:
            cur.execute("INSERT INTO notes (body) VALUES (%s) RETURNING id", (body,))
            note_id = cur.fetchone()[0]
        return 201, {"id": note_id}

    def _read_json(self):
        length = self.headers.get("Content-Length")
        if length is None or not re.fullmatch(r"[0-9]{1,9}", length):  # more digits: over the limit anyway
            raise BadRequest(f"a JSON body with a Content-Length of at most {MAX_BODY_BYTES} bytes is required")
        if int(length) > MAX_BODY_BYTES:
            raise BadRequest(f"the body is over {MAX_BODY_BYTES} bytes")
        raw = self.rfile.read(int(length))
        self.body_read = True
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise BadRequest("the body is not JSON") from None

    @staticmethod
    def _note_body(data) -> str:
        body = data.get("body") if isinstance(data, dict) else None
        if not isinstance(body, str) or not body.strip():
            raise BadRequest('expected {"body": "<non-empty text>"}')
        if len(body) > MAX_NOTE_CHARS:
            raise BadRequest(f"body is over {MAX_NOTE_CHARS} characters")
        # PostgreSQL's text holds neither NUL nor lone surrogates (JSON can spell both): refused here, not there.
        if "\x00" in body:
            raise BadRequest("body contains a NUL character")
        try:
            body.encode("utf-8")
        except UnicodeEncodeError:
            raise BadRequest("body is not valid Unicode") from None
        return body

    def _answer(self, produce):
        try:
            status, payload = produce()
        except BadRequest as error:
            status, payload = 400, {"error": str(error)}
        except PoolTimeout:
            status, payload = 503, {"error": "no free database connection"}
        except psycopg2.Error as error:
            status, payload = 503, {"error": f"database: {type(error).__name__}"}
        except Exception:  # a bug: say so, keep serving
            traceback.print_exc()
            status, payload = 500, {"error": "internal error"}
        self._send(status, payload)

    def _send(self, status: int, payload, headers=None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        has_body = self.headers.get("Content-Length", "0") != "0" or "Transfer-Encoding" in self.headers
        if has_body and not self.body_read:
            self.send_header("Connection", "close")  # the unread body would be taken for the next request
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":  # a body after HEAD's headers would be read as the next response
            self.wfile.write(data)

    def version_string(self):
        return self.server_version  # the Server header, without Python's version

    def log_request(self, code="-", size="-"):
        pass  # a log line per request would cost about as much CPU as the request; errors are still logged


class Server(ThreadingHTTPServer):
    # socketserver's default backlog is 5: a burst of new connections from the balancer would be dropped and
    # retried a second later.
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        # A client that hangs up (the balancer closing a connection, a check's reset) is not a server error.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    port = int(os.environ["PORT"])
    host = os.environ.get("HOST", "127.0.0.1")
    Handler.pool = Pool(
        os.environ["DATABASE_URL"],
        size=int(os.environ.get("DB_POOL_MAX", "10")),
        wait_s=int(os.environ.get("POOL_WAIT_MS", "5000")) / 1000,
        query_timeout_ms=int(os.environ.get("QUERY_TIMEOUT_MS", "5000")),
    )
    # As PID 1 in a container, SIGTERM does nothing unless handled: exit at once (no state to save).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = Server((host, port), Handler)
    print(f"py-notes listening on {host}:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

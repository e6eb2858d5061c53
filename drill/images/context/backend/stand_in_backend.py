"""A stand-in for the Convex backend, for the deploy drill: NOT Convex.

The real image (ghcr.io/get-convex/convex-backend) cannot be pulled where the drill runs. This server keeps
the parts of its contract that the stack and its sidecars depend on, so what the stack emits can run:
- answers GET /version on 3210 (the healthcheck the stack emits), serves 3211, /metrics (unless
  DISABLE_METRICS_ENDPOINT=true), and echoes WebSocket messages on both ports;
- names itself and the port it answered on in every response (header Convex-Stand-In: backend:<port>);
- keeps its SQLite database at /convex/data/db.sqlite3 in the journal mode of the revision it stands in for
  (or CONVEX_STAND_IN_JOURNAL_MODE), writing to it continuously, and writes files under
  /convex/data/storage, each referenced by a row, as the real backend's local storage does;
- records on first start which storage it runs with and refuses a later start with another, as the real
  backend does;
- refuses to create a new database in a data volume that holds anything but no database (a restored
  volume whose database is missing), so that "it started" cannot be faked;
- with POSTGRES_URL, keeps its rows in that PostgreSQL database instead (named after INSTANCE_NAME).

Markers a test or the drill writes and reads: POST /stand-in/markers/<name>, GET /stand-in/markers/<name>
(200 or 404). Files: GET /stand-in/files (JSON), GET /stand-in/files/<path>. State: GET /stand-in/status.
"""

import base64
import hashlib
import json
import os
import re
import secrets
import signal
import sqlite3
import struct
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DATA_DIR = "/convex/data"
DATABASE = f"{DATA_DIR}/db.sqlite3"
STORAGE_DIR = f"{DATA_DIR}/storage"
PORTS = (3210, 3211)
with open("/convex-stand-in/stand-in.json", encoding="utf8") as config_file:
    CONFIG = json.load(config_file)
REVISION = CONFIG["revision"]
MARKER_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
# rusqlite's default busy timeout, which the real backend's single connection keeps.
BUSY_TIMEOUT_SECONDS = 5.0
WRITE_EVERY_SECONDS = 0.2
FILE_EVERY_WRITES = 25


def say(line):
    print(f"[stand-in backend {REVISION[:12]}, not Convex] {line}", flush=True)


def refuse(line):
    say(f"refusing to start: {line}")
    sys.exit(1)


def storage_kind():
    """What upstream's run_backend.sh decides at the pinned revision: S3 only with all eight variables."""
    names = (
        "AWS_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "S3_STORAGE_EXPORTS_BUCKET",
        "S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET",
        "S3_STORAGE_MODULES_BUCKET",
        "S3_STORAGE_FILES_BUCKET",
        "S3_STORAGE_SEARCH_BUCKET",
    )
    missing = [name for name in names if not os.environ.get(name)]
    if not missing:
        return "S3"
    if len(missing) < len(names):
        say(f"some S3 variables are missing ({', '.join(missing)}): local storage, as upstream falls back")
    return f'Local {{ dir: "{STORAGE_DIR}" }}'


class SqliteStore:
    """One connection behind a lock, as the real backend's SqlitePersistence (crates/sqlite/src/lib.rs)."""

    def __init__(self, journal_mode):
        existing = sorted(os.listdir(DATA_DIR))
        if not os.path.exists(DATABASE) and existing:
            refuse(
                f"{DATA_DIR} holds {', '.join(existing)} but no db.sqlite3: a data volume that holds anything "
                "should hold its database (was a restore incomplete?); the stand-in creates a new database "
                "only in an empty volume"
            )
        self.created = not existing
        self.lock = threading.Lock()
        self.connection = sqlite3.connect(
            DATABASE, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        # The real backend sets no journal mode (SQLite's rollback journal); WAL, once set, stays with the file.
        if journal_mode == "wal":
            self.connection.execute("PRAGMA journal_mode=WAL")
        self.journal_mode = self.connection.execute("PRAGMA journal_mode").fetchone()[0]
        self.connection.executescript(
            """
            CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, ts REAL NOT NULL, json_value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS stand_in_globals (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS stand_in_markers (name TEXT PRIMARY KEY, written_at REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS stand_in_files (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL);
            """
        )

    def execute(self, sql, parameters=()):
        with self.lock:
            return self.connection.execute(sql, parameters).fetchall()

    def transaction(self, statements):
        with self.lock:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                for sql, parameters in statements:
                    self.connection.execute(sql, parameters)
                self.connection.execute("COMMIT")
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise

    def close(self):
        with self.lock:
            self.connection.close()


class PostgresStore:
    """The rows in PostgreSQL, in the database upstream names after INSTANCE_NAME (crates/clusters)."""

    def __init__(self, url):
        import psycopg2  # only with POSTGRES_URL

        database = os.environ.get("INSTANCE_NAME", "convex-self-hosted").replace("-", "_")
        ssl = {} if os.environ.get("DO_NOT_REQUIRE_SSL") else {"sslmode": "require"}
        self.lock = threading.Lock()
        self.connection = psycopg2.connect(url, dbname=database, **ssl)
        self.connection.autocommit = True
        self.journal_mode = "postgres"
        self.created = False
        with self.connection.cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS stand_in_globals (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            cursor.execute("CREATE TABLE IF NOT EXISTS stand_in_markers (name TEXT PRIMARY KEY, written_at DOUBLE PRECISION NOT NULL)")
            cursor.execute("CREATE TABLE IF NOT EXISTS stand_in_files (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, bytes BIGINT NOT NULL)")
            cursor.execute("CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, ts DOUBLE PRECISION NOT NULL, json_value TEXT NOT NULL)")

    @staticmethod
    def _sql(sql):
        return sql.replace("?", "%s")

    def execute(self, sql, parameters=()):
        with self.lock, self.connection.cursor() as cursor:
            cursor.execute(self._sql(sql), parameters)
            return cursor.fetchall() if cursor.description else []

    def transaction(self, statements):
        with self.lock:
            self.connection.autocommit = False
            try:
                with self.connection.cursor() as cursor:
                    for sql, parameters in statements:
                        cursor.execute(self._sql(sql), parameters)
                self.connection.commit()
            except BaseException:
                self.connection.rollback()
                raise
            finally:
                self.connection.autocommit = True

    def close(self):
        with self.lock:
            self.connection.close()


def open_store():
    if os.environ.get("MYSQL_URL"):
        refuse("MYSQL_URL is set: the stand-in speaks SQLite and PostgreSQL only")
    url = os.environ.get("POSTGRES_URL") or os.environ.get("DATABASE_URL")
    if url:
        return PostgresStore(url)
    mode = os.environ.get("CONVEX_STAND_IN_JOURNAL_MODE") or CONFIG["journalMode"]
    if mode not in ("delete", "wal"):
        refuse(f'CONVEX_STAND_IN_JOURNAL_MODE is "{mode}": give delete or wal')
    return SqliteStore(mode)


def prepare_data_dir():
    """What upstream's run_backend.sh and read_credentials.sh do before the backend starts."""
    credentials = f"{DATA_DIR}/credentials"
    for folder in (f"{DATA_DIR}/tmp", STORAGE_DIR, credentials):
        os.makedirs(folder, exist_ok=True)

    def remembered(name, fallback):
        path = f"{credentials}/{name}"
        value = os.environ.get(name.upper())
        if not value and os.path.exists(path):
            with open(path, encoding="utf8") as file:
                value = file.read().strip()
        value = value or fallback()
        with open(path, "w", encoding="utf8") as file:
            file.write(value + "\n")
        return value

    remembered("instance_secret", lambda: secrets.token_hex(32))
    return remembered("instance_name", lambda: "convex-self-hosted")


def check_storage(store):
    kind = storage_kind()
    row = store.execute("SELECT value FROM stand_in_globals WHERE key = ?", ("storage",))
    if not row:
        store.execute("INSERT INTO stand_in_globals (key, value) VALUES (?, ?)", ("storage", kind))
    elif row[0][0] != kind:
        refuse(f"Database was initialized with {row[0][0]}, but backend started up with {kind}.")
    return kind


class Writer(threading.Thread):
    """Writes a document every 0.2 s, and every 25th write a file under storage/ that a row refers to."""

    def __init__(self, store, local_files):
        super().__init__(daemon=True)
        self.store = store
        self.local_files = local_files
        self.stopping = threading.Event()
        self.writes = 0
        self.last_error = None

    def run(self):
        while not self.stopping.wait(WRITE_EVERY_SECONDS):
            try:
                self.write_once()
                self.last_error = None
            except Exception as error:  # a busy database is retried at the next write, as a backend would
                if str(error) != self.last_error:
                    say(f"write failed, retrying: {error}")
                self.last_error = str(error)

    def write_once(self):
        self.writes += 1
        document = str(uuid.uuid4())
        statements = [
            (
                "INSERT INTO documents (id, ts, json_value) VALUES (?, ?, ?)",
                (document, time.time(), json.dumps({"n": self.writes})),
            )
        ]
        if self.local_files and self.writes % FILE_EVERY_WRITES == 1:
            path, digest, size = write_storage_file()
            statements.append(("INSERT INTO stand_in_files (path, sha256, bytes) VALUES (?, ?, ?)", (path, digest, size)))
        self.store.transaction(statements)


def write_storage_file():
    """A file written once, by appending, under a fresh UUID, as the real backend's local storage writes."""
    name = str(uuid.uuid4())
    path = f"files/{name[:2]}/{name}"
    content = secrets.token_bytes(2048 + secrets.randbelow(8192))
    os.makedirs(os.path.dirname(f"{STORAGE_DIR}/{path}"), exist_ok=True)
    with open(f"{STORAGE_DIR}/{path}", "ab") as file:
        file.write(content[:1024])
        file.flush()
        file.write(content[1024:])
        file.flush()
        os.fsync(file.fileno())
    return path, hashlib.sha256(content).hexdigest(), len(content)


class Handler(BaseHTTPRequestHandler):
    server_version = "convex-backend-stand-in"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # the drill reads the container's log: only what matters goes there
        pass

    def reply(self, status, body, content_type="text/plain; charset=utf-8"):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Convex-Stand-In", f"backend:{self.server.server_port}")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def reply_json(self, status, value):
        self.reply(status, json.dumps(value, indent=1) + "\n", "application/json")

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        if self.headers.get("Upgrade", "").lower() == "websocket":
            return self.websocket_echo()
        path = self.path.split("?", 1)[0]
        if path == "/version":
            return self.reply(200, f"stand-in for convex-backend {REVISION} (not Convex)\n")
        if path == "/metrics":
            if os.environ.get("DISABLE_METRICS_ENDPOINT") == "true":
                return self.reply(404, "metrics disabled\n")
            documents = APP.store.execute("SELECT count(*) FROM documents")[0][0]
            return self.reply(200, f"# stand-in metrics, not Convex's\nconvex_stand_in_documents {documents}\n")
        if path == "/stand-in/status":
            return self.reply_json(200, APP.status())
        if path.startswith("/stand-in/markers/"):
            name = path[len("/stand-in/markers/") :]
            rows = APP.store.execute("SELECT written_at FROM stand_in_markers WHERE name = ?", (name,))
            return self.reply_json(200, {"name": name, "writtenAt": rows[0][0]}) if rows else self.reply(404, "no such marker\n")
        if path == "/stand-in/files":
            rows = APP.store.execute("SELECT path, sha256, bytes FROM stand_in_files ORDER BY path")
            return self.reply_json(200, [{"path": p, "sha256": s, "bytes": b} for p, s, b in rows])
        if path.startswith("/stand-in/files/"):
            return self.serve_file(path[len("/stand-in/files/") :])
        return self.reply(200 if path == "/" else 404, "convex-backend stand-in\n")

    def do_POST(self):
        path = self.path.split("?", 1)[0]
        if path.startswith("/stand-in/markers/"):
            name = path[len("/stand-in/markers/") :]
            if not MARKER_NAME.match(name):
                return self.reply(400, "a marker name is 1 to 100 of A-Z a-z 0-9 . _ -\n")
            if APP.store.execute("SELECT 1 FROM stand_in_markers WHERE name = ?", (name,)):
                return self.reply(409, "this marker exists already\n")
            APP.store.transaction([("INSERT INTO stand_in_markers (name, written_at) VALUES (?, ?)", (name, time.time()))])
            return self.reply_json(201, {"name": name})
        return self.reply(404, "not found\n")

    def serve_file(self, relative):
        rows = APP.store.execute("SELECT sha256 FROM stand_in_files WHERE path = ?", (relative,))
        if not rows:
            return self.reply(404, "no row refers to this file\n")
        try:
            with open(f"{STORAGE_DIR}/{relative}", "rb") as file:
                content = file.read()
        except FileNotFoundError:
            return self.reply(410, "a row refers to this file, but it is not in storage/\n")
        if hashlib.sha256(content).hexdigest() != rows[0][0]:
            return self.reply(409, "the file in storage/ differs from what its row recorded\n")
        return self.reply(200, content, "application/octet-stream")

    def websocket_echo(self):
        key = self.headers.get("Sec-WebSocket-Key", "")
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept.decode())
        self.send_header("Convex-Stand-In", f"backend:{self.server.server_port}")
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        while True:
            header = self.rfile.read(2)
            if len(header) < 2:
                return
            opcode, length = header[0] & 0x0F, header[1] & 0x7F
            if length == 126:
                length = struct.unpack(">H", self.rfile.read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self.rfile.read(8))[0]
            mask = self.rfile.read(4) if header[1] & 0x80 else b"\0\0\0\0"
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
            if opcode == 0x8:  # close: answer it and end
                self.send_frame(0x8, payload[:2])
                return
            self.send_frame(0xA if opcode == 0x9 else opcode, payload)

    def send_frame(self, opcode, payload):
        size = len(payload)
        if size < 126:
            header = struct.pack(">BB", 0x80 | opcode, size)
        elif size < 65536:
            header = struct.pack(">BBH", 0x80 | opcode, 126, size)
        else:
            header = struct.pack(">BBQ", 0x80 | opcode, 127, size)
        self.wfile.write(header + payload)
        self.wfile.flush()


class App:
    def __init__(self):
        self.store = open_store()
        instance = prepare_data_dir()
        self.storage = check_storage(self.store)
        self.writer = Writer(self.store, self.storage.startswith("Local"))
        self.servers = [ThreadingHTTPServer(("0.0.0.0", port), Handler) for port in PORTS]
        say(
            f"instance {instance}, {'new' if self.store.created else 'existing'} database in journal mode "
            f"{self.store.journal_mode}, storage {self.storage}, listening on {', '.join(map(str, PORTS))}"
        )

    def status(self):
        return {
            "standIn": True,
            "revision": REVISION,
            "journalMode": self.store.journal_mode,
            "storage": self.storage,
            "createdDatabase": self.store.created,
            "writes": self.writer.writes,
            "lastWriteError": self.writer.last_error,
        }

    def serve(self):
        self.writer.start()
        for server in self.servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        stopped = threading.Event()
        # The stack stops the backend with SIGINT (upstream's stop_signal); PID 1 must handle it itself.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopped.set())
        stopped.wait()
        say("stopping: closing the database cleanly")
        self.writer.stopping.set()
        self.writer.join()
        for server in self.servers:
            server.shutdown()
        self.store.close()


APP = App()
APP.serve()

"""What the load and fault runs share: the data set, a gunicorn to run, an SMTP sink that keeps
the messages it receives, the machine's description, and the section of docs/reliability.md each
run rewrites."""

from __future__ import annotations

import os
import platform
import re
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reliability.md"
INSTANCE = ROOT / "instance"
SQLITE_URL = f"sqlite:///{INSTANCE / 'load.sqlite3'}"
POSTGRES_URL = os.environ.get("LOAD_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/movewell_load")
SECRET = "reliability-runs-only"
BIN = Path(sys.executable).parent


def machine() -> str:
    cpu = platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    kib = int(Path("/proc/meminfo").read_text().split()[1])
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} × {cpu}, {kib / 1024 / 1024:.0f} GiB RAM, "
        f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}; "
        f"load average before the run {load} (the machine is shared)"
    )


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "?"


def write_section(name: str, body: str) -> None:
    """Replace the section between ``<!-- name -->`` and ``<!-- /name -->`` in docs/reliability.md."""
    text = DOC.read_text() if DOC.exists() else "# Reliability\n"
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text)


def ensure_postgres_database(url: str) -> None:
    target = sa.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
            conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def prepare(url: str, practitioners: int, reviews: int) -> None:
    """Migrate ``url`` and seed the demo data set when it does not hold exactly that many rows."""
    from flask_migrate import upgrade

    from directory import create_app
    from directory.demo.seed import seed_demo
    from directory.extensions import db
    from directory.geo.extract import load_places, places_loaded
    from directory.practitioners.models import Practitioner
    from directory.reviews.models import Review

    if url.startswith("postgresql"):
        ensure_postgres_database(url)
    INSTANCE.mkdir(exist_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
    with app.app_context():
        upgrade()
        if not places_loaded(db.session):
            load_places(db.session)
            db.session.commit()
        have = db.session.scalar(sa.select(sa.func.count(Practitioner.id)))
        have_reviews = db.session.scalar(sa.select(sa.func.count(Review.id)).where(Review.is_demo.is_(True)))
        if have != practitioners or have_reviews != reviews:
            if have:
                print(f"  {url.split('@')[-1]}: emptying {have:,} practitioners to seed again", flush=True)
                db.session.remove()
                for table in reversed(db.metadata.sorted_tables):
                    if table.name not in (
                        "alembic_version",
                        "places",
                        "professions",
                        "specialties",
                        "specialty_professions",
                        "payers",
                    ):
                        db.session.execute(table.delete())
                db.session.commit()
            started = time.perf_counter()
            print(
                f"  seeding {practitioners:,} practitioners and {reviews:,} reviews into {url.split('@')[-1]}…",
                flush=True,
            )
            seed_demo(db.session, practitioners=practitioners, reviews=reviews, seed=1)
            db.session.commit()
            print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)
        if url.startswith("sqlite"):
            # Seeding leaves hundreds of MB in the write-ahead log; the first write of the run would
            # otherwise pay for copying it back while the clock runs.
            db.session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.remove()
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


class Gunicorn:
    """``gunicorn wsgi:app`` in a process group of its own, stopped (or killed) by this object."""

    def __init__(self, env: dict, workers: int = 4, port: int | None = None, log: Path | None = None) -> None:
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(log or os.devnull, "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=os.environ | {"SECRET_KEY": SECRET} | env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self.base + "/healthz")

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class MailSink:
    """A minimal SMTP server on 127.0.0.1 that keeps every message's plain-text body by recipient.
    ``refuse()`` closes the port (connections are refused), ``accept()`` opens it again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: dict[str, list[str]] = {}
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        self.server = None
        self.accept()

    def accept(self) -> None:
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 sink ready\r\n")
                recipients, data = [], None
                while line := self.rfile.readline():
                    command = line.strip().upper()
                    if data is not None:
                        if line in (b".\r\n", b".\n"):
                            sink.keep(recipients, b"".join(data))
                            recipients, data = [], None
                            self.wfile.write(b"250 kept\r\n")
                        else:
                            data.append(line[1:] if line.startswith(b"..") else line)
                    elif command.startswith(b"RCPT TO:"):
                        recipients.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                        self.wfile.write(b"250 ok\r\n")
                    elif command == b"DATA":
                        data = []
                        self.wfile.write(b"354 go on\r\n")
                    elif command == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    elif command.startswith(b"EHLO"):
                        self.wfile.write(b"250 sink\r\n")
                    else:
                        self.wfile.write(b"250 ok\r\n")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def refuse(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def keep(self, recipients: list[str], raw: bytes) -> None:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        body = message.get_body(preferencelist=("plain",)).get_content()
        with self.arrived:
            for address in recipients:
                self.messages.setdefault(address, []).append(body)
            self.arrived.notify_all()

    def wait(self, address: str, count: int = 1, seconds: float = 30) -> list[str]:
        deadline = time.monotonic() + seconds
        with self.arrived:
            while len(self.messages.get(address, [])) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return self.messages.get(address, [])
                self.arrived.wait(left)
            return list(self.messages[address])

    def env(self) -> dict:
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(self.port), "MAIL_USE_TLS": "0"}


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")

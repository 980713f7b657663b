"""`make faults`: each fault the site must survive, caused on purpose, with its outcome recorded in
docs/reliability.md.

1. kill -9 of the importer half way: nothing half-imported; a rerun converges; integrity_check ok.
2. kill -9 of a gunicorn worker with review confirmations in flight: each review wholly confirmed or
   not at all; the aggregates recount without a difference; the rest can be confirmed afterwards.
3. PostgreSQL stopped while serving (a private cluster started for the run, so nobody else's
   database stops): a friendly 503 with Retry-After, /healthz unhealthy, recovery without a restart.
4. SQLite locked past the busy timeout: 503 with Retry-After, not 500; reads go on; writes resume.
5. The mail server refusing connections: the state change stands; the mail can be asked for again.

    python -m reliability.faults [--only 1,2,3,4,5]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests
import sqlalchemy as sa

from reliability.common import (
    BIN,
    INSTANCE,
    ROOT,
    SECRET,
    Gunicorn,
    MailSink,
    commit,
    free_port,
    machine,
    prepare,
    stamp,
    write_section,
)

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
PG_BIN = (
    Path("/usr/lib/postgresql")
    / (sorted(os.listdir("/usr/lib/postgresql"))[-1] if Path("/usr/lib/postgresql").exists() else "15")
    / "bin"
)


class Browser(requests.Session):
    def __init__(self, base: str, address: str = "198.18.0.1") -> None:
        super().__init__()
        self.base = base
        self.headers["X-Forwarded-For"] = address

    def request(self, method, url, *args, **kwargs):
        kwargs["allow_redirects"] = False
        kwargs.setdefault("timeout", 60)
        return super().request(method, self.base + url if url.startswith("/") else url, *args, **kwargs)

    def submit(self, path: str, data: dict, page: str | None = None) -> requests.Response:
        match = CSRF.search(self.get(page or path).text)
        token = (match.group(1) or match.group(2)) if match else ""
        return self.post(path, data={"csrf_token": token} | data)


def review_form(email: str, n: int) -> dict:
    return {
        "rating": str(n % 5 + 1),
        "title": "Visit",
        "body": f"Review {n}: the appointment started on time and the fees were explained first ({email}).",
        "display_name": "Fault T.",
        "email": email,
        "visit_month": "2026-03",
        "consent": "y",
    }


def manage_link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/reviews/manage/\S+)", body).group(1)


def flask(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=os.environ | {"SECRET_KEY": SECRET} | env,
        capture_output=True,
        text=True,
        **kwargs,
    )


def aggregate_differences(url: str) -> int:
    result = flask({"DATABASE_URL": url}, "reviews", "verify-aggregates")
    return 0 if result.returncode == 0 else len([line for line in result.stdout.splitlines() if "stored" in line])


class Outcome:
    def __init__(self, title: str) -> None:
        self.title, self.lines, self.ok = title, [], True

    def check(self, condition: bool, text: str) -> None:
        self.lines.append(f"- {'✅' if condition else '❌'} {text}")
        self.ok &= bool(condition)
        print(f"  {'ok ' if condition else 'BAD'} {text}", flush=True)

    def note(self, text: str) -> None:
        self.lines.append(f"- {text}")
        print(f"  {text}", flush=True)

    def markdown(self) -> str:
        return f"### {self.title}\n\n" + "\n".join(self.lines) + "\n"


# --- 1. the importer killed half way -------------------------------------------------------------


def importer_killed(work: Path) -> Outcome:
    out = Outcome("1. kill -9 of the importer half way (SQLite)")
    rows = 10_000
    path = work / "practitioners.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["name", "profession", "practice_name", "address", "suburb", "state", "postcode", "slug", "lat", "lng"]
        )
        for n in range(rows):
            writer.writerow(
                [
                    f"Person {n}",
                    "physiotherapist",
                    f"Practice {n // 3}",
                    f"{n // 3} Main St",
                    "Fitzroy",
                    "VIC",
                    "3065",
                    f"fault-import-{n}",
                    f"{-37.8 + n % 100 / 1000:.4f}",
                    "144.98",
                ]
            )
    url = f"sqlite:///{work / 'import.sqlite3'}"
    env = {"DATABASE_URL": url}
    flask(env, "db", "upgrade", check=True)
    # A first, complete import into a copy tells how long the whole takes.
    shutil.copy(work / "import.sqlite3", work / "timing.sqlite3")
    started = time.monotonic()
    flask({"DATABASE_URL": f"sqlite:///{work / 'timing.sqlite3'}"}, "import-practitioners", str(path), check=True)
    whole = time.monotonic() - started
    process = subprocess.Popen(
        [str(BIN / "flask"), "--app", "wsgi", "import-practitioners", str(path)],
        cwd=ROOT,
        env=os.environ | {"SECRET_KEY": SECRET} | env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(whole / 2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    out.note(
        f"{rows:,} rows; a whole import takes {whole:.1f} s; the importer was killed (SIGKILL) after {whole / 2:.1f} s"
    )
    with sqlite3.connect(work / "import.sqlite3") as conn:
        count = conn.execute("SELECT count(*) FROM practitioners").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    out.check(
        count == 0, f"nothing half-imported: {count} practitioners after the kill (the import is one transaction)"
    )
    out.check(integrity == "ok", f"PRAGMA integrity_check: {integrity}")
    again = flask(env, "import-practitioners", str(path))
    with sqlite3.connect(work / "import.sqlite3") as conn:
        count = conn.execute("SELECT count(*) FROM practitioners").fetchone()[0]
    out.check(again.returncode == 0 and count == rows, f"a rerun converges: {count:,} practitioners")
    third = flask(env, "import-practitioners", str(path))
    out.check(
        f"{rows:,} unchanged" in third.stdout,
        "a third run changes nothing: " + third.stdout.strip().splitlines()[-1][:160],
    )
    return out


# --- 2. a worker killed with confirmations in flight ------------------------------------------------


def worker_killed(label: str, url: str) -> Outcome:
    out = Outcome(f"2. kill -9 of a gunicorn worker with review confirmations in flight ({label})")
    sink = MailSink()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        slugs = list(conn.scalars(sa.text("SELECT slug FROM practitioners ORDER BY id LIMIT 400")))
    count = 120
    prefix = f"fault-worker-{label.lower()}{time.time_ns() % 10**8}"  # this run's reviews only
    env = {"DATABASE_URL": url, "PROXY_COUNT": "1", **sink.env()}
    with Gunicorn(env, workers=4) as server:
        links = []
        for n in range(count):
            email = f"{prefix}-{n}-x@example.net"
            browser = Browser(server.base, f"198.18.{n // 200}.{n % 200 + 1}")
            response = browser.submit(f"/practitioners/{slugs[n % len(slugs)]}/reviews/new", review_form(email, n))
            if response.status_code == 302:
                links.append((email, manage_link(sink.wait(email)[0])))
        out.note(f"{len(links)} reviews submitted; their {len(links)} confirmations sent at once from 24 threads")
        answers: dict[str, int | str] = {}

        def confirm(email: str, link: str) -> None:
            n = int(email.split("-")[3])  # each reviewer confirms from an address of their own
            browser = Browser(server.base, f"198.19.{n // 200}.{n % 200 + 1}")
            try:
                match = CSRF.search(browser.get(link).text)
                response = browser.post(link + "/confirm", data={"csrf_token": match.group(1) or match.group(2)})
                answers[email] = response.status_code
            except (requests.RequestException, AttributeError) as error:
                answers[email] = type(error).__name__

        threads = [threading.Thread(target=confirm, args=pair) for pair in links]
        chunks = [threads[i::24] for i in range(24)]

        def run_chunk(chunk):
            for thread in chunk:
                thread.start()
                thread.join()

        runners = [threading.Thread(target=run_chunk, args=(c,)) for c in chunks]
        for runner in runners:
            runner.start()
        while len(answers) < len(links) // 3:
            time.sleep(0.01)
        victim = server.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        out.note(f"worker {victim} killed (SIGKILL) after {len(answers)} of {len(links)} confirmations had answered")
        for runner in runners:
            runner.join()
        statuses = {}
        for value in answers.values():
            statuses[value] = statuses.get(value, 0) + 1
        out.note("answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT email, status, confirmed_at, published_at FROM reviews WHERE email LIKE :p"),
                {"p": f"{prefix}-%"},
            ).all()
        by_email = {r.email: r for r in rows}
        whole = all(
            (r.status == "unconfirmed" and r.confirmed_at is None and r.published_at is None)
            or (r.status == "published" and r.confirmed_at is not None and r.published_at is not None)
            or (r.status == "held" and r.confirmed_at is not None)
            for r in rows
        )
        out.check(
            len(rows) == len(links), f"every submitted review is there once: {len(rows)} rows for {len(links)} reviews"
        )
        out.check(whole, "each review wholly confirmed (status and timestamps) or wholly unconfirmed")
        out.check(
            all(by_email[e].status in ("published", "held") for e, s in answers.items() if s == 302),
            "every confirmation answered 302 is confirmed in the database",
        )
        out.check(aggregate_differences(url) == 0, "rating aggregates recount without a difference")
        # The reviewers whose confirmation was lost press the button again.
        unconfirmed = [(e, link) for e, link in links if by_email[e].status == "unconfirmed"]
        for email, link in unconfirmed:
            confirm(email, link)
        with engine.connect() as conn:
            left = conn.scalar(
                sa.text("SELECT count(*) FROM reviews WHERE email LIKE :p AND status = 'unconfirmed'"),
                {"p": f"{prefix}-%"},
            )
        out.check(left == 0, f"the {len(unconfirmed)} left unconfirmed were confirmed by pressing the button again")
        out.check(aggregate_differences(url) == 0, "rating aggregates still recount without a difference")
    engine.dispose()
    sink.refuse()
    return out


# --- 3. PostgreSQL stopped while serving ---------------------------------------------------------------


def postgres_stopped(work: Path) -> Outcome:
    out = Outcome("3. PostgreSQL stopped while serving (a private cluster, pg_ctl stop -m fast)")
    data = work / "pgdata"
    data.mkdir()
    shutil.chown(data, "postgres")
    shutil.chown(work, "postgres")
    port = free_port()

    def as_postgres(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, check=True)

    as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres")
    ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", f"-p {port} -k {work} -c listen_addresses=127.0.0.1", "-w"]
    as_postgres(*ctl, "-l", str(work / "pg.log"), "start")
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    try:
        prepare(url, 300, 900)
        with Gunicorn({"DATABASE_URL": url}, workers=2) as server:
            browser = Browser(server.base)
            out.check(browser.get("/search?near=2000").status_code == 200, "serving: /search answers 200")
            as_postgres(*ctl, "-m", "fast", "stop")
            out.note("PostgreSQL stopped")
            search = browser.get("/search?near=2000")
            health = browser.get("/healthz")
            api = browser.get("/api/v1/practitioners?near=2000")
            out.check(
                search.status_code == 503 and search.headers.get("Retry-After") and "Back soon" in search.text,
                f"a page: {search.status_code}, Retry-After {search.headers.get('Retry-After')}, the friendly page",
            )
            out.check(
                api.status_code == 503 and api.json()["error"]["code"] == "database_unavailable",
                f"the API: {api.status_code} {api.json()['error']['code'] if api.status_code == 503 else ''}",
            )
            out.check(
                health.status_code == 503 and health.json()["status"] == "error",
                f"/healthz: {health.status_code} {health.text.strip()}",
            )
            as_postgres(*ctl, "-l", str(work / "pg.log"), "start")
            started = time.monotonic()
            while time.monotonic() - started < 30 and browser.get("/healthz").status_code != 200:
                time.sleep(0.2)
            recovered = [browser.get("/search?near=2000").status_code for _ in range(8)]
            out.check(
                all(s == 200 for s in recovered),
                f"PostgreSQL started again: healthy after {time.monotonic() - started:.1f} s, the same workers answer "
                f"200 ({len(recovered)} of {len(recovered)} requests), no restart",
            )
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", *ctl, "-m", "immediate", "stop"], capture_output=True)
    return out


# --- 4. SQLite locked past the busy timeout ---------------------------------------------------------------


def sqlite_locked(url: str, path: Path) -> Outcome:
    out = Outcome("4. SQLite locked past the busy timeout (5 s)")
    with Gunicorn({"DATABASE_URL": url, "PROXY_COUNT": "1"}, workers=2) as server:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            slug = conn.scalar(sa.text("SELECT slug FROM practitioners ORDER BY id LIMIT 1"))
        engine.dispose()
        browser = Browser(server.base, "198.18.9.9")
        form = review_form(f"fault-lock-{time.time_ns()}@example.net", 1)
        match = CSRF.search(browser.get(f"/practitioners/{slug}/reviews/new").text)
        locker = sqlite3.connect(path, timeout=1)
        locker.execute("BEGIN EXCLUSIVE")
        out.note("another process holds an exclusive lock (BEGIN EXCLUSIVE) for 9 s")
        started = time.monotonic()
        response = browser.post(
            f"/practitioners/{slug}/reviews/new", data={"csrf_token": match.group(1) or match.group(2)} | form
        )
        waited = time.monotonic() - started
        read = browser.get(f"/practitioners/{slug}")
        out.check(
            response.status_code == 503 and response.headers.get("Retry-After") and "Back soon" in response.text,
            f"a review submitted meanwhile: {response.status_code} after {waited:.1f} s, Retry-After "
            f"{response.headers.get('Retry-After')}, the friendly page (not a 500)",
        )
        out.check(read.status_code == 200, f"reading a listing meanwhile (WAL): {read.status_code}")
        time.sleep(max(0, 9 - (time.monotonic() - started)))
        locker.rollback()
        locker.close()
        again = browser.submit(f"/practitioners/{slug}/reviews/new", form)
        out.check(again.status_code == 302, f"the lock released, the same review is accepted: {again.status_code}")
    return out


# --- 5. the mail server refusing connections ---------------------------------------------------------------


def mail_refused(url: str) -> Outcome:
    out = Outcome("5. The mail server refusing connections")
    sink = MailSink()
    with Gunicorn({"DATABASE_URL": url, "PROXY_COUNT": "1", **sink.env()}, workers=2) as server:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            slug = conn.scalar(sa.text("SELECT slug FROM practitioners ORDER BY id LIMIT 1 OFFSET 5"))
        sink.refuse()
        out.note("the SMTP port is closed: connections are refused")
        email = f"fault-mail-{time.time_ns()}@example.net"
        browser = Browser(server.base, "198.18.7.7")
        password = "violet harbour kettle drum"
        registered = browser.submit("/account/register", {"email": email, "password": password, "confirm": password})
        with engine.connect() as conn:
            user = conn.execute(
                sa.text("SELECT id, email_confirmed_at FROM users WHERE email = :e"), {"e": email}
            ).first()
        out.check(
            registered.status_code == 302 and user is not None,
            f"registering: {registered.status_code}; the account is stored",
        )
        review_email = f"fault-mail-review-{time.time_ns()}@example.net"
        submitted = Browser(server.base, "198.18.7.8").submit(
            f"/practitioners/{slug}/reviews/new", review_form(review_email, 3)
        )
        with engine.connect() as conn:
            stored = conn.scalar(sa.text("SELECT count(*) FROM reviews WHERE email = :e"), {"e": review_email})
        out.check(
            submitted.status_code == 503 and "could not send" in submitted.text and stored == 1,
            f"a review: {submitted.status_code} with “could not send the e-mail” on the form; "
            f"the review is stored ({stored})",
        )
        sink.accept()
        out.note("the SMTP port is open again")
        resend = Browser(server.base, "198.18.7.9").submit("/account/confirm/resend", {"email": email})
        mails = sink.wait(email)
        link = re.search(r"https?://[^/\s]+(/account/confirm/\S+)", mails[0]).group(1) if mails else None
        confirmed = Browser(server.base).submit(link, {}) if link else None
        with engine.connect() as conn:
            when = conn.scalar(sa.text("SELECT email_confirmed_at FROM users WHERE email = :e"), {"e": email})
        out.check(
            resend.status_code == 302 and confirmed is not None and confirmed.status_code == 302 and when is not None,
            "a new confirmation link asked for: it arrives, and the account is confirmed with it",
        )
        again = Browser(server.base, "198.18.7.10").submit(
            f"/practitioners/{slug}/reviews/new", review_form(review_email, 3)
        )
        mails = sink.wait(review_email)
        if mails:
            browser = Browser(server.base)
            link = manage_link(mails[0])
            match = CSRF.search(browser.get(link).text)
            browser.post(link + "/confirm", data={"csrf_token": match.group(1) or match.group(2)})
        with engine.connect() as conn:
            statuses = sorted(conn.scalars(sa.text("SELECT status FROM reviews WHERE email = :e"), {"e": review_email}))
        out.check(
            again.status_code == 302 and sum(s in ("published", "held") for s in statuses) == 1,
            f"the review sent again: its link arrives; once confirmed the reviews of that address are {statuses}",
        )
        engine.dispose()
    sink.refuse()
    out.check(aggregate_differences(url) == 0, "rating aggregates recount without a difference")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="1,2,3,4,5")
    args = parser.parse_args()
    chosen = set(args.only.split(","))
    outcomes: list[Outcome] = []
    INSTANCE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="movewell-faults-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o755)
        small = work / "faults.sqlite3"
        small_url = f"sqlite:///{small}"
        pg_url = os.environ.get("FAULTS_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/movewell_faults")
        if chosen & {"2", "4", "5"}:
            prepare(small_url, 2000, 6000)
        if "1" in chosen:
            print("faults: 1. the importer killed half way", flush=True)
            outcomes.append(importer_killed(work))
        if "2" in chosen:
            print("faults: 2. a worker killed with confirmations in flight", flush=True)
            outcomes.append(worker_killed("SQLite", small_url))
            prepare(pg_url, 2000, 6000)
            outcomes.append(worker_killed("PostgreSQL", pg_url))
        if "3" in chosen:
            print("faults: 3. PostgreSQL stopped while serving", flush=True)
            pg_work = work / "pg"
            pg_work.mkdir()
            outcomes.append(postgres_stopped(pg_work))
        if "4" in chosen:
            print("faults: 4. SQLite locked past the busy timeout", flush=True)
            outcomes.append(sqlite_locked(small_url, small))
        if "5" in chosen:
            print("faults: 5. the mail server refusing connections", flush=True)
            outcomes.append(mail_refused(small_url))
    header = f"- When: {stamp()}, commit `{commit()}`\n- Machine: {machine()}\n"
    write_section("faults", "## Faults (`make faults`)\n\n" + header + "\n" + "\n".join(o.markdown() for o in outcomes))
    if not all(o.ok for o in outcomes):
        raise SystemExit("faults: some fault did not behave as stated (see above)")


if __name__ == "__main__":
    main()

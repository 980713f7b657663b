"""The development outbox: each message appears whole or not at all, so whoever reads the folder
while mail is being written (a person, a test, a tool) never reads half a message. A test of the
security suite once read an empty file there (mail is sent after the response)."""

from __future__ import annotations

import email
import threading
from pathlib import Path

from directory.mail import send_mail


def test_a_reader_of_the_outbox_never_sees_a_partial_message(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    body = "Line of a long message.\n" * 4000 + "THE END\n"
    seen: dict[Path, bytes] = {}
    done = threading.Event()

    def read_while_written() -> None:
        while not done.is_set():
            for path in tmp_path.glob("*.eml"):
                seen.setdefault(path, path.read_bytes())

    reader = threading.Thread(target=read_while_written)
    reader.start()
    try:
        with app.app_context():
            for n in range(40):
                assert send_mail(f"reader{n}@example.org", "A long message", body)
    finally:
        done.set()
        reader.join()
    for path in tmp_path.glob("*.eml"):
        seen.setdefault(path, path.read_bytes())
    assert len(seen) == 40
    for raw in seen.values():
        assert "THE END" in email.message_from_bytes(raw).get_payload(decode=True).decode()
    assert not [p for p in tmp_path.iterdir() if not p.name.endswith(".eml")]

"""The one way to write and send e-mail. With no MAIL_SERVER every message becomes an .eml file
in OUTBOX_DIR.

Each feature's ``notifications`` module says who gets which message: it returns an ``Email``
naming a plain-text template under ``templates/<feature>/email/`` and what the template needs.
``send`` renders it and sends it. Sending never raises into the caller: a failure is logged and
reported as ``False``, so the state change that asked for the message is kept and the user can
ask again.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app, render_template, url_for

log = logging.getLogger(__name__)


def link_for(endpoint: str, **values) -> str:
    """An absolute URL to put in an e-mail. BASE_URL, when set, is used rather than the request's
    Host header, so a forged header cannot point a reset or claim link at another site."""
    base = current_app.config.get("BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def links_outside_a_request():
    """A request context for building the links of e-mails sent by a command (no request is being
    served): on BASE_URL, or on the local development address when it is unset."""
    base = current_app.config.get("BASE_URL") or "http://127.0.0.1:5000"
    return current_app.test_request_context(base_url=base)


@dataclass(frozen=True)
class Email:
    """One message: to whom, its subject, and the template (under ``templates/``) that writes its body."""

    to: str
    subject: str
    template: str
    context: dict = field(default_factory=dict)


def render(email: Email) -> str:
    """The plain-text body of ``email``, written by its template."""
    return render_template(email.template, **email.context)


def send(email: Email) -> bool:
    """Render ``email`` and send it. Returns False (and logs) when it could not be sent."""
    return send_mail(email.to, email.subject, render(email))


def build_message(to: str, subject: str, body: str, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="movewell.example.org")
    message.set_content(body)
    return message


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text message. Returns False (and logs) when it could not be sent."""
    config = current_app.config
    message = build_message(to, subject, body, config["MAIL_DEFAULT_SENDER"])
    try:
        if config.get("MAIL_SERVER"):
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
                if config.get("MAIL_USE_TLS"):
                    smtp.starttls()
                if config.get("MAIL_USERNAME"):
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
                smtp.send_message(message)
        else:
            outbox = Path(config["OUTBOX_DIR"])
            outbox.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            (outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml").write_bytes(message.as_bytes())
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send mail %r to %s", subject, to)
        return False
    return True

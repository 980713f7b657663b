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

from flask import after_this_request, current_app, render_template

from directory.links import absolute_url

log = logging.getLogger(__name__)


def link_for(endpoint: str, **values) -> str:
    """An absolute URL to put in an e-mail, built from BASE_URL (``links.absolute_url``)."""
    return absolute_url(endpoint, **values)


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


def send_after_response(email: Email) -> None:
    """Render ``email`` now and send it once the response has gone out (decision 0007).

    For answers that must not depend on whether a message was sent (a password reset, a new
    confirmation link): the visitor gets the same answer, in the same time, whether or not the
    address has an account, and a failed send is only logged (the visitor can ask again).
    """
    app = current_app._get_current_object()
    to, subject, body = email.to, email.subject, render(email)

    def deliver() -> None:
        with app.app_context():
            send_mail(to, subject, body)

    @after_this_request
    def _defer(response):
        response.call_on_close(deliver)
        return response


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
            name = f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            # Written beside, then renamed: whoever reads the outbox (a person, a test, a tool)
            # sees a whole message or none, never half of one.
            partial = outbox / f".{name}.partial"
            partial.write_bytes(message.as_bytes())
            partial.replace(outbox / name)
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send mail %r to %s", subject, to)
        return False
    return True

"""Views of the accounts blueprint: register, confirm, log in and out, reset, change the e-mail.

Answers never say whether an address has an account (register, log in, reset and resend read the
same either way). Every route that writes or sends mail is rate-limited per client address, and the
ones that name an address also per address typed, so nobody can guess a password or fill a
mailbox from many machines at once. E-mail goes out after the commit; a failed send keeps the
change and says so.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from directory.accounts import notifications, services
from directory.accounts.forms import (
    ActionForm,
    ChangeEmailForm,
    EmailOnlyForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from directory.extensions import db, limiter
from directory.mail import Email, send, send_after_response
from directory.tokens import InvalidToken

bp = Blueprint("accounts", __name__)
log = logging.getLogger(__name__)

CHECK_EMAIL = "Check your e-mail to confirm your address. The link in it works for 48 hours."
RESET_SENT = (
    "If an account uses that address, we have sent it a link to choose a new password. The link works for one hour."
)
RESEND_SENT = "If an account with that address is waiting for confirmation, we have sent it a new link."
SEND_FAILED = "We could not send the e-mail; try again in a few minutes."
UNCONFIRMED_NOTICE = (
    "Please confirm your e-mail address with the link we sent you. You need a confirmed address to claim a listing."
)

# Per client address (Flask-Limiter's default key) and per address typed into the form.
PER_CLIENT_LOGIN = "10 per minute;50 per hour"
PER_ACCOUNT_LOGIN = "5 per minute;20 per hour"
PER_CLIENT_MAIL = "5 per minute;20 per hour"
PER_TARGET_MAIL = "5 per hour"
PER_CLIENT_LINK = "10 per minute;30 per hour"


def _typed_email_key() -> str:
    """Rate-limit key: the address in the posted form (or the signed-in account's), lower-cased."""
    typed = request.form.get("email")
    if not typed and current_user.is_authenticated:
        typed = current_user.email
    return "email:" + services.lookup_key(typed)


def _safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None (no open redirects)."""
    if not target or len(target) > 2000:
        return None
    # Browsers drop tabs and newlines and read "\" as "/", which would turn "/\t/x" or "/\x" into "//x".
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _dashboard_url() -> str | None:
    # The dashboard belongs to another blueprint; link to it only once it exists.
    if "manage.dashboard" in current_app.view_functions:
        return url_for("manage.dashboard")
    return None


@bp.app_context_processor
def _account_template_globals() -> dict:
    return {"dashboard_url": _dashboard_url}


def _after_login_url() -> str:
    return _dashboard_url() or url_for("accounts.settings")


def _account_or_login_url() -> str:
    return url_for("accounts.settings") if current_user.is_authenticated else url_for("accounts.login")


def _send(email: Email) -> bool:
    """Send one account e-mail; on failure log it and tell the visitor once per request."""
    if send(email):
        return True
    log.warning("Account e-mail %s could not be sent; the change it reports was kept", email.template)
    if not g.get("account_mail_failed"):
        g.account_mail_failed = True
        flash(SEND_FAILED, "error")
    return False


def _sign_in(user) -> None:
    """Start a fresh session for ``user``: whatever the old session held (its CSRF token above
    all) is dropped first, so nothing from before the login is honoured after it."""
    session.clear()
    login_user(user)


def _link_problem(error: InvalidToken):
    return render_template("accounts/link_problem.html", message=error.message), error.status


# --- register and confirm ---------------------------------------------------------------------


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(PER_CLIENT_MAIL, methods=["POST"])
@limiter.limit(PER_TARGET_MAIL, key_func=_typed_email_key, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.settings"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            registration = services.register_account(db.session, form.email.data, form.password.data)
            db.session.commit()
        except (services.InvalidEmail, services.PasswordRejected) as error:
            db.session.rollback()
            getattr(form, error.field or "email").errors.append(error.message)
            return render_template("accounts/register.html", form=form)
        except IntegrityError:
            # The same address was registered a moment ago by another request: answer as usual.
            db.session.rollback()
            registration = None
        if registration is not None and registration.created:
            _send(notifications.confirm_address(registration.user))
        elif registration is not None:
            _send(notifications.already_registered(registration.user))
        flash(CHECK_EMAIL, "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/register.html", form=form)


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(PER_CLIENT_LINK, methods=["POST"])
def confirm(token: str):
    # GET only shows a button: mail scanners that fetch links must not confirm anything.
    try:
        user = services.user_for_confirmation(db.session, token)
    except InvalidToken as error:
        return _link_problem(error)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.confirm_email(db.session, token)
        except InvalidToken as error:
            db.session.rollback()
            return _link_problem(error)
        db.session.commit()
        flash("Thank you: your e-mail address is confirmed.", "success")
        return redirect(_after_login_url() if current_user.is_authenticated else url_for("accounts.login"))
    return render_template("accounts/confirm.html", form=form, email=user.email)


@bp.route("/confirm/resend", methods=["GET", "POST"])
@limiter.limit(PER_CLIENT_MAIL, methods=["POST"])
@limiter.limit(PER_TARGET_MAIL, key_func=_typed_email_key, methods=["POST"])
def resend_confirmation():
    signed_in = current_user.is_authenticated
    if signed_in and current_user.email_confirmed:
        flash("Your e-mail address is already confirmed.", "info")
        return redirect(url_for("accounts.settings"))
    form = ActionForm() if signed_in else EmailOnlyForm()
    if form.validate_on_submit():
        email = current_user.email if signed_in else form.email.data
        user = services.user_for_resend(db.session, email)
        if signed_in:
            if user is not None and _send(notifications.confirm_address(user)):
                flash(f"We have sent a new link to {user.email}.", "info")
        else:
            # After the response, as for a reset: the answer is the same for every address.
            if user is not None:
                send_after_response(notifications.confirm_address(user))
            flash(RESEND_SENT, "info")
        return redirect(url_for("accounts.settings") if signed_in else url_for("accounts.login"))
    return render_template("accounts/resend.html", form=form, signed_in=signed_in)


# --- log in and out ---------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(PER_CLIENT_LOGIN, methods=["POST"])
@limiter.limit(PER_ACCOUNT_LOGIN, key_func=_typed_email_key, methods=["POST"])
def login():
    target = _safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or _after_login_url())
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = services.authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            _sign_in(user)
            if not user.email_confirmed:
                flash(UNCONFIRMED_NOTICE, "warning")
            return redirect(target or _after_login_url())
        db.session.rollback()
        failed = True
    return render_template("accounts/login.html", form=form, failed=failed, next=target)


@bp.post("/logout")
def logout():
    form = ActionForm()
    if not form.validate_on_submit():  # CSRFProtect has already refused a request without a token
        return redirect(url_for("core.index"))
    if current_user.is_authenticated:
        services.logout_everywhere(db.session, current_user._get_current_object())
        db.session.commit()
        logout_user()
        flash("You have logged out.", "info")
    return redirect(url_for("core.index"))


# --- password reset ---------------------------------------------------------------------------


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(PER_CLIENT_MAIL, methods=["POST"])
@limiter.limit(PER_TARGET_MAIL, key_func=_typed_email_key, methods=["POST"])
def reset_request():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        user = services.request_password_reset(db.session, form.email.data)
        if user is not None:
            # After the response: the answer must not tell, by its words or its time, whether
            # the address has an account.
            send_after_response(notifications.reset_password(user))
        flash(RESET_SENT, "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(PER_CLIENT_LINK, methods=["POST"])
def reset_password(token: str):
    try:
        user = services.user_for_password_reset(db.session, token)
    except InvalidToken as error:
        return _link_problem(error)
    form = ResetPasswordForm()
    form.account_email = user.email
    if form.validate_on_submit():
        try:
            user = services.reset_password(db.session, token, form.password.data)
        except InvalidToken as error:
            db.session.rollback()
            return _link_problem(error)
        except services.PasswordRejected as error:
            db.session.rollback()
            form.password.errors.append(error.message)
            return render_template("accounts/reset_password.html", form=form)
        db.session.commit()
        _sign_in(user)  # the new session version: every other session has ended
        flash("Your password is changed and you are logged in. Any other sessions have been logged out.", "success")
        return redirect(_after_login_url())
    return render_template("accounts/reset_password.html", form=form)


# --- the account and its e-mail address -------------------------------------------------------


@bp.get("")
@login_required
def settings():
    return render_template("accounts/settings.html", user=current_user, action_form=ActionForm())


@bp.route("/email", methods=["GET", "POST"])
@limiter.limit(PER_CLIENT_MAIL, methods=["POST"])
@login_required
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            change = services.request_email_change(
                db.session, current_user._get_current_object(), form.email.data, form.password.data
            )
        except (services.WrongPassword, services.InvalidEmail) as error:
            db.session.rollback()
            getattr(form, error.field or "email").errors.append(error.message)
            return render_template("accounts/change_email.html", form=form)
        db.session.commit()
        if change.taken_by is None:
            _send(notifications.email_change_confirm(change))
        else:
            # Tell the owner of the address, as registration does; the requester sees no difference.
            _send(notifications.email_change_taken(change))
        _send(notifications.email_change_notice(change))
        flash(
            f"We have sent a link to {change.new_email}. Your address changes when you follow it "
            "(within 48 hours); until then, keep using the current one.",
            "info",
        )
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/change_email.html", form=form)


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(PER_CLIENT_LINK, methods=["POST"])
def confirm_email_change(token: str):
    try:
        user, new_email = services.user_for_email_change(db.session, token)
    except InvalidToken as error:
        return _link_problem(error)
    form = ActionForm()
    if form.validate_on_submit():
        user_id = user.id
        signed_in_here = current_user.is_authenticated and current_user.id == user_id
        try:
            user = services.confirm_email_change(db.session, token)
            db.session.commit()
        except InvalidToken as error:
            db.session.rollback()
            return _link_problem(error)
        except (services.EmailTaken, IntegrityError):
            # Taken by another account since the change was asked for (IntegrityError: at this moment).
            db.session.rollback()
            services.cancel_email_change(db.session, user_id)
            db.session.commit()
            flash("Another account now uses that address, so we could not change yours.", "error")
            return redirect(_account_or_login_url())
        if signed_in_here:
            _sign_in(user)  # this browser stays signed in; every other session has ended
        flash(f"Your e-mail address is now {new_email}. Any other sessions have been logged out.", "success")
        return redirect(_account_or_login_url())
    return render_template("accounts/confirm_email_change.html", form=form, new_email=new_email)

"""The owner's page for other sources: which sites the listing is linked to, what waits for a check,
and a request to link it to its page on a site. Owners can ask for a link; they cannot remove one."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from directory.errors import DomainError
from directory.extensions import db, limiter
from directory.practitioners.queries import get_practitioner
from directory.sources import services
from directory.sources.adapters import configured_adapters
from directory.sources.forms import LinkSourceForm
from directory.sources.models import ExternalRating, RatingSource, SourceLinkRequest

bp = Blueprint("sources", __name__)

LINK_LIMIT = "10/hour"


def _choices(adapters) -> list[tuple[str, str]]:
    """Feed sources, and the API sources whose adapter is on (others are not spoken of)."""
    feeds = db.session.scalars(sa.select(RatingSource).where(RatingSource.kind == "feed")).all()
    named = {s.slug: s.name for s in feeds} | {slug: adapter.terms.name for slug, adapter in adapters.items()}
    return sorted(named.items(), key=lambda item: item[1].lower())


@bp.route("/practitioners/<slug>/sources", methods=["GET", "POST"])
@limiter.limit(LINK_LIMIT, methods=["POST"])
@login_required
def manage(slug: str):
    practitioner = get_practitioner(db.session, slug) or abort(404)
    if practitioner.owner_id != current_user.id:
        abort(403)
    adapters = configured_adapters(current_app)
    form = LinkSourceForm()
    form.source.choices = [("", "Choose a site")] + _choices(adapters)
    status = 200
    if form.validate_on_submit():
        adapter = adapters.get(form.source.data)
        try:
            if adapter is not None:
                source = services.adapter_source(db.session, adapter)
            else:
                source = db.session.scalar(
                    sa.select(RatingSource).where(RatingSource.slug == form.source.data, RatingSource.kind == "feed")
                )
            services.request_link(db.session, practitioner, current_user, source, form.address.data, adapter)
        except DomainError as error:
            db.session.rollback()
            form.address.errors = [*form.address.errors, error.message]
        else:
            db.session.commit()
            flash(
                f"Thank you. We will check that this is your page on {source.name}. Until then your listing "
                "shows what it shows now.",
                "success",
            )
            return redirect(url_for("sources.manage", slug=slug))
    if form.is_submitted():
        status = 400
    on = set(adapters)
    links = [
        link
        for link in db.session.scalars(
            sa.select(ExternalRating).where(ExternalRating.practitioner_id == practitioner.id)
        )
        if link.source.kind == "feed" or link.source.slug in on
    ]
    requests = [
        r
        for r in db.session.scalars(
            sa.select(SourceLinkRequest)
            .where(SourceLinkRequest.practitioner_id == practitioner.id)
            .order_by(SourceLinkRequest.created_at.desc(), SourceLinkRequest.id.desc())
            .limit(10)
        )
        if r.source.kind == "feed" or r.source.slug in on
    ]
    return render_template(
        "sources/manage.html",
        practitioner=practitioner,
        form=form,
        links=links,
        requests=requests,
        is_fresh=services.is_fresh,
    ), status

"""Forms: an owner's request to link their listing to its page on a source; an administrator's
decision on it. CSRF on; text refuses control characters (the base Form)."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from directory.forms import Form, strip
from directory.sources.services import EXTERNAL_ID_MAX


class LinkSourceForm(Form):
    source = SelectField("Site", choices=[], validators=[InputRequired("Choose the site.")])
    address = StringField(
        "Your page on that site",
        filters=[strip],
        validators=[DataRequired("Paste the address of your page."), Length(max=300)],
        description="Paste the address your browser shows for your listing there, starting with https://.",
    )


class ApproveLinkForm(Form):
    external_id = StringField(
        "The page's id on the source",
        filters=[strip],
        validators=[Optional(), Length(max=EXTERNAL_ID_MAX)],
        description="What the source's feed calls this page (for an API source, the id in the page's address). "
        "Left empty: the one the owner gave.",
    )


class RejectLinkForm(Form):
    note = TextAreaField(
        "Why (the owner sees this)",
        filters=[strip],
        validators=[Optional(), Length(max=300)],
        render_kw={"rows": 2},
    )

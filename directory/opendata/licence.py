"""The licence of the directory's exported facts (decision 0014), stated once for the open-data
page, the exports and the HSDS API.

Listings' facts (names, practices, addresses, contact details, professions, specialties, ways to
pay, hours) are published under the Open Database License 1.0: anyone may copy, adapt and share
them, crediting MoveWell Directory, and a database made from them that is shared must stay under
the same licence. Listings made from OpenStreetMap are that already (© OpenStreetMap
contributors). Coordinates placed from the gazetteer carry GeoNames' CC BY 4.0 credit. Reviews are
not exported: their authors agreed to publication here, not to republication.
"""

from __future__ import annotations

from directory.clock import utcnow
from directory.links import absolute_url
from directory.practitioners.origins import ORIGINS

LICENCE = "Open Database License (ODbL) 1.0"
LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
CONTENTS_LICENCE = "Database Contents License (DbCL) 1.0"
CONTENTS_LICENCE_URL = "https://opendatacommons.org/licenses/dbcl/1-0/"
PUBLISHER = "MoveWell Directory"
LICENCE_LINE = (
    f"Listings © {PUBLISHER} and contributors, under the {LICENCE} ({LICENCE_URL}); "
    "place coordinates © GeoNames, CC BY 4.0; listings from OpenStreetMap © OpenStreetMap contributors, ODbL."
)

# Credits every copy must carry, in the order the open-data page and the exports list them.
ATTRIBUTIONS = [
    {
        "name": PUBLISHER,
        "text": f"Listings © {PUBLISHER} and contributors",
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
    },
    {
        "name": "GeoNames",
        "text": "Place data © GeoNames (https://www.geonames.org/), modified",
        "licence": "Creative Commons Attribution 4.0 (CC BY 4.0)",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    },
    *(
        {
            "name": origin.name,
            "text": f"Listings marked as from {origin.name}: {origin.attribution} ({origin.copyright_url})",
            "licence": origin.licence,
            "licence_url": origin.licence_url,
        }
        for origin in ORIGINS.values()
    ),
]


def dataset(files: dict[str, int] | None = None) -> dict:
    """What an export says of itself: the HSDS version, publisher, licence and credits, generated when."""
    return {
        "hsds_version": "3.0",
        "publisher": {"name": PUBLISHER, "website": absolute_url("core.index")},
        "description": "Physiotherapists and remedial massage therapists in Australia listed on MoveWell Directory. "
        "No reviews or ratings are included.",
        "licence": {
            "name": LICENCE,
            "url": LICENCE_URL,
            "contents": CONTENTS_LICENCE,
            "contents_url": CONTENTS_LICENCE_URL,
        },
        "attribution": ATTRIBUTIONS,
        "about": absolute_url("opendata.about"),
        "generated_at": utcnow().replace(microsecond=0).isoformat(),
        **({"files": files} if files is not None else {}),
    }

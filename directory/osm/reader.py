"""Reading an OpenStreetMap extract into features (type/id, tags, a point).

- GeoJSON, as common tools export it: osmtogeojson and Overpass turbo (``"id": "node/1"`` or an
  ``@id`` property, tags as properties, or in ``properties.tags`` with ``type`` and ``id``), and
  GDAL's ``ogr2ogr`` (``osm_id`` or ``osm_way_id``, the other tags in ``other_tags``).
- ``.osm`` (XML) and ``.osm.pbf`` through pyosmium (libosmium's reader): nodes and ways with a tag
  the selection looks at, a way placed at the mean of its nodes. Relations are counted and left out.

A polygon is placed at the mean of its outer ring's corners: near enough for a building.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from directory.osm.tags import Feature

# The keys the selection (tags.profession_of) looks at: other objects need not be read.
SELECTION_KEYS = ("healthcare", "shop", "amenity")
_META = {"@id", "@type", "id", "type", "osm_id", "osm_way_id", "osm_type", "other_tags", "tags", "@relations", "meta"}
_HSTORE = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')
_OSM_ID = re.compile(r"^(node|way|relation)/([0-9]+)$")


class ExtractError(Exception):
    """The file cannot be read as an extract."""


def read_features(path: Path) -> tuple[list[Feature], int]:
    """The extract's tagged objects, and how many relations were left out."""
    name = path.name.lower()
    if name.endswith((".geojson", ".json")):
        return list(_geojson(path)), 0
    if name.endswith((".osm", ".osm.pbf", ".pbf", ".osm.bz2", ".osm.gz")):
        return _osmium(path)
    raise ExtractError("Give a .geojson, .osm or .osm.pbf file.")


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\\\", "\\")


def _osm_id(feature: dict, properties: dict) -> str | None:
    for candidate in (feature.get("id"), properties.get("@id"), properties.get("id")):
        if isinstance(candidate, str) and _OSM_ID.match(candidate):
            return candidate
    kind = properties.get("type") or properties.get("@type") or properties.get("osm_type")
    number = properties.get("id") if kind else None
    if kind in ("node", "way", "relation") and str(number or "").isdigit():
        return f"{kind}/{number}"
    if str(properties.get("osm_id") or "").isdigit():
        return f"node/{properties['osm_id']}"
    if str(properties.get("osm_way_id") or "").isdigit():
        return f"way/{properties['osm_way_id']}"
    return None


def _tags(properties: dict) -> dict[str, str]:
    if isinstance(properties.get("tags"), dict):
        tags = properties["tags"]
    else:
        tags = {key: value for key, value in properties.items() if key not in _META}
    if isinstance(properties.get("other_tags"), str):
        tags = dict(tags) | {_unescape(k): _unescape(v) for k, v in _HSTORE.findall(properties["other_tags"])}
    return {str(key): str(value) for key, value in tags.items() if value is not None and not isinstance(value, dict)}


def _mean(points: list) -> tuple[float | None, float | None]:
    points = [p for p in points if isinstance(p, list | tuple) and len(p) >= 2]
    if not points:
        return None, None
    return sum(p[1] for p in points) / len(points), sum(p[0] for p in points) / len(points)


def _point(geometry: dict | None) -> tuple[float | None, float | None]:
    """(lat, lng) of a GeoJSON geometry: a point, or the mean of a line's or outer ring's corners."""
    if not isinstance(geometry, dict):
        return None, None
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    try:
        if kind == "Point":
            return float(coordinates[1]), float(coordinates[0])
        if kind == "LineString":
            return _mean(coordinates)
        if kind == "Polygon":
            ring = coordinates[0]
            return _mean(ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring)
        if kind == "MultiPolygon":
            return _point({"type": "Polygon", "coordinates": coordinates[0]})
    except (TypeError, IndexError, ValueError):
        return None, None
    return None, None


def _geojson(path: Path) -> Iterator[Feature]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExtractError(f"{path.name} is not GeoJSON: {error}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ExtractError(f"{path.name} is not a GeoJSON FeatureCollection.")
    for feature in data.get("features") or []:
        if not isinstance(feature, dict):
            continue
        properties = feature.get("properties") or {}
        osm_id = _osm_id(feature, properties)
        if osm_id is None:
            continue
        lat, lng = _point(feature.get("geometry"))
        yield Feature(osm_id, _tags(properties), lat, lng)


def _osmium(path: Path) -> tuple[list[Feature], int]:
    import osmium  # only this reader needs libosmium

    features: list[Feature] = []
    relations = 0
    try:
        processor = (
            osmium.FileProcessor(str(path)).with_locations().with_filter(osmium.filter.KeyFilter(*SELECTION_KEYS))
        )
        for obj in processor:
            tags = {tag.k: tag.v for tag in obj.tags}
            if obj.is_node():
                location = obj.location
                point = (location.lat, location.lon) if location.valid() else (None, None)
                features.append(Feature(f"node/{obj.id}", tags, *point))
            elif obj.is_way():
                corners = [(n.location.lon, n.location.lat) for n in obj.nodes if n.location.valid()]
                if len(corners) > 1 and corners[0] == corners[-1]:
                    corners = corners[:-1]
                features.append(Feature(f"way/{obj.id}", tags, *_mean(corners)))
            elif obj.is_relation():
                relations += 1
    except RuntimeError as error:
        raise ExtractError(f"{path.name} cannot be read as an OpenStreetMap extract: {error}") from None
    return features, relations

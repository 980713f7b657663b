"""Listings from OpenStreetMap: an extract (GeoJSON, .osm or .osm.pbf) read into importer rows
(``flask import-osm``)."""

"""Text responses are gzipped for clients that take gzip (pages, CSS, JavaScript, JSON, XML, SVG);
nothing else is, and COMPRESS_LEVEL=0 leaves compression to a proxy."""

from __future__ import annotations

import gzip

import pytest

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/static/css/bootstrap.min.css",
        "/static/js/search.js",
        "/api/v1/specialties",
        "/guide/remedial-massage-vs-physiotherapy",
    ],
)
def test_text_is_gzipped_for_clients_that_take_it(client, path):
    plain = client.get(path)
    zipped = client.get(path, headers=GZIP)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.get_data()) == plain.get_data()
    assert len(zipped.get_data()) < len(plain.get_data()) / 2
    assert "Content-Encoding" not in plain.headers


def test_static_files_keep_working_with_conditional_requests(client):
    first = client.get("/static/css/site.css", headers=GZIP)
    again = client.get("/static/css/site.css", headers={**GZIP, "If-None-Match": first.headers["ETag"]})
    assert again.status_code in (200, 304)
    if again.status_code == 200:
        assert gzip.decompress(again.get_data()) == gzip.decompress(first.get_data())


def test_images_small_bodies_and_refusals_are_left_alone(client):
    assert "Content-Encoding" not in client.get("/static/img/icon-192.png", headers=GZIP).headers
    assert "Content-Encoding" not in client.get("/healthz", headers=GZIP).headers  # a few bytes
    assert "Content-Encoding" not in client.get("/", headers={"Accept-Encoding": "gzip;q=0"}).headers


def test_level_zero_leaves_compression_to_a_proxy(app, client, monkeypatch):
    from directory.compression import compress

    with app.test_request_context("/", headers=GZIP):
        response = app.make_response(("x" * 5000, 200))
        assert "Content-Encoding" not in compress(response, 0, None).headers

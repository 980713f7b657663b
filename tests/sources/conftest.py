"""Recorded responses of rating sources' APIs, served from 127.0.0.1, with every other address
unreachable: an adapter's tests never reach the network."""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

RECORDINGS = Path(__file__).parent / "recordings"
YELP_KEY = "test-yelp-key"


@pytest.fixture
def no_network(monkeypatch):
    """Connections to anything but the loopback address fail as an unreachable network does."""
    connect = socket.socket.connect

    def loopback_only(sock, address):
        host = address[0] if isinstance(address, tuple) else None
        try:
            local = host is None or ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = host == "localhost"
        if not local:
            raise OSError(101, "Network is unreachable (blocked in the tests)")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    monkeypatch.setattr(socket, "getaddrinfo", _no_dns(socket.getaddrinfo))


def _no_dns(getaddrinfo):
    def resolve(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise socket.gaierror(-3, "Temporary failure in name resolution (blocked in the tests)")
        return getaddrinfo(host, *args, **kwargs)

    return resolve


class _Recorded(BaseHTTPRequestHandler):
    served: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.served.append(self.path)
        if self.headers.get("Authorization") != f"Bearer {YELP_KEY}":
            recording = json.loads((RECORDINGS / "yelp" / "_invalid-key.json").read_text(encoding="utf-8"))
        else:
            name = self.path.removeprefix("/v3/businesses/")
            path = RECORDINGS / "yelp" / f"{name}.json"
            if "/" in name or name.startswith("_") or not path.exists():
                path = RECORDINGS / "yelp" / "gone-business.json"
            recording = json.loads(path.read_text(encoding="utf-8"))
        body = json.dumps(recording["response"]["body"]).encode()
        self.send_response(recording["response"]["status"])
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def yelp(app, no_network, monkeypatch):
    """The Yelp adapter on (a key set), its requests served from the recordings."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorded)
    _Recorded.served = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setitem(app.config, "YELP_API_KEY", YELP_KEY)
    monkeypatch.setitem(app.config, "YELP_API_URL", f"http://127.0.0.1:{server.server_port}/v3")
    yield _Recorded.served
    server.shutdown()
    server.server_close()

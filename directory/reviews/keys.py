"""Keys that let screening compare reviews without keeping what they are made of: the client (a
keyed hash of its address, or of its /64 for IPv6), the reviewer (an address as far as it names one
person) and the text (a fingerprint of its words, and word shingles for near-duplicates)."""

from __future__ import annotations

import hashlib
import ipaddress
import re

from directory.accounts.services import lookup_key
from directory.clients import client_network
from directory.tokens import keyed_hash

_WORD = re.compile(r"[a-z0-9]+")


# Addresses that name a proxy or a local network rather than a visitor: loopback, RFC 1918,
# unique-local and link-local. Reviews "from" one of them are not from one person (a reverse
# proxy without PROXY_COUNT would otherwise make every review look like the same client's).
_NOT_A_VISITOR = tuple(
    ipaddress.ip_network(net)
    for net in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
)


def client_key(address: str | None) -> str | None:
    """A keyed hash of a client (its address, or its /64 for IPv6: ``clients.client_network``):
    comparable between reviews, useless to anyone without the key. None for an address that does
    not identify a visitor (see _NOT_A_VISITOR) or is not an address."""
    network = client_network(address)
    if network is None:
        return None
    ip = ipaddress.ip_address((address or "").strip().split("%", 1)[0])
    ip = getattr(ip, "ipv4_mapped", None) or ip
    if any(ip in net for net in _NOT_A_VISITOR if net.version == ip.version):
        return None
    return keyed_hash("client", network)


GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


def reviewer_key(email: str) -> str:
    """The person behind an address, as far as an address tells: normalised (``lookup_key``), without a "+tag",
    and for Gmail without dots (which Gmail ignores). jo+a@x.com and Jo+b@x.com are one reviewer."""
    local, _, domain = lookup_key(email).rpartition("@")
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def normalised_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def fingerprint(text: str) -> str:
    """The same for texts that differ only in case, spacing and punctuation."""
    return hashlib.sha256(" ".join(normalised_words(text)).encode()).hexdigest()


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = normalised_words(text)
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)

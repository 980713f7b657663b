"""Who is asking: the key of a client address for rate limits and review screening.

An IPv4 address is one client. An IPv6 client usually holds a whole /64 and can change its
address inside it at will, so every address of one /64 counts as one client. This is the one
place that rule lives; the limiter (``extensions``) and screening (``reviews.screening``) use it.
"""

from __future__ import annotations

import ipaddress

IPV6_PREFIX = 64


def client_network(address: str | None) -> str | None:
    """``"203.0.113.5"`` → ``"203.0.113.5"``; ``"2001:db8:1:2::abcd"`` → ``"2001:db8:1:2::/64"``;
    an IPv4 address written as IPv6 (``::ffff:203.0.113.5``) → the IPv4 address; None when
    ``address`` is not an IP address."""
    try:
        ip = ipaddress.ip_address((address or "").strip().split("%", 1)[0])
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)

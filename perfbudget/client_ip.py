"""The client's address behind a trusted load balancer, for django-axes' lockout (#14).

django-ipware (axes' optional helper) validates proxies listed inside X-Forwarded-For, not
the peer that sent the request, so a client talking to gunicorn directly could still pick
its address with the header. Here the header counts only when the request comes from an
address in settings.TRUSTED_PROXIES (FORWARDED_ALLOW_IPS, as for gunicorn).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...] | None:
    """The trusted networks; None means "*" (every peer is a proxy, as gunicorn reads it)."""
    if "*" in entries:
        return None
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...] | None) -> bool:
    if networks is None:
        return True
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind trusted proxies the right-most X-Forwarded-For hop they did not
    add themselves: each proxy appends the address it received the request from, so hops
    further left were written by the client and prove nothing."""
    remote = request.META.get("REMOTE_ADDR")
    entries = tuple(settings.TRUSTED_PROXIES)
    if not entries:
        return remote
    networks = _networks(entries)
    if not _trusted(_address(remote or ""), networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # not an address: the chain cannot be followed further
        if networks is None or not _trusted(address, networks):
            return str(address)
    return remote

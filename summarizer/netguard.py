"""Guard against server-side request forgery: which URLs and addresses the fetcher may reach.

Four layers, so that one forgotten path does not open the internal network:

1. ``parse_url`` refuses anything but plain http(s) URLs with a well-formed host, and the legacy
   numeric host forms (``2130706433``, ``0x7f.1``, ``127.1``…) that browsers and ``inet_aton``
   read as IPv4 addresses.
2. The fetcher checks IP-literal hosts itself, because aiohttp connects to them without resolving.
3. ``GuardedResolver`` checks every address a host name resolves to; the connector then connects
   to those very addresses, so a second DNS answer cannot slip in between check and connect.
4. ``GuardedConnector`` creates its sockets through a factory that checks the address once more,
   which also protects code that uses the shared session without going through ``fetch``.
"""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Callable
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network
from typing import Any

from aiohttp import TCPConnector
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.connector import AddrInfoType
from yarl import URL

from summarizer.errors import BlockedAddress, InvalidURL

logger = logging.getLogger(__name__)

IPAddress = IPv4Address | IPv6Address
AddressPolicy = Callable[[IPAddress], bool]

ALLOWED_SCHEMES = frozenset({"http", "https"})
MAX_URL_LENGTH = 8192

# Written out rather than taken from ``ipaddress`` properties, whose answers changed across
# Python releases (notably for IPv4-mapped addresses).
_BLOCKED_V4 = tuple(
    ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this network"; 0.0.0.0 reaches the local host on Linux
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT (shared address space)
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, cloud metadata services live here
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
    )
)
# Only 2000::/3 is global unicast; inside it, these blocks are not reachable sites.
_GLOBAL_UNICAST_V6 = ip_network("2000::/3")
_BLOCKED_V6 = tuple(ip_network(net) for net in ("2001::/23", "2001:db8::/32", "3fff::/20"))
_MAPPED_V6 = ip_network("::ffff:0:0/96")
_COMPAT_V6 = ip_network("::/96")
_NAT64_V6 = ip_network("64:ff9b::/96")
_SIX_TO_FOUR_V6 = ip_network("2002::/16")

_HOST_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
_NUMERIC_LABEL = re.compile(r"[0-9]+|0x[0-9a-f]*")
_DECIMAL_DIGITS = frozenset("0123456789")
_OCTAL_DIGITS = frozenset("01234567")
_HEX_DIGITS = frozenset("0123456789abcdef")


def embedded_ipv4(ip: IPv6Address) -> IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64 or 6to4), if any."""
    if ip in _MAPPED_V6 or ip in _COMPAT_V6 or ip in _NAT64_V6:
        return IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _SIX_TO_FOUR_V6:
        return IPv4Address((int(ip) >> 80) & 0xFFFFFFFF)
    return None


def is_public_address(ip: IPAddress | str) -> bool:
    """True when ``ip`` is a globally routable unicast address that a news site may live at."""
    if isinstance(ip, str):
        ip = ip_address(ip)
    if isinstance(ip, IPv6Address):
        ip = IPv6Address(int(ip))  # drop any %zone so network membership is plain arithmetic
        inner = embedded_ipv4(ip)
        if inner is not None:
            return is_public_address(inner)
        if ip not in _GLOBAL_UNICAST_V6 or any(ip in net for net in _BLOCKED_V6):
            return False
    elif any(ip in net for net in _BLOCKED_V4):
        return False
    # The standard library's view as a second opinion: both must agree an address is public.
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _allow_any(ip: IPAddress) -> bool:
    return True


def address_policy(allow_private_networks: bool) -> AddressPolicy:
    """The production policy: public addresses only, unless FETCH_ALLOW_PRIVATE_NETWORKS=1."""
    return _allow_any if allow_private_networks else is_public_address


def _ipv4_number(part: str) -> int | None:
    """One part of a WHATWG/inet_aton IPv4 host: decimal, octal (leading 0) or hex (0x)."""
    if part.startswith("0x"):
        digits, alphabet = part[2:], _HEX_DIGITS
    elif len(part) > 1 and part.startswith("0"):
        digits, alphabet = part[1:], _OCTAL_DIGITS
    else:
        digits, alphabet = part, _DECIMAL_DIGITS
    if not digits:
        return 0 if alphabet is _HEX_DIGITS else None
    # Checked by hand because int() also takes signs, spaces and "_" separators.
    if not set(digits) <= alphabet:
        return None
    return int(digits, len(alphabet))


def parse_ipv4_host(host: str) -> IPv4Address | None:
    """Read a host the way browsers do when its last label is a number; None if malformed."""
    parts = host.lower().split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    if not 1 <= len(parts) <= 4:
        return None
    numbers = [_ipv4_number(part) for part in parts]
    if any(n is None for n in numbers):
        return None
    values = [n for n in numbers if n is not None]
    if any(n > 255 for n in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        return None
    total = values[-1]
    for index, value in enumerate(values[:-1]):
        total += value << (8 * (3 - index))
    return IPv4Address(total)


def ip_literal(host: str) -> IPAddress | None:
    """The address of an IP-literal host, None for a host name; refuses obfuscated numeric forms."""
    host = host.lower()
    if ":" in host:
        try:
            return IPv6Address(host.split("%", 1)[0])
        except ValueError:
            raise InvalidURL(f"malformed IPv6 host {host!r}") from None
    last_label = host.rstrip(".").rsplit(".", 1)[-1]
    if not _NUMERIC_LABEL.fullmatch(last_label):
        return None
    address = parse_ipv4_host(host)
    if address is None:
        raise InvalidURL(f"malformed numeric host {host!r}")
    if str(address) != host:
        # A disguised address is refused even when public: no article link is written that way.
        if not is_public_address(address):
            raise BlockedAddress(f"numeric host {host!r} means {address}")
        raise InvalidURL(f"non-canonical numeric host {host!r} ({address})")
    return address


def _check_host_name(host: str) -> None:
    name = host[:-1] if host.endswith(".") else host
    labels = name.split(".")
    if len(name) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise InvalidURL(f"malformed host name {host!r}")


def parse_url(url: str | URL) -> URL:
    """A syntactically safe http(s) URL, or InvalidURL/BlockedAddress. No network access."""
    if isinstance(url, str):
        text = url.strip()
        if not text or len(text) > MAX_URL_LENGTH:
            raise InvalidURL("empty or overlong URL")
        try:
            url = URL(text)
        except (ValueError, TypeError, IndexError) as exc:  # yarl raises IndexError on "x://[]@"
            raise InvalidURL(f"unparsable URL: {exc!r}") from None
    if url.scheme not in ALLOWED_SCHEMES or not url.absolute:
        raise InvalidURL(f"scheme {url.scheme!r} is not http(s)")
    if url.user is not None or url.password is not None:
        # Credentials in a shared link are a phishing trick, and would end up in logs.
        raise InvalidURL("URL carries credentials")
    host = url.raw_host
    if not host:
        raise InvalidURL("URL without host")
    if ip_literal(host) is None:
        _check_host_name(host.lower())
    return url.with_fragment(None)


def validate_url(url: str) -> str:
    """Quick check for the bot before fetching: the normalised URL, or InvalidURL/BlockedAddress."""
    return str(parse_url(url))


def check_literal_host(url: URL, policy: AddressPolicy) -> None:
    """Refuse an IP-literal host the policy forbids (aiohttp does not resolve those)."""
    address = ip_literal(url.raw_host or "")
    if address is not None and not policy(address):
        raise BlockedAddress(f"{url.raw_host} is not a public address")


class GuardedResolver(AbstractResolver):
    """Resolves through ``inner`` and refuses the host if any of its addresses is forbidden."""

    def __init__(self, inner: AbstractResolver, policy: AddressPolicy) -> None:
        self._inner = inner
        self._policy = policy

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        for result in results:
            address = ip_address(result["host"])
            if not self._policy(address):
                # One private answer is enough to refuse: a mixed answer is a classic rebinding trick.
                logger.info("refusing %s: it resolves to %s", host, address)
                raise BlockedAddress(f"{host} resolves to {address}")
        return results

    async def close(self) -> None:
        await self._inner.close()


class AddressRefused(PermissionError):
    """Raised by the connector's socket factory: the last line of the guard."""


class GuardedConnector(TCPConnector):
    """A TCPConnector whose every socket is checked against ``policy`` before it connects."""

    def __init__(self, policy: AddressPolicy, **kwargs: Any) -> None:
        self.address_policy = policy
        super().__init__(socket_factory=self._make_socket, **kwargs)

    def _make_socket(self, addr_info: AddrInfoType) -> socket.socket:
        family, type_, proto, _, sockaddr = addr_info
        address = ip_address(sockaddr[0])
        if not self.address_policy(address):
            raise AddressRefused(f"connection to {address} refused by the address guard")
        return socket.socket(family=family, type=type_, proto=proto)

"""The address guard's pure parts: which addresses are public, how numeric hosts are read."""

from __future__ import annotations

import socket
from ipaddress import IPv4Address, IPv4Network, IPv6Address, ip_network

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from yarl import URL

from summarizer.errors import BlockedAddress, FetchError, InvalidURL
from summarizer.netguard import (
    GuardedResolver,
    address_policy,
    check_literal_host,
    embedded_ipv4,
    ip_literal,
    is_public_address,
    parse_ipv4_host,
    validate_url,
)

from .conftest import StaticResolver

NON_PUBLIC_V4 = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
]
NON_PUBLIC_V6 = [
    "::/128",
    "::1/128",
    "fe80::/10",
    "fc00::/7",
    "ff00::/8",
    "2001:db8::/32",
    "fec0::/10",
    "100::/64",
]
PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "151.101.1.140",
    "2a00:1450:4007:80e::200e",
    "2606:4700::1111",
]


def addresses_in(networks: list[str]) -> st.SearchStrategy[IPv4Address | IPv6Address]:
    def pick(net: str) -> st.SearchStrategy[IPv4Address | IPv6Address]:
        network = ip_network(net)
        first = int(network.network_address)
        cls = IPv4Address if isinstance(network, IPv4Network) else IPv6Address
        return st.integers(first, first + network.num_addresses - 1).map(cls)

    return st.one_of([pick(net) for net in networks])


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address: str) -> None:
    assert is_public_address(address)


@settings(max_examples=300, deadline=None)
@given(addresses_in(NON_PUBLIC_V4 + NON_PUBLIC_V6))
def test_non_public_ranges_refused(address: IPv4Address | IPv6Address) -> None:
    assert not is_public_address(address)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1).map(IPv4Address))
def test_ipv6_wrappings_of_ipv4_get_the_same_verdict(v4: IPv4Address) -> None:
    n = int(v4)
    wrapped = [
        IPv6Address(0xFFFF << 32 | n),  # ::ffff:a.b.c.d, IPv4-mapped
        IPv6Address(n),  # ::a.b.c.d, IPv4-compatible
        IPv6Address(0x64FF9B << 96 | n),  # 64:ff9b::a.b.c.d, NAT64
        IPv6Address(0x2002 << 112 | n << 80 | 1),  # 2002:aabb:ccdd::1, 6to4
    ]
    verdict = is_public_address(v4)
    for v6 in wrapped:
        assert embedded_ipv4(v6) == v4
        assert is_public_address(v6) == verdict, v6


def test_v6_outside_global_unicast_refused() -> None:
    assert not is_public_address("64:ff9b:1::1")  # local-use NAT64
    assert not is_public_address("2001::1")  # Teredo
    assert not is_public_address("4000::1")  # unassigned


def test_scoped_address_judged_without_its_zone() -> None:
    assert not is_public_address("fe80::1%eth0")


def test_policy_from_setting() -> None:
    assert not address_policy(False)(IPv4Address("127.0.0.1"))
    assert address_policy(True)(IPv4Address("127.0.0.1"))
    assert address_policy(False)(IPv4Address("8.8.8.8"))


def _legacy_forms(n: int) -> list[str]:
    a, b, c, d = n.to_bytes(4, "big")
    return [
        str(n),
        hex(n),
        "0" + oct(n)[2:],
        f"{a}.{(b << 16) | (c << 8) | d}",
        f"{hex(a)}.{b}.0{(c << 8) | d:o}",
        f"{a:#x}.{b:#x}.{c:#x}.{d:#x}",
        f"0{a:o}.{b}.{c}.{d}",
    ]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_numeric_hosts_read_like_inet_aton(n: int) -> None:
    for form in _legacy_forms(n):
        assert parse_ipv4_host(form) == IPv4Address(n)
        assert parse_ipv4_host(form) == IPv4Address(socket.inet_aton(form)), form


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_disguised_numeric_hosts_never_pass(n: int) -> None:
    address = IPv4Address(n)
    for form in _legacy_forms(n):
        if form == str(address):
            continue
        expected = InvalidURL if is_public_address(address) else BlockedAddress
        with pytest.raises(expected):
            ip_literal(form)


@pytest.mark.parametrize(
    "host",
    [
        "1.2.3.4.5",
        "256.1.1.1",
        "1.2.3.256",
        "1.16777216",
        "0x1.0xg.1",
        "09",
        "1_0.1",
        "+1.1",
        "-1.1",
        " 1.1",
        "foo.0x7f",
        "1..2",
    ],
)
def test_malformed_numeric_hosts(host: str) -> None:
    with pytest.raises(InvalidURL):
        ip_literal(host)


def test_ip_literal_reads_canonical_forms_and_leaves_names() -> None:
    assert ip_literal("93.184.215.14") == IPv4Address("93.184.215.14")
    assert ip_literal("2606:4700::1111") == IPv6Address("2606:4700::1111")
    assert ip_literal("example.com") is None
    assert ip_literal("1e100.net") is None
    assert ip_literal("0x7f.example") is None  # the last label decides, as in browsers


def test_check_literal_host() -> None:
    policy = address_policy(False)
    check_literal_host(URL("http://8.8.8.8/"), policy)
    check_literal_host(URL("http://example.com/"), policy)
    with pytest.raises(BlockedAddress):
        check_literal_host(URL("http://[::ffff:192.168.0.1]/"), policy)


def test_validate_url_normalises() -> None:
    assert (
        validate_url("  https://Exemple.FR/article?id=1#commentaires ") == "https://exemple.fr/article?id=1"
    )
    assert validate_url("http://93.184.215.14/a") == "http://93.184.215.14/a"
    assert validate_url("https://élysée.fr/") == "https://xn--lyse-9oad.fr/"  # IDNA, as sent


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.text(max_size=40).map(lambda s: "http://" + s)))
@example("0://[]@")  # made yarl itself raise IndexError
@example("http://[]@")
def test_validate_url_fails_only_with_fetch_errors(text: str) -> None:
    try:
        result = validate_url(text)
    except FetchError:
        return
    assert result.startswith(("http://", "https://"))


async def test_resolver_refuses_any_private_answer() -> None:
    inner = StaticResolver(
        {"pub.test": ["8.8.8.8"], "priv.test": ["10.0.0.1"], "mixed.test": ["8.8.4.4", "::1"]}
    )
    resolver = GuardedResolver(inner, address_policy(False))
    assert [r["host"] for r in await resolver.resolve("pub.test", 80)] == ["8.8.8.8"]
    for name in ("priv.test", "mixed.test"):
        with pytest.raises(BlockedAddress):
            await resolver.resolve(name, 80)


async def test_resolver_lets_everything_through_when_private_allowed() -> None:
    resolver = GuardedResolver(StaticResolver({"priv.test": ["10.0.0.1"]}), address_policy(True))
    assert [r["host"] for r in await resolver.resolve("priv.test", 80)] == ["10.0.0.1"]

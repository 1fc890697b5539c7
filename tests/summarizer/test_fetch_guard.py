"""The SSRF guard seen from fetch(): refused targets are never connected to.

Targets point at live listeners on 127.0.0.1 / ::1 that would answer a valid page, so a guard that
let a request through would make the test fail on the connection count, not just the error type.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from ipaddress import IPv4Address

import aiohttp
import pytest
from aiohttp import web

from summarizer.errors import BlockedAddress, ConnectionFailed, InvalidURL
from summarizer.fetch import create_session, fetch
from summarizer.netguard import AddressRefused, IPAddress
from summarizer.settings import FetchSettings

from .conftest import Handler, RawServer, Serve, ServeRaw, StaticResolver

PAGE = b"<html><body><p>secret interne</p></body></html>"
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(PAGE), PAGE)
GUARDED = FetchSettings(connect_timeout=1.0, total_timeout=3.0)  # production default: guard on


def only_loopback_one(ip: IPAddress) -> bool:
    """Stands in for "public" in redirect tests: the first hop's 127.0.0.1 passes, nothing else."""
    return ip == IPv4Address("127.0.0.1")


@pytest.fixture
async def listener(serve_raw: ServeRaw) -> RawServer:
    return await serve_raw(RESPONSE)


@pytest.fixture
async def listener6(serve_raw: ServeRaw) -> RawServer:
    return await serve_raw(RESPONSE, host="::1")


@pytest.fixture
async def guarded_session() -> AsyncIterator[aiohttp.ClientSession]:
    session = create_session(GUARDED)
    yield session
    await session.close()


V4_FORMS = [
    "127.0.0.1",
    "localhost",  # a name: refused by the resolver, after DNS
    "2130706433",
    "0x7f.1",
    "0x7f000001",
    "017700000001",
    "0177.0.0.1",
    "127.1",
    "127.0.1",
    "127.0.0.1.",
    "0",
    "0.0.0.0",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[::127.0.0.1]",
    "[64:ff9b::127.0.0.1]",
    "[2002:7f00:1::]",
]


@pytest.mark.parametrize("host", V4_FORMS)
async def test_loopback_in_every_form_is_refused(guarded_session, listener: RawServer, host: str) -> None:
    with pytest.raises(BlockedAddress) as info:
        await fetch(f"http://{host}:{listener.port}/admin", session=guarded_session, settings=GUARDED)
    assert listener.connections == 0
    assert "adresse privée" in info.value.user_message


@pytest.mark.parametrize("host", ["[::1]", "[0:0:0:0:0:0:0:1]", "[::]"])
async def test_ipv6_loopback_refused(guarded_session, listener6: RawServer, host: str) -> None:
    with pytest.raises(BlockedAddress):
        await fetch(f"http://{host}:{listener6.port}/", session=guarded_session, settings=GUARDED)
    assert listener6.connections == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",  # shared address space
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://224.0.0.1/",
        "http://255.255.255.255/",
        "http://240.0.0.1/",
        "http://198.18.0.1/",
        "https://[fe80::1]/",
        "http://[fe80::1%25eth0]/",
        "http://[fc00::1]/",
        "http://[fd12:3456::1]/",
        "http://[ff02::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[2001:db8::1]/",
        "http://0xa9.0xfe.0xa9.0xfe/",  # 169.254.169.254 in hex
        "http://167772161/",  # 10.0.0.1
    ],
)
async def test_private_addresses_refused_before_connecting(guarded_session, url: str) -> None:
    # No listener exists here: a connection attempt would time out or fail, not raise BlockedAddress.
    with pytest.raises(BlockedAddress):
        await fetch(url, session=guarded_session, settings=GUARDED)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file.txt",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<p>hi</p>",
        "gopher://127.0.0.1:25/",
        "",
        "   ",
        "pas une adresse",
        "example.com/article",
        "http://",
        "http:///path",
        "http://exa mple.com/",
        "http://ex%41mple.com/",
        "http://user:secret@example.com/",
        "http://1.2.3.4.5/",
        "http://foo.0x7f/",
        "http://0x5d.0xb8.0xd8.0x22/",  # public, but disguised
        "http://[127.0.0.1]/",
        "http://[::1/",
        "http://example.com:99999/",
        "http://" + "a" * 64 + ".com/",
    ],
)
async def test_invalid_urls_refused(guarded_session, url: str) -> None:
    with pytest.raises(InvalidURL) as info:
        await fetch(url, session=guarded_session, settings=GUARDED)
    assert "http" in info.value.user_message


async def test_guard_lifted_only_by_the_setting(listener: RawServer) -> None:
    settings = FetchSettings(allow_private_networks=True, total_timeout=3.0)
    async with create_session(settings) as session:
        page = await fetch(f"http://localhost:{listener.port}/", session=session, settings=settings)
    assert page.body == PAGE
    assert listener.connections == 1


async def test_connector_refuses_sockets_to_private_addresses(guarded_session, listener: RawServer) -> None:
    # Code that uses the shared session directly, without fetch(), is still kept off the network.
    with pytest.raises(aiohttp.ClientConnectorError) as info:
        async with guarded_session.get(listener.url("/")):
            pass
    assert isinstance(info.value.os_error, AddressRefused)
    assert listener.connections == 0


def redirect_to(location: str) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(status=302, headers={"Location": location.format(port=request.url.port)})

    return handler


@pytest.fixture
def resolver() -> StaticResolver:
    return StaticResolver(
        {
            "public.test": ["127.0.0.1"],
            "intranet.test": ["10.1.2.3"],
            "mixed.test": ["127.0.0.1", "10.1.2.3"],
            "v6.test": ["::1"],
        }
    )


@pytest.fixture
async def hop_session(resolver: StaticResolver) -> AsyncIterator[aiohttp.ClientSession]:
    session = create_session(GUARDED, address_allowed=only_loopback_one, resolver=resolver)
    yield session
    await session.close()


@pytest.mark.parametrize(
    "location",
    [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.2:{port}/",
        "http://[::1]:{port}/",
        "http://[::ffff:10.0.0.1]/",
        "http://0x7f.1:{port}/",
        "http://intranet.test:{port}/",
        "http://mixed.test:{port}/",
        "http://v6.test:{port}/",
    ],
)
async def test_each_redirect_hop_is_checked(
    serve: Serve, serve_raw: ServeRaw, hop_session, location: str
) -> None:
    target = await serve_raw(RESPONSE)
    server = await serve({"/": redirect_to(location.replace("{port}", str(target.port)))})
    with pytest.raises(BlockedAddress):
        await fetch(server.url("/"), session=hop_session, settings=GUARDED)
    assert server.hits["/"] == 1  # the first hop was fetched
    assert target.connections == 0


async def test_names_connect_to_the_checked_address(
    serve: Serve, hop_session, resolver: StaticResolver
) -> None:
    seen_hosts: list[str] = []

    async def page(request: web.Request) -> web.StreamResponse:
        seen_hosts.append(request.host)
        return web.Response(text="<p>ok</p>", content_type="text/html")

    server = await serve({"/start": redirect_to("http://public.test:{port}/page"), "/page": page})
    start = f"http://public.test:{server.port}/start"
    fetched = await fetch(start, session=hop_session, settings=GUARDED)
    assert fetched.url == f"http://public.test:{server.port}/page"
    assert seen_hosts == [f"public.test:{server.port}"]
    # One answer, checked once, used for both hops (aiohttp's DNS cache holds checked answers only).
    assert resolver.calls == ["public.test"]


async def test_unknown_name_is_a_connection_failure(hop_session) -> None:
    with pytest.raises(ConnectionFailed) as info:
        await fetch("http://nowhere.test/", session=hop_session, settings=GUARDED)
    assert "trouve pas ce site" in info.value.user_message

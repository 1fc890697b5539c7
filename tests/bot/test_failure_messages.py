"""Every failure a reader can meet, end to end through the bot, with its exact French message; and
the private-network guard on, as in production (a test resolver gives public-looking names the
address of a local site, so nothing leaves the machine)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from ipaddress import IPv4Address, ip_address

import pytest

from bot import texts
from bot.limits import SummarySlots
from summarizer.fetch import create_session
from summarizer.netguard import IPAddress, is_public_address
from tests.bot.conftest import Harness, StartBot, said
from tests.bot.hostile_site import HostileSite
from tests.bot.test_failures import stored
from tests.summarizer.conftest import StaticResolver

REFUSED = "Le site refuse l'accès à cette page."
MESSAGES = [
    ("/status/401", REFUSED, "http_401"),
    ("/status/403", REFUSED, "http_403"),
    ("/status/410", "Le site a répondu par une erreur (410).", "http_410"),
    ("/status/429", "Le site reçoit trop de demandes. Réessayez dans quelques minutes.", "http_429"),
    ("/loop", "Ce lien redirige trop de fois : je ne peux pas le suivre.", "redirects"),
    ("/video.mp4", texts.VIDEO, "unsupported_type"),
    (
        "/actualites/cookies",
        "Ce site affiche un bandeau de cookies au lieu de l'article : je ne peux pas le lire.",
        "not_article",
    ),
    (
        "/actualites/abonnes",
        "Cet article est réservé aux abonnés : je n'en vois que le début.",
        "not_article",
    ),
    (
        "/categorie/societe/",
        "Cette page est une liste d'articles. Envoyez le lien de l'article à résumer.",
        "not_article",
    ),
]


@pytest.fixture
async def hostile() -> AsyncIterator[HostileSite]:
    site = HostileSite()
    await site.start()
    yield site
    await site.stop()


async def answer_to(bot: Harness, link: str) -> str:
    user = bot.fake.user()
    bot.fake.send_text(user, link)
    reply = await bot.reply(user, timeout=15)
    assert reply.buttons == []
    return said(reply)


@pytest.mark.parametrize(("path", "message", "outcome"), MESSAGES, ids=[m[0] for m in MESSAGES])
async def test_each_failure_has_its_french_message(
    bot: Harness, hostile: HostileSite, path: str, message: str, outcome: str
) -> None:
    assert await answer_to(bot, hostile.url(path)) == message
    assert await stored(bot) == (0, [outcome])


async def test_unreachable_site_and_bad_certificate(bot: Harness, hostile: HostileSite) -> None:
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    unreachable = await answer_to(bot, f"http://127.0.0.1:{port}/article/1")
    assert unreachable == "Je n'arrive pas à joindre ce site. Vérifiez le lien ou réessayez plus tard."
    assert await answer_to(bot, hostile.tls_url("/article/1")) == (
        "Le certificat de sécurité de ce site n'est pas valide."
    )
    assert hostile.hits == {}  # the TLS handshake failed: no request was ever made
    assert (await stored(bot))[1] == ["connection", "connection"]


async def test_too_busy_when_every_slot_stays_taken(bot: Harness) -> None:
    bot.services.slots = SummarySlots(1, wait=0.3)
    first, second = bot.fake.user(), bot.fake.user()
    bot.fake.send_text(first, bot.site.url("/slow"))  # holds the only slot until its 1 s timeout
    await bot.fake.next_message(first)  # its placeholder: the slot is being taken
    bot.fake.send_text(second, bot.site.url("/article/5"))
    assert (
        said(await bot.reply(second))
        == texts.BUSY
        == "Je suis très occupé en ce moment. Réessayez dans quelques secondes."
    )


PUBLIC_NAME = "journal-villeneuve.fr"
LOCAL_SITE = IPv4Address("127.0.0.2")  # the one local address the test policy lets through


def public_or_the_test_site(address: IPAddress) -> bool:
    return is_public_address(address) or address == LOCAL_SITE


@pytest.fixture
async def guarded(start_bot: StartBot) -> AsyncIterator[tuple[Harness, HostileSite]]:
    """The bot with FETCH_ALLOW_PRIVATE_NETWORKS off, its HTTP session resolving through fixed answers."""
    site = HostileSite(host=str(LOCAL_SITE))
    await site.start()
    async with start_bot(env={"FETCH_ALLOW_PRIVATE_NETWORKS": ""}) as bot:
        assert bot.config.fetch.allow_private_networks is False
        resolver = StaticResolver({
            PUBLIC_NAME: [str(LOCAL_SITE)],
            "rebond.example": ["127.0.0.1"],
            "intranet.example": ["10.0.0.5"],
            "mixte.example": [str(LOCAL_SITE), "192.168.1.20"],
        })  # fmt: skip
        await bot.services.http.close()
        bot.services.http = create_session(
            bot.config.fetch, address_allowed=public_or_the_test_site, resolver=resolver
        )
        yield bot, site
    await site.stop()


async def test_the_guard_on_lets_public_names_through_and_refuses_private_ones(
    guarded: tuple[Harness, HostileSite],
) -> None:
    bot, site = guarded
    summary = await answer_to_with_buttons(bot, site.url("/article/3", host=PUBLIC_NAME))
    assert summary.count("\n• ") == 3
    blocked = "Ce lien mène à une adresse privée ou interne : je ne peux pas l'ouvrir."
    for link in (
        site.url("/article/1", host="rebond.example"),  # a name for the loopback address
        site.url("/article/1", host="intranet.example"),
        site.url("/article/1", host="mixte.example"),  # one private answer is enough
        site.url("/article/1", host="127.0.0.1"),
        site.url("/article/1", host="[::1]"),
        "http://169.254.169.254/latest/meta-data/",
        site.url(f"/to/http://127.0.0.1:{site.port}/article/2", host=PUBLIC_NAME),  # redirected inward
    ):
        assert await answer_to(bot, link) == blocked, link
    assert await answer_to(bot, site.url("/article/1", host="introuvable.example")) == (
        "Je ne trouve pas ce site : vérifiez l'adresse du lien."
    )
    assert await answer_to(bot, site.url("/status/403", host=PUBLIC_NAME)) == REFUSED
    assert site.hits == {"/article/3": 1, f"/to/http://127.0.0.1:{site.port}/article/2": 1, "/status/403": 1}
    outcomes = (await stored(bot))[1]
    assert outcomes == ["ok"] + ["blocked_address"] * 7 + ["connection", "http_403"]


async def answer_to_with_buttons(bot: Harness, link: str) -> str:
    user = bot.fake.user()
    bot.fake.send_text(user, link)
    return said(await bot.reply(user, timeout=15))


def test_the_test_policy_is_the_production_one_plus_one_address() -> None:
    for address in ("127.0.0.1", "10.0.0.5", "192.168.1.20", "169.254.169.254", "::1", "100.64.0.1"):
        assert not public_or_the_test_site(ip_address(address))
    assert public_or_the_test_site(LOCAL_SITE) and public_or_the_test_site(ip_address("93.184.216.34"))

"""Every failure gets its own short French message, the bot stays up, and only the outcome is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from storage.models import Article, SummaryRequest
from summarizer import errors
from tests.bot.articles import article_sentences
from tests.bot.conftest import Harness, StartBot, said

CASES = [
    (
        "/doc.pdf",
        "Ce lien mène à un document PDF : je ne sais résumer que des pages web.",
        "unsupported_type",
    ),
    ("/photo.png", "Ce lien mène à une image, pas à un article.", "unsupported_type"),
    ("/huge", errors.TooLarge.user_message, "too_large"),
    ("/slow", errors.FetchTimeout.user_message, "timeout"),
    ("/missing", "Cette page est introuvable sur le site (erreur 404).", "http_404"),
    ("/broken", "Le site rencontre un problème (erreur 500). Réessayez plus tard.", "http_500"),
    ("/home", "pas à un article", "not_article"),  # NotAnArticle says why: here, a home page
    ("/short.txt", errors.TextTooShort.user_message, "too_short"),
    ("/german", "Je ne sais résumer que les textes en français ou en anglais.", "language"),
]


async def stored(bot: Harness) -> tuple[int, list[str]]:
    async with bot.services.sessionmaker() as session:
        articles = int(await session.scalar(select(func.count()).select_from(Article)) or 0)
        outcomes = list(await session.scalars(select(SummaryRequest.outcome).order_by(SummaryRequest.id)))
    return articles, outcomes


@pytest.mark.parametrize(("path", "message", "outcome"), CASES, ids=[c[0] for c in CASES])
async def test_each_failure_has_its_message(bot: Harness, path: str, message: str, outcome: str) -> None:
    user = bot.fake.user()
    reply = await bot.summary_of(user, path)
    assert reply.text is not None and message in reply.text
    assert reply.buttons == []
    assert await stored(bot) == (0, [outcome])
    # The bot is still up and answers the next request.
    assert len([x for x in said(await bot.summary_of(user, "/article/1")).splitlines() if x[:1] == "•"]) == 3


async def test_failures_in_a_group_too(bot: Harness) -> None:
    user = bot.fake.user()
    group = bot.fake.supergroup("Rédaction", members={user["id"]: "member"})
    bot.fake.send_text(user, f"/resume {bot.site.url('/missing')}", group)
    assert (await bot.reply(group)).text == "Cette page est introuvable sur le site (erreur 404)."


async def test_no_link_in_private_message(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "bonjour, ça marche comment ?")
    reply = await bot.fake.next_message(user)
    assert (reply.text or "").startswith("Je ne trouve pas de lien dans ce message.")
    assert await stored(bot) == (0, [])


async def test_resume_with_something_that_is_not_a_link(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/resume pas-un-lien")
    assert (await bot.fake.next_message(user)).text == errors.InvalidURL.user_message


async def test_resume_reply_to_a_short_text(bot: Harness) -> None:
    user = bot.fake.user()
    short = bot.fake.send_text(user, "Trop court pour un résumé.")
    await bot.fake.next_message(user)
    bot.fake.send_text(user, "/resume", reply_to=short)
    assert (await bot.reply(user)).text == "Ce texte est trop court pour être résumé."
    assert await stored(bot) == (0, ["too_short"])


async def test_private_address_refused_when_the_guard_is_on(start_bot: StartBot) -> None:
    async with start_bot(env={"FETCH_ALLOW_PRIVATE_NETWORKS": ""}) as bot:
        assert bot.config.fetch.allow_private_networks is False
        user = bot.fake.user()
        reply = await bot.summary_of(user, "/article/1")
        assert reply.text == errors.BlockedAddress.user_message
        assert bot.site.hits == {}  # never contacted
        assert await stored(bot) == (0, ["blocked_address"])


@pytest.mark.parametrize("state", ["memory", "database"])
async def test_quota_per_user_with_a_polite_message(start_bot: StartBot, state: str) -> None:
    toml = f'[limits]\nsummaries_per_minute = 2\n[replicas]\nshared_state = "{state}"\n'
    async with start_bot(toml=toml) as bot:
        user, other = bot.fake.user(), bot.fake.user()
        for n in (1, 2):
            await bot.summary_of(user, f"/article/{n}")
        bot.fake.send_text(user, bot.site.url("/article/3"))
        refused = await bot.fake.next_message(user)
        assert refused.text is not None and refused.text.startswith("Doucement 🙂")
        assert "/article/3" not in bot.site.hits
        assert len(said(await bot.summary_of(other, "/article/3")).splitlines()) > 3  # others unaffected
        assert (await stored(bot))[1] == ["ok", "ok", "quota", "ok"]


async def test_pasted_text_in_unsupported_language(bot: Harness) -> None:
    from tests.bot.articles import GERMAN

    user = bot.fake.user()
    pasted = bot.fake.send_text(user, GERMAN)
    await bot.fake.next_message(user)
    bot.fake.send_text(user, "/resume", reply_to=pasted)
    assert (await bot.reply(user)).text == "Je ne sais résumer que les textes en français ou en anglais."


async def test_long_pasted_text_is_cut_not_refused(start_bot: StartBot) -> None:
    async with start_bot(toml="[limits]\nmax_text_chars = 1000\n") as bot:
        user = bot.fake.user()
        pasted = bot.fake.send_text(user, " ".join(article_sentences(1) * 3))
        await bot.fake.next_message(user)
        bot.fake.send_text(user, "/resume", reply_to=pasted)
        assert said(await bot.reply(user)).startswith("Résumé du texte")


async def test_unexpected_error_replaces_the_placeholder_once(bot: Harness) -> None:
    async with bot.services.database.engine.begin() as conn:
        # Recording the request will now fail (the cache lookup, which reads requests, still works).
        refuse = "SELECT RAISE(ABORT, 'no requests')"
        await conn.execute(
            text(f"CREATE TRIGGER no_requests BEFORE INSERT ON summary_requests BEGIN {refuse}; END")
        )
    user = bot.fake.user()
    mark = bot.fake.mark()
    reply = await bot.summary_of(user, "/article/1")
    assert reply.text == "Désolé, je n'ai pas pu faire ce résumé. Réessayez un peu plus tard."
    bot.fake.send_text(user, "/aide")
    await bot.fake.next_message(user)
    sent = [c for c in bot.fake.calls("sendMessage", since=mark) if c.chat_id == user["id"]]
    assert len(sent) == 2  # the placeholder and the /aide answer: no second apology


async def test_global_cap_on_summaries_at_once(start_bot: StartBot) -> None:
    async with start_bot(toml="[limits]\nmax_concurrent_summaries = 1\n") as bot:
        users = [bot.fake.user() for _ in range(3)]
        for n, user in enumerate(users):
            bot.fake.send_text(user, bot.site.url(f"/paced/{n}"))
        replies = [await bot.reply(user) for user in users]
        assert all(said(r).count("\n• ") == 3 for r in replies)  # everyone served, one after the other
        assert bot.site.peak == 1

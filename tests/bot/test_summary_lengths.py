"""Summary lengths end to end: shorter/longer give the engine's best n sentences, each reader has their
own length (subscribed or not), groups use their subscription's, and a link whose page declares another
canonical URL is answered from storage the second time."""

from __future__ import annotations

from sqlalchemy import select, text

from bot.callbacks import SetLength, encode
from storage.models import Article, SummaryRequest
from storage.repos import subscriptions, users
from summarizer.models import FetchedPage
from summarizer.pipeline import summarize_page
from tests.bot.articles import article_page, article_sentences
from tests.bot.conftest import Harness, said
from tests.telegram_fake import StoredMessage
from tests.telegram_fake.models import JSON


def shown(message: StoredMessage) -> list[str]:
    return [line.removeprefix("• ") for line in said(message).splitlines() if line.startswith("• ")]


def ticked(message: StoredMessage) -> set[str]:
    return {b["text"].removeprefix("✓ ") for b in message.buttons if b["text"].startswith("✓ ")}


def engine(bot: Harness, n: int, sentences: int) -> list[str]:
    """What the engine itself gives for article ``n`` asked directly at this length."""
    page = FetchedPage(bot.site.url(f"/article/{n}"), 200, "text/html", "utf-8", article_page(n).encode())
    return summarize_page(page, settings=bot.config.summarizer, sentences=sentences).summary.sentences


async def own_length(bot: Harness, user: JSON) -> int | None:
    async with bot.services.sessionmaker() as session:
        return await users.get_summary_sentences(session, user["id"])


async def subscription_length(bot: Harness, chat: JSON) -> int | None:
    async with bot.services.sessionmaker() as session:
        found = await subscriptions.get_subscription(session, chat["id"])
    return found.summary_sentences if found is not None else None


async def press(bot: Harness, user: JSON, message: StoredMessage, label: str) -> None:
    bot.fake.press(user, message, button_text=label)
    await bot.fake.wait_for_edit(message)


async def choose_length(bot: Harness, user: JSON, n: int, chat: JSON | None = None) -> StoredMessage:
    bot.fake.send_text(user, "/reglages", chat)
    screen = await bot.fake.next_message(chat or user)
    await press(bot, user, screen, str(n))
    return screen


async def test_every_length_is_the_engines_best_sentences(bot: Harness) -> None:
    user = bot.fake.user()
    message = await bot.summary_of(user, "/article/9")
    assert shown(message) == engine(bot, 9, 3)
    # Article 9 is one where the best n are not the first n of the longest summary.
    assert engine(bot, 9, 3) != engine(bot, 9, 7)[:3]
    for n in (2, 1):
        await press(bot, user, message, "Plus court")
        assert shown(message) == engine(bot, 9, n), n
    for n in range(2, 8):
        await press(bot, user, message, "Plus long")
        assert shown(message) == engine(bot, 9, n), n
    assert bot.site.hits["/article/9"] == 1
    async with bot.services.sessionmaker() as session:
        stored = (await session.scalars(select(Article))).one()
    assert stored.summary_scores is not None and len(stored.summary_scores) == 7


async def test_cached_answers_are_the_best_sentences_at_the_readers_length(bot: Harness) -> None:
    first, second = bot.fake.user("Léa"), bot.fake.user("Marc")
    await bot.summary_of(first, "/article/6")
    await choose_length(bot, second, 2)
    bot.fake.send_text(second, bot.site.url("/article/6"))
    cached = await bot.fake.next_message(second)  # no placeholder: straight from storage
    assert shown(cached) == engine(bot, 6, 2)
    assert bot.site.hits["/article/6"] == 1


async def test_a_summary_stored_without_scores_shortens_to_its_first_sentences(bot: Harness) -> None:
    user = bot.fake.user()
    message = await bot.summary_of(user, "/article/5")
    async with bot.services.database.engine.begin() as conn:
        await conn.execute(text("UPDATE articles SET summary_scores = NULL"))  # a row from before scores
    await press(bot, user, message, "Plus long")
    longest = engine(bot, 5, 7)
    assert shown(message) == longest[:4]


async def test_a_reader_without_subscription_chooses_their_length(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/reglages")
    screen = await bot.fake.next_message(user)
    assert "Longueur de vos résumés : 3 phrases" in said(screen) and "pas abonné" in said(screen)
    assert ticked(screen) == {"3"}
    assert [b["text"].removeprefix("✓ ") for b in screen.buttons[:7]] == [str(n) for n in range(1, 8)]
    answer = bot.fake.press(user, screen, button_text="5")
    await bot.fake.wait_for_edit(screen)
    assert ticked(screen) == {"5"} and "5 phrases" in said(screen)
    assert bot.fake.callback_answer(answer) is not None
    assert await own_length(bot, user) == 5
    assert await subscription_length(bot, user) is None  # choosing a length does not subscribe

    assert shown(await bot.summary_of(user, "/article/1")) == engine(bot, 1, 5)
    bot.fake.send_text(user, "/settings")
    assert ticked(await bot.fake.next_message(user)) == {"5"}

    # Subscribing starts at the reader's length, and one choice then sets both.
    await press(bot, user, screen, "Dès la parution")
    assert await subscription_length(bot, user) == 5
    assert ticked(screen) == {"Dès la parution", "5"}
    await press(bot, user, screen, "2")
    assert (await own_length(bot, user), await subscription_length(bot, user)) == (2, 2)
    await press(bot, user, screen, "Se désabonner")
    assert ticked(screen) == {"2"} and await own_length(bot, user) == 2

    update = bot.fake.inline_query(user, bot.site.url("/article/1"))
    await bot.fake.wait_for_call("answerInlineQuery")
    inline = bot.fake.inline_answer(update)
    assert inline is not None and inline["results"][0]["description"].endswith("résumé en 2 phrases")


async def test_a_length_button_out_of_range_changes_nothing(bot: Harness) -> None:
    user = bot.fake.user()
    await choose_length(bot, user, 4)
    stale = StoredMessage(
        chat=bot.fake.state.chats[user["id"]],
        message_id=bot.fake.state.next_message_id(user["id"]),
        date=bot.fake.state.now(),
        from_bot=True,
        sender=bot.fake.bot_user,
        text="Réglages",
        reply_markup={"inline_keyboard": [[{"text": "9", "callback_data": encode(SetLength(9))}]]},
    )
    bot.fake.state.store(stale)  # a screen from when up to 9 sentences were offered
    answer = bot.fake.press(user, stale, encode(SetLength(9)))
    call = await bot.fake.wait_for_call(
        "answerCallbackQuery", lambda c: c.params.get("show_alert") is not None
    )
    assert str(call.params.get("text")).startswith("Ce bouton n'est plus valable")
    assert bot.fake.callback_answer(answer) is not None
    assert await own_length(bot, user) == 4


async def test_groups_use_their_subscription_length_else_the_readers(bot: Harness) -> None:
    admin, reader = bot.fake.user("Admin"), bot.fake.user("Lectrice")
    club = bot.fake.group("Club", members={admin["id"]: "administrator", reader["id"]: "member"})
    other = bot.fake.group("Autre", members={reader["id"]: "member"})
    await choose_length(bot, reader, 2)  # in her private chat
    bot.fake.send_text(admin, "/reglages", club)
    screen = await bot.fake.next_message(club)
    assert not any(b["text"].removeprefix("✓ ") == "3" for b in screen.buttons)  # no subscription yet
    await press(bot, admin, screen, "Dès la parution")
    await press(bot, admin, screen, "4")
    assert await subscription_length(bot, club) == 4
    assert await own_length(bot, admin) is None  # a group's length is not its admin's own

    bot.fake.send_text(reader, f"/resume {bot.site.url('/article/8')}", club)
    assert shown(await bot.reply(club)) == engine(bot, 8, 4)
    bot.fake.send_text(reader, f"/resume {bot.site.url('/article/8')}", other)
    assert shown(await bot.reply(other)) == engine(bot, 8, 2)


async def test_a_link_declaring_another_canonical_url_is_fetched_once(bot: Harness) -> None:
    user, friend = bot.fake.user(), bot.fake.user("Ami")
    first = await bot.summary_of(user, "/partage/11")
    assert first.button("Lire l'article")["url"] == bot.site.url("/article/11")  # the canonical one
    bot.fake.send_text(friend, bot.site.url("/partage/11?utm_source=telegram"))
    again = await bot.fake.next_message(friend)  # no placeholder: answered from storage
    assert shown(again) == shown(first)
    bot.fake.send_text(friend, bot.site.url("/article/11"))  # the canonical address itself
    assert shown(await bot.fake.next_message(friend)) == shown(first)
    assert bot.site.hits.get("/partage/11") == 1 and "/article/11" not in bot.site.hits
    async with bot.services.sessionmaker() as session:
        outcomes = list(await session.scalars(select(SummaryRequest.outcome).order_by(SummaryRequest.id)))
        stored = (await session.scalars(select(Article))).one()
    assert outcomes == ["ok", "cached", "cached"]
    assert stored.canonical_url == bot.site.url("/article/11")


async def test_pasted_text_summary_has_no_buttons_and_uses_the_readers_length(bot: Harness) -> None:
    user = bot.fake.user()
    await choose_length(bot, user, 4)
    pasted = bot.fake.send_text(user, " ".join(article_sentences(2)), forward_from=bot.fake.user("Autre"))
    await bot.reply(user)  # no link in it: the bot explains /resume
    bot.fake.send_text(user, "/resume", reply_to=pasted)
    summary = await bot.reply(user)
    assert said(summary).startswith("Résumé du texte") and len(shown(summary)) == 4
    assert summary.buttons == []  # the text is not kept: nothing to open, resize or share
    bot.fake.send_text(user, "/aide")
    help_text = said(await bot.fake.next_message(user))
    assert "je ne garde pas le texte" in help_text and "Sous chaque résumé d'article" in help_text

"""Error reports to the team: one short report per error, de-duplicated and rate-limited, through an
injected failing handler and through a Bot API call failing with a 500."""

from __future__ import annotations

import asyncio
import html
import re

from telegram import Update
from telegram.ext import CommandHandler

from bot import texts
from bot.admin import texts as admin_texts
from bot.admin.alerts import place, signature
from bot.admin.throttle import MAX_SIGNATURES, Admission, AlertThrottle, Summary
from bot.context import BotContext
from tests.bot.admin_team import Team, silence, team_bot
from tests.bot.conftest import StartBot, messages_in, said
from tests.telegram_fake import ApiError, FakeTelegram, forbidden

REPORT = "⚠️ Erreur dans le bot"


def test_same_error_is_counted_within_the_window_then_reported_with_its_count() -> None:
    throttle = AlertThrottle(window=60, max_per_window=5)
    assert throttle.admit("a", 0) == Admission(repeats=0, others=0)
    assert [throttle.admit("a", t) for t in (1, 2, 59)] == [None, None, None]
    assert throttle.admit("b", 3) == Admission(repeats=0, others=0)  # another error is reported
    assert throttle.admit("a", 61) == Admission(repeats=3, others=0)
    assert throttle.admit("a", 62) is None


def test_rate_limit_holds_back_a_storm_and_says_so_later() -> None:
    throttle = AlertThrottle(window=60, max_per_window=2)
    assert throttle.admit("a", 0) is not None and throttle.admit("b", 1) is not None
    assert [throttle.admit(kind, 2) for kind in "cdef"] == [None] * 4
    assert throttle.admit("g", 61) == Admission(repeats=0, others=4)
    assert throttle.admit("a", 62) == Admission(repeats=0, others=0)


def test_drain_tells_what_was_held_back_once_the_window_is_over() -> None:
    throttle = AlertThrottle(window=60, max_per_window=1)
    assert throttle.admit("a", 0, "A") is not None
    assert throttle.next_summary_at() is None  # nothing held back
    for t in (1, 2, 3):
        assert throttle.admit("a", t, "A") is None
    assert throttle.admit("b", 4, "B") is None  # over the rate
    assert throttle.next_summary_at() == 60
    assert throttle.drain(59) is None
    assert throttle.drain(60) == Summary(repeats=[("A", 3)], others=1)
    assert throttle.drain(61) is None and throttle.next_summary_at() is None
    assert throttle.admit("a", 62, "A") == Admission(repeats=0, others=0)  # counts were told already


def test_memory_is_bounded() -> None:
    throttle = AlertThrottle(window=1, max_per_window=10**6)
    for n in range(MAX_SIGNATURES + 100):
        throttle.admit(str(n), float(n))
    assert len(throttle.seen) == MAX_SIGNATURES


def failing() -> None:
    raise RuntimeError("la base a pris feu")


def test_signature_is_the_type_and_the_place_in_our_code() -> None:
    errors: list[BaseException] = []
    for _ in range(2):
        try:
            failing()
        except RuntimeError as exc:
            errors.append(exc)
    found = place(errors[0])
    assert found is not None and found.startswith("tests/bot/test_error_reports.py:") and "(failing)" in found
    assert signature(errors[0]) == signature(errors[1])
    assert signature(errors[0]).startswith("builtins.RuntimeError@")


def add_failing_commands(team: Team) -> None:
    async def boom(update: Update, context: BotContext) -> None:
        raise RuntimeError("la base a pris feu")

    async def other(update: Update, context: BotContext) -> None:
        raise ValueError(f"autre panne <{context.args}>")

    async def third(update: Update, context: BotContext) -> None:
        raise KeyError("encore une")

    team.bot.app.add_handler(CommandHandler("boom", boom))
    team.bot.app.add_handler(CommandHandler("autre", other))
    team.bot.app.add_handler(CommandHandler("encore", third))


def reports(fake: FakeTelegram, chat: dict[str, object]) -> list[str]:
    return [m.text for m in fake.messages(chat) if m.text and m.text.startswith(REPORT)]


async def test_a_failure_storm_gives_one_report_then_a_count(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake, "[admin]\nalert_window_seconds = 1\n") as team:
        add_failing_commands(team)
        for _ in range(5):
            fake.send_text(team.reader, "/boom")
        told = await messages_in(fake, team.reader, 5)
        assert [m.text for m in told] == [texts.UNEXPECTED] * 5  # each user is told
        [report] = reports(fake, team.owner)
        assert "RuntimeError: la base a pris feu" in report
        assert "tests/bot/test_error_reports.py:" in report and "(boom)" in report
        assert f"Pendant la commande /boom de l'utilisateur {team.reader['id']}" in report
        # The storm is over: once the window closes, one summary tells how many were held back.
        assert (await fake.next_message(team.owner)).text == report
        summary = said(await fake.next_message(team.owner, timeout=3))
        assert summary.startswith("🔁 Bilan des erreurs")
        assert "RuntimeError: la base a pris feu (tests/bot/test_error_reports.py:" in summary
        assert summary.endswith(": encore 4 fois")
        fake.send_text(team.reader, "/boom")  # news again: a report of its own, nothing left to add
        await messages_in(fake, team.reader, 6)
        await silence(team.bot)
        later = reports(fake, team.owner)
        assert len(later) == 2 and "Survenue encore" not in later[1]
        await asyncio.sleep(1.2)
        assert len(fake.messages(team.owner)) == 3  # no second summary: nothing was held back since


async def test_reports_are_rate_limited_across_errors(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake, "[admin]\nalert_max_per_window = 2\n") as team:
        add_failing_commands(team)
        fake.send_text(team.reader, "/boom")
        await silence(team.bot, 0.1)
        fake.send_text(team.reader, "/autre <b>")
        await silence(team.bot, 0.1)
        fake.send_text(team.reader, "/encore")
        await silence(team.bot)
        sent = reports(fake, team.owner)
        assert len(sent) == 2
        assert (
            "RuntimeError" in sent[0] and "ValueError: autre panne <['<b>']>" in sent[1]
        )  # escaped, shown as is


async def test_a_bot_api_500_is_reported_to_the_admin_chat(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    team_chat = fake.supergroup("Équipe")
    async with team_bot(start_bot, fake, ADMIN_CHAT_ID=str(team_chat["id"])) as team:
        fake.fail(team.reader, ApiError(500, "Internal Server Error"))
        fake.send_text(team.reader, "/start")
        assert (await fake.next_message(team.reader)).text == texts.UNEXPECTED
        report = (await fake.next_message(team_chat)).text or ""
        assert report.startswith(REPORT) and "Internal Server Error" in report
        assert "bot/handlers/start.py:" in report
        assert reports(fake, team.owner) == []  # the admin chat, not each owner

        fake.fail(team.reader, forbidden("Forbidden: bot was blocked by the user"))
        fake.send_text(team.reader, "/start")
        await silence(team.bot)
        assert len(reports(fake, team_chat)) == 1  # a user who blocked the bot is not a fault


def test_a_summary_of_many_errors_fits_in_a_message() -> None:
    text = admin_texts.error_summary([("<E>" * 140, 3)] * 20, 5)
    shown = html.unescape(re.sub(r"</?(?:b|code)>", "", text))  # what Telegram counts: text after parsing
    assert len(shown) < 4096 and "…et 12 autre(s) erreur(s) répétée(s)" in shown and "<E>" in shown

"""Flood control: a reader sending many messages at once is slowed down with one notice."""

from __future__ import annotations

import asyncio

import pytest

from bot import texts
from bot.admin.flood import MAX_TRACKED, FloodGuard
from bot.limits import Verdict
from tests.bot.admin_team import silence, team_bot
from tests.bot.conftest import StartBot, messages_in
from tests.telegram_fake import FakeTelegram

FLOOD_TOML = "[admin]\nflood_messages = 3\nflood_seconds = 60\nflood_cooldown_seconds = 1\n"


def hit(guard: FloodGuard, user_id: int, now: float) -> Verdict:
    """3 messages per 10 seconds, then 30 seconds of pause."""
    return guard.hit(user_id, now, limit=3, window=10.0, cooldown=30.0)


def test_guard_passes_then_notifies_once_then_drops() -> None:
    guard = FloodGuard()
    verdicts = [hit(guard, 1, 100.0 + i * 0.1) for i in range(8)]
    assert verdicts == [Verdict.PASS] * 3 + [Verdict.NOTIFY] + [Verdict.DROP] * 4
    assert hit(guard, 2, 101.0) is Verdict.PASS  # others are not affected


def test_guard_lets_a_calm_sender_through_and_a_returning_flooder_is_not_told_twice() -> None:
    guard = FloodGuard()
    for i in range(4):
        hit(guard, 1, 100.0 + i)
    assert hit(guard, 1, 120.0) is Verdict.DROP  # still paused (30 s from the 4th message)
    assert hit(guard, 1, 134.0) is Verdict.PASS  # the pause is over
    for i in range(2):
        assert hit(guard, 1, 135.0 + i * 0.1) is Verdict.PASS
    assert hit(guard, 1, 136.0) is Verdict.DROP  # slowed down again, without a second notice
    assert hit(guard, 1, 500.0) is Verdict.PASS


def test_guard_spaced_messages_never_count_as_a_flood() -> None:
    guard = FloodGuard()
    assert all(hit(guard, 1, i * 4.0) is Verdict.PASS for i in range(50))


def test_guard_off_and_memory_bounded() -> None:
    guard = FloodGuard()
    assert all(guard.hit(1, 1.0, limit=0, window=10, cooldown=10) is Verdict.PASS for _ in range(20))
    for user in range(MAX_TRACKED + 50):
        hit(guard, user, float(user))
    assert len(guard.senders) <= MAX_TRACKED


@pytest.mark.parametrize("state", ["memory", "database"])
async def test_a_flooding_reader_gets_one_notice(
    start_bot: StartBot, fake_telegram: FakeTelegram, state: str
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake, f'{FLOOD_TOML}\n[replicas]\nshared_state = "{state}"\n') as team:
        for n in range(10):
            fake.send_text(team.reader, f"bonjour {n}")
        await messages_in(fake, team.reader, 4)
        await silence(team.bot)
        answers = [m.text for m in fake.messages(team.reader)]
        assert answers.count(texts.FLOOD_NOTICE) == 1
        assert len(answers) == 4  # three answered, one notice, six ignored
        await asyncio.sleep(1.1)  # the cool-down is over
        fake.send_text(team.reader, "re-bonjour")
        await messages_in(fake, team.reader, 5)
        await silence(team.bot)
        answers = [m.text for m in fake.messages(team.reader)]
        assert len(answers) == 5 and answers[-1] != texts.FLOOD_NOTICE


async def test_the_team_and_group_chatter_are_not_counted(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake, FLOOD_TOML) as team:
        for person in (team.owner, team.moderator):
            for n in range(6):
                fake.send_text(person, f"bonjour {n}")
        group = fake.supergroup("Discussions", members={team.reader["id"]: "member"})
        for n in range(10):
            fake.send_text(team.reader, f"on papote {n}", group)  # not addressed to the bot
        fake.send_text(team.reader, "/aide", group)
        await messages_in(fake, team.owner, 6)
        await messages_in(fake, team.moderator, 6)
        await silence(team.bot)
        assert len(fake.messages(team.owner)) == 6
        assert len(fake.messages(team.moderator)) == 6
        assert [
            m.text is not None and m.text.startswith("Ce que je sais faire") for m in fake.messages(group)
        ] == [True]


async def test_a_demoted_moderator_starts_with_a_fresh_count(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake, FLOOD_TOML) as team:
        marc = team.moderator
        for n in range(3):  # as many as a reader may send in the window
            fake.send_text(marc, f"bonjour {n}")
        await silence(team.bot)
        reply = await team.ask(team.owner, "/moderateur_retirer @marc_modo")
        assert (reply.text or "").endswith("n'est plus modérateur.")
        await silence(team.bot)  # he is told « Vous n'êtes plus modérateur du bot »
        shown = len(fake.messages(marc))
        fake.send_text(marc, "/start")
        await silence(team.bot)
        assert [(m.text or "")[:12] for m in fake.messages(marc)[shown:]] == ["Bonjour Marc"]
        # From now on he is counted like any reader.
        for n in range(3):
            fake.send_text(marc, f"encore {n}")
        await silence(team.bot)
        assert [m.text for m in fake.messages(marc)].count(texts.FLOOD_NOTICE) == 1

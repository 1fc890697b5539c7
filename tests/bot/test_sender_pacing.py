"""The pure parts of sending: the global budget, the per-chat limits, and the reading of Telegram's errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.broadcast.client import error_from
from bot.broadcast.outcomes import Kind, classify, tag_of
from bot.broadcast.settings import BroadcastSettings
from bot.sending.budget import JITTER, QUIET_SECONDS, Lane
from bot.sending.limiter import chat_of, counted
from bot.sending.pacing import JITTER as PACING_JITTER
from bot.sending.pacing import ChatPacer
from bot.sending.settings import SendingSettings
from summarizer.settings import ConfigError


def test_global_budget_spaces_messages_a_little_under_the_rate() -> None:
    lane = Lane(10.0)
    waits = [lane.take(0.0) for _ in range(5)]
    step = (1 + JITTER) / 10
    assert waits == pytest.approx([0.0, step, 2 * step, 3 * step, 4 * step])
    # Woken late (the loop was busy), turns keep their place and catch up; after a long pause, none.
    lane = Lane(100.0)
    lane.take(0.0)
    late = [lane.take(0.09) for _ in range(25)]
    assert late.count(0.0) == 8 and late[8] > 0
    assert lane.take(5.0) == 0.0 and lane.take(5.0) > 0


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=2000), st.lists(st.floats(0, 0.01), min_size=50, max_size=200))
def test_no_one_second_window_holds_more_than_the_rate_even_with_jitter(
    rate: float, gaps: list[float]
) -> None:
    lane, now, sent = Lane(rate), 0.0, []
    for gap in gaps:
        now += gap
        now += lane.take(now)
        sent.append(now)
    # Even when their arrival times vary by almost JITTER, no second holds more than the rate.
    for start in sent:
        in_window = sum(1 for t in sent if start <= t < start + 1.0 + 0.9 * JITTER)
        assert in_window <= rate


def test_repeated_429s_slow_down_then_recover() -> None:
    lane = Lane(100.0)
    for n in range(200):
        lane.take(n / 100)
    # 200 messages in the window: fewer than 10 % of them refused is a few chats complaining, or jitter.
    for n in range(19):
        assert lane.throttled(2.0 + n / 1000) is False
    assert lane.rate == 100.0
    assert lane.throttled(2.03) is True
    assert lane.rate == pytest.approx(70.0) and lane.slowdowns == 1
    lane.take(2.03 + QUIET_SECONDS + 0.1)
    assert lane.rate == pytest.approx(80.0)
    for step in range(2, 10):
        lane.take(2.03 + step * (QUIET_SECONDS + 0.1))
    assert lane.rate == 100.0


def test_chat_pacer_burst_per_chat_and_per_group() -> None:
    pacer = ChatPacer(per_chat_interval=1.0, group_per_minute=3, private_burst=3)
    step = 1.0 + PACING_JITTER
    assert all(pacer.try_take(42, 0.0) for _ in range(3))  # a private chat's burst
    assert not pacer.try_take(42, 0.5)
    assert pacer.ready_at(42, 0.5) == pytest.approx(step) and pacer.ready_at(43, 0.5) == 0.5
    assert pacer.try_take(42, step) and pacer.ready_at(42, step) == pytest.approx(2 * step)
    assert pacer.try_take(-100, 0.0) and not pacer.try_take(-100, 0.5)  # a group: no burst
    for t in (2.0, 4.0):
        assert pacer.try_take(-100, t)  # ... and 20 a minute (3 here)
    assert pacer.ready_at(-100, 5.0) == pytest.approx(60.0 + PACING_JITTER)
    assert pacer.ready_at("@canal", 0.0) == 0.0 and pacer.try_take("@canal", 0.0)
    assert pacer.ready_at("@canal", 0.5) == pytest.approx(step)
    pacer.hold(43, 30.0)  # retry_after: nothing before, and no burst right after
    assert pacer.ready_at(43, 1.0) == pytest.approx(30.0)
    assert pacer.try_take(43, 30.001) and not pacer.try_take(43, 30.001)
    pacer.forget_idle(100.0)
    assert pacer.ready_at(-100, 100.0) == 100.0 and pacer.ready_at(42, 100.0) == 100.0


@pytest.mark.parametrize(
    ("error", "kind", "reason"),
    [
        (RetryAfter(7), Kind.WAIT, "retry_after 7"),
        (RetryAfter(timedelta(seconds=2)), Kind.WAIT, "retry_after 2"),
        (ChatMigrated(-1001), Kind.MIGRATED, "migrated"),
        (Forbidden("Forbidden: bot was blocked by the user"), Kind.GONE, "blocked"),
        (Forbidden("Forbidden: bot was kicked from the group chat"), Kind.GONE, "kicked"),
        (Forbidden("Forbidden: user is deactivated"), Kind.GONE, "deactivated"),
        (Forbidden("Forbidden: bot can't initiate conversation with a user"), Kind.GONE, "not_started"),
        (BadRequest("Chat not found"), Kind.GONE, "chat_not_found"),
        (BadRequest("Can't parse entities"), Kind.FAILED, "bad_request: Can't parse entities"),
        (TimedOut(), Kind.RETRY, "network: Timed out"),
        (NetworkError("Bad Gateway"), Kind.RETRY, "network: Bad Gateway"),
        (ValueError("oops"), Kind.FAILED, "error: ValueError: oops"),
    ],
)
def test_classify(error: BaseException, kind: Kind, reason: str) -> None:
    outcome = classify(error)
    assert (outcome.kind, outcome.reason) == (kind, reason)


def test_reason_tags() -> None:
    assert tag_of("network: Timed out") == "network"
    assert tag_of("flood control: retry_after 3") == "flood"
    assert tag_of("blocked") == "blocked" and tag_of("") == "error"


@pytest.mark.parametrize(
    "data",
    [
        {"paid_per_second": 0},
        {"allow_paid_broadcast": 1},
        {"max_in_flight": 0},
        {"lease_seconds": "60"},
        {"speed": 3},
    ],
)
def test_bad_broadcast_settings_name_the_key(data: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match=r"\[broadcast\]"):
        BroadcastSettings.from_mapping(data)


@pytest.mark.parametrize(
    ("status", "data", "kind", "reason"),
    [
        (429, {"description": "Too Many Requests", "parameters": {"retry_after": 3}}, Kind.WAIT,
         "retry_after 3"),
        (400, {"description": "Bad Request: group chat was upgraded to a supergroup chat",
               "parameters": {"migrate_to_chat_id": -1001}}, Kind.MIGRATED, "migrated"),
        (403, {"description": "Forbidden: bot was blocked by the user"}, Kind.GONE, "blocked"),
        (400, {"description": "Bad Request: chat not found"}, Kind.GONE, "chat_not_found"),
        (400, {"description": "Bad Request: message is too long"}, Kind.FAILED,
         "bad_request: Message is too long"),
        (502, {"description": "Bad Gateway"}, Kind.RETRY, "network: Bad Gateway"),
        (401, {"description": "Unauthorized"}, Kind.FAILED, "telegram: Unauthorized"),
    ],
)  # fmt: skip
def test_send_client_errors_read_like_python_telegram_bots(
    status: int, data: dict[str, object], kind: Kind, reason: str
) -> None:
    outcome = classify(error_from(status, data))
    assert (outcome.kind, outcome.reason) == (kind, reason)


@pytest.mark.parametrize(
    "data",
    [
        {"messages_per_second": 0},
        {"private_burst": 0},
        {"max_retries": -1},
        {"per_chat_interval": "1"},
        {"rate": 3},
    ],
)
def test_bad_sending_settings_name_the_key(data: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match=r"\[sending\]"):
        SendingSettings.from_mapping(data)


def test_what_the_limiter_counts_and_for_which_chat() -> None:
    assert all(
        counted(m) for m in ("sendMessage", "editMessageText", "editMessageReplyMarkup", "copyMessages")
    )
    assert not any(counted(m) for m in ("sendChatAction", "answerCallbackQuery", "getChat", "setMyCommands"))
    assert chat_of({"chat_id": 42}) == 42 and chat_of({"chat_id": "-100123"}) == -100123
    assert chat_of({"chat_id": "@canal"}) == "@canal" and chat_of({"inline_message_id": "x"}) is None

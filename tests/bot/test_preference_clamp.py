"""A reader's stored summary length is clamped to the configured range (a length chosen under an
older configuration must not give a summary shorter than ``min_sentences`` or longer than the max)."""

from __future__ import annotations

import pytest

from storage.repos import users
from tests.bot.conftest import StartBot, said


@pytest.mark.parametrize(("stored", "shown"), [(1, 2), (2, 2), (4, 4), (6, 4)])
async def test_a_stored_length_outside_the_range_is_clamped(
    start_bot: StartBot, stored: int, shown: int
) -> None:
    toml = "[summarizer]\nmin_sentences = 2\nsentences = 3\nmax_sentences = 4\n"
    async with start_bot(toml=toml) as bot:
        reader = bot.fake.user()
        async with bot.services.sessionmaker.begin() as session:  # chosen when the range was 1 to 7
            await users.upsert_user(session, reader["id"], first_name=reader["first_name"])
            await users.set_summary_sentences(session, reader["id"], stored)
        summary = said(await bot.summary_of(reader, "/article/1"))
        assert summary.count("\n• ") == shown

"""What readers paste: links with invisible characters glued to them, and ``/resume`` followed by a text."""

from __future__ import annotations

import pytest

from bot.links import find_in_text, normalize
from storage.models import SummaryRequest
from summarizer import errors
from tests.bot.articles import article_sentences
from tests.bot.conftest import Harness, said
from tests.bot.test_failures import stored

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202c", "\u00ad"]


@pytest.mark.parametrize("mark", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_around_or_inside_a_link_are_dropped(mark: str) -> None:
    assert normalize(f"{mark}https://exemple.fr/a{mark}") == "https://exemple.fr/a"
    assert normalize(f"exemple{mark}.fr/a") == "https://exemple.fr/a"
    assert find_in_text(f"Lisez ça{mark}https://exemple.fr/a{mark} !") == "https://exemple.fr/a"
    assert find_in_text(f"Lisez ça : https://exemple.fr/a{mark}.") == "https://exemple.fr/a"


async def test_a_link_with_a_zero_width_space_is_summarized(bot: Harness) -> None:
    user = bot.fake.user()
    for n, text in enumerate(
        ["{}\u200b", "\u200b{}\u2060", "Regardez\u200b : {}\ufeff.", "/resume {}\u200b"], start=1
    ):
        bot.fake.send_text(user, text.format(bot.site.url(f"/article/{n}")))
        assert said(await bot.reply(user)).count("\n• ") == 3, text
    assert bot.site.hits == {f"/article/{n}": 1 for n in range(1, 5)}  # never a "…%E2%80%8B" address


async def test_resume_followed_by_a_pasted_text_summarizes_it(bot: Harness) -> None:
    user = bot.fake.user()
    text = "\n".join(article_sentences(3))
    bot.fake.send_text(user, f"/resume {text}")
    reply = said(await bot.reply(user))
    assert reply.startswith("Résumé du texte") and reply.count("\n• ") == 3
    assert bot.site.hits == {}
    async with bot.services.sessionmaker() as session:
        request = await session.get(SummaryRequest, 1)
    assert request is not None and not request.url and request.outcome == "ok"  # the text is not kept


async def test_resume_followed_by_a_short_text_or_a_bad_link(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/resume Trop court pour un résumé.")
    assert (await bot.reply(user)).text == errors.TextTooShort.user_message
    bot.fake.send_text(user, "/resume pas-un-lien")
    assert (await bot.fake.next_message(user)).text == errors.InvalidURL.user_message
    assert await stored(bot) == (0, ["too_short"])

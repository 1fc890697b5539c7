"""The volunteer form's length limits, at their exact boundaries: an answer of exactly the minimum
(or maximum) length is taken, one character less (or more) is refused with the guidance. The limits
are read from the settings, so the tests hold whatever values config.toml gives them."""

from __future__ import annotations

import pytest

from bot import texts
from bot.volunteers.form import Invalid, Step, clean_text
from bot.volunteers.settings import VolunteerSettings

SHIPPED = VolunteerSettings()
CUSTOM = VolunteerSettings(
    experience_min_chars=5, experience_max_chars=40, motivation_min_chars=12, motivation_max_chars=50
)
LIMITS = [
    (settings, step, kind)
    for settings in (SHIPPED, CUSTOM)
    for step, kind in ((Step.EXPERIENCE, "experience"), (Step.MOTIVATION, "motivation"))
]


def answer(length: int) -> str:
    """An answer of exactly ``length`` characters, none of them a space at either end (and no
    beginner's « Je débute », which the experience question takes at any length)."""
    text = ("Le blog du lycée. " * 200)[:length]
    return text[:-1] + "!" if text.endswith(" ") else text


@pytest.mark.parametrize(("settings", "step", "kind"), LIMITS)
def test_the_minimum_length_is_accepted_one_less_is_refused(
    settings: VolunteerSettings, step: Step, kind: str
) -> None:
    low = getattr(settings, f"{kind}_min_chars")
    assert clean_text(step, answer(low), settings) == answer(low)
    assert clean_text(step, f"  {answer(low)}\n", settings) == answer(low)  # spaces around do not count
    with pytest.raises(Invalid) as refused:
        clean_text(step, answer(low - 1), settings)
    assert str(refused.value) == texts.too_short(low, low - 1)
    with pytest.raises(Invalid):
        clean_text(step, f"  {answer(low - 1)}  ", settings)


@pytest.mark.parametrize(("settings", "step", "kind"), LIMITS)
def test_the_maximum_length_is_accepted_one_more_is_refused(
    settings: VolunteerSettings, step: Step, kind: str
) -> None:
    high = getattr(settings, f"{kind}_max_chars")
    assert clean_text(step, answer(high), settings) == answer(high)
    with pytest.raises(Invalid) as refused:
        clean_text(step, answer(high + 1), settings)
    assert str(refused.value) == texts.too_long(high, high + 1)

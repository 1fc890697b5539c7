"""bot.render: Telegram HTML that always parses and always fits, whatever the article contains."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render import MAX_MESSAGE, SummaryView, render_summary, utf16_len
from tests.telegram_fake.html_parse import parse_html


def test_layout_title_sentences_site_and_reading_time() -> None:
    view = SummaryView(
        title="Le <vrai> « prix » de l'eau & du gaz",
        sentences=["Première phrase.", "Deuxième   phrase\navec un saut."],
        url="https://www.exemple.fr/article?id=1",
        reading_minutes=4,
    )
    html = render_summary(view)
    text, entities = parse_html(html)
    assert text == (
        "Le <vrai> « prix » de l'eau & du gaz\n\n"
        "• Première phrase.\n• Deuxième phrase avec un saut.\n\n"
        "exemple.fr · 4 min de lecture"
    )
    assert [e["type"] for e in entities] == ["bold", "italic"]
    assert "&lt;vrai&gt;" in html and "&amp;" in html


def test_pasted_text_has_a_title_and_word_count() -> None:
    text, _ = parse_html(render_summary(SummaryView(sentences=["Une phrase."], words=812)))
    assert text.startswith("Résumé du texte\n\n• Une phrase.")
    assert text.endswith("texte de 812 mots")


def test_site_name_wins_over_host() -> None:
    html = render_summary(SummaryView(sentences=["A."], url="https://x.fr/a", site="Le Site <&>"))
    assert parse_html(html)[0].endswith("Le Site <&>")


def test_long_summary_drops_whole_sentences() -> None:
    sentences = [f"Phrase numéro {i} " + "bla & bla < " * 60 for i in range(20)]
    html = render_summary(SummaryView(title="T", sentences=sentences, url="https://x.fr"))
    assert utf16_len(html) <= MAX_MESSAGE
    text, _ = parse_html(html)
    kept = [line for line in text.split("\n") if line.startswith("• ")]
    assert 1 <= len(kept) < 20
    assert all(line.endswith("<") for line in kept)  # whole sentences only
    assert text.endswith("x.fr")


def test_single_giant_sentence_is_cut_without_breaking_entities() -> None:
    html = render_summary(SummaryView(title="&" * 1000, sentences=["&" * 5000], url="https://x.fr"))
    assert utf16_len(html) <= MAX_MESSAGE
    text, _ = parse_html(html)
    title, body, footer = text.split("\n\n")
    assert title.endswith("…") and set(title[:-1]) == {"&"}
    assert body.startswith("• &") and body.endswith("…")
    assert footer == "x.fr"


@settings(max_examples=60, deadline=None)
@given(
    title=st.one_of(st.none(), st.text(max_size=600)),
    sentences=st.lists(st.text(min_size=1, max_size=1500), max_size=9),
    site=st.one_of(st.none(), st.text(max_size=100)),
    minutes=st.one_of(st.none(), st.integers(1, 300)),
)
def test_any_content_parses_and_fits(
    title: str | None, sentences: list[str], site: str | None, minutes: int | None
) -> None:
    html = render_summary(SummaryView(title=title, sentences=sentences, site=site, reading_minutes=minutes))
    assert utf16_len(html) <= MAX_MESSAGE
    parse_html(html)  # raises like Telegram would on a broken tag or entity

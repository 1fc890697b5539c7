"""Language detection from the text itself (stop words and scripts, no downloaded data)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.language import detect_language

SAMPLES = {
    "fr": "Le conseil municipal a adopté lundi soir le budget participatif, qui consacrera un million "
    "d’euros aux projets proposés par les habitants. Les propositions seront déposées avant la fin du mois.",
    "en": "The city council approved the participatory budget on Monday evening, which will devote one "
    "million euros to projects proposed by the residents. Proposals must be filed by the end of the month.",
    "de": "Der Stadtrat hat am Montagabend den Bürgerhaushalt beschlossen, der eine Million Euro für die "
    "Projekte der Einwohner vorsieht. Die Vorschläge müssen bis zum Ende des Monats eingereicht werden.",
    "es": "El ayuntamiento aprobó el lunes por la noche el presupuesto participativo, que dedicará "
    "un millón de euros a los proyectos propuestos por los vecinos.",
    "it": "Il consiglio comunale ha approvato lunedì sera il bilancio partecipativo, che dedicherà "
    "un milione di euro ai progetti proposti dagli abitanti.",
    "pt": "A câmara municipal aprovou na segunda-feira o orçamento participativo, que vai dedicar um milhão "
    "de euros aos projetos propostos pelos moradores. As propostas devem ser entregues até ao fim do mês.",
    "ru": "Городской совет в понедельник утвердил бюджет участия, "
    "который направит миллион евро на проекты жителей.",
    "uk": "Міська рада в понеділок ухвалила бюджет участі, який спрямує мільйон євро на проєкти мешканців.",
    "ja": "市議会は月曜日の夜、住民が提案したプロジェクトに百万ユーロを充てる参加型予算を承認した。",
    "ko": "시의회는 월요일 저녁 주민들이 제안한 사업에 백만 유로를 배정하는 참여 예산을 승인했다.",
    "zh": "市议会周一晚上批准了参与式预算，将拨款一百万欧元用于居民提出的项目。",
    "ar": "وافق مجلس المدينة مساء الاثنين على الميزانية التشاركية التي ستخصص مليون يورو لمشاريع السكان.",
}


@pytest.mark.parametrize(("language", "text"), SAMPLES.items())
def test_detects_common_languages(language: str, text: str) -> None:
    assert detect_language(text) == language


def test_french_article_quoting_english_stays_french() -> None:
    text = SAMPLES["fr"] + " « We will see », a-t-il lâché en anglais devant les journalistes du quartier."
    assert detect_language(text) == "fr"


@pytest.mark.parametrize(
    "text", ["", "   ", "Bonjour", "12 345 678 — 2024", "https://example.org/a/b?c=d", "OK OK OK"]
)
def test_too_little_evidence_gives_none(text: str) -> None:
    assert detect_language(text) is None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes_and_returns_a_code_or_none(text: str) -> None:
    result = detect_language(text)
    assert result is None or (result.isalpha() and result.islower() and len(result) == 2)

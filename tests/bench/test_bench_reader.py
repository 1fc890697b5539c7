"""The reader benchmark end to end on a page written for the purpose (no ../shared needed)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bench.bench_reader import main

BODY = [
    "Le conseil municipal de Lyon a voté lundi la fermeture du pont Wilson aux voitures dès le 1er mars.",
    "La décision a été prise par 41 voix contre 22, après trois heures de débat animé.",
    "Le maire estime que la mesure réduira la pollution de 15 % dans le quartier de la Guillotière.",
    "Les commerçants du quartier craignent une baisse de leur chiffre d'affaires pendant les travaux.",
    "Une consultation des riverains sera organisée au printemps pour aménager les berges du Rhône.",
    "Les bus et les vélos pourront toujours emprunter le pont, qui sera réaménagé d'ici à l'été prochain.",
]
PAGE = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Lyon ferme le pont Wilson aux voitures</title></head><body>
<nav><ul><li>Accueil</li><li>Politique</li><li>Se connecter</li></ul></nav>
<div class="cookies">Nous utilisons des cookies pour vous proposer une meilleure expérience sur ce site.</div>
<article><h1>Lyon ferme le pont Wilson aux voitures</h1>
{"".join(f"<p>{sentence}</p>" for sentence in BODY)}
</article>
<footer>Abonnez-vous à notre newsletter pour recevoir toute l'actualité de Lyon chaque matin.</footer>
</body></html>"""
FACTS = """
[[page]]
id = "fr-test-pont"
title = "Lyon ferme le pont Wilson aux voitures"
boilerplate = ['se connecter']
facts = [
  { what = "le pont Wilson fermé aux voitures", re = 'fermeture du pont wilson' },
  { what = "bus et vélos passeront toujours", re = 'bus et les velos' },
]
"""


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    data = tmp_path / "shared" / "eval" / "extraction"
    (data / "pages").mkdir(parents=True)
    (data / "pages" / "fr-test-pont.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    records = [
        {
            "id": "fr-test-pont",
            "split": "fr",
            "url": "https://lyon.example/pont",
            "title": "Lyon ferme le pont Wilson",
        },
        {"id": "en-other", "split": "other", "url": "https://x.example/", "title": "Other"},
    ]
    records[0]["text"] = "\n".join(BODY)
    (data / "truth.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (tmp_path / "facts.toml").write_text(FACTS, encoding="utf-8")
    return tmp_path


def test_without_the_shared_data_it_says_so_and_skips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--shared", str(tmp_path)]) == 0
    assert "skipped" in capsys.readouterr().out


def test_pages_and_pastes_are_summarized_and_judged(shared: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = shared / "out.json"
    args = [
        "--shared",
        str(shared / "shared"),
        "--facts",
        str(shared / "facts.toml"),
        "--json",
        str(out),
        "--show",
    ]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "page   product" in printed and "paste  lead three" in printed
    result = json.loads(out.read_text(encoding="utf-8"))
    runs = {(r["mode"], r["system"]): r for r in result["runs"]}
    assert set(runs) == {(m, s) for m in ("page", "paste") for s in ("product", "first three", "lead three")}
    for run in runs.values():
        assert run["error"] is None and run["sentences"], run
    assert runs["page", "first three"]["sentences"] == BODY[:3]
    assert runs["page", "first three"]["score"]["facts"] == [True, False]
    # the pasted copy starts with the menu and the cookie notice, which a summary must not keep
    assert runs["paste", "first three"]["sentences"][:3] == ["Accueil", "Politique", "Se connecter"]
    assert runs["paste", "first three"]["score"]["boilerplate"] == [[2, "click/UI"]]
    assert runs["paste", "lead three"]["sentences"][0].startswith("Nous utilisons des cookies")
    assert runs["paste", "lead three"]["score"]["boilerplate"] == [[0, "cookies"]]
    assert result["totals"]["page   first three"]["facts_total"] == 2


def test_a_page_without_annotation_is_an_error(shared: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (shared / "facts.toml").write_text(FACTS.replace("fr-test-pont", "fr-autre"), encoding="utf-8")
    assert main(["--shared", str(shared / "shared"), "--facts", str(shared / "facts.toml")]) == 1
    assert "fr-test-pont" in capsys.readouterr().out

"""What a whole-page copy pastes (bench/visible_text.py), on small pages written for the purpose."""

from __future__ import annotations

from bench.visible_text import visible_text

PAGE = """<!doctype html>
<html><head><title>Titre de l'onglet</title><style>p { color: red }</style>
<script>var tracker = "ne pas copier";</script></head>
<body>
<nav><ul><li>Accueil</li><li>Politique</li></ul></nav>
<!-- un commentaire -->
<h1>Le conseil vote la fin des trottinettes</h1>
<p>Le conseil a voté <b>lundi</b> la fin des
   trottinettes en <a href="/x">libre-service</a>.</p>
<p>Première ligne<br>deuxième ligne</p>
<noscript>Activez JavaScript</noscript>
<template><p>Modèle caché</p></template>
<svg><text>Logo</text></svg>
<div hidden>Fenêtre cachée</div>
<div style="display: none">Autre fenêtre cachée</div>
<div style="color: blue">Bandeau visible</div>
<table><tr><td>Case A</td><td>Case B</td></tr></table>
<footer>© 2020 Le Journal</footer>
</body></html>"""


def test_a_whole_page_copy() -> None:
    assert visible_text(PAGE).split("\n") == [
        "Accueil",
        "Politique",
        "Le conseil vote la fin des trottinettes",
        "Le conseil a voté lundi la fin des trottinettes en libre-service.",
        "Première ligne",
        "deuxième ligne",
        "Bandeau visible",
        "Case A",
        "Case B",
        "© 2020 Le Journal",
    ]


def test_deep_pages_pre_and_fragments() -> None:
    deep = "<div>" * 100 + "Au <span>" * 100 + "fond" + "</span>" * 100 + "</div>" * 100
    assert visible_text(deep) == "Au " * 100 + "fond"
    assert visible_text("<pre>ligne 1\nligne 2</pre><p>fin</p>") == "ligne 1\nligne 2\nfin"
    assert visible_text("<p>Sans <i>corps</i> ni tête</p>") == "Sans corps ni tête"
    assert visible_text("<body></body>") == ""

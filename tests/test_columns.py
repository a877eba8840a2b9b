"""Table columns sized by what they hold, read from the text of each line of the PDF.

The figures and actors tables are laid out at A4, Letter and both handout pages, in English, French
and German: no date, number or word of a cell is split across lines (a word is one that fits its
column), a typed no-break space never breaks, and a column that holds little is narrow.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import norm

from briefing.dates import parse_date
from briefing.labels import labels_for
from briefing.pipeline import check, render
from briefing.quantity import PlainNumber
from briefing.theme import load_theme

LABELS = {
    "en": ["Displaced people registered in the central regions", "Attacks claimed on the army",
           "Schools closed within 15\u202fkm of the front", "Share of communes without a mayor", "Fighters estimated"],
    "fr": ["Personnes déplacées enregistrées dans les régions du centre", "Attaques revendiquées contre l’armée",
           "Écoles fermées à moins de 15\u202fkm du front", "Part des communes sans maire", "Combattants estimés"],
    "de": ["Registrierte Binnenvertriebene in den zentralen Regionen", "Angriffe gegen die Streitkräfte",
           "Geschlossene Schulen im Umkreis von 15\u202fkm", "Anteil der Gemeinden ohne Bürgermeister",
           "Geschätzte Kämpfer"],
}
VALUES = [12500, "1\u00a0/\u00a0500", "27 %", 8400, "3\u202f000+"]
BASES = ["official", "claimed", "reported", "estimated", "claimed"]
TRENDS = ["up", None, "down", "flat", None]
DATES = ["2023-03", "2024-11", "2025-02", "2022-09", "2025-10"]
ACTORS = {"en": ("Economic Community of West African States", "suspended membership"),
          "fr": ("Communauté économique des États de l’Afrique de l’Ouest", "suspension des membres"),
          "de": ("Wirtschaftsgemeinschaft westafrikanischer Staaten", "Mitgliedschaft ausgesetzt")}


def _doc(lang: str) -> dict:
    name, position = ACTORS[lang]
    return {
        "title": "Columns", "language": lang,
        "figures": [{"value": v, "label": f"{label} R{i}", "as_of": d, "basis": basis,
                     **({"trend": t} if t else {}), **({"note": "JNIM"} if basis == "claimed" else {})}
                    for i, (v, label, d, basis, t) in enumerate(zip(VALUES, LABELS[lang], DATES, BASES, TRENDS,
                                                                    strict=True))],
        "actors": [{"name": name, "position": position, "summary": LABELS[lang][0] + "."},
                   {"name": "Wagner", "position": position, "summary": LABELS[lang][1] + "."}],
    }


PAPERS = [("a4", False), ("letter", False), ("a4", True), ("letter", True)]
CASES = [pytest.param(lang, p, h, id=f"{lang}-{p}{'-handout' if h else ''}") for lang in ("en", "fr", "de")
         for p, h in PAPERS]


@cache
def _lines(tmp: Path, lang: str, paper: str, handout: bool) -> list[str]:
    import pypdfium2

    src = tmp / f"columns-{lang}.yaml"
    src.write_text(yaml.safe_dump(_doc(lang), sort_keys=False, allow_unicode=True), encoding="utf-8")
    b, problems = check(str(src))
    assert b is not None and not problems, problems
    theme = load_theme("default", paper)
    theme = theme.for_handout() if handout else theme
    pdf = pypdfium2.PdfDocument(render(b, theme, tags=False))
    try:
        return [_plain(x) for i in range(len(pdf)) for x in pdf[i].get_textpage().get_text_range().splitlines()]
    finally:
        pdf.close()


def _plain(s: str) -> str:
    return norm(s.replace("\u00a0", " ").replace("\u202f", " "))


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("columns")


def _tokens(lang: str) -> list[str]:
    """Every date, number and word the tables print, each as it must appear: whole, on one line."""
    words = labels_for(lang)
    out = [words.date(parse_date(d)) for d in DATES]
    out += [words.value(PlainNumber(f"{v:,}") if isinstance(v, int) else v) for v in VALUES]
    out += [w for b in BASES for w in words.word(f"basis_{b}").split(" ")]
    out += [w for t in TRENDS if t for w in words.word(f"trend_{t}").split(" ")]
    out += [w for label in LABELS[lang] for w in label.split()]
    out += [w for x in ACTORS[lang] for w in x.split()]
    return [_plain(t) for t in out]


@pytest.mark.parametrize(("lang", "paper", "handout"), CASES)
def test_no_date_number_or_word_is_split_in_a_table_cell(tmp, lang, paper, handout):
    lines = _lines(tmp, lang, paper, handout)
    text = "\n".join(lines)
    missing = [t for t in _tokens(lang) if t not in text]
    assert missing == [], missing


@pytest.mark.parametrize(("lang", "paper", "handout"), CASES)
def test_a_short_cell_stays_on_one_line(tmp, lang, paper, handout):
    """A basis or a trend, a few words, is not broken between them while the text column has room to give."""
    words = labels_for(lang)
    text = "\n".join(_lines(tmp, lang, paper, handout))
    phrases = {words.word(f"basis_{b}") for b in BASES} | {words.word(f"trend_{t}") for t in TRENDS if t}
    assert [p for p in phrases if _plain(p) not in text] == []


LONG = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_word_wider_than_its_column_breaks_where_the_language_hyphenates_it(tmp_path, paper):
    """(On a handout page: the word is wider than the table's first column can be.)"""
    import pypdfium2
    import pyphen

    doc = {"title": "Hyphens", "language": "de",
           "actors": [{"name": LONG, "position": "x", "summary": " ".join(["Zusammenfassung"] * 30) + "."}]}
    src = tmp_path / "long.yaml"
    src.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    b, problems = check(str(src))
    assert b is not None and not problems
    theme = load_theme("default", paper).for_handout()
    pdf = pypdfium2.PdfDocument(render(b, theme, tags=False))
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    # pdfium reads a word hyphenated at a line's end as its pieces joined by U+FFFE
    found = re.search("\ufffe?".join(re.escape(c) for c in LONG), text)
    assert found is not None
    parts = found[0].split("\ufffe")
    assert len(parts) > 1  # (the word is wider than its column)
    ends = [len("".join(parts[:k])) for k in range(1, len(parts))]
    assert set(ends) <= set(pyphen.Pyphen(lang="de_DE").positions(LONG)), (parts, ends)


def test_a_basis_squeezed_by_a_wide_number_is_hyphenated_not_cut(tmp_path):
    """Where a long number leaves the basis and trend columns too narrow for their words, each word breaks
    where the language hyphenates it, with a hyphen, as a label's would (never cut between letters)."""
    import io

    import pyphen
    from pypdf import PdfReader

    doc = {"title": "T", "figures": [
        {"value": 12345678901234567890, "label": "Huge", "trend": "up", "as_of": "2024-09-15"},
        {"value": 5, "label": "Small", "basis": "estimated", "trend": "down", "source": "s"}],
        "sources": [{"id": "s", "title": "S"}]}
    src = tmp_path / "n.yaml"
    src.write_text(yaml.safe_dump(doc), encoding="utf-8")
    b, problems = check(str(src))
    assert b is not None, problems
    page = PdfReader(io.BytesIO(render(b, load_theme().for_handout(), tags=False))).pages[0]
    lines = [_plain(x) for x in page.extract_text().splitlines()]  # (pypdf: a cell's lines, one by one)
    words = labels_for("en")
    allowed = pyphen.Pyphen(lang="en")
    for word in (words.word("basis_estimated"), words.word("trend_down"), words.word("trend_up")):
        pieces = [x for x in lines if x and x != word and (word.startswith(x.rstrip("-")) or word.endswith(x))]
        for head in (x for x in pieces if word.startswith(x.rstrip("-")) and not word.endswith(x)):
            assert head.endswith("-") and len(head) - 1 in allowed.positions(word), (word, lines)

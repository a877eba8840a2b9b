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
from briefing.richtext import plain
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


# The Sahel fixture: nine French figures (short values, "environ 1 500", a long text value with numbers
# in it, every basis and trend) and five actors, in both styles, on both papers and both handout pages
SAHEL = Path(__file__).parent / "briefings" / "sahel-fr.yaml"
LAYOUTS = [pytest.param(style, paper, handout, id=f"{style}-{paper}{'-handout' if handout else ''}")
           for style in ("default", "print") for paper in ("a4", "letter") for handout in (False, True)]


@cache
def _sahel() -> tuple:
    b, problems = check(str(SAHEL))
    assert b is not None and not problems, problems
    return b


@cache
def _sahel_text(style: str, paper: str, handout: bool) -> str:
    """The PDF's text as pdfium reads it: a line break between two lines of a cell, U+FFFE where a word is
    hyphenated at a line's end; no-break spaces as plain ones."""
    import pypdfium2

    theme = load_theme(style, paper)
    pdf = pypdfium2.PdfDocument(render(_sahel(), theme.for_handout() if handout else theme, tags=False))
    try:
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return text.replace("\r\n", "\n").replace("\u00a0", " ").replace("\u202f", " ")


def _typed(s: str) -> str:
    """Text as the PDF prints it: typographic apostrophes, no-break spaces as plain ones."""
    return s.replace("'", "\u2019").replace("\u00a0", " ").replace("\u202f", " ")


NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*")


def _sahel_tokens() -> list[str]:
    """What no cell of the figures and actors tables may split across lines: each date, short value (it is
    one piece), number, basis, trend and word."""
    b = _sahel()
    words = labels_for(b.language)
    out = []
    for f in b.figures:
        value = words.value(f.value)
        out += [value] if len(value) <= 16 else NUMBER.findall(value)
        out += [words.date(f.as_of)] if f.as_of else []
        out += [words.word(f"basis_{f.basis}")] if f.basis else []
        out += [words.word(f"trend_{f.trend}")] if f.trend else []
        out += f.label.split() + (f.note or "").split()
    for a in b.actors:
        out += a.name.split() + (a.position or "").split()
        out += [w for w in plain(a.summary).split() if not w.startswith("[")]
    return [_typed(t) for t in out]


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_no_date_number_basis_trend_or_word_of_the_sahel_tables_is_split(style, paper, handout):
    """In every cell: the digit groups of "10 000" on one line, "en hausse" and "janv. 2025" on one line, no
    label or basis hyphenated ("dépla-cées", "rappor-té"): every column is at least as wide as what it holds
    needs on one line."""
    text = _sahel_text(style, paper, handout)
    assert [t for t in _sahel_tokens() if t not in text] == []


def _lines_of(text: str, phrase: str, after: str) -> int:
    """How many lines `phrase` (a label, a summary) takes in `text` past the first line that starts with
    `after` (a table's first header, so that page 1's strip is passed): its words in order, any line breaks
    between them."""
    words = _typed(phrase).split()
    start = re.search(f"^{re.escape(after)}", text, re.M)
    assert start is not None, after
    found = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text, start.end())
    assert found is not None, phrase
    return found[0].count("\n") + 1


# A decent text column: on a half page the layout gives the label column at least some 22 characters (a third
# of the table), so the longest label (72 characters) takes four lines; on a whole page three
LABEL_LINES = {False: 3, True: 4}


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_the_label_column_of_the_sahel_figures_is_wide_enough_to_read(style, paper, handout):
    text = _sahel_text(style, paper, handout)
    head = labels_for("fr").word("col_value")
    lines = {f.label: _lines_of(text, f.label, head) for f in _sahel().figures}
    assert max(lines.values()) <= LABEL_LINES[handout], lines


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_the_summary_column_of_the_sahel_actors_is_wide_enough_to_read(style, paper, handout):
    """A summary (some 125 characters) in a column a third of the table or more: five lines at most."""
    text = _sahel_text(style, paper, handout)
    head = labels_for("fr").word("col_actor")
    lines = {a.name: _lines_of(text, plain(a.summary).split(" [")[0], head) for a in _sahel().actors}
    assert max(lines.values()) <= 5, lines

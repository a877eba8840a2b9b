"""Table columns sized by what they hold, read from the text of each line of the PDF.

The figures and actors tables are laid out at A4, Letter and both handout pages, in English, French
and German: no date, number or word of a cell is split across lines (a word is one that fits its
column), a typed no-break space never breaks, and a column that holds little is narrow. The Sahel
fixture (tests/briefings/sahel-fr.yaml) is laid out in both styles too: its label and summary columns
keep a width to read, its short columns stack on a half page rather than squeeze the label, and its
values are set smaller only where nothing else gives.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, norm

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
    theme = load_theme().for_handout()
    top, right, bottom, left = theme.margins  # (a column of some 220 points: even stacked, basis and trend give)
    narrow = replace(theme, margins=(top, right + 60, bottom, left + 60))
    page = PdfReader(io.BytesIO(render(b, narrow, tags=False))).pages[0]
    lines = [_plain(x) for x in page.extract_text().splitlines()]  # (pypdf: a cell's lines, one by one)
    words = labels_for("en")
    allowed = pyphen.Pyphen(lang="en")
    broken = 0
    for word in (words.word("basis_estimated"), words.word("trend_down"), words.word("trend_up")):
        pieces = [x for x in lines if x and x != word and (word.startswith(x.rstrip("-")) or word.endswith(x))]
        broken += bool(pieces)
        for head in (x for x in pieces if word.startswith(x.rstrip("-")) and not word.endswith(x)):
            assert head.endswith("-") and len(head) - 1 in allowed.positions(word), (word, lines)
    assert broken  # (the squeeze is real: some word is broken)


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


def _theme(style: str, paper: str, handout: bool):
    theme = load_theme(style, paper)
    return theme.for_handout() if handout else theme


@cache
def _sahel_pdf(style: str, paper: str, handout: bool) -> bytes:
    return render(_sahel(), _theme(style, paper, handout), tags=False)


@cache
def _sahel_text(style: str, paper: str, handout: bool) -> str:
    return _read(_sahel_pdf(style, paper, handout))


def _read(pdf: bytes) -> str:
    """The PDF's text as pdfium reads it: a line break between two lines of a cell, U+FFFE where a word is
    hyphenated at a line's end; no-break spaces as plain ones."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
    return text.replace("\r\n", "\n").replace("\u00a0", " ").replace("\u202f", " ")


def _typed(s: str) -> str:
    """Text as the PDF prints it: typographic apostrophes, no-break spaces as plain ones."""
    return s.replace("'", "\u2019").replace("\u00a0", " ").replace("\u202f", " ")


NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*")


def _sahel_tokens() -> list[str]:
    """What no cell of the figures and actors tables may split across lines: each date, short value (it is
    one piece), number, basis, trend and word."""
    b = _sahel()
    out = []
    for f in b.figures:
        out += f.label.split() + (f.note or "").split()
    for a in b.actors:
        out += a.name.split() + (a.position or "").split()
        out += [w for w in plain(a.summary).split() if not w.startswith("[")]
    return _figure_tokens(labels_for(b.language), b) + [_typed(t) for t in out]


def _figure_tokens(words, b) -> list[str]:
    """What no cell of a briefing's figures table may split across lines: each short value (it is one
    piece), the numbers of a value written as a phrase, each date, basis and trend."""
    out = []
    for f in b.figures:
        value = words.value(f.value)
        out += [value] if len(value) <= 16 else NUMBER.findall(value)
        out += [words.date(f.as_of)] if f.as_of else []
        out += [words.word(f"basis_{f.basis}")] if f.basis else []
        out += [words.word(f"trend_{f.trend}")] if f.trend else []
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


@cache
def _sahel_boxes(style: str, paper: str, handout: bool, *phrases: str) -> list[tuple[float, float, float]]:
    """For each phrase, where the figures table prints it first (past its header, so not in the prose or
    page 1's strip): its first character's left edge and bottom, and its size, in points."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    head = labels_for("fr").word("col_value")
    pdf = pypdfium2.PdfDocument(_sahel_pdf(style, paper, handout))
    try:
        pages = [pdf[i].get_textpage() for i in range(len(pdf))]
        first = next(i for i, page in enumerate(pages) if page.search(head, match_case=True).get_next())
        start = pages[first].search(head, match_case=True).get_next()[0]
        out = []
        for phrase in phrases:
            found = None
            for i in range(first, len(pdf)):
                at = pages[i].search(phrase, match_case=True)
                while found is None and (m := at.get_next()) is not None:
                    if i > first or m[0] > start:
                        left, bottom, _, _ = pages[i].get_charbox(m[0])
                        found = (left, bottom, pdfium.FPDFText_GetFontSize(pages[i].raw, m[0]))
                if found is not None:
                    break
            assert found is not None, phrase
            out.append(found)
        return out
    finally:
        pdf.close()


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_the_short_columns_are_stacked_only_where_the_label_needs_the_room(style, paper, handout):
    """On a whole page: date, basis and trend side by side. On a half page (the label would keep less than
    its decent width): one column, the date over the basis over the trend, each on its line. (Letters with no
    descender: their boxes share a bottom on a line.)"""
    words = labels_for("fr")
    (dx, dy, _), (bx, by, _), (tx, ty, _) = _sahel_boxes(style, paper, handout, "uin 2025",
                                                         words.word("basis_estimated"), words.word("trend_up"))
    if handout:
        assert abs(bx - tx) < 1 and dx <= bx < dx + 20 and dy > by > ty
    else:
        assert dx + 40 < bx < tx - 40 and abs(dy - by) < 2 and abs(by - ty) < 2


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_a_value_is_set_smaller_only_when_the_label_has_no_room_left_to_give(style, paper, handout):
    """'environ 1 500', the widest value, at the value's size, unless the label column is already down to its
    decent width (11 ems of its type, and its padding): then smaller, as much as the rest needs."""
    theme = _theme(style, paper, handout)
    (vx, _, size), (lx, _, _), (dx, _, _) = _sahel_boxes(style, paper, handout, "environ 1", "Écoles fermées",
                                                        "janv. 2025")
    label = dx - lx
    if size < theme.sizes["figure_value"] - 0.01:
        assert label <= 11 * theme.sizes["body"] + 8 + 1, (size, label)
    assert size >= 0.6 * theme.sizes["figure_value"]


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_a_value_written_as_a_phrase_is_set_smaller_rather_than_run_past_four_lines(style, paper, handout):
    """The long text value: never smaller than small text, and past four lines only at that size."""
    theme = _theme(style, paper, handout)
    value = next(f for f in _sahel().figures if len(f.value) > 16).value
    lines = _lines_of(_sahel_text(style, paper, handout), value, labels_for("fr").word("col_value"))
    ((_, _, size),) = _sahel_boxes(style, paper, handout, value.split(" 000")[0])
    assert size >= theme.sizes["small"] - 0.01
    assert lines <= 4 or abs(size - theme.sizes["small"]) < 0.01, (lines, size)


@pytest.mark.parametrize("handout", [False, True])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_number_written_with_spaces_between_its_digit_groups_never_breaks_in_a_table(tmp_path, handout, language):
    """'10 000' as typed (plain spaces, as French writes it, and as an English text may in SI style) in a
    label, a value written as a phrase and an actor's position: lines break between numbers, never inside one."""
    import pypdfium2

    many = " ".join(f"{n} 000" for n in range(10, 70))
    doc = {"title": "Numbers", "language": language,
           "figures": [{"value": "entre 10 000 et 20 000 morts, 30 000 blessés, 40 000 déplacés, 50 000 réfugiés",
                        "label": many, "trend": "up"}, {"value": 5, "label": "Coups"}],
           "actors": [{"name": "Mali", "position": many, "summary": "Texte."}]}
    src = tmp_path / "numbers.yaml"
    src.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    b, problems = check(str(src))
    assert b is not None and not problems, problems
    pdf = pypdfium2.PdfDocument(render(b, _theme("default", "a4", handout), tags=False))
    try:
        text = _plain("\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).replace("\n", "|"))
    finally:
        pdf.close()
    lines = text.split("|")
    assert len([x for x in lines if x.strip()]) > 10  # (the label and the position run over many lines)
    numbers = [f"{n} 000" for n in range(10, 70)]
    assert [n for n in numbers if text.count(n) < 2] == []  # (in the label and the position, each whole)
    assert [n for n in ("10 000", "20 000", "30 000", "40 000", "50 000") if text.count(n) < 3] == []


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_word_wider_than_a_big_number_s_card_is_hyphenated_not_cut(tmp_path, paper):
    """Page 1's cards on a half page: 'Binnenvertriebene' is wider than a card; it breaks where German
    hyphenates it, with a hyphen, never between any two letters."""
    import pypdfium2
    import pyphen

    src = tmp_path / "strip.yaml"
    src.write_text(yaml.safe_dump(_doc("de"), allow_unicode=True), encoding="utf-8")
    b, problems = check(str(src))
    assert b is not None and not problems, problems
    pdf = pypdfium2.PdfDocument(render(b, _theme("default", paper, True), tags=False))
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    strip = text[:text.index(labels_for("de").word("col_value"))]
    allowed = pyphen.Pyphen(lang="de_DE")
    for word in (w for label in LABELS["de"][:4] for w in label.split()):  # (the first four: page 1's cards)
        found = re.search("(?:\ufffe|\\s+)?".join(re.escape(c) for c in word), strip)
        assert found is not None, (word, strip)
        parts = re.split("\ufffe|\\s+", found[0])
        ends = [len("".join(parts[:k])) for k in range(1, len(parts))]
        assert set(ends) <= set(allowed.positions(word)), (word, parts)


@pytest.mark.parametrize(("paper", "handout"), PAPERS)
def test_a_long_actor_name_wraps_within_a_quarter_of_the_table(tmp, paper, handout):
    """'Economic Community of West African States' wraps rather than take the room of the position and the
    summary; 'Wagner' keeps its line."""
    import pypdfium2

    theme = _theme("default", paper, handout)
    top, right, bottom, left = theme.margins
    width = theme.page[0] - left - right
    _lines(tmp, "en", paper, handout)  # (writes the briefing)
    b, _ = check(str(tmp / "columns-en.yaml"))
    pdf = pypdfium2.PdfDocument(render(b, theme, tags=False))
    try:
        page = next(p for p in (pdf[i].get_textpage() for i in range(len(pdf)))
                    if p.search("ACTOR", match_case=True).get_next())
        name = page.get_charbox(page.search("Economic", match_case=True).get_next()[0])[0]
        position = page.get_charbox(page.search("suspended", match_case=True).get_next()[0])[0]
    finally:
        pdf.close()
    assert 0 < position - name <= width / 4 + 1


# (the right-to-left fixtures' cells read back from pdfium in visual order, glyph by glyph: not as typed)
FIXTURES = [ROOT / "sources" / "afghanistan-resistance",
            *sorted(p for p in (Path(__file__).parent / "briefings").glob("*.yaml") if not p.stem.startswith("rtl-"))]


@cache
def _fixture(src: Path, style: str, paper: str, handout: bool) -> tuple:
    """The briefing's words, the briefing, and its PDF's text as pdfium reads it (see `_read`)."""
    from briefing import labels

    b, problems = check(str(src))
    assert b is not None and not [p for p in problems if not p.warning], problems
    theme = _theme(style, paper, handout)
    return labels.of(b, theme.numerals, theme.labels), b, _read(render(b, theme, tags=False))


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
@pytest.mark.parametrize("src", FIXTURES, ids=lambda p: p.stem)
def test_no_value_date_basis_or_trend_of_any_fixture_is_split(src, style, paper, handout):
    """Every fixture, in both styles, on both papers and both handout pages: each figure's value (or the
    numbers of a value written as a phrase), date, basis and trend is on one line of its cell."""
    words, b, text = _fixture(src, style, paper, handout)
    assert [t for t in _figure_tokens(words, b) if t not in text] == []


@pytest.mark.parametrize(("style", "paper", "handout"), LAYOUTS)
def test_no_value_date_basis_or_trend_of_a_right_to_left_table_is_split(style, paper, handout):
    """The right-to-left fixture's key figures, read from the lines the text engine breaks each cell into
    (pdfium reads these cells back glyph by glyph, in visual order): each figure's date, basis and trend is
    on one line of its cell. (A short value is one piece, drawn on one line at the size that fits it.)"""
    from reportlab.platypus import Table

    from briefing import labels
    from briefing.layout import figures
    from briefing.layout.document import context
    from briefing.pdf import rl
    from briefing.pdf.textpara import TextPara

    b, problems = check(str(Path(__file__).parent / "briefings" / "rtl-mirror-fa-AF.yaml"))
    assert b is not None and b.figures, problems
    theme = _theme(style, paper, handout)
    ctx = context(b, theme)
    assert ctx.rtl
    lines: list[str] = []
    for t in figures.build(b, ctx, 0):
        if not isinstance(t, Table):
            continue
        t.wrap(ctx.width, 1e9)  # (each cell's paragraphs broken at their column's width)
        for row in rl.table_cells(t):
            for cell in row:
                for p in cell if isinstance(cell, list | tuple) else [cell]:
                    for para in [getattr(p, "para", p)]:  # (a marked word: its paragraph inside)
                        if isinstance(para, TextPara) and getattr(para, "_lines", None):
                            text = para.laid.text
                            lines += [norm(text[x.start:x.end]) for x in para._lines]
    assert lines
    words = labels.of(b, theme.numerals, theme.labels)
    values = {norm(_typed(words.value(f.value))) for f in b.figures}
    tokens = [t for t in (norm(_typed(t)) for t in _figure_tokens(words, b)) if t not in values]
    assert tokens and [t for t in tokens if not any(t in x for x in lines)] == [], lines

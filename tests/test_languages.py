"""A briefing in its reader's language, as the reader sees it: CLDR dates and numbers, the digits of the
language's region, its quotation marks and spacing, its calendar, and the author's own words for labels."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import SEED, doc_text

from briefing import pipeline
from briefing.dates import PDate
from briefing.labels import NBSP, labels_for
from briefing.richtext import smart

LATIN = re.compile("[0-9]")
PERSIAN = re.compile("[۰-۹]")
ARABIC = re.compile("[٠-٩]")


def _build(tmp_path: Path, text: str, name: str = "b") -> Path:
    f = tmp_path / f"{name}.yaml"
    f.write_text(text, "utf-8")
    pdf = tmp_path / f"{name}.pdf"
    res = pipeline.build(str(f), str(pdf))
    assert res.ok, res.problems
    return pdf


def _seed(tmp: Path, language: str) -> Path:
    """The seed in `language`, its first key point quoting a word and asking a question."""
    copy = tmp / f"seed-{language}"
    shutil.copytree(SEED, copy)
    meta = copy / "briefing.yaml"
    text = meta.read_text("utf-8")
    assert "**The NRF leads.**" in text
    text = text.replace("**The NRF leads.**", '**The "NRF" leads: does it?**')
    meta.write_text(re.sub(r"(?m)^language: .*$", "", text) + f"\nlanguage: {language}\n", "utf-8")
    pdf = tmp / f"seed-{language}.pdf"
    res = pipeline.build(str(copy), str(pdf))
    assert res.ok, res.problems
    return pdf


def _chars(pdf: Path, page: int = 0) -> tuple[str, list[tuple[float, float, float, float]]]:
    """The characters pdfium finds on a page, and the box of each."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        tp = doc[page].get_textpage()
        n = tp.count_chars()
        return tp.get_text_range(0, n), [tp.get_charbox(i) for i in range(n)]
    finally:
        doc.close()


def _logical(pdf: Path) -> str:
    """The text of a PDF in reading order: each right-to-left line's replacement text (/ActualText, what
    screen readers and copying get), the other glyphs' own text."""
    import pdfglyphs

    out, last = [], None
    for g in pdfglyphs.glyphs(pdf):
        if g.actual is None:
            out.append(g.text)
            last = None
        elif (g.page, g.base, g.actual) != last:
            out.append(" " + g.actual + " ")
            last = (g.page, g.base, g.actual)
    return "".join(out)


def _gap(pdf: Path, before: str, space: str, after: str, page: int = 0) -> float:
    """The white space drawn between the end of `before` and the start of `after`, where they follow
    each other on a line separated by one `space` character."""
    text, boxes = _chars(pdf, page)
    i = text.index(before + space + after)
    j = i + len(before)
    return boxes[j + 1][0] - boxes[j - 1][2]


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Path:
    return _seed(tmp_path_factory.mktemp("fr"), "fr")


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> Path:
    return _seed(tmp_path_factory.mktemp("de"), "de")


def test_french_quotes_are_guillemets_with_narrow_no_break_spaces(french):
    text = doc_text(french)
    assert "“" not in text and "”" not in text and '"' not in text  # (typed ones too)
    assert "« the graveyard of empires »" in text
    # narrow no-break spaces inside « » and before : ?, drawn narrower than the space between words
    page, _ = _chars(french)
    assert "The «\u202fNRF\u202f» leads\u202f: does it\u202f?" in page
    word = _gap(french, "The", " ", "«")
    for before, after in (("«", "NRF"), ("NRF", "»"), ("leads", ":"), ("it", "?")):
        assert _gap(french, before, "\u202f", after) < word, (before, after)


def test_french_seed_prints_cldr_dates_and_numbers_and_no_english(french):
    text = doc_text(french)
    assert "août 2021" in text and "Aug 2021" not in text  # (CLDR's abbreviated month: août, janv.)
    assert "Sources : " in text and "Sources: " not in text  # (the profile's label, with its narrow space)
    for english in ("KEY POINTS", "Timeline", "Page 1 of", "Sources: ", "LIKELIHOOD", " reported "):
        assert english not in text, english


def test_german_quotes(german):
    text = doc_text(german)
    assert "The „NRF“ leads: does it?" in text
    assert "Aug. 2021" in text and "Seite 1 von" in text


def test_citations_of_several_sources_are_not_joined_by_the_decimal_mark(tmp_path):
    body = ("summary: ['One [@a; @b].']\nsources:\n  - {id: a, title: A}\n  - {id: b, title: B}\n")
    en = doc_text(_build(tmp_path, "title: T\n" + body, "en"))
    fr = doc_text(_build(tmp_path, "title: T\nlanguage: fr\n" + body, "fr"))
    fa = doc_text(_build(tmp_path, "title: T\nlanguage: fa\n" + body, "fa"))
    assert "One1,2." in en.replace(" ", "")
    assert "One1;2." in fr.replace(" ", "") and "1,2" not in fr
    assert "۱،۲" in fa


def test_a_sources_date_after_a_full_stop_takes_a_capital_and_stays_gregorian(tmp_path):
    pdf = _build(tmp_path, "title: T\nlanguage: fr\ncalendar: both\nsummary: ['x [@a; @b]']\n"
                           "sources:\n  - {id: a, title: Rapport, date: 2021-08, accessed: 2021-09-02}\n"
                           "  - {id: b, title: Note, accessed: 2021-09}\n")
    text = doc_text(pdf)
    assert "Rapport. Août 2021. Consulté le 2 septembre 2021." in text
    assert "Note. Consulté en septembre 2021." in text


@pytest.mark.parametrize(("tag", "month", "day"), [
    ("ru", "август 2021 г.", "15 августа 2021 г."),  # stand-alone (nominative) alone, genitive in a date
    ("uk", "серпень 2021 р.", "15 серпня 2021 р."),
    ("pt", "agosto de 2021", "15 de agosto de 2021"),
    ("fa-AF", "اگست ۲۰۲۱", "۱۵ اگست ۲۰۲۱"),  # Afghan month names, not Iran's (اوت)
    ("fa", "اوت ۲۰۲۱", "۱۵ اوت ۲۰۲۱"),
    ("ar", "أغسطس 2021", "15 أغسطس 2021"),
    ("ar-SY", "آب ٢٠٢١", "١٥ آب ٢٠٢١"),
])
def test_cldr_month_forms(tag, month, day):
    w = labels_for(tag)
    assert w.date(PDate(2021, 8), long=True, space=" ") == month
    assert w.date(PDate(2021, 8, 15), long=True, space=" ") == day
    assert w.date(PDate(2021, 8, 15), long=True) == day.replace(" ", NBSP)  # never broken


def test_a_russian_briefing_says_the_month_alone_in_the_nominative_and_in_a_date_in_the_genitive(tmp_path):
    pdf = _build(tmp_path, "title: T\nlanguage: ru\nas_of: 2021-08\ndate: 2021-08-15\nsummary: [x]\n")
    text = doc_text(pdf)
    assert "Информация на август 2021 г." in text and "15 августа 2021 г." in text


@pytest.mark.parametrize(("tag", "value", "text"), [
    ("fa-AF", 60000, "۶۰٬۰۰۰"), ("fa-AF", 1234.5, "۱٬۲۳۴٫۵"), ("ar-EG", 60000, "٦٠٬٠٠٠"), ("ar", 60000, "60,000"),
    ("ps", 1234.5, "۱٬۲۳۴٫۵"), ("ru", 1234.5, "1\u00a0234,5"), ("pt", 60000, "60.000")])
def test_numbers_in_the_languages_digits_and_separators(tag, value, text):
    assert labels_for(tag).number(value) == text


_DIGITS_BRIEFING = """title: T
language: {tag}
date: 2021-08-15
summary:
  - 'Typed 789 stays. [@a; @b]'
  - |
    1. one
    2. two
figures:
  - {{value: 60000, label: Count}}
sources:
  - {{id: a, title: A, date: 2021-08}}
  - {{id: b, title: B}}
"""


@pytest.mark.parametrize(("tag", "numerals", "native"), [
    ("fa-AF", "", PERSIAN), ("ps", "", PERSIAN), ("ar-EG", "", ARABIC), ("ar", "", None), ("ur", "", None),
    ("fa-AF", "numerals: latin\n", None), ("ar", "numerals: native\n", ARABIC)])
def test_generated_numbers_use_the_languages_digits_and_typed_ones_stay(tmp_path, tag, numerals, native):
    """Page numbers, citations, list and source numbers, dates and grouped values: in the digits of the
    language's region (or as `numerals` says); digits the author typed print as typed."""
    pdf = _build(tmp_path, numerals + _DIGITS_BRIEFING.format(tag=tag))
    text = doc_text(pdf)
    assert "789" in text
    generated = text.replace("789", "")
    if native is None:
        assert not PERSIAN.search(generated) and not ARABIC.search(generated)
        assert "60,000" in generated and "2021" in generated
    else:
        assert not LATIN.search(generated), generated
        digits = "۰۱۲۳۴۵۶۷۸۹" if native is PERSIAN else "٠١٢٣٤٥٦٧٨٩"
        assert "٬".join(["".join(digits[int(c)] for c in part) for part in ("60", "000")]) in generated
        assert digits[2] + digits[0] + digits[2] + digits[1] in generated  # the year of a date
        for n in (1, 2):  # the footer's page numbers, citation, list and source numbers
            assert digits[n] in generated


@pytest.mark.parametrize(("tag", "d", "text"), [
    ("fa-AF", PDate(2021, 8, 15), "۲۴ اسد ۱۴۰۰"),
    ("ps", PDate(2021, 8, 15), "۲۴ اسد ۱۴۰۰"),
    ("fa", PDate(2021, 8, 15), "۲۴ مرداد ۱۴۰۰"),
    ("fa-AF", PDate(2021, 3, 21), "۱ حمل ۱۴۰۰"),  # Nowruz
    ("fa", PDate(2024, 3, 20), "۱ فروردین ۱۴۰۳"),
    ("fa-AF", PDate(1979, 12, 27), "۶ جدی ۱۳۵۸"),
    ("fa-AF", PDate(2021, 8), "اسد–سنبله ۱۴۰۰"),  # a Gregorian month overlaps two Solar months
    ("fa-AF", PDate(2021, 3), "حوت ۱۳۹۹–حمل ۱۴۰۰"),
    ("fa-AF", PDate(2021), "۱۳۹۹–۱۴۰۰"),  # and a year two Solar years
    ("en", PDate(2021, 8, 15), "24 Mordad 1400"),
])
def test_solar_hijri_dates(tag, d, text):
    assert labels_for(tag, calendar="solar-hijri").date(d, space=" ") == text


def test_both_calendars_print_the_gregorian_date_in_brackets(tmp_path):
    assert labels_for("fa-AF", calendar="both").date(PDate(2021, 8, 15), space=" ") == "۲۴ اسد ۱۴۰۰ (۱۵ اگست ۲۰۲۱)"
    pdf = _build(tmp_path, "title: T\nlanguage: fa-AF\ncalendar: solar-hijri\ndate: 2021-08-15\nsummary: [x]\n"
                           "timeline:\n  - {date: 2021-08-15, title: E}\n")
    text = _logical(pdf)
    assert "۲۴\xa0اسد\xa0۱۴۰۰" in text and "اگست" not in text  # (a date never breaks)


def test_the_briefings_own_labels_replace_the_languages(tmp_path):
    pdf = _build(tmp_path, "title: T\nlanguage: fr\nlabels:\n  key_points: L’ESSENTIEL\n"
                           "  page_of: '{page}/{total}'\nsummary: [x]\n")
    text = doc_text(pdf)
    assert "L’ESSENTIEL" in text and "1/1" in text
    assert "POINTS CLÉS" not in text and "Page 1 sur" not in text


@pytest.mark.parametrize(("yaml", "where", "said"), [
    ("labels:\n  key_point: X\n", (3, 3), "unknown label 'key_point'; did you mean 'key_points'?"),
    ("labels:\n  page_of: 'Page {pages}'\n", (3, 12), "{pages} is not filled in"),
    ("labels:\n  page_of: 'Page {'\n", (3, 12), "brace"),
    ("labels: [x]\n", (2, 9), "'labels' must be a mapping"),
    ("numerals: arabic\n", (2, 11), "'numerals' must be one of native, latin"),
    ("calendar: jalali\n", (2, 11), "'calendar' must be one of gregorian, solar-hijri, both"),
])
def test_a_wrong_label_or_option_is_an_error_at_its_place(tmp_path, yaml, where, said):
    f = tmp_path / "b.yaml"
    f.write_text("title: T\n" + yaml, "utf-8")
    b, problems = pipeline.check(str(f))
    assert b is None
    [p] = problems
    assert (p.pos.line, p.pos.col) == where and said in p.message, p


def test_a_typed_no_break_space_never_breaks_a_line(tmp_path):
    """Words joined by narrow no-break spaces (U+202F) and no-break spaces stay on one line; a line breaks
    only at the plain spaces between such groups."""
    groups = [f"m{i}x\u202fm{i}x\u202f;" if i % 3 == 0 else f"«\u202fm{i}x\u202f»" if i % 3 == 1
              else f"m{i}x\u00a0b{i}b" for i in range(90)]
    pdf = _build(tmp_path, f"title: T\nlanguage: fr\nsummary:\n  - '{' '.join(groups)}'\n")
    text, _ = _chars(pdf)
    lines = [x.removeprefix("• ") for x in text.splitlines() if re.search(r"m\d+x", x)]
    group = "(?:m\\d+x\u202fm\\d+x\u202f;|«\u202fm\\d+x\u202f»|m\\d+x b\\d+b)"  # (pdfium reads U+00A0 as a space)
    assert len(lines) > 4
    for line in lines:
        assert re.fullmatch(f"{group}(?: {group})*", line), line


@pytest.mark.parametrize(("tag", "n", "said"), [
    ("ru", 1, "одно из 1 события"), ("ru", 21, "одно из 21 события"), ("ru", 5, "одно из 5 событий"),
    ("ru", 1500, "одно из 1\u00a0500 событий"), ("uk", 3, "одна з 3 подій"),
    ("en", 1, "The mark is the one event"), ("en", 2, "one of the 2 events"),
    ("fa-AF", 12, "یکی از ۱۲ رویداد"),
])
def test_a_label_that_counts_takes_the_languages_plural_form(tag, n, said):
    assert said in labels_for(tag).word("strip_marks", count=n)


def test_the_format_reference_names_every_label_key():
    from briefing.labels import ENGLISH

    doc = (Path(__file__).parents[1] / "docs" / "format.md").read_text("utf-8")
    section = doc[doc.index("**Your own words.**"):doc.index("## Rich text and citations")]
    assert [k for k in ENGLISH if f"`{k}`" not in section] == []


def test_a_style_may_set_the_digits_and_words_and_the_briefing_overrides_them(tmp_path, monkeypatch):
    from briefing import theme

    styles = tmp_path / "styles"
    styles.mkdir()
    shutil.copy(Path(theme.styles_dir()) / "default.yaml", styles / "default.yaml")
    (styles / "latin.yaml").write_text("parent: default\nnumerals: latin\n"
                                       "labels: {key_points: HOUSE POINTS, outlook: House outlook}\n", "utf-8")
    (styles / "misspelt.yaml").write_text("parent: default\nlabels: {key_point: X}\n", "utf-8")
    (styles / "bad.yaml").write_text("parent: default\nnumerals: roman\n", "utf-8")
    monkeypatch.setattr(theme, "styles_dir", lambda: str(styles))
    theme.load_theme.cache_clear()
    try:
        body = "title: T\nlanguage: fa-AF\nstyle: latin\nsummary: [x]\n"
        assert "1" in doc_text(_build(tmp_path, body, "style")) and "۱" not in doc_text(tmp_path / "style.pdf")
        own = doc_text(_build(tmp_path, body + "numerals: native\n", "own"))
        assert "۱" in own and not LATIN.search(own)
        # the style's words for labels, and the briefing's over them
        house = doc_text(_build(tmp_path, "title: T\nstyle: latin\nlabels: {outlook: Own outlook}\nsummary: [x]\n"
                                          "outlook:\n  - {horizon: Soon, text: y}\n", "house"))
        assert "HOUSE POINTS" in house and "Own outlook" in house and "House outlook" not in house
        b, problems = pipeline.check(str(tmp_path / "house.yaml"), style="misspelt")
        assert b is None and "style 'misspelt': unknown label 'key_point'; did you mean 'key_points'?" in str(problems)
        res = pipeline.build(str(tmp_path / "style.yaml"), str(tmp_path / "x.pdf"), style="bad")
        assert not res.ok and "'numerals' must be one of native, latin, not 'roman'" in str(res.problems)
    finally:
        theme.load_theme.cache_clear()


def test_cldr_and_the_calendar_are_imported_only_for_the_languages_that_need_them(tmp_path):
    from test_imports import imported

    def mods(yaml: str) -> set[str]:
        f = tmp_path / "m.yaml"
        f.write_text("title: T\ndate: 2021-08-15\nsummary: ['x']\n" + yaml, "utf-8")
        return {m.split(".")[0] for m in imported("build", str(f), "-o", str(tmp_path / "m.pdf"))}

    for hand_written in ("en", "fr", "de"):
        assert not mods(f"language: {hand_written}\n") & {"babel", "jdatetime"}, hand_written
    assert {"babel"} == mods("language: ru\n") & {"babel", "jdatetime"}
    assert {"babel", "jdatetime"} <= mods("language: fa-AF\ncalendar: solar-hijri\n")


@pytest.mark.parametrize(("tag", "sep"), [("en", ", "), ("fr", ", "), ("fa", "، "), ("ps", "، "), ("ar", "، ")])
def test_lists_are_joined_as_the_language_joins_them(tmp_path, tag, sep):
    # (laid out left to right: the separator is the subject here; a right-to-left line draws "Bob ،Ann")
    pdf = _build(tmp_path, f"title: T\nlanguage: {tag}\ndirection: ltr\nauthors: [Ann, Bob]\nsummary: [x]\n"
                           "groups:\n  - {id: g, name: G, areas: [North, South]}\n")
    text, _ = _chars(pdf)
    assert f"Ann{sep}Bob" in text and f"North{sep}South" in text


def test_a_range_of_years_in_persian_digits_takes_an_en_dash_and_dari_answers_to_prs(tmp_path):
    text = _logical(_build(tmp_path, "title: T\nlanguage: prs\nsummary: ['از ۱۳۵۸-۱۳۶۸ و \"جنگ\"']\n"))
    assert "از ۱۳۵۸–۱۳۶۸ و «جنگ»" in text
    assert smart('"جنگ"', "prs") == "«جنگ»"  # (in logical order: the PDF draws the line's visual order)
    assert labels_for("prs").word("key_figures") == labels_for("fa-AF").word("key_figures") == "ارقام کلیدی"


def test_a_word_of_the_figures_table_never_breaks_in_a_longer_language(tmp_path):
    """The basis and trend columns widen for the longest word of their labels (по сообщениям, снижается)."""
    pdf = _build(tmp_path, "title: T\nlanguage: uk\nfigures:\n"
                           "  - {value: 5, label: Five, basis: reported, trend: down}\n"
                           "  - {value: 6, label: Six, basis: estimated, trend: up}\n")
    text, _ = _chars(pdf)
    words = {w for line in text.splitlines() for w in line.split()}
    for word in ("повідомленнями", "знижується", "ТЕНДЕНЦІЯ", "ПІДСТАВА"):
        assert word in words, (word, text)


def test_every_label_is_drawn_in_a_font_that_has_its_letters(tmp_path):
    """A label in Arabic script before source numbers (a profile's, an actor's) is drawn, not left blank."""
    import unicodedata

    pdf = _build(tmp_path, "title: T\nlanguage: fa\nlabels: {sources_of: 'مأخذها: '}\nsummary: ['x [@a]']\n"
                           "groups:\n  - {id: g, name: G, sources: [a]}\n"
                           "actors:\n  - {name: P, summary: 'y [@a]', sources: [b]}\n"
                           "sources:\n  - {id: a, title: A}\n  - {id: b, title: B}\n")
    text = unicodedata.normalize("NFKC", doc_text(pdf))
    assert text.count("مأخذها") + text.count("مأخذها"[::-1]) == 2, text


def test_the_json_schema_names_every_label_key_for_an_editor():
    from test_schema import load, schema, valid

    from briefing.labels import ENGLISH

    props = schema()["properties"]["labels"]["properties"]
    assert set(props) == set(ENGLISH) and props["page_of"]["description"] == "In English: Page {page} of {total}"
    assert valid(load("title: T\nnumerals: latin\ncalendar: both\nlabels: {key_points: AT A GLANCE}\n")) == []
    assert valid(load("title: T\nlabels: {key_point: X}\n")) and valid(load("title: T\ncalendar: jalali\n"))


@pytest.mark.parametrize(("tag", "cldr"), [("fr", "fr"), ("de", "de")])
def test_the_hand_written_dates_say_what_cldr_says(tag, cldr):
    """French and German keep hand-written dates (no Babel to import for them); they agree with CLDR, but
    for the French 1er."""
    from datetime import date

    from babel.dates import format_skeleton

    w = labels_for(tag)
    for month in range(1, 13):
        for day, skeleton, long in ((15, "yMMMd", False), (15, "yMMMMd", True), (0, "yMMM", False),
                                    (0, "yMMMM", True)):
            said = format_skeleton(skeleton, date(2021, month, day or 1), locale=cldr).replace("\u202f", " ")
            assert w.date(PDate(2021, month, day), long=long, space=" ") == said, (month, skeleton)


def _leadings(pdf: Path) -> set[float]:
    """The leadings of the page's text objects (each paragraph's lines are set `TL` apart)."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return {float(op.operands[0]) for op in pikepdf.parse_content_stream(doc.pages[0])
                if op.operator == pikepdf.Operator("TL")}


def test_a_style_sets_the_leading_of_right_to_left_text(tmp_path, monkeypatch):
    """`sizes.leading_rtl` is the body's leading in a right-to-left document; a left-to-right one keeps
    `leading`."""
    from briefing import theme

    styles = tmp_path / "styles"
    styles.mkdir()
    shutil.copy(Path(theme.styles_dir()) / "default.yaml", styles / "default.yaml")
    (styles / "tall.yaml").write_text("parent: default\nsizes: {leading_rtl: 20}\n", "utf-8")
    monkeypatch.setattr(theme, "styles_dir", lambda: str(styles))
    theme.load_theme.cache_clear()
    try:
        words = " ".join(["سلام دوستان کابل"] * 40)
        body = f"title: T\nlanguage: fa-AF\nstyle: {{style}}\nsections:\n  - title: S\n    body: '{words}'\n"
        assert 13.2 in _leadings(_build(tmp_path, body.format(style="default"), "default"))
        tall = _leadings(_build(tmp_path, body.format(style="tall"), "tall"))
        assert 20.0 in tall and 13.2 not in tall
        latin = _leadings(_build(tmp_path, "title: T\nstyle: tall\nsections:\n  - title: S\n    body: '" +
                                 "word " * 200 + "'\n", "latin"))
        assert 13.2 in latin and 20.0 not in latin
    finally:
        theme.load_theme.cache_clear()

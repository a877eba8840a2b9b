"""Dates and grouped numbers typed with plain spaces never break across lines in the PDF.

A day and its month (`29 janvier`, `29. Januar`, `15 de agosto`), a month and its year (`janvier 2025`,
`agosto de 2021`, `января 2025 г.`), an English `January 29, 2025`; and, in a language that groups digits
with a space (French, Russian, Ukrainian...), a group of one to three digits followed by groups of exactly
three (`1 500`, `12 000 000`) print with no-break spaces: the language's group separator between digits.
The source files keep what was typed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_fixture_lines import lines

from briefing.labels import labels_for
from briefing.pipeline import check, render
from briefing.richtext import unbroken
from briefing.theme import load_theme

NBSP, NNBSP = "\u00a0", "\u202f"


def kept(text: str, tag: str) -> str:
    w = labels_for(tag)
    return unbroken(w.tag, w.month_names, w.group_separator)(text)


@pytest.mark.parametrize(("tag", "typed", "printed"), [
    ("fr", "environ 1 500 écoles", f"environ 1{NNBSP}500 écoles"),
    ("fr", "12 000 000 de personnes", f"12{NNBSP}000{NNBSP}000 de personnes"),
    ("fr", "le 29 janvier 2025, le 1er mars", f"le 29{NBSP}janvier{NBSP}2025, le 1er{NBSP}mars"),
    ("fr", "29 janvier : le blocus", f"29{NBSP}janvier : le blocus"),  # (a day that opens the text)
    ("fr", "en janv. 2024 et le 3 sept. 2023", f"en janv.{NBSP}2024 et le 3{NBSP}sept.{NBSP}2023"),
    ("fr", "Janvier 2025 et d’avril 2025", f"Janvier{NBSP}2025 et d’avril{NBSP}2025"),
    ("ru", "около 1 500 школ, 29 января 2025 г.", f"около 1{NBSP}500 школ, 29{NBSP}января{NBSP}2025{NBSP}г."),
    ("uk", "1 500 шкіл", f"1{NBSP}500 шкіл"),
    ("de", "am 29. Januar 2025 und im Mai 2024", f"am 29.{NBSP}Januar{NBSP}2025 und im Mai{NBSP}2024"),
    ("de", "1 500 Schulen", "1 500 Schulen"),  # (German groups digits with a point: two numbers)
    ("en", "on 29 January 2025 and January 29, 2025", f"on 29{NBSP}January{NBSP}2025 and January{NBSP}29,{NBSP}2025"),
    ("en", "in Jan 2025, by Sep 3", f"in Jan{NBSP}2025, by Sep{NBSP}3"),
    ("en", "1 500 schools", "1 500 schools"),
    ("es", "el 15 de agosto de 2021", f"el 15{NBSP}de{NBSP}agosto{NBSP}de{NBSP}2021"),
])
def test_dates_and_grouped_numbers_are_joined_by_no_break_spaces(tag, typed, printed):
    assert kept(typed, tag) == printed


@pytest.mark.parametrize("typed", [
    "en 2023 150 attaques",  # a year, then a number: two numbers
    "entre 2019 et 2023 500 morts",
    "les points 1 2 3 et 4",  # (the second group is not three digits)
    "1 5000 et 12 34",
    "3,5 000",  # (after a decimal mark)
    "le 29 janviers",  # (not a month's name)
    "le 299 janvier",  # (not a day)
    "mars 20250",
    "le 29\njanvier",  # (a hard line break stays one)
])
def test_what_is_not_a_date_nor_one_number_is_left_as_typed(typed):
    assert kept(typed, "fr") == typed


def test_the_text_keeps_its_length_and_a_typed_no_break_space_stays():
    text = f"le 29{NBSP}janvier 2025 et 1{NBSP}500 000 écoles"
    out = kept(text, "fr")
    assert len(out) == len(text) and out == f"le 29{NBSP}janvier{NBSP}2025 et 1{NBSP}500{NNBSP}000 écoles"


# -- in the PDF -------------------------------------------------------------------------------------------

# A sentence per language, and what of it must stay on one line.
SENTENCES = {
    "fr": ("Au Mali, le 29 janvier 2025, environ 1 500 écoles et 12 000 000 de personnes, en juin 2024.",
           ["29 janvier 2025", "1 500", "12 000 000", "juin 2024"]),
    "en": ("On 29 January 2025, and on January 29, 2025, or in Aug 2021, some 1,500 schools.",
           ["29 January 2025", "January 29, 2025", "Aug 2021"]),
    "de": ("Am 29. Januar 2025 und im Mai 2024 waren 1.500 Schulen geschlossen.", ["29. Januar 2025", "Mai 2024"]),
    "es": ("El 15 de agosto de 2021 cerraron unas 1.500 escuelas.", ["15 de agosto de 2021"]),
    "ru": ("29 января 2025 г. около 1 500 школ были закрыты.", ["29 января 2025 г.", "1 500"]),
}


@pytest.mark.parametrize("tag", sorted(SENTENCES))
def test_a_typed_date_or_number_is_never_broken_across_lines(tmp_path: Path, tag):
    """The sentence after 0 to 69 short words, so that a line ends at each of its spaces in turn."""
    sentence, whole = SENTENCES[tag]
    paras = [" ".join(["ab"] * k + [sentence]) for k in range(70)]
    doc = {"title": "Dates", "language": tag, "sections": [{"title": "Text", "body": "\n\n".join(paras)}]}
    src = tmp_path / f"d-{tag}.yaml"
    src.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    b, problems = check(str(src))
    assert b is not None, problems
    pages = lines(render(b, load_theme("default", "a4"), tags=False))
    got = [x for page in pages for x in page]
    words = set(sentence.split())
    assert len({x.split()[-1] for x in got} & words) >= 4  # (lines end at many of the sentence's words)
    for phrase in whole:
        assert sum(x.count(phrase) for x in got) == len(paras), (phrase, [x for x in got if phrase[:3] in x][:6])
    assert yaml.safe_load(src.read_text(encoding="utf-8")) == doc  # (the source keeps what was typed)


def test_a_citation_number_is_not_joined_to_a_number_after_it(tmp_path: Path):
    """A citation's raised number is no digit group of the number after it: the space between them stays a
    plain one, where a line may break (and a raised 1 next to 150 does not read 1 150)."""
    import pypdfium2

    doc = {"title": "Cites", "language": "fr", "sources": [{"id": "s", "title": "S"}],
           "sections": [{"title": "Texte", "body": "Le bilan [@s] 150 morts, environ 1 500 écoles."}]}
    src = tmp_path / "c.yaml"
    src.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    b, problems = check(str(src))
    assert b is not None, problems
    pdf = pypdfium2.PdfDocument(render(b, load_theme(), tags=False))
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert " 150 morts" in text and f"1{NNBSP}150" not in text and f"environ 1{NNBSP}500 écoles" in text

"""Inputs at the edges of what the format allows: many citations, numbers of any size, eras in any order.

Each number a user types prints as typed, or is refused at its place; a long
number never breaks inside in the key-figures table; the era rule does not
depend on the order of the file; keys and language tags are taken as typed.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import norm, pdf_text

from briefing import pipeline
from briefing.cli import main


def write(tmp_path: Path, text: str, name: str = "b.yaml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def problems(p: Path) -> list[str]:
    _, found = pipeline.check(str(p), full=False)
    return [f"{x.pos.line}:{x.pos.col}: {'warning: ' if x.warning else ''}{x.message}" for x in found]


def cli(*args: str) -> tuple[int, list[str]]:
    r = CliRunner().invoke(main, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output and "internal error" not in r.output, r.output
    return r.exit_code, r.output.splitlines()


def built_text(tmp_path: Path, p: Path, **kw) -> str:
    out = tmp_path / (p.stem + ".pdf")
    res = pipeline.build(str(p), output=str(out), **kw)
    assert res.ok, [str(x) for x in res.problems]
    return "\n".join(pdf_text(out))


# -- citations -------------------------------------------------------------------------------------

def test_each_bad_citation_of_a_long_scalar_is_reported_at_its_line_and_column(tmp_path):
    """Hundreds of citations in one block scalar, some on one long line, some naming nothing."""
    lines, want = [], []
    for row in range(300):
        cells = [f"[@s{(row + k) % 7}]" for k in range(6)]
        if row % 50 == 17:  # a bad one among good ones, at a known column
            cells[3] = f"[@s1; @bad{row}]"
        line = "      Text " + " and ".join(cells) + "."
        if row % 50 == 17:
            want.append(f"{5 + row}:{line.index('[@s1; @bad') + 1}: citation 'bad{row}' names no source")
        lines.append(line)
    sources = "".join(f"  - {{id: s{i}, title: S{i}}}\n" for i in range(7))
    p = tmp_path / "c.yaml"
    p.write_text("title: T\nsections:\n  - title: S\n    body: |\n" + "\n".join(lines) + "\nsources:\n" + sources)
    assert problems(p) == want


def test_a_citation_naming_one_id_many_times_points_at_itself(tmp_path):
    p = write(tmp_path, "title: T\nsummary:\n  - |\n    First [@a].\n    Then [" + "; ".join(["@a"] * 5000)
              + "; @ghost].\nsources:\n  - {id: a, title: A}\n")
    assert problems(p) == ["5:10: citation 'ghost' names no source"]


def test_a_misspelt_citation_gets_the_close_source_suggested(tmp_path):
    p = write(tmp_path, """\
        title: T
        summary: ["It is so. [@holdout]", "And so. [@Holdouts]", "Not this. [@zzz]"]
        sources:
          - {id: holdouts, title: H}
    """)
    assert problems(p) == [
        "2:22: citation 'holdout' names no source; did you mean 'holdouts'?",
        "2:44: citation 'Holdouts' names no source; did you mean 'holdouts'?",
        "2:69: citation 'zzz' names no source",
        "4:5: warning: source 'holdouts' is never cited",
    ]


def test_every_never_cited_source_is_warned_at_its_own_entry(tmp_path):
    p = write(tmp_path, """\
        title: T
        summary: ["[@b]"]
        sources:
          - {id: c, title: C}
          - {id: b, title: B}
          - {id: a, title: A}
    """)
    assert problems(p) == ["4:5: warning: source 'c' is never cited", "6:5: warning: source 'a' is never cited"]


# -- numbers of any size ------------------------------------------------------------------------------

@pytest.mark.parametrize("whole, message", [
    ("1" + "0" * 308, "'of' has 309 digits; a number of more than 20 cannot be drawn to scale or printed on one line"),
    ("9" * 21, "'of' has 21 digits; a number of more than 20 cannot be drawn to scale or printed on one line"),
    ("1e300", "'of' must be a number greater than 0, got 1e300 (write it in plain digits, such as 34 or 1500)"),
    ("0x10", "'of' must be a number greater than 0, got 0x10 (write it in plain digits, such as 34 or 1500)"),
    ("1:20", "'of' must be a number greater than 0, got 1:20 (write it in plain digits, such as 34 or 1500)"),
    ("1_000", "'of' must be a number greater than 0, got 1_000 (write it in plain digits, such as 34 or 1500)"),
    ("'34'", "'of' must be a number greater than 0, got 34 (write it without quotes)"),
    ("000", "'of' must be a number greater than 0, got 000"),
    ("-3", "'of' must be a number greater than 0, got -3"),
    ("true", "'of' must be a number greater than 0, got a boolean"),
])
def test_a_whole_that_cannot_be_drawn_is_refused_at_its_place(tmp_path, whole, message):
    p = write(tmp_path, f"title: T\nfigures:\n  - value: 20\n    label: x\n    of: {whole}\n")
    assert problems(p) == [f"5:9: {message}"]
    for command in ("check", "build"):
        code, out = cli(command, str(p), *(["-o", str(tmp_path / "x.pdf")] if command == "build" else []))
        assert code == 1 and out[0] == f"{p}:5:9: {message}", out


def test_a_count_larger_than_its_whole_is_refused_exactly(tmp_path):
    p = write(tmp_path, f"""\
        title: T
        figures:
          - {{value: "{'9' * 19}1", label: x, of: {'9' * 19}0}}
          - {{value: "{'9' * 19}0", label: y, of: {'9' * 19}0}}
    """)
    assert problems(p) == [f"3:51: 'of' is the whole that the value "
                           f"is part of, but '{'9' * 19}1' is larger than {'9' * 19}0"]


def test_a_value_with_a_number_too_long_for_a_line_is_refused(tmp_path):
    p = write(tmp_path, f"""\
        title: T
        figures:
          - {{value: {'1' * 21}, label: x}}
          - {{value: "about {'2' * 25} people", label: y}}
          - {{value: {'3' * 20}, label: z}}
    """)
    assert problems(p) == [
        f"3:13: 'value': the number {'1' * 21} has 21 digits; a number of more than 20 cannot be printed on one "
        "line: write it in words or with a unit (e.g. 1.2 trillion)",
        f"4:13: 'value': the number {'2' * 25} has 25 digits; a number of more than 20 cannot be printed on one "
        "line: write it in words or with a unit (e.g. 1.2 trillion)",
    ]


def test_a_number_of_any_length_in_text_prints_as_typed(tmp_path):
    """Python refuses to read an int of more than 4,300 digits; the briefing never reads it."""
    digits = "1" * 5000
    p = write(tmp_path, f"title: T\nsubtitle: {digits}\n")
    assert problems(p) == []
    b, _ = pipeline.check(str(p))
    assert b.subtitle == ",".join([digits[:2]] + [digits[i:i + 3] for i in range(2, 5000, 3)])


def test_numbers_print_as_typed_in_the_table_and_its_marks(tmp_path):
    p = write(tmp_path, """\
        title: T
        figures:
          - {value: 123456789012345, label: fifteen digits, trend: up}
          - {value: 99999999999999999999×, label: a multiple}
          - {value: 3, label: octal-looking whole, of: 010}
          - {value: 20, label: a plain whole, of: 1500}
          - {value: 2.5×, label: a fraction}
    """)
    text = built_text(tmp_path, p)
    table = text.split("Key figures", 1)[1]
    lines = [norm(x) for x in table.splitlines()]
    assert "123,456,789,012,345" in lines  # never broken inside
    assert "99999999999999999999×" in lines  # the value, on one line
    assert lines.count("99999999999999999999×") == 2  # and the scale's label, as typed
    assert "of 010" in lines and "of 8" not in lines
    assert "of 1,500" in lines
    assert "2.5×" in lines and lines.count("2.5×") == 2


@pytest.mark.parametrize("style, handout", [("default", None), ("print", None), ("print", "2up")])
def test_a_twenty_digit_value_never_breaks_however_narrow_the_table(tmp_path, style, handout):
    """Every optional column, a trend arrow, the larger type of `print`, a half sheet: still one line."""
    p = write(tmp_path, """\
        title: T
        figures:
          - {value: 99999999999999999999, label: twenty digits, trend: up, as_of: 2021-08-15, basis: estimated,
             source: s, highlight: true}
          - {value: 12345678901234567890 people, label: with a unit, highlight: true}
          - {value: 11111111111111111111, label: three, highlight: true}
          - {value: 22222222222222222222, label: four, highlight: true}
        sources: [{id: s, title: S}]
    """)
    out = tmp_path / "n.pdf"
    res = pipeline.build(str(p), output=str(out), style=style, handout=handout)
    assert res.ok, [str(x) for x in res.problems]
    pdf = Path(res.handout) if handout else out
    words = [w for page in pdf_text(pdf) for w in page.split()]
    numbers = [w for w in words if w[0].isdigit() and w not in ("1", "1.")]
    assert set(numbers) <= {"99,999,999,999,999,999,999", "12345678901234567890", "11,111,111,111,111,111,111",
                            "22,222,222,222,222,222,222", "15", "2021"}, numbers
    assert numbers.count("99,999,999,999,999,999,999") >= 1


# -- eras ---------------------------------------------------------------------------------------------

ERA_A = "  - {title: A, start: 1900, end: 1900}\n"
ERA_B = "  - {title: B, start: 1900, end: 2000}\n"


@pytest.mark.parametrize("first, second", [(ERA_A, ERA_B), (ERA_B, ERA_A)])
def test_an_era_hidden_inside_another_is_refused_in_either_order(tmp_path, first, second):
    p = write(tmp_path, "title: T\neras:\n" + first + second)
    a, b = (3, 4) if first == ERA_A else (4, 3)
    assert problems(p) == [f"{a}:5: era 'A' (1900 – 1900) lies within era 'B' (1900 – 2000, at {p}:{b}:5) and "
                           "would be hidden under it; eras may touch but not overlap"]


@pytest.mark.parametrize("eras, want", [
    # identical eras: the second, whichever it is
    (["{title: A, start: 1900, end: 1900}", "{title: C, start: 1900, end: 1900}"],
     ["4:5: era 'C' (1900 – 1900) lies within era 'A' (1900 – 1900, at {p}:3:5) and would be hidden under it; "
      "eras may touch but not overlap"]),
    (["{title: A, start: 1979-12, end: 1989-02}", "{title: C, start: 1979-12, end: 1989-02}"],
     ["4:5: era 'C' overlaps era 'A' (at {p}:3:5)"]),
    # overlapping, in both orders: reported at the later era
    (["{title: Late, start: 1985, end: 1995}", "{title: Early, start: 1979, end: 1989}"],
     ["3:5: era 'Late' overlaps era 'Early' (at {p}:4:5)"]),
    (["{title: Early, start: 1979, end: 1989}", "{title: Late, start: 1985, end: 1995}"],
     ["4:5: era 'Late' overlaps era 'Early' (at {p}:3:5)"]),
    # a month inside the last year of another: drawn, it would be hidden
    (["{title: Year, start: 1980, end: 1989}", "{title: Spring, start: 1989-03, end: 1989-05}"],
     ["4:5: era 'Spring' (1989-03 – 1989-05) lies within era 'Year' (1980 – 1989, at {p}:3:5) and would be "
      "hidden under it; eras may touch but not overlap"]),
    # an open era contains everything after its start
    (["{title: Open, start: 2001}", "{title: Later, start: 2005, end: 2006}"],
     ["4:5: era 'Later' overlaps era 'Open' (at {p}:3:5)"]),
    # touching, in either order: accepted
    (["{title: B, start: 1989, end: 2001}", "{title: A, start: 1979, end: 1989}"], []),
    (["{title: A, start: 1979, end: 1989}", "{title: B, start: 1989, end: 2001}", "{title: C, start: 2001}"], []),
])
def test_era_rule_is_the_same_in_any_order(tmp_path, eras, want):
    p = write(tmp_path, "title: T\neras:\n" + "".join(f"  - {e}\n" for e in eras))
    assert problems(p) == [w.format(p=p) for w in want]
    p2 = write(tmp_path, "title: T\neras:\n" + "".join(f"  - {e}\n" for e in reversed(eras)), "r.yaml")
    assert bool(problems(p2)) == bool(want)


# -- keys and language tags as typed ------------------------------------------------------------------

def test_keys_that_yaml_reads_as_other_things_are_named_as_typed(tmp_path):
    p = write(tmp_path, "title: T\nnull: 1\ntrue: 2\n010: 3\n~: 4\n")
    assert problems(p) == ["2:1: unknown key 'null'", "3:1: unknown key 'true'", "4:1: unknown key '010'",
                           "5:1: unknown key '~'"]


@pytest.mark.parametrize("tag, english", [("x-private", True), ("i-klingon", True), ("en-x-foo", False),
                                          ("fr-CA-x-quebec", False), ("X-Private", True)])
def test_private_use_language_tags_are_accepted(tmp_path, tag, english):
    p = write(tmp_path, f"title: T\nlanguage: {tag}\n")
    spoken = "ar, de, en, es, fa, fa-AF, fr, ps, pt, ru, uk, ur"
    want = [f"2:11: warning: 'language': the layout's own words (headings, labels, dates) have no {tag!r} "
            f"translation and print in English; translated: {spoken}"] if english else []
    assert problems(p) == want


@pytest.mark.parametrize("tag", ["x", "x-", "i", "e", "en_US", "x-toolongsubtag"])
def test_malformed_language_tags_are_still_refused(tmp_path, tag):
    p = write(tmp_path, f"title: T\nlanguage: {tag}\n")
    assert problems(p) == [f"2:11: 'language': {tag!r} is not a BCP 47 language tag (e.g. en, fa-AF)"]


def test_a_number_set_in_a_cell_narrower_than_its_smallest_size_is_set_smaller_still():
    """The value cell never breaks a number inside: in a cell narrower than the number at 60 % of its size
    (the table gives the value column at least that, but a cell may be asked to fit less), smaller still."""
    from test_oversized import frame_ctx

    from briefing.dates import parse_date
    from briefing.layout.graphics.figure_marks_draw import FigureValue
    from briefing.model import Figure
    from briefing.quantity import PlainNumber

    ctx = frame_ctx("a4")
    f = Figure(PlainNumber("99999999999999999999"), "twenty digits", as_of=parse_date("2021"))
    cell = FigureValue(ctx, f)
    for width in (120.0, 80.0, 50.0):  # (the number at its size: about 150 points; at 60 %: about 90)
        cell.wrap(width, 1e9)
        assert cell.para.line_count() == 1, width  # one line: the number whole
        assert cell.para.style.fontSize < ctx.styles["figure_value"].fontSize

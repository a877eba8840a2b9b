"""Styles: a name is a name (never a path), and a font that is not a font is an error at its key."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import SEED, run_cli

from briefing import theme
from briefing.errors import BriefingError


@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "nope"])
def test_check_refuses_a_style_that_is_not_a_style_name(name):
    r = run_cli("check", "--style", name, str(SEED))
    assert r.returncode == 2
    assert f"unknown style {name!r}" in r.stderr.decode()


@pytest.fixture
def styles(tmp_path, monkeypatch):
    shutil.copy(os.path.join(theme.styles_dir(), "default.yaml"), tmp_path / "default.yaml")
    monkeypatch.setattr(theme, "styles_dir", lambda: str(tmp_path))
    theme.load_theme.cache_clear()
    yield tmp_path
    theme.load_theme.cache_clear()


def test_a_font_that_is_not_a_font_is_an_error_at_its_key(styles, tmp_path):
    notfont = tmp_path / "notes.txt"
    notfont.write_text("not a font\n")
    (styles / "bad.yaml").write_text(f"parent: default\nfonts:\n  families:\n    - name: X\n      regular: {notfont}\n")
    with pytest.raises(BriefingError) as e:
        theme.load_theme("bad")
    assert str(e.value) == f"{styles / 'bad.yaml'}:5:16: the font {str(notfont)!r} is not a TrueType font file (.ttf)"


def test_a_parent_that_is_a_path_is_refused(styles):
    (styles / "sneaky.yaml").write_text("parent: ../../secret\n")
    with pytest.raises(BriefingError) as e:
        theme.load_theme("sneaky")
    assert "unknown style '../../secret'" in str(e.value)


# -- a style is checked like a briefing: every problem, at its place, in the same words -------------------------

def check_style(styles, text: str, name: str = "mine") -> tuple[int, list[str]]:
    (styles / f"{name}.yaml").write_text(text, encoding="utf-8")
    r = run_cli("check", "--style", name, str(SEED))
    err = r.stderr.decode()
    assert "Traceback" not in err
    return r.returncode, err.splitlines()


def test_a_styles_problems_are_all_reported_at_their_places(styles):
    code, lines = check_style(styles, """\
parent: default
colours:
  accent: "#000000"
max_pdf_mbb: 5
sizes:
  body: "ten"
  leading: 0
colors:
  accent: blue
layout:
  strip_max_lanes: 2.5
paper: a3
pdfa: maybe
""")
    f = styles / "mine.yaml"
    assert code == 1
    assert lines == [
        f"{f}:2:1: unknown key 'colours'; did you mean 'colors'?",
        f"{f}:4:1: unknown key 'max_pdf_mbb'; did you mean 'max_pdf_mb'?",
        f"{f}:6:9: 'body' must be a number, got text ('ten')",
        f"{f}:7:12: 'leading' must be from 4 to 144 points, got 0",
        f"{f}:9:11: 'accent' must be a colour written #rrggbb (e.g. #1f4e79), got text ('blue')",
        f"{f}:11:20: 'strip_max_lanes' must be a whole number, got a number (2.5)",
        f"{f}:12:8: 'paper' must be one of a4, letter, not 'a3'; did you mean 'a4'?",
        f"{f}:13:7: 'pdfa' must be true or false, got text ('maybe')",
    ]


def test_a_style_that_inherits_from_itself_through_another_is_refused(styles):
    (styles / "b.yaml").write_text("parent: mine\n", encoding="utf-8")
    code, lines = check_style(styles, "parent: b\n")
    assert code == 1
    assert lines == [f"{styles / 'b.yaml'}:1:9: parent 'mine' makes a loop (mine -> b -> mine): a style cannot "
                     "inherit from itself"]


def test_an_unknown_parent_is_named_at_its_key_with_the_nearest_style(styles):
    code, lines = check_style(styles, "parent: defualt\n")
    assert lines == [f"{styles / 'mine.yaml'}:1:9: unknown style 'defualt' (known: default, mine); did you mean "
                     "'default'?"]


def test_a_style_without_parent_names_every_setting_it_lacks(styles):
    code, lines = check_style(styles, "paper: a4\nmargins_mm: {top: 20, bottom: 18, left: 19}\n")
    assert code == 1
    assert lines == [f"{styles / 'mine.yaml'}:1:1: style 'mine' lacks the settings margins_mm.right, fonts, colors, "
                     "sizes, layout (set it, or inherit it: parent: default)"]


def test_the_shipped_styles_are_valid():
    for name in theme.style_names():
        theme.load_theme.cache_clear()
        theme.load_theme(name)

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

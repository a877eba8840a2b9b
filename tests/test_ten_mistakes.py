"""The mistakes a new user makes in a first briefing, one at a time: each is told in one line that
says where it is and what to do (with the quoted fix where there is one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

BASE = """\
title: Le Sahel central
language: fr
date: 2025-11-20
summary:
  - Un point.
sections:
  - title: Contexte
    body: Texte [@acled].
groups:
  - id: jnim
    name: JNIM
    leader: Iyad Ag Ghali
figures:
  - value: "6 000"
    label: combattants
    basis: estimated
sources:
  - id: acled
    title: ACLED
"""

MISTAKES = {  # name: (what is typed in place of what, the words that must be in the one line)
    "tab": (("  - id: jnim", "\t- id: jnim"), ":10:1: a tab in the indentation", "replace the tab with spaces"),
    "key typo": (("leader:", "leadr:"), ":12:5: unknown key 'leadr'", "did you mean 'leader'?"),
    "date order": (("date: 2025-11-20", "date: 20/11/2025"), ":3:7: 'date'", "write 2025-11-20"),
    "French value": (("basis: estimated", "basis: estimé"), ":16:12: 'basis'", "did you mean 'estimated'?"),
    "colon in a title": (("title: Le Sahel central", "title: Le Sahel : la crise"), ":1:17:",
                         'put the whole value in quotes, e.g. title: "Le Sahel : la crise"'),
    "bold first": (("  - Un point.", "  - **Un point** important."), ":5:5:",
                   'e.g. - "**Un point** important."'),
    "citation first": (("  - Un point.", "  - [@acled] dit ceci."), ":5:5:", 'e.g. - "[@acled] dit ceci."'),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_each_mistake_is_one_line_that_says_what_to_do(tmp_path, name):
    (typed, wrong), where, advice = MISTAKES[name]
    src = tmp_path / "b.yaml"
    src.write_text(BASE.replace(typed, wrong, 1), encoding="utf-8")
    r = run_cli("check", str(src))
    lines = r.stderr.decode().strip().splitlines()
    assert r.returncode == 1 and len(lines) == 1, lines
    assert lines[0].startswith(f"{src}{where}") and advice in lines[0], lines[0]


def test_a_citation_to_a_missing_source_in_a_broken_sources_file_is_named_as_unchecked(tmp_path):
    folder = tmp_path / "sahel"
    folder.mkdir()
    (folder / "briefing.yaml").write_text(BASE.split("sources:")[0].replace("[@acled].", "[@acled] [@cedeao]."),
                                          encoding="utf-8")
    (folder / "sources.yaml").write_text("- id: acled\n  title: ACLED\n  url: [oops\n", encoding="utf-8")
    r = run_cli("check", str(folder))
    lines = r.stderr.decode().strip().splitlines()
    assert lines[0].startswith(f"{folder / 'sources.yaml'}:4:1:")
    assert lines[1] == f"{folder / 'sources.yaml'}: note: citations not checked: sources.yaml could not be read"


def test_a_mistyped_style_name_suggests_the_style(tmp_path):
    src = tmp_path / "b.yaml"
    src.write_text(BASE, encoding="utf-8")
    r = run_cli("check", str(src), "--style", "defualt")
    assert r.returncode == 2
    assert "unknown style 'defualt' (known: default, print); did you mean 'default'?" in r.stderr.decode()


def test_a_style_file_typo_suggests_the_key(tmp_path, monkeypatch):
    from briefing import theme

    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "default.yaml").write_text((Path(theme.styles_dir()) / "default.yaml").read_text("utf-8"),
                                         encoding="utf-8")
    (styles / "mine.yaml").write_text("parent: default\ncolours:\n  accent: '#123456'\n", encoding="utf-8")
    monkeypatch.setattr(theme, "styles_dir", lambda: str(styles))
    theme.load_theme.cache_clear()
    src = tmp_path / "b.yaml"
    src.write_text(BASE, encoding="utf-8")
    try:
        r = run_cli("check", str(src), "--style", "mine")
    finally:
        theme.load_theme.cache_clear()
    lines = r.stderr.decode().strip().splitlines()
    assert lines == [f"{styles / 'mine.yaml'}:2:1: unknown key 'colours'; did you mean 'colors'?"]

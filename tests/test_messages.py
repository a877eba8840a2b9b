"""Messages a user reads: nothing goes unsaid, every suggestion is the likely one, every YAML trap taught."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import run_cli


def write(folder: Path, text: str, name: str = "b.yaml") -> Path:
    p = folder / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def check(*args: str) -> tuple[int, list[str]]:
    r = run_cli("check", *args)
    err = r.stderr.decode()
    assert "Traceback" not in err
    return r.returncode, err.splitlines()


# -- a file that cannot be read: the checks that need it are named, the others run ---------------------------

def test_broken_sources_file_says_citations_were_not_checked(tmp_path):
    d = tmp_path / "brief"
    d.mkdir()
    write(d, """\
        title: T
        summary:
          - "A point. [@nowhere]"
        """, "briefing.yaml")
    write(d, "- id: a\n  title: A\n - id: b\n", "sources.yaml")
    write(d, "- {date: 2021-13, title: E, groups: [nrf]}\n", "timeline.yaml")
    write(d, "- {id: nrf, name: N}\n", "groups.yaml")
    code, lines = check(str(d))
    assert code == 1
    assert lines[0].startswith(f"{d}/sources.yaml:3:2: ")  # the parse error itself
    assert f"{d}/sources.yaml: note: citations not checked: sources.yaml could not be read" in lines
    # every check that does not need sources.yaml still runs
    assert f"{d}/timeline.yaml:1:10: 'date': month 13 is out of range (01-12)" in lines
    assert len(lines) == 3, lines


def test_broken_briefing_file_still_checks_the_component_files(tmp_path):
    d = tmp_path / "brief"
    d.mkdir()
    write(d, "title: T\nsummary: [a\n", "briefing.yaml")
    write(d, "- {date: 2021-13, title: E}\n- {date: 2021, title: F, sources: [nope]}\n", "timeline.yaml")
    write(d, "- {id: a, title: A}\n", "sources.yaml")
    code, lines = check(str(d))
    assert code == 1
    assert lines[0].startswith(f"{d}/briefing.yaml:")
    assert f"{d}/timeline.yaml:1:10: 'date': month 13 is out of range (01-12)" in lines
    assert f"{d}/timeline.yaml:2:36: source 'nope' names no source" in lines
    assert f"{d}/briefing.yaml: note: uncited sources not checked: briefing.yaml could not be read" in lines
    assert not any("missing required key" in x or "never cited" in x for x in lines), lines


def test_broken_groups_file_says_event_groups_were_not_checked(tmp_path):
    d = tmp_path / "brief"
    d.mkdir()
    write(d, "title: T\n", "briefing.yaml")
    write(d, "- {date: 2021, title: E, groups: [nrf]}\n", "timeline.yaml")
    write(d, "- {id: nrf, name: N\n", "groups.yaml")
    code, lines = check(str(d))
    assert code == 1
    assert f"{d}/groups.yaml: note: event groups not checked: groups.yaml could not be read" in lines
    assert len(lines) == 2, lines


def test_notes_are_not_turned_into_errors_by_strict(tmp_path):
    d = tmp_path / "brief"
    d.mkdir()
    write(d, "title: T\n", "briefing.yaml")
    write(d, "- {id: a, title: A\n", "sources.yaml")
    code, lines = check("--strict", str(d))
    assert code == 1
    assert f"{d}/sources.yaml: note: citations not checked: sources.yaml could not be read" in lines

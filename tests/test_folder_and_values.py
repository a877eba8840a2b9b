"""The folder form as people write it, values as typed, and warnings that point the way."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from conftest import norm, pdf_text, run_cli


def folder(tmp_path: Path, **files: str) -> Path:
    d = tmp_path / "brief"
    d.mkdir()
    files.setdefault("briefing.yaml", "title: Folder probe\nsummary:\n  - A point [@src].\n")
    for name, text in files.items():
        (d / name.replace("__", ".")).write_text(textwrap.dedent(text), encoding="utf-8")
    return d


def lines(r) -> list[str]:
    return r.stderr.decode().splitlines()


def test_component_files_may_hold_plain_lists(tmp_path):
    d = folder(tmp_path, timeline__yaml="- {date: 2021, title: Plain list event}\n",
               sources__yaml="- {id: src, title: Plain list source}\n",
               groups__yaml="groups:\n  - {id: g, name: Mapping form group}\n")
    out = tmp_path / "f.pdf"
    r = run_cli("build", str(d), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    text = norm(" ".join(pdf_text(out)))
    for s in ("Plain list event", "Plain list source", "Mapping form group"):
        assert s in text


def test_misnamed_files_are_warned_about_by_their_likely_name(tmp_path):
    d = folder(tmp_path, sources__yaml="- {id: src, title: S}\n", timeline__yml="- {date: 2021, title: E}\n",
               Figures__yaml="- {value: 1, label: L}\n", notes__txt="not YAML, fine\n")
    r = run_cli("check", str(d))
    assert r.returncode == 0
    assert lines(r) == [f"{d / 'Figures.yaml'}: warning: this file is not read; did you mean 'figures.yaml'?",
                        f"{d / 'timeline.yml'}: warning: this file is not read; did you mean 'timeline.yaml'?"]


def test_a_broken_sources_file_is_reported_once_without_follow_on_errors(tmp_path):
    d = folder(tmp_path, sources__yaml="- {id: src, title: [unclosed\n")
    r = run_cli("check", str(d))
    assert r.returncode == 1
    got = lines(r)
    assert len(got) == 2 and got[0].startswith(f"{d / 'sources.yaml'}:"), got
    # the one line besides says what could not be checked, and why
    assert got[1] == f"{d / 'sources.yaml'}: note: citations not checked: sources.yaml could not be read"


def test_eras_in_the_wrong_file_get_the_contract_advice(tmp_path):
    d = folder(tmp_path, sources__yaml="- {id: src, title: S}\n",
               groups__yaml="eras:\n  - {title: E, start: 2001}\n")
    r = run_cli("check", str(d))
    assert lines(r) == [f"{d / 'groups.yaml'}:1:1: groups.yaml may only hold 'groups'; 'eras' belongs in "
                        "timeline.yaml or briefing.yaml"]


def test_a_link_out_of_the_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("- {id: src, title: SECRET CONTENT}\n")
    d = folder(tmp_path)
    os.symlink(secret, d / "sources.yaml")
    out = tmp_path / "f.pdf"
    r = run_cli("build", str(d), "-o", str(out))
    assert r.returncode == 1
    assert f"{d / 'sources.yaml'}:1:1: this file links to a place outside the briefing's folder; refused" in lines(r)
    assert not out.exists()
    # the refusal, what it kept from being checked, and "failed:"; no follow-on citation errors
    assert len(lines(r)) == 3


def test_briefing_yaml_linking_out_is_refused(tmp_path):
    other = tmp_path / "elsewhere.yaml"
    other.write_text("title: SECRET\n")
    d = tmp_path / "brief"
    d.mkdir()
    os.symlink(other, d / "briefing.yaml")
    r = run_cli("check", str(d))
    assert r.returncode == 1
    assert "outside the briefing's folder" in r.stderr.decode()


def test_a_fifo_as_source_is_refused_at_once(tmp_path):
    p = tmp_path / "p.yaml"
    os.mkfifo(p)
    r = run_cli("check", str(p), timeout=30)  # a read would block forever
    assert r.returncode == 1
    assert lines(r) == [f"{p}:1:1: not a regular file (a FIFO, a device or a folder?); refused"]


@pytest.mark.parametrize(("typed", "shown"), [
    ("3:1", "3:1"), ("1:30", "1:30"), ("0x1F", "0x1F"), ("3.50", "3.50"), ("007", "007"), ("60000", "60,000"),
    ("1234.5", "1,234.5"), ("-1000", "-1,000"), ("1e5", "1e5"), ("0o17", "0o17"), ("1_000", "1_000"),
])
def test_values_print_as_typed(tmp_path, typed, shown):
    p = tmp_path / "v.yaml"
    p.write_text(f"title: Values\nfigures:\n  - {{value: {typed}, label: the value}}\n  - {{value: x, label: y}}\n")
    out = tmp_path / "v.pdf"
    r = run_cli("build", str(p), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    table = pdf_text(out)[0].split("Key figures", 1)[1]
    assert norm(table).split("WHAT IT MEASURES ", 1)[1].startswith(f"{shown} the value")


def test_warnings_for_empty_includes_and_near_miss_allies(tmp_path):
    p = tmp_path / "w.yaml"
    p.write_text(textwrap.dedent("""\
        title: W
        sections:
          - {title: S, include: [figures]}
        groups:
          - {id: fadh, name: F}
          - {id: other, name: O, allies: [fahd, Some Outside Power]}
    """))
    r = run_cli("check", str(p))
    assert r.returncode == 0
    assert lines(r) == [
        f"{p}:3:26: warning: 'figures' is included here, but the briefing has no figures: nothing will be shown",
        f"{p}:6:35: warning: 'fahd' is not a group of this briefing; did you mean 'fadh'?",
    ]


def test_size_warning_in_kilobytes_without_a_line(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("title: Small\n")
    out = tmp_path / "s.pdf"
    r = run_cli("build", str(p), "-o", str(out), "--max-size", "0.001")
    assert r.returncode == 0
    warn = [x for x in lines(r) if "warning" in x]
    assert len(warn) == 1 and warn[0].startswith(f"{out}: warning: the PDF is ") and " KB, over the 1 KB limit" in \
        warn[0], warn


def test_control_characters_are_errors_at_their_value(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text('title: T\nsubtitle: "a \\0 b"\nsummary:\n  - "tab\\tis fine, \\x1b is not"\n')
    r = run_cli("check", str(p))
    assert r.returncode == 1
    assert lines(r) == [f"{p}:2:11: 'subtitle' holds the control character U+0000 (NUL) at character 3; remove it",
                        f"{p}:4:5: 'summary' holds the control character U+001B (ESCAPE) at character 14; remove it"]


def test_bidi_overrides_warn_and_stay_out_of_metadata_and_outline(tmp_path):
    from pypdf import PdfReader

    p = tmp_path / "b.yaml"
    p.write_text('title: "Evil \\u202egnp.exe\\u202c name"\nauthors: ["A\\u202dB"]\n'
                 'sections: [{title: "S\\u202eX", body: "isolates \\u2067ok\\u2069 stay"}]\n')
    out = tmp_path / "b.pdf"
    r = run_cli("build", str(p), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    want = (f"{p}:1:8: warning: 'title' holds the bidi control U+202E (RIGHT-TO-LEFT OVERRIDE) at character 6: it "
            "can make text read in another order; it is left out of mail headers, file names and PDF metadata")
    assert want in lines(r)
    assert run_cli("check", "--strict", str(p)).returncode == 1
    rd = PdfReader(str(out))
    assert rd.metadata.title == "Evil gnp.exe name"
    assert rd.metadata.author == "AB"
    titles = [o.title for o in rd.outline if not isinstance(o, list)]
    assert titles == ["Evil gnp.exe name", "SX"]


def test_a_list_too_deep_to_lay_out_is_reported_not_dropped(tmp_path):
    p = tmp_path / "d.yaml"
    p.write_text('title: T\nsections:\n  - title: S\n    body: "- - - - - - - - - - deep item\\n\\nThis paragraph."\n'
                 '  - title: S2\n    body: "- - - - - - - - - nine deep\\n\\nThis one stays."\n')
    r = run_cli("check", str(p))
    assert r.returncode == 1
    assert lines(r) == [f"{p}:4:11: a list nested 10 or more levels deep (line 1 of this text) cannot be laid out, "
                        "and the text after it would be lost: flatten the list"]
    p.write_text(p.read_text().replace("- - - - - - - - - - deep", "deep"))
    out = tmp_path / "d.pdf"
    assert run_cli("build", str(p), "-o", str(out)).returncode == 0
    text = norm(" ".join(pdf_text(out)))
    assert "nine deep This one stays." in text


def test_a_claimed_figure_says_who_claims_it_under_its_label(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("title: T\nfigures:\n  - {value: 1, label: Fighters, basis: claimed, source: s}\n"
                 "  - {value: 2, label: Long claim, basis: claimed, note: '" + "word " * 3000 + "'}\n"
                 "sources:\n  - {id: s, title: A statement, publisher: The Front}\n")
    out = tmp_path / "c.pdf"
    r = run_cli("build", str(p), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    text = norm(" ".join(pdf_text(out)))
    assert "Fighters Claimed by The Front claimed" in text


def test_a_layout_error_in_the_figures_table_names_the_figure(tmp_path):
    from types import SimpleNamespace

    from reportlab.platypus import Table

    from briefing.errors import Pos
    from briefing.layout.document import _too_large

    table = Table([["a"], ["b"], ["c"]], rowHeights=[12, 30, 900])
    table.src_pos = Pos("f.yaml", 3, 3)
    table.row_pos = [None, Pos("f.yaml", 4, 5), Pos("f.yaml", 9, 5)]
    table.wrap(476, 722)
    brief = SimpleNamespace(pos=Pos("f.yaml"))
    assert str(_too_large(table, table, brief, 476, 722)).startswith("f.yaml:9:5: cannot lay out this table")


def test_an_actor_s_sources_are_shown_once(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_text("title: T\nactors:\n  - {name: Inline, summary: 'Says so [@s1].', sources: [s1, s2]}\n"
                 "  - {name: Listed, summary: No citation here., sources: [s1]}\n"
                 "sources:\n  - {id: s1, title: One}\n  - {id: s2, title: Two}\n")
    out = tmp_path / "a.pdf"
    assert run_cli("build", str(p), "-o", str(out)).returncode == 0
    text = norm(pdf_text(out)[0])
    assert "Says so1. Sources: 2 Listed" in text  # s1 cited inline is not listed again
    assert "No citation here. Sources: 1" in text


def test_a_marking_longer_than_a_page_band_is_warned_about(tmp_path):
    p = tmp_path / "m.yaml"
    p.write_text('title: T\nmarking: "' + "X" * 1200 + '"\n')
    r = run_cli("check", str(p))
    assert r.returncode == 0
    assert lines(r) == [f"{p}:2:10: warning: 'marking' is printed on every page and is cut to 1,000 characters there"]


def test_plain_text_is_one_line(tmp_path):
    p = tmp_path / "l.yaml"
    p.write_text('title: "First\\nSecond\\tTab"\nsubtitle: |\n  a block ends in a newline, which is fine\n'
                 'summary:\n  - "rich text may hold\\n\\nparagraphs and\\ttabs, not a \\r carriage return"\n')
    r = run_cli("check", str(p))
    assert r.returncode == 1
    assert lines(r) == [
        f"{p}:1:8: 'title' is one line of plain text, but holds a LINE FEED at character 6; write it on one line",
        f"{p}:1:8: 'title' is one line of plain text, but holds a TAB at character 13; write it on one line",
        f"{p}:5:5: 'summary' holds the control character U+000D (CARRIAGE RETURN) at character 48; remove it",
    ]


def test_a_url_longer_than_a_link_can_be_is_an_error(tmp_path):
    p = tmp_path / "u.yaml"
    p.write_text("title: t\nsummary: [\"[@s] [x](https://e.org/" + "b" * 3000 + ")\"]\nsources:\n  - id: s\n"
                 "    title: x\n    url: \"https://e.org/" + "a" * 100_000 + "\"\n")
    r = run_cli("check", str(p))
    assert r.returncode == 1
    assert lines(r) == [
        f"{p}:2:11: link target 'https://e.org/{'b' * 43}...' is 3,014 characters long; the limit is 2,048",
        f"{p}:6:10: 'url': the URL is 100,014 characters long; the limit is 2,048"]


def test_aliases_that_repeat_megabytes_of_text_are_refused(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_text("title: t\nsummary:\n  - &s \"" + "w " * 100_000 + "\"\n" + "  - *s\n" * 5000)
    r = run_cli("check", str(p), timeout=60)
    assert r.returncode == 1
    assert lines(r) == [f"{p}:29:5: YAML aliases repeat more than 5 million characters of text; refused"]


@pytest.mark.parametrize("era_title", ["W" * 6000, "word " * 3000])
def test_an_era_name_taller_than_a_page_builds(tmp_path, era_title):
    """Its head may not fit a page; the reminder at the top of later pages is short and comes once a page."""
    p = tmp_path / "e.yaml"
    p.write_text("title: t\ntimeline:\n" + "".join(f"  - {{date: {1990 + i}, title: x{i}}}\n" for i in range(60))
                 + f"eras:\n  - title: \"{era_title}\"\n    start: 1980\n    end: 2060\n")
    out = tmp_path / "e.pdf"
    r = run_cli("build", str(p), "-o", str(out), timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    text = norm(" ".join(pdf_text(out)))
    assert "x0" in text and "x59" in text


def test_a_link_title_is_reported_not_dropped(tmp_path):
    p = tmp_path / "t.yaml"
    p.write_text('title: t\nsummary:\n  - "[a](https://x.org \\"the title\\") after"\n')
    r = run_cli("check", str(p))
    assert r.returncode == 1
    assert lines(r) == [f"{p}:3:5: the link title 'the title' would not be printed: write it in the text, or remove it"]

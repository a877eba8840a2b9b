"""One hostile input per validation rule: the exact `FILE:LINE:COLUMN: message` line of `check`.

The inputs live in tests/hostile/; each expected position was checked by hand
against the offending node of its file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

HOSTILE = Path(__file__).resolve().parent / "hostile"


def check(path: Path | str, timeout: float = 60) -> tuple[int, list[str], str]:
    r = run_cli("check", str(path), timeout=timeout)
    err = r.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert "internal error" not in err
    return r.returncode, err.splitlines(), r.stdout.decode("utf-8", "replace")


def h(name: str) -> str:
    return str(HOSTILE / name)


# (file in tests/hostile, the one problem line expected, after "FILE:")
CASES = [
    ("unknown_key.yaml", "2:1: unknown key 'sumary'; did you mean 'summary'?"),
    ("missing_required.yaml", "3:5: missing required key 'name' in group"),
    ("type_list_for_text.yaml", "2:3: 'title' must be text, got a list"),
    ("type_text_for_list.yaml", "2:10: 'authors' must be a list, got text"),
    ("type_map_for_list.yaml", "2:11: 'keywords' must be a list, got a mapping"),
    ("date_month13.yaml", "2:7: 'date': month 13 is out of range (01-12)"),
    ("date_feb31.yaml", "2:8: 'as_of': day 31 is out of range for February 2021"),
    ("date_slashes.yaml", "2:7: 'date': not a date (expected YYYY, YYYY-MM or YYYY-MM-DD); write 2021-08-01"),
    ("date_time.yaml", "4:11: 'date': a date may not have a time of day (write YYYY-MM-DD)"),
    ("dup_group_id.yaml", "5:9: duplicate group id 'nrf' (first at {f}:3:9)"),
    ("dup_yaml_key.yaml", "3:1: duplicate key 'title' (first defined at line 1, column 1)"),
    ("cite_no_source.yaml", "3:14: citation 'ghost' names no source"),  # the citation itself
    ("event_group_unknown.yaml", "7:19: event group 'aff' names no group"),
    ("source_url_ftp.yaml", "5:10: 'url': 'ftp://example.org/x' is not an http or https URL"),
    ("link_javascript.yaml", "3:5: link target 'javascript:alert(1)' is not an http or https URL"),
    ("link_file.yaml", "4:5: link target 'file:///etc/passwd' is not an http or https URL"),
    ("link_data.yaml", "4:11: link target 'data:text/html,hi' is not an http or https URL"),
    ("eras_overlap.yaml", "6:5: era 'Late' overlaps era 'Early' (at {f}:3:5)"),
    ("include_twice.yaml", "6:24: component 'groups' is included twice (first at {f}:4:15)"),
    ("include_eras.yaml",
     "4:25: 'include' must be one of timeline, groups, figures, actors, outlook, not 'eras'"),
    ("unknown_style.yaml", "2:8: unknown style 'fancy' (known: default, print)"),
    ("bad_basis.yaml", "5:12: 'basis' must be one of reported, claimed, estimated, official, not 'rumoured'"),
    ("bad_trend.yaml", "5:12: 'trend' must be one of up, down, flat, not 'sideways'"),
    ("bad_id.yaml", "3:9: 'id': 'NRF_1' is not a valid id (use a-z, 0-9 and '-')"),
    ("empty.yaml", "1:1: the file is empty"),
    ("invalid_utf8.yaml", "3:16: invalid UTF-8: byte 0xe9 at byte offset 37"),
    ("custom_tag.yaml", "2:11: a value that starts with '!' must be in quotes: YAML reads a '!' at the start of a "
                        "value as a tag; put the whole value in quotes, e.g. subtitle: \"!foo bar\""),
    ("merge_key.yaml", "5:5: a merge key ('<<') is not allowed here"),
    ("key_not_text.yaml", "2:3: a key that is not text is not allowed here"),
    ("deep_nesting.yaml", "2:110: nested more than 100 levels deep; refused"),
    ("two_documents.yaml", "2:1: invalid YAML: expected a single document in the stream, but found another document"),
    ("undefined_alias.yaml", "1:8: a value that starts with '*' must be in quotes: YAML reads a '*' at the start of "
                             "a value as an alias (a reference to an '&' anchor); put the whole value in quotes, e.g. "
                             "title: \"*nowhere\""),
    ("alias_loop.yaml", "2:17: alias 'loop' is inside the node it names (a loop); refused"),
    ("duplicate_anchor.yaml", "2:11: invalid YAML: duplicate anchor 'a' (first at line 1, column 8)"),
]


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0].removesuffix(".yaml") for c in CASES])
def test_rule(name, expected):
    f = h(name)
    code, lines, out = check(f)
    assert code == 1, lines
    assert lines == [f"{f}:" + expected.format(f=f)]
    assert out == ""


def test_aliases_to_earlier_nodes_are_allowed():
    code, lines, out = check(h("alias_ok.yaml"))
    assert (code, lines) == (0, [])


def test_invalid_utf8_offset_is_the_bad_byte():
    data = (HOSTILE / "invalid_utf8.yaml").read_bytes()
    assert data[37] == 0xE9 and data.count(b"\n", 0, 37) + 1 == 3


def test_bom_is_accepted():
    f = h("bom.yaml")
    assert (HOSTILE / "bom.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    code, lines, out = check(f)
    assert code == 0, lines
    assert lines == []
    assert out.strip() == f"ok: {f}"


def test_python_tag_is_refused_and_nothing_runs(tmp_path):
    pwned = Path("/tmp/pwned")
    if pwned.exists():
        pwned.unlink()
    # the committed file (touch /tmp/pwned) and a fresh one pointing into tmp_path
    f = h("python_tag.yaml")
    code, lines, _ = check(f)
    assert code == 1
    assert f"{f}:2:11: YAML tag '!!python/object/apply:os.system' is not allowed" in lines
    assert not pwned.exists()
    marker = tmp_path / "marker"
    g = tmp_path / "tags.yaml"
    g.write_text(
        "title: T\n"
        f"subtitle: !!python/object/apply:os.system [\"touch {marker}\"]\n"
        f"disclaimer: !!python/object/new:subprocess.check_output [[\"touch\", \"{marker}\"]]\n"
        "publisher: !!python/name:os.system\n"
        "marking: !!binary aGVsbG8=\n",
        encoding="utf-8",
    )
    for cmd in ("check", "build"):
        r = run_cli(cmd, str(g), "-o", str(tmp_path / "x.pdf")) if cmd == "build" else run_cli(cmd, str(g))
        err = r.stderr.decode()
        assert r.returncode == 1
        assert "Traceback" not in err
        assert f"{g}:2:11: YAML tag '!!python/object/apply:os.system' is not allowed" in err.splitlines()
        assert f"{g}:4:12: YAML tag '!!python/name:os.system' is not allowed" in err.splitlines()
        assert f"{g}:5:10: YAML tag '!!binary' is not allowed" in err.splitlines()
    assert not marker.exists()
    assert not (tmp_path / "x.pdf").exists()
    assert not pwned.exists()


def test_billion_laughs_refused_quickly():
    f = h("billion_laughs.yaml")
    # A generous deadline, not a timing: expanding the aliases would take far longer (and all memory).
    code, lines, _ = check(f, timeout=60)
    assert code == 1
    assert lines == [f"{f}:7:16: the document expands to more than 200,000 values (through YAML aliases?); refused"]


def test_file_over_5mb_refused(tmp_path):
    f = tmp_path / "big.yaml"
    line = "  - " + "x" * 95 + "\n"
    with open(f, "w", encoding="utf-8") as fh:
        fh.write("title: T\nkeywords:\n")
        fh.write(line * (5 * 1024 * 1024 // len(line) + 10))
    size = f.stat().st_size
    assert size > 5 * 1024 * 1024
    code, lines, _ = check(f, timeout=60)  # refused by its size, before it is read
    assert code == 1
    assert lines == [f"{f}:1:1: file is {size:,} bytes; the limit is 5,242,880 bytes (5 MB)"]


def test_folder_key_defined_in_two_files():
    d = h("folder_key_twice")
    code, lines, _ = check(d)
    assert code == 1
    assert lines == [f"{d}/groups.yaml:1:1: key 'groups' is defined in both {d}/briefing.yaml and {d}/groups.yaml"]


def test_folder_component_file_with_foreign_key():
    d = h("folder_foreign_key")
    code, lines, _ = check(d)
    assert code == 1
    assert lines == [f"{d}/figures.yaml:3:1: figures.yaml may only hold 'figures'; 'title' belongs in briefing.yaml"]


def test_all_hostile_inputs_fail_without_traceback_in_one_run():
    files = sorted(str(p) for p in HOSTILE.iterdir() if p.name not in ("bom.yaml", "alias_ok.yaml", "build"))
    r = run_cli("check", *files, timeout=120)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 1
    assert "Traceback" not in err and "internal error" not in err
    assert "ok:" not in r.stdout.decode()
    for f in files:
        assert any(line.startswith(f) for line in err.splitlines()), f


@pytest.mark.parametrize("colour, message", [
    ("'red'", "'accent' must be a colour written #rrggbb (e.g. #1f4e79), got text ('red')"),
    ("'#12345'", "'accent' must be a colour written #rrggbb (e.g. #1f4e79), got text ('#12345')"),
    ("null", "'accent' must be a colour written #rrggbb, got empty"),
])
def test_style_with_a_bad_colour_is_named(tmp_path, monkeypatch, colour, message):
    from briefing import theme
    from briefing.pipeline import check

    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "odd.yaml").write_text(f"parent: default\ncolors:\n  accent: {colour}\n", encoding="utf-8")
    shutil.copy(ROOT / "styles" / "default.yaml", styles / "default.yaml")
    monkeypatch.setattr(theme, "styles_dir", lambda: str(styles))
    theme.load_theme.cache_clear()
    src = tmp_path / "b.yaml"
    src.write_text("title: T\n", encoding="utf-8")
    try:
        b, problems = check(str(src), style="odd")
    finally:
        theme.load_theme.cache_clear()
    assert b is None
    # at the colour itself, in the words a briefing's problems use
    assert [str(p) for p in problems] == [f"{styles / 'odd.yaml'}:3:11: {message}"]

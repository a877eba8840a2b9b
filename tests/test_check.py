"""`check`: the seed passes; every problem is reported at FILE:LINE:COLUMN, all in one run."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from conftest import SEED, run_cli


def write(tmp_path: Path, text: str, name: str = "b.yaml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def check(path: Path) -> tuple[int, list[str]]:
    r = run_cli("check", str(path))
    err = r.stderr.decode()
    assert "Traceback" not in err
    return r.returncode, err.splitlines()


def test_seed_passes_check():
    r = run_cli("check", str(SEED))
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.decode().strip() == f"ok: {SEED}"
    assert r.stderr.decode() == ""


def test_unknown_key_suggests_nearest(tmp_path):
    p = write(tmp_path, "titel: x\n")
    code, lines = check(p)
    assert code == 1
    assert lines == [f"{p}:1:1: unknown key 'titel'; did you mean 'title'? (a briefing needs 'title', and it is "
                     "missing)"]
    # one line, not a second one saying 'title' is missing


def test_messages_teach_what_to_do(tmp_path):
    cases = {
        "title: Hello: world\n": "1:13: a ': ' inside text that is not in quotes: put the whole value in quotes, "
                                 "e.g. title: \"Hello: world\"",
        "title: x\nsummary:\n\t- tab\n": "3:1: a tab in the indentation: YAML indents with spaces only; replace the "
                                         "tab with spaces",
        "title: x\nsections:\n  - title: A\n     body: b\n": "4:10: line 4 is indented more than line 3: 'body' "
        "starts in column 6, but should line up with 'title' in column 5 (or be nested under a key that ends with ':')",
        "title: x\nsections:\n  - title: A\n  body: b\n": "4:3: line 4 is indented differently from the block begun "
        "on line 3: 'body' starts in column 3; line it up with 'title' in column 5",
        "title: x\nsummary:\n  - Point: with colon\n": "3:5: 'summary' must be text, got a mapping: the ': ' after "
        "'Point' makes YAML read it as a key; put the whole text in quotes, e.g. \"Point: ...\"",
        "title: x\ntimeline:\n  - date: 2020\n    name: N\n": "4:5: unknown key 'name'; did you mean 'title'? (an "
        "event needs 'title', and it is missing)",
        "title: x\nkey_points: [a]\n": "2:1: unknown key 'key_points'; did you mean 'summary'?",
        "title: x\nsections:\n  - {title: A, content: b}\n": "3:16: unknown key 'content'; did you mean 'body'?",
        "title: x\ngroups:\n  - {id: a, name: A, description: d}\n": "3:22: unknown key 'description'; did you "
        "mean 'summary'?",
    }
    for text, want in cases.items():
        p = write(tmp_path, text)
        code, lines = check(p)
        assert code == 1
        assert lines == [f"{p}:{want}"], text


def test_ten_problems_reported_in_one_run(tmp_path):
    p = write(tmp_path, """\
        title: T
        date: 2021-13
        summary:
          - "See [@nope] and [x](javascript:alert(1))"
        sources:
          - {id: a, title: A}
          - {id: a, title: B, url: "ftp://x"}
        timeline:
          - {date: "2021-08-15T10:00", title: E}
          - {date: 2020, title: F, groups: [nrf]}
        eras:
          - {title: A, start: 1979}
          - {title: B, start: 1980, end: 1990}
        sections:
          - {title: S, include: [timeline, timeline]}
        figures:
          - {value: 1, label: x, basis: claimd}
        """)
    code, lines = check(p)
    expected = [
        f"{p}:2:7: 'date': month 13 is out of range (01-12)",
        f"{p}:4:5: link target 'javascript:alert(1)' is not an http or https URL",
        f"{p}:4:10: citation 'nope' names no source",  # the citation itself
        f"{p}:7:10: duplicate source id 'a' (first at {p}:6:10)",
        f"{p}:7:28: 'url': 'ftp://x' is not an http or https URL",
        f"{p}:9:12: 'date': a date may not have a time of day (write YYYY-MM-DD)",
        f"{p}:10:37: event group 'nrf' names no group",
        f"{p}:13:5: era 'B' overlaps era 'A' (at {p}:12:5)",
        f"{p}:15:36: component 'timeline' is included twice (first at {p}:15:26)",
        f"{p}:17:33: 'basis' must be one of reported, claimed, estimated, official, not 'claimd';"
        " did you mean 'claimed'?",
    ]
    for e in expected:
        assert e in lines, (e, lines)
    assert code == 1
    assert f"{p}:6:5: warning: source 'a' is never cited" in lines
    assert len(lines) == 11
    assert all(re.match(rf"{re.escape(str(p))}:\d+:\d+: ", x) for x in lines)


def test_folder_key_in_two_files(tmp_path):
    d = tmp_path / "brief"
    d.mkdir()
    write(d, "title: T\ngroups: []\n", "briefing.yaml")
    write(d, "groups: []\n", "groups.yaml")
    code, lines = check(d)
    assert code == 1
    assert lines == [f"{d}/groups.yaml:1:1: key 'groups' is defined in both {d}/briefing.yaml and {d}/groups.yaml"]


def test_schema_is_json_schema():
    import json

    r = run_cli("schema")
    assert r.returncode == 0
    s = json.loads(r.stdout)
    assert s["$schema"].endswith("2020-12/schema")
    assert "title" in s["required"] and s["additionalProperties"] is False
    assert set(s["$defs"]) == {"section", "event", "era", "group", "figure", "image", "actor", "scenario", "source"}

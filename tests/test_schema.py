"""The JSON Schema that editors use: every key explained, every file of a briefing covered.

Documents are checked against the printed schemas with a small checker of the
keywords the schemas use (it refuses any other keyword, so it cannot pass a
document by ignoring a rule), and also with `jsonschema` where it is installed.
"""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
import yaml
from conftest import SEED, run_cli

from briefing.cli import SCHEMA_PARTS
from briefing.parts import PARTS
from briefing.schema import KEY_DOCS, OBJECT_DOCS, OBJECTS


@cache
def schema(part: str | None = None) -> dict:
    """The schema as `make_briefing.py schema [--part PART]` prints it."""
    r = run_cli("schema", *(["--part", part] if part else []))
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout)


class _Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: 2021-08-15 stays text (YAML 1.2)."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str):
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader


_KNOWN = {"$schema", "$id", "$defs", "$ref", "title", "description", "examples", "type", "enum", "pattern",
          "minimum", "maximum", "anyOf", "if", "then", "else", "properties",
          "required", "additionalProperties", "minProperties", "items"}
_TYPES = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def errors(s: dict, doc, root: dict, path: str = "$") -> list[str]:
    """Where `doc` breaks schema `s` (empty: it is valid)."""
    assert set(s) <= _KNOWN, f"the checker does not know {set(s) - _KNOWN}"
    if "$ref" in s:
        return errors(root["$defs"][s["$ref"].removeprefix("#/$defs/")], doc, root, path)
    out: list[str] = []
    if "anyOf" in s and all(errors(alt, doc, root, path) for alt in s["anyOf"]):
        out.append(f"{path}: matches no alternative")
    if "if" in s:
        out += errors(s["else"] if errors(s["if"], doc, root, path) else s["then"], doc, root, path)
    types = s.get("type", [])
    types = [types] if isinstance(types, str) else types
    if types and not any(_TYPES[t](doc) for t in types):
        return out + [f"{path}: not {' or '.join(types)}"]
    if "enum" in s and doc not in s["enum"]:
        out.append(f"{path}: not one of {s['enum']}")
    if "pattern" in s and isinstance(doc, str) and not re.search(s["pattern"], doc):
        out.append(f"{path}: does not match {s['pattern']}")
    if "minimum" in s and _TYPES["number"](doc) and not s["minimum"] <= doc <= s["maximum"]:
        out.append(f"{path}: out of range")
    if isinstance(doc, dict):
        props = s.get("properties", {})
        out += [f"{path}: missing {k!r}" for k in s.get("required", ()) if k not in doc]
        if s.get("additionalProperties") is False:
            out += [f"{path}: unknown key {k!r}" for k in doc if k not in props]
        if len(doc) < s.get("minProperties", 0):
            out.append(f"{path}: empty")
        for k, v in doc.items():
            if k in props:
                out += errors(props[k], v, root, f"{path}.{k}")
    if isinstance(doc, list) and "items" in s:
        for i, v in enumerate(doc):
            out += errors(s["items"], v, root, f"{path}[{i}]")
    return out


def valid(doc, part: str | None = None) -> list[str]:
    """Problems the schema finds in `doc` (checked by `jsonschema` too, where installed)."""
    s = schema(part)
    found = errors(s, doc, s)
    try:
        import jsonschema
    except ImportError:
        return found
    assert (not list(jsonschema.Draft202012Validator(s).iter_errors(doc))) == (not found), found
    return found


# -- every key explained -----------------------------------------------------------
def test_every_key_of_every_object_has_a_description():
    """A key added to the format without a description fails here."""
    missing = [f"{obj}.{key}" for obj, fields in OBJECTS.items() for key in fields
               if not KEY_DOCS.get(obj, {}).get(key, ("",))[0].strip()]
    assert missing == []
    assert [o for o in OBJECTS if o != "briefing" and not OBJECT_DOCS.get(o)] == []


@pytest.mark.parametrize("part", [None, *SCHEMA_PARTS])
def test_every_key_in_the_printed_schema_has_a_description(part):
    s = schema(part)
    seen = 0

    def walk(node):
        nonlocal seen
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                assert sub.get("description", "").strip(), f"{key!r} has no description"
                seen += 1
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(s)
    assert seen >= sum(len(f) for o, f in OBJECTS.items() if o != "briefing")
    assert s["$defs"]["figure"]["properties"]["value"]["examples"][:2] == ["27%", "207+"]


def test_there_is_a_part_schema_for_each_component_file_of_a_folder():
    assert sorted(f"{p}.yaml" for p in SCHEMA_PARTS) == sorted(PARTS)


# -- both forms of a component file --------------------------------------------
SAMPLES = {
    "timeline": ("- date: 2021-08-15\n  title: Fall of Kabul\n  approximate: true\n- {date: 1979, title: Invasion}\n",
                 "eras:\n  - {title: Republic, start: 2004, end: 2021-08}\n"
                 "timeline:\n  - {date: 1979-12, end: 1989-02, title: Occupation, groups: [nrf]}\n"),
    "groups": ("- id: nrf\n  name: National Resistance Front\n  goals: [Hold the valley.]\n  allies: [afl]\n",
               "groups:\n  - {id: nrf, name: National Resistance Front, founded: 2021}\n"),
    "figures": ("- {value: 3:1, label: ratio of forces, basis: claimed}\n- {value: 60000, label: people, trend: up}\n"
                "- {value: Nearly 20, of: 34, label: provinces, highlight: true}\n",
                "figures:\n  - {value: 27%, label: contraction, as_of: 2024-06, source: un-report}\n"),
    "actors": ("- name: Pakistan\n  position: engages the Taliban\n  sources: [holdouts]\n",
               "actors:\n  - {name: Tajikistan, summary: 'Refuses recognition. [@holdouts]'}\n"),
    "outlook": ("- horizon: Short term\n  text: The resistance survives.\n  likelihood: Likely\n",
                "outlook:\n  - {horizon: Long term, text: Uncertain.}\n"),
    "sources": ("- {id: holdouts, title: The Last Holdouts, url: 'https://example.org/a', accessed: 2024-09}\n",
                "sources:\n  - {id: un-report, title: Report, date: 2024-06-01}\n"),
}


@pytest.mark.parametrize("part", SCHEMA_PARTS)
def test_a_part_schema_accepts_the_plain_list_and_the_mapping(part):
    as_list, as_mapping = SAMPLES[part]
    assert isinstance(load(as_list), list) and isinstance(load(as_mapping), dict)
    assert valid(load(as_list), part) == []
    assert valid(load(as_mapping), part) == []


@pytest.mark.parametrize("part", SCHEMA_PARTS)
def test_a_part_schema_still_finds_mistakes(part):
    as_list, as_mapping = SAMPLES[part]
    other = "groups" if part != "groups" else "figures"
    assert valid({**load(as_mapping), other: []}, part)  # a key that belongs elsewhere
    assert valid({}, part)
    assert valid(load(as_list) + [{"unknown_key": 1}], part)
    assert valid("text", part)


def test_timeline_schema_checks_events_and_eras():
    assert valid(load("- {date: 2021-08-15}\n"), "timeline")  # no title
    assert valid(load("- {date: 15 August 2021, title: T}\n"), "timeline")
    assert valid(load("eras: [{title: E}]\n"), "timeline")  # no start
    assert valid(load("- {title: E, start: 2001}\n"), "timeline")  # an era is not an event
    assert valid(load("eras: [{title: E, start: 2001}]\n"), "timeline") == []


def test_the_seed_folder_matches_its_schemas_in_both_forms():
    assert valid(load((SEED / "briefing.yaml").read_text(encoding="utf-8"))) == []
    for part in SCHEMA_PARTS:
        doc = load((SEED / f"{part}.yaml").read_text(encoding="utf-8"))
        assert valid(doc, part) == []
        assert valid(doc[part], part) == []  # the same entries written as a plain list


def test_images_of_and_highlight_are_in_the_schema():
    section = "title: T\nsections:\n  - title: Maps\n    images:\n"
    assert valid(load(section + "      - {file: images/map.png, alt: A map, width: half, caption: '*M*'}\n")) == []
    assert valid(load(section + "      - {file: images/map.png}\n"))  # alt is required
    assert valid(load(section + "      - {file: images/map.png, alt: A map, width: wide}\n"))
    assert valid(load("- {value: 20, label: x, of: '34'}\n"), "figures")  # a number, not text
    assert valid(load("- {value: 20, label: x, highlight: yes please}\n"), "figures")


def test_the_whole_briefing_schema_is_unchanged_at_its_root():
    assert valid(load("title: T\ntimeline: [{date: 2021, title: E}]\n")) == []
    assert valid(load("subtitle: no title\n"))
    assert valid(load("- {date: 2021, title: E}\n"))  # a list is only a component file


@pytest.mark.parametrize("part", [None, *SCHEMA_PARTS])
def test_each_schema_is_a_valid_draft_2020_12_schema(part):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema(part))


def _docs_checker(tmp_path):
    """The Python checker docs/format.md shows, as a file."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    code = text.split("### Checking from Python or another tool", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    script = tmp_path / "check_schema.py"
    script.write_text(code, encoding="utf-8")
    return script


def test_the_documented_python_check_accepts_unquoted_dates_and_points_into_the_list(tmp_path):
    import subprocess
    import sys

    pytest.importorskip("jsonschema")
    script = _docs_checker(tmp_path)
    (tmp_path / "timeline.schema.json").write_text(json.dumps(schema("timeline")), encoding="utf-8")
    good = tmp_path / "timeline.yaml"
    good.write_text("- {date: 2021-08-15, title: Kabul falls}\n- {date: 2021-09, title: B}\n", encoding="utf-8")
    r = subprocess.run([sys.executable, str(script), str(tmp_path / "timeline.schema.json"), str(good)],
                       capture_output=True, text=True)
    assert (r.returncode, r.stdout) == (0, ""), r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {date: 2021-08-15, title: A}\n- {date: 2021, title: B}\n- {date: 2022, titel: C}\n",
                   encoding="utf-8")
    r = subprocess.run([sys.executable, str(script), str(tmp_path / "timeline.schema.json"), str(bad)],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert sorted(r.stdout.splitlines()) == ["2 'title' is a required property",
                                             "2 Additional properties are not allowed ('titel' was unexpected)"]

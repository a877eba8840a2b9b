"""Every text field prints exactly as written: one marker per field, so a field that
loses its literal handling (its text parsed as markup, entities decoded) fails by name."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import pdf_text, run_cli


def marker(n: int) -> str:
    """Markup-like text unique to one field: a tag, an entity and a line break."""
    return f"<b>m{n:02d}</b>&amp;<br/>"


# Every text field of the format (keywords aside: metadata only), named as in the test ids.
FIELDS = [
    "title", "subtitle", "publisher", "authors", "marking", "summary", "disclaimer",
    "section.title", "section.body",
    "event.title", "event.text", "event.label", "era.title",
    "group.name", "group.short", "group.kind", "group.status", "group.leader", "group.base", "group.areas",
    "group.size", "group.orientation", "group.summary", "group.goals", "group.capabilities", "group.activities",
    "group.support", "group.allies", "group.rivals",
    "figure.value", "figure.label", "figure.note", "figure.claimed_by",
    "actor.name", "actor.position", "actor.summary",
    "scenario.horizon", "scenario.text", "scenario.likelihood",
    "source.title", "source.publisher",
]
MARK = {f: marker(i) for i, f in enumerate(FIELDS)}
# Fields the layout prints in capitals (a masthead, a banner, a band, a label).
UPPER = {"publisher", "marking", "era.title", "scenario.horizon", "scenario.likelihood"}


def probe_doc() -> dict:
    m = MARK
    return {
        "title": m["title"], "subtitle": m["subtitle"], "publisher": m["publisher"], "authors": [m["authors"]],
        "marking": m["marking"], "summary": [m["summary"] + " [@s]"], "disclaimer": m["disclaimer"],
        "sections": [{"title": m["section.title"], "body": m["section.body"]}],
        "eras": [{"title": m["era.title"], "start": 2000, "end": 2010}],
        "timeline": [{"date": 2001, "title": m["event.title"], "text": m["event.text"], "label": m["event.label"]}],
        "groups": [{
            "id": "g", "name": m["group.name"], "short": m["group.short"], "kind": m["group.kind"],
            "status": m["group.status"], "leader": m["group.leader"], "base": m["group.base"],
            "areas": [m["group.areas"]], "size": m["group.size"], "orientation": m["group.orientation"],
            "summary": m["group.summary"], "goals": [m["group.goals"]], "capabilities": [m["group.capabilities"]],
            "activities": [m["group.activities"]], "support": [m["group.support"]],
            "allies": [m["group.allies"]], "rivals": [m["group.rivals"]],
        }],
        "figures": [
            {"value": m["figure.value"], "label": m["figure.label"], "note": m["figure.note"], "basis": "reported"},
            {"value": 5, "label": "claimed", "basis": "claimed", "note": m["figure.claimed_by"]},
        ],
        "actors": [{"name": m["actor.name"], "position": m["actor.position"], "summary": m["actor.summary"]}],
        "outlook": [{"horizon": m["scenario.horizon"], "text": m["scenario.text"],
                     "likelihood": m["scenario.likelihood"]}],
        "sources": [{"id": "s", "title": m["source.title"], "publisher": m["source.publisher"]}],
    }


def squeeze(s: str) -> str:
    """Text without white space: a marker that wraps inside a narrow column still reads whole."""
    return "".join(s.split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> str:
    d: Path = tmp_path_factory.mktemp("literal")
    src = d / "literal.yaml"
    src.write_text(yaml.safe_dump(probe_doc(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = d / "literal.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    return squeeze(" ".join(pdf_text(out)))


def test_markers_are_distinct():
    assert len(set(MARK.values())) == len(MARK)


@pytest.mark.parametrize("field", FIELDS)
def test_field_prints_literally(printed, field):
    want = MARK[field].upper() if field in UPPER else MARK[field]
    assert want in printed, f"{field}: {want!r} not printed as written"

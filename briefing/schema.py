"""The format's rules, as data: validation of YAML nodes and the JSON Schema.

In: the merged top-level mapping of a briefing (`YMap` nodes with positions).
Out: a `Briefing` and every problem found, each at its node's position.

The field tables below are the single statement of the contract's keys and
types; both the validator and `schema_json()` read them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import model as m
from . import richtext
from .dates import parse_date
from .errors import Pos, Problem
from .model import BIDI_CONTROLS
from .yamlpos import YMap, YNode, YScalar, YSeq, kind_name


def _close(word: str, options, n: int, cutoff: float) -> list[str]:
    """Suggestions for a misspelling (difflib is imported only when one is needed)."""
    import difflib

    return difflib.get_close_matches(word, options, n=n, cutoff=cutoff)

# A field's kind: a string for scalars, ("list", kind), ("enum", values), or ("obj", name).
Kind = Any
TEXT, RICH, DATE, BOOL, ID, LANG, URL, VALUE, STYLE = (
    "text", "rich", "date", "bool", "id", "lang", "url", "value", "style")


def L(kind: Kind) -> tuple:
    return ("list", kind)


def E(*values: str) -> tuple:
    return ("enum", values)


def O(name: str) -> tuple:  # noqa: E743 - a short name reads well in the tables
    return ("obj", name)


# Keys people write for the format's own, per object ("*": any object that has the key).
SAME_AS: dict[tuple[str, str], str] = {
    ("briefing", "key_points"): "summary", ("briefing", "points"): "summary",
    ("briefing", "highlights"): "summary", ("briefing", "author"): "authors", ("briefing", "name"): "title",
    ("briefing", "events"): "timeline", ("briefing", "references"): "sources", ("briefing", "scenarios"): "outlook",
    ("section", "text"): "body", ("section", "content"): "body", ("section", "name"): "title",
    ("event", "event"): "title", ("event", "name"): "title", ("event", "description"): "text",
    ("event", "when"): "date", ("event", "start"): "date",
    ("era", "name"): "title", ("era", "from"): "start", ("era", "to"): "end",
    ("group", "description"): "summary", ("group", "leaders"): "leader", ("group", "aliases"): "short",
    ("figure", "sources"): "source", ("figure", "number"): "value", ("figure", "description"): "label",
    ("actor", "description"): "summary", ("actor", "stance"): "position",
    ("scenario", "description"): "text", ("scenario", "period"): "horizon",
    ("source", "name"): "title", ("source", "link"): "url", ("source", "href"): "url",
    ("*", "description"): "summary", ("*", "source"): "sources",
}


def _a(noun: str) -> str:
    return "an" if noun[0] in "aeiou" else "a"


# name -> {key: (kind, required)}
OBJECTS: dict[str, dict[str, tuple[Kind, bool]]] = {
    "briefing": {
        "title": (TEXT, True), "subtitle": (TEXT, False), "publisher": (TEXT, False),
        "authors": (L(TEXT), False), "date": (DATE, False), "as_of": (DATE, False),
        "marking": (TEXT, False), "language": (LANG, False), "keywords": (L(TEXT), False),
        "summary": (L(RICH), False), "sections": (L(O("section")), False),
        "timeline": (L(O("event")), False), "eras": (L(O("era")), False),
        "groups": (L(O("group")), False), "figures": (L(O("figure")), False),
        "actors": (L(O("actor")), False), "outlook": (L(O("scenario")), False),
        "sources": (L(O("source")), False), "disclaimer": (TEXT, False), "style": (STYLE, False),
    },
    "section": {
        "title": (TEXT, True), "id": (ID, False), "body": (RICH, False),
        "include": (L(E(*m.COMPONENTS)), False),
    },
    "event": {
        "date": (DATE, True), "end": (DATE, False), "title": (TEXT, True), "text": (RICH, False),
        "label": (TEXT, False), "approximate": (BOOL, False), "groups": (L(ID), False),
        "sources": (L(ID), False),
    },
    "era": {"title": (TEXT, True), "start": (DATE, True), "end": (DATE, False)},
    "group": {
        "id": (ID, True), "name": (TEXT, True), "short": (TEXT, False), "kind": (TEXT, False),
        "status": (TEXT, False), "leader": (TEXT, False), "founded": (DATE, False),
        "base": (TEXT, False), "areas": (L(TEXT), False), "size": (TEXT, False),
        "orientation": (TEXT, False), "summary": (RICH, False), "goals": (L(RICH), False),
        "capabilities": (L(RICH), False), "activities": (L(RICH), False),
        "support": (L(RICH), False), "allies": (L(TEXT), False), "rivals": (L(TEXT), False),
        "sources": (L(ID), False),
    },
    "figure": {
        "value": (VALUE, True), "label": (TEXT, True), "as_of": (DATE, False),
        "source": (ID, False), "note": (TEXT, False),
        "basis": (E("reported", "claimed", "estimated", "official"), False),
        "trend": (E("up", "down", "flat"), False),
    },
    "actor": {"name": (TEXT, True), "position": (TEXT, False), "summary": (RICH, False),
              "sources": (L(ID), False)},
    "scenario": {"horizon": (TEXT, True), "text": (RICH, True), "likelihood": (TEXT, False)},
    "source": {
        "id": (ID, True), "title": (TEXT, True), "publisher": (TEXT, False), "url": (URL, False),
        "date": (DATE, False), "accessed": (DATE, False),
    },
}
CLASSES: dict[str, type] = {
    "section": m.Section, "event": m.Event, "era": m.Era, "group": m.Group, "figure": m.Figure,
    "actor": m.Actor, "scenario": m.Scenario, "source": m.Source,
}
DESCRIPTIONS = {
    TEXT: "Plain text, printed exactly as written.",
    RICH: "Rich text: paragraphs, **bold**, *italic*, [links](https://...), '- ' lists, [@source-id] citations.",
    DATE: "A date: YYYY, YYYY-MM or YYYY-MM-DD.",
    ID: "An identifier: lower-case letters, digits and hyphens.",
    LANG: "A BCP 47 language tag, e.g. en or fa-AF.",
    URL: "An http or https URL.",
    VALUE: "A number or a short text such as 27% or 207+.",
    STYLE: "The name of a style in styles/.",
}
_ID = re.compile(r"[a-z0-9-]+")
_LANG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
# C0 and C1 controls but tab, newline and carriage return; bidi overrides and embeddings.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]")
_C0_NAMES = {0: "NUL", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}
_DECIMAL = re.compile(r"(-?)([1-9][0-9]*|0)(\.[0-9]+)?")


def as_typed(raw: str) -> str:
    """A number as the user typed it; only a plain decimal gains thousands separators.

    `60000` -> `60,000`, `1234.5` -> `1,234.5`; `3.50`, `007`, `0x1F`, `3:1`
    (which YAML 1.1 reads as 181) and `1e5` print exactly as written.
    """
    m = _DECIMAL.fullmatch(raw)
    if not m:
        return raw
    return f"{m[1]}{int(m[2]):,}{m[3] or ''}"


class Validator:
    """Walks the nodes once, collecting problems and every reference to check."""

    def __init__(self, styles: Callable[[], list[str]] | None = None, full: bool = True,
                 unread: set[str] | frozenset[str] = frozenset()):
        self.full = full  # False: validate only; rich text is not parsed further than that needs
        # keys whose file could not be read: references to them would only repeat that problem
        self.unread = unread
        self.problems: list[Problem] = []
        self.texts: list[tuple[Pos, str]] = []
        self.cites: list[tuple[Pos, str]] = []  # (where, source id)
        self.group_refs: list[tuple[Pos, str]] = []
        self.source_refs: list[tuple[Pos, str]] = []
        self.styles = styles

    def err(self, pos: Pos, msg: str) -> None:
        self.problems.append(Problem(pos, msg))

    # -- objects -----------------------------------------------------------
    def obj(self, node: YNode, name: str, partial: bool = False) -> dict[str, Any] | None:
        if not isinstance(node, YMap):
            self.err(node.pos, f"expected a mapping ({name}), got {kind_name(node)}")
            return None
        fields = OBJECTS[name]
        where: dict[str, Pos] = {}
        out: dict[str, Any] = {"pos": node.pos, "where": where}
        told: set[str] = set()  # required keys already named by an unknown key's advice
        for key, (knode, vnode) in node.items.items():
            if key not in fields:
                near = SAME_AS.get((name, key)) or SAME_AS.get(("*", key))
                if near not in fields:
                    found = _close(key, list(fields), n=1, cutoff=0.6)
                    near = found[0] if found else None
                if near and fields[near][1] and near not in node.items and near not in told:
                    told.add(near)
                    self.err(knode.pos, f"unknown key {key!r}; did you mean {near!r}? ({_a(name)} {name} needs "
                                        f"{near!r}, and it is missing)")
                else:
                    hint = f"; did you mean {near!r}?" if near else ""
                    self.err(knode.pos, f"unknown key {key!r}{hint}")
                continue
            kind, _ = fields[key]
            if isinstance(vnode, YScalar) and vnode.value is None and kind != TEXT:
                self.err(vnode.pos, f"{key!r} is empty")
                continue
            where[key] = vnode.pos
            if isinstance(vnode, YSeq) and isinstance(kind, tuple) and kind[0] == "list":
                kept = [(n.pos, self.value(n, kind[1], key)) for n in vnode.items]
                kept = [(p, v) for p, v in kept if v is not None]
                where.update((f"{key}[{i}]", p) for i, (p, _) in enumerate(kept))
                out[key] = tuple(v for _, v in kept)
                continue
            value = self.value(vnode, kind, key)
            if value is not None:
                out[key] = value
        for k in [k for k, (_, req) in fields.items() if req and k not in node.items and k not in told]:
            self.err(node.pos, f"missing required key {k!r} in {name}")
        if not partial and any(req and k not in out for k, (_, req) in fields.items()):
            return None  # reported above, as missing or as a bad value
        return out

    def value(self, node: YNode, kind: Kind, key: str) -> Any:
        if isinstance(kind, tuple):
            tag = kind[0]
            if tag == "list":
                if not isinstance(node, YSeq):
                    self.err(node.pos, f"{key!r} must be a list, got {kind_name(node)}")
                    return None
                vals = [self.value(n, kind[1], key) for n in node.items]
                return tuple(v for v in vals if v is not None)
            if tag == "obj":
                d = self.obj(node, kind[1])
                return None if d is None else CLASSES[kind[1]](**d)
            if tag == "enum":
                s = self.scalar(node, key)
                if s is None:
                    return None
                if s not in kind[1]:
                    near = _close(s, kind[1], n=1, cutoff=0.5)
                    hint = f"; did you mean {near[0]!r}?" if near else ""
                    self.err(node.pos, f"{key!r} must be one of {', '.join(kind[1])}, not {s!r}{hint}")
                    return None
                return s
        if kind == BOOL:
            if isinstance(node, YScalar) and isinstance(node.value, bool):
                return node.value
            self.err(node.pos, f"{key!r} must be true or false, got {kind_name(node)}")
            return None
        if kind == DATE:
            if not isinstance(node, YScalar) or isinstance(node.value, (bool, float)) or node.value is None:
                self.err(node.pos, f"{key!r}: not a date (expected YYYY, YYYY-MM or YYYY-MM-DD), got {kind_name(node)}")
                return None
            try:
                return parse_date(node.raw)
            except ValueError as e:
                self.err(node.pos, f"{key!r}: {e}")
                return None
        s = self.scalar(node, key)
        if s is None:
            return None
        if kind == RICH:
            cites = None if self.full else richtext.cites_only(s)
            if cites is None:
                blocks, cites, problems = richtext.parse(s)
            else:
                blocks, problems = (), []
            for msg in problems:
                self.err(node.pos, msg)
            if cites:
                self.cites.extend(_cite_places(node, s, cites))
            self.texts.append((node.pos, s))
            return blocks
        if kind == ID:
            if not _ID.fullmatch(s):
                self.err(node.pos, f"{key!r}: {s!r} is not a valid id (use a-z, 0-9 and '-')")
                return None
            return s
        if kind == LANG:
            if not _LANG.fullmatch(s):
                self.err(node.pos, f"{key!r}: {s!r} is not a BCP 47 language tag (e.g. en, fa-AF)")
                return None
            return s
        if kind == URL:
            if not richtext.is_http_url(s):
                self.err(node.pos, f"{key!r}: {s[:60]!r} is not an http or https URL")
                return None
            return s
        if kind == STYLE and self.styles is not None:
            names = self.styles()
            if s not in names:
                near = _close(s, names, n=1, cutoff=0.5)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                self.err(node.pos, f"unknown style {s!r} (known: {', '.join(names)}){hint}")
                return None
        self.texts.append((node.pos, s))
        return s

    def scalar(self, node: YNode, key: str) -> str | None:
        """A scalar as text, as typed: only plain decimal numbers gain thousands separators."""
        if not isinstance(node, YScalar):
            hint = ""
            if isinstance(node, YMap) and len(node.items) == 1:
                (k, (_, v)), = node.items.items()
                if isinstance(v, YScalar):
                    hint = (f": the ': ' after {k!r} makes YAML read it as a key; put the whole text in quotes, "
                            f"e.g. \"{k}: ...\"")
            self.err(node.pos, f"{key!r} must be text, got {kind_name(node)}{hint}")
            return None
        v = node.value
        if v is None:
            self.err(node.pos, f"{key!r} is empty")
            return None
        if isinstance(v, bool):
            return node.raw
        if isinstance(v, (int, float)):
            return as_typed(node.raw)
        text = str(v)
        if _CONTROL.search(text):
            self._controls(node, key, text)
        return text

    def _controls(self, node: YScalar, key: str, text: str) -> None:
        """Control characters are errors; bidi overrides and embeddings are warnings."""
        import unicodedata

        for hit in _CONTROL.finditer(text):
            c = hit[0]
            name = unicodedata.name(c, None) or _C0_NAMES.get(ord(c), "a control character")
            what = f"U+{ord(c):04X} ({name})"
            if c in BIDI_CONTROLS:
                self.problems.append(Problem(node.pos, f"{key!r} holds the bidi control {what} at character "
                                                       f"{hit.start() + 1}: it can make text read in another order; "
                                                       "it is left out of mail headers, file names and PDF metadata",
                                             warning=True))
            else:
                self.err(node.pos, f"{key!r} holds the control character {what} at character {hit.start() + 1}; "
                                   "remove it")

    # -- the whole briefing ------------------------------------------------
    def briefing(self, root: YNode, slug: str) -> m.Briefing | None:
        d = self.obj(root, "briefing", partial=True)
        if d is None:
            return None
        self.check_refs(d)
        if any(not p.warning for p in self.problems):
            return None
        d["timeline"] = tuple(
            sorted(d.get("timeline", ()), key=lambda e: e.date.key)  # stable: file order kept
        )
        d["eras"] = tuple(sorted(d.get("eras", ()), key=lambda e: e.start.key))
        d["texts"] = tuple(self.texts)
        return m.Briefing(slug=slug, **d)

    def check_refs(self, d: dict[str, Any]) -> None:
        def unique(items: tuple, what: str) -> set[str]:
            seen: dict[str, Pos] = {}
            for it in items:
                if it.id is None:
                    continue
                if it.id in seen:
                    p = seen[it.id]
                    self.err(it.where.get("id", it.pos), f"duplicate {what} id {it.id!r} (first at {p})")
                else:
                    seen[it.id] = it.where.get("id", it.pos)
            return set(seen)

        sources = unique(d.get("sources", ()), "source")
        groups = unique(d.get("groups", ()), "group")
        unique(d.get("sections", ()), "section")
        cited: set[str] = set()

        def ref(pos: Pos, sid: str, what: str = "source") -> None:
            if sid in sources:
                cited.add(sid)
            elif "sources" not in self.unread:
                self.err(pos, f"{what} {sid!r} names no source" + _near(sid, sources))

        for pos, sid in self.cites:
            ref(pos, sid, "citation")
        for key in ("timeline", "groups", "actors"):
            for it in d.get(key, ()):
                for i, sid in enumerate(it.sources):
                    ref(it.where.get(f"sources[{i}]", it.pos), sid)
        for f in d.get("figures", ()):
            if f.source is not None:
                ref(f.where.get("source", f.pos), f.source)
        for e in d.get("timeline", ()):
            for i, gid in enumerate(e.groups):
                if gid not in groups and "groups" not in self.unread:
                    at = e.where.get(f"groups[{i}]", e.pos)
                    self.err(at, f"event group {gid!r} names no group" + _near(gid, groups))
        included: dict[str, Pos] = {}
        for s in d.get("sections", ()):
            for i, c in enumerate(s.include):
                at = s.where.get(f"include[{i}]", s.pos)
                if c in included:
                    self.err(at, f"component {c!r} is included twice (first at {included[c]})")
                else:
                    included[c] = at
                    if not d.get(c) and c not in self.unread:
                        self.problems.append(Problem(at, f"{c!r} is included here, but the briefing has no "
                                                         f"{c}: nothing will be shown", warning=True))
        for g in d.get("groups", ()):
            for key in ("allies", "rivals"):
                for i, name in enumerate(getattr(g, key)):
                    if name not in groups and groups and (near := _near(name, groups, 0.75)):
                        self.problems.append(Problem(
                            g.where.get(f"{key}[{i}]", g.pos),
                            f"{name!r} is not a group of this briefing{near}", warning=True))
        eras = sorted(d.get("eras", ()), key=lambda e: e.start.key)
        for a, b in zip(eras, eras[1:], strict=False):
            # Eras may touch (one ends in 1989, the next starts in 1989) but not overlap.
            if a.end is None or b.start.key < a.end.key:
                self.err(b.pos, f"era {b.title!r} overlaps era {a.title!r} (at {a.pos})")
        for e in eras:
            if e.end and e.end.key < e.start.key:
                self.err(e.pos, f"era {e.title!r} ends before it starts")
        for e in d.get("timeline", ()):
            if e.end and e.end.key < e.date.key:
                self.err(e.pos, f"event {e.title!r} ends before it starts")
        for sid in sorted(sources - cited):
            first = next(s for s in d["sources"] if s.id == sid)
            self.problems.append(Problem(first.pos, f"source {sid!r} is never cited", warning=True))


def _cite_places(node: YNode, text: str, ids: list[str]) -> list[tuple[Pos, str]]:
    """Each cited id with the place of its citation in the file (first citation of that id)."""
    where: dict[str, Pos] = {}
    seen: dict[str, int] = {}
    if isinstance(node, YScalar):
        for m in richtext.CITE.finditer(text):
            nth = seen[m[0]] = seen.get(m[0], -1) + 1
            for x in m[1].split(";"):
                where.setdefault(x.strip()[1:], node.find(m[0], nth))
    return [(where.get(c, node.pos), c) for c in ids]


def _near(name: str, names: set[str], cutoff: float = 0.6) -> str:
    near = _close(name, sorted(names), n=1, cutoff=cutoff)
    return f"; did you mean {near[0]!r}?" if near else ""


# -- JSON Schema ----------------------------------------------------------------
def schema_json() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the format, made from the tables above."""

    def kind_schema(kind: Kind) -> dict[str, Any]:
        if isinstance(kind, tuple):
            if kind[0] == "list":
                return {"type": "array", "items": kind_schema(kind[1])}
            if kind[0] == "obj":
                return {"$ref": f"#/$defs/{kind[1]}"}
            return {"enum": list(kind[1])}
        base: dict[str, Any] = {"description": DESCRIPTIONS.get(kind, "")}
        if kind == BOOL:
            return {"type": "boolean"}
        if kind == DATE:
            return {**base, "type": ["string", "integer"],
                    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
        if kind == ID:
            return {**base, "type": "string", "pattern": r"^[a-z0-9-]+$"}
        if kind == URL:
            return {**base, "type": "string", "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://"}
        if kind in (TEXT, VALUE):
            return {**base, "type": ["string", "number"]}
        return {**base, "type": "string"}

    def obj_schema(name: str) -> dict[str, Any]:
        fields = OBJECTS[name]
        return {
            "type": "object",
            "additionalProperties": False,
            "required": [k for k, (_, r) in fields.items() if r],
            "properties": {k: kind_schema(kind) for k, (kind, _) in fields.items()},
        }

    top = obj_schema("briefing")
    # A folder's component files hold only some top-level keys, so "title" is
    # required only where it can be (the single-file and briefing.yaml forms).
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://briefing.invalid/schema/briefing-1.json",
        "title": "Briefing source, format version 1",
        **top,
        "$defs": {name: obj_schema(name) for name in OBJECTS if name != "briefing"},
    }

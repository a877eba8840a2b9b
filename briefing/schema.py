"""The format's rules, as data: validation of YAML nodes and the JSON Schema.

In: the merged top-level mapping of a briefing (`YMap` nodes with positions).
Out: a `Briefing` and every problem found, each at its node's position.

The field tables below are the single statement of the contract's keys and
types; both the validator and `schema_json()` read them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from . import model as m
from . import richtext
from .dates import parse_date
from .errors import Pos, Problem
from .model import BIDI_CONTROLS
from .parts import PARTS
from .quantity import PlainNumber, exact
from .quantity import parse as quantity_of
from .yamlpos import YMap, YNode, YScalar, YSeq, kind_name

# Validation reads no file and knows no layer above it: what it needs from them comes through callbacks.
# An image's `file` as written -> the file's bytes (empty when only validated), its size in pixels and its
# type (PNG or JPEG); raises ValueError saying why the image cannot be used. The loader finds and reads it.
ImageReader = Callable[[str], tuple[bytes, tuple[int, int], str]]
# A `language` tag -> None when the layout's own words are in its language, else the languages they are in.
Untranslated = Callable[[str], tuple[str, ...] | None]
# A key of `labels` and the briefing's word for it -> None when fine, else (whether the key is at fault, message).
LabelCheck = Callable[[str, str], tuple[bool, str] | None]
MAX_TOTAL_PIXELS = 60_000_000  # in all of a briefing's images: each one is decoded again when it is drawn
# Rich text already parsed, by its text: (blocks, cited ids, problems). Shared by the two editions compared
# (most of a briefing's text is the same in both), so the previous one parses only what changed.
RichMemo = dict[tuple[str, str], tuple[richtext.RichText, tuple[str, ...], tuple[str, ...]]]  # by (text, language)


def _close(word: str, options, n: int, cutoff: float) -> list[str]:
    """Suggestions for a misspelling."""
    import difflib  # (only when one is needed: start-up time)

    return difflib.get_close_matches(word, options, n=n, cutoff=cutoff)

# A field's kind: a string for scalars, ("list", kind), ("enum", values), or ("obj", name).
Kind = Any
TEXT, RICH, DATE, BOOL, ID, LANG, URL, VALUE, STYLE, NUMBER, PATH, PREVIOUS, EDITION, LABELS = (
    "text", "rich", "date", "bool", "id", "lang", "url", "value", "style", "number", "path", "previous", "edition",
    "labels")
SWITCH = "switch"  # true, false or auto


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
    ("figure", "total"): "of", ("figure", "whole"): "of", ("figure", "out_of"): "of",
    ("figure", "highlighted"): "highlight", ("figure", "featured"): "highlight",
    ("section", "image"): "images", ("section", "pictures"): "images",
    ("image", "path"): "file", ("image", "src"): "file", ("image", "name"): "file",
    ("image", "alt_text"): "alt", ("image", "description"): "alt", ("image", "title"): "caption",
    ("image", "sources"): "source", ("image", "size"): "width",
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
        "marking": (TEXT, False), "language": (LANG, False), "direction": (E("rtl", "ltr"), False),
        "numerals": (E("native", "latin"), False), "calendar": (E("gregorian", "solar-hijri", "both"), False),
        "labels": (LABELS, False), "keywords": (L(TEXT), False),
        "summary": (L(RICH), False), "sections": (L(O("section")), False),
        "timeline": (L(O("event")), False), "eras": (L(O("era")), False),
        "groups": (L(O("group")), False), "figures": (L(O("figure")), False),
        "actors": (L(O("actor")), False), "outlook": (L(O("scenario")), False),
        "sources": (L(O("source")), False), "disclaimer": (TEXT, False), "style": (STYLE, False),
        "cover": (BOOL, False), "contents": (SWITCH, False),  # (the house identity; unset: the style's)
        "edition": (EDITION, False), "previous": (PREVIOUS, False),
    },
    "section": {
        "title": (TEXT, True), "id": (ID, False), "body": (RICH, False),
        "include": (L(E(*m.COMPONENTS)), False), "images": (L(O("image")), False),
        "break_before": (BOOL, False), "keep": (E("together"), False),
    },
    "event": {
        "date": (DATE, True), "end": (DATE, False), "title": (TEXT, True), "text": (RICH, False),
        "label": (TEXT, False), "approximate": (BOOL, False), "groups": (L(ID), False),
        "sources": (L(ID), False), "id": (ID, False), "key": (BOOL, False),
    },
    "era": {"title": (TEXT, True), "start": (DATE, True), "end": (DATE, False)},
    "group": {
        "id": (ID, True), "name": (TEXT, True), "short": (TEXT, False), "kind": (TEXT, False),
        "status": (TEXT, False), "leader": (TEXT, False), "founded": (DATE, False),
        "base": (TEXT, False), "areas": (L(TEXT), False), "size": (TEXT, False),
        "orientation": (TEXT, False), "summary": (RICH, False), "goals": (L(RICH), False),
        "capabilities": (L(RICH), False), "activities": (L(RICH), False),
        "support": (L(RICH), False), "allies": (L(TEXT), False), "rivals": (L(TEXT), False),
        "sources": (L(ID), False), "camp": (TEXT, False), "keep": (E("together"), False),
    },
    "figure": {
        "value": (VALUE, True), "label": (TEXT, True), "as_of": (DATE, False),
        "source": (ID, False), "note": (TEXT, False),
        "basis": (E("reported", "claimed", "estimated", "official"), False),
        "trend": (E("up", "down", "flat"), False), "of": (NUMBER, False), "highlight": (BOOL, False),
        "id": (ID, False), "keep": (E("together"), False),
    },
    "image": {
        "file": (PATH, True), "alt": (TEXT, True), "caption": (RICH, False), "source": (ID, False),
        "width": (E("full", "half"), False), "keep": (E("together"), False),
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
    RICH: "Rich text: paragraphs, **bold**, *italic*, [links](https://...), '- ' and '1. ' lists, '> ' quotes, "
          "pipe tables, [^note] footnotes, [@source-id] citations.",
    DATE: "A date: YYYY, YYYY-MM or YYYY-MM-DD, shown at the precision written.",
    ID: "An id: lower-case letters, digits and hyphens.",
    LANG: "A BCP 47 language tag, e.g. en or fa-AF.",
    URL: "An http or https URL.",
    VALUE: "A number or a short text such as 27% or 207+, printed as typed; only a plain decimal number such as "
           "60000 gains thousands separators (those of the briefing's language).",
    STYLE: "The name of a style in styles/.",
    NUMBER: "A number greater than 0 in plain digits (at most 20), written without quotes; printed as typed.",
    BOOL: "true or false.",
    SWITCH: "true, false or auto.",
    EDITION: "A number or a short text, printed exactly as typed (12, 2024/3).",
    PREVIOUS: "A path to the previous edition (a file or folder, relative to the folder of the file that names "
              "it), or git:REV for the same source at a git revision (git:HEAD~1).",
    LABELS: "A mapping: a label's key (see docs/format.md) -> the words to print instead, with the same "
            "{blanks}.",
}
_ID = re.compile(r"[a-z0-9-]+")


@lru_cache(maxsize=1)
def _lang() -> re.Pattern[str]:
    """A language and its subtags (`fa-AF`, `en-x-foo`), or a private-use or grandfathered tag (`x-private`,
    `i-klingon`); compiled when a tag is more than a language's letters (start-up time)."""
    return re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*|[XxIi](-[A-Za-z0-9]{1,8})+")


def _plain(text: str) -> str:
    """Lower case without accents: `Français` -> `francais`."""
    return "".join(c for c in unicodedata.normalize("NFD", text.strip().casefold()) if not unicodedata.combining(c))


# Languages by name, in English and in their own words (accents and case aside): what people write for a tag.
_LANGUAGE_NAMES = {_plain(k): v for k, v in {
    **dict.fromkeys(("english", "anglais", "englisch", "ingles"), "en"),
    **dict.fromkeys(("french", "francais", "franzosisch", "frances"), "fr"),
    **dict.fromkeys(("german", "deutsch", "allemand", "aleman"), "de"),
    **dict.fromkeys(("spanish", "espanol", "castellano", "espagnol", "spanisch"), "es"),
    **dict.fromkeys(("persian", "farsi", "فارسی"), "fa"), **dict.fromkeys(("dari", "دری"), "fa-AF"),
    **dict.fromkeys(("pashto", "pashtu", "پښتو"), "ps"), **dict.fromkeys(("arabic", "العربية"), "ar"),
    **dict.fromkeys(("urdu", "اردو"), "ur"), **dict.fromkeys(("hebrew", "עברית"), "he"),
    **dict.fromkeys(("russian", "русский"), "ru"), **dict.fromkeys(("portuguese", "portugues"), "pt"),
    **dict.fromkeys(("italian", "italiano"), "it"), **dict.fromkeys(("chinese", "中文"), "zh"),
    **dict.fromkeys(("turkish", "turkce"), "tr"), **dict.fromkeys(("ukrainian", "українська"), "uk"),
}.items()}


@lru_cache(maxsize=2)
def _control(rich: bool) -> re.Pattern[str]:
    """C0 and C1 controls, bidi overrides and embeddings: in rich text all but tab and newline, in plain
    text (one line) all of them. Each is a character `str.isprintable` refuses (see `_has_control`)."""
    return re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]" if rich else "[\x00-\x1f\x7f-\x9f\u202a-\u202e]")


def _has_control(text: str, rich: bool) -> bool:
    if text.isprintable() or (rich and text.replace("\n", "").replace("\t", "").isprintable()):
        return False  # (most text: the patterns are compiled when a text first needs them, start-up time)
    return _control(rich).search(text) is not None


_C0_NAMES = {0: "NUL", 9: "TAB", 10: "LINE FEED", 13: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE",
             0x85: "NEXT LINE"}


# (Patterns for rarer values are compiled when first used: start-up time.)
@lru_cache(maxsize=1)
def _whole() -> re.Pattern[str]:  # `of`, as it may be typed: 34, 1500, 2.5
    return re.compile(r"[0-9]+(?:\.[0-9]+)?")


@lru_cache(maxsize=1)
def _decimal() -> re.Pattern[str]:
    return re.compile(r"(-?)([1-9][0-9]*|0)(\.[0-9]+)?")


def as_typed(raw: str) -> str:
    """A number as the user typed it; only a plain decimal gains thousands separators.

    `60000` -> `60,000`, `1234.5` -> `1,234.5`; `3.50`, `007`, `0x1F`, `3:1`
    (which YAML 1.1 reads as 181) and `1e5` print exactly as written.
    """
    d = _decimal().fullmatch(raw)
    if not d:
        return raw
    digits = d[2]  # (grouped as text: a number of any length, never through int or float)
    head = len(digits) % 3 or 3
    grouped = ",".join([digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))])
    return PlainNumber(f"{d[1]}{grouped}{d[3] or ''}")


# Digits in one number of a figure's value or `of`: a longer number cannot be set on one line of the
# figures table (a number is never broken inside), nor drawn to scale.
MAX_DIGITS = 20
_DIGITS = re.compile(r"[0-9](?:[0-9,.]*[0-9])?")
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def _too_long(text: str) -> str | None:
    """The first number in `text` with more than MAX_DIGITS digits, if any."""
    for n in _DIGITS.finditer(text):
        if sum(c.isdigit() for c in n[0]) > MAX_DIGITS:
            return n[0]
    return None


def _shown(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[:most - 1] + "…"


class Validator:
    """Walks the nodes once, collecting problems and every reference to check."""

    def __init__(self, styles: Callable[[], list[str]] | None = None, full: bool = True,
                 unread: Mapping[str, str] | None = None, images: ImageReader | None = None,
                 untranslated: Untranslated | None = None, memo: RichMemo | None = None,
                 label_check: LabelCheck | None = None):
        self.full = full  # False: validate only; rich text is not parsed further than that needs
        self.memo: RichMemo = {} if memo is None else memo
        self.images = images  # None: the briefing has no folder to read images from
        self.untranslated = untranslated  # None: no warning for a language the layout does not speak
        # key -> the file it is in, which could not be read (`briefing`: briefing.yaml itself): the checks
        # that need those keys are named as not run, not failed
        self.unread: Mapping[str, str] = unread or {}
        self.label_check = label_check  # None: the keys of `labels` are not checked
        self.language = "en"  # the briefing's, for the typography of its rich text
        self._pixels = 0  # in all the briefing's images, each use counted
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
        missing = [k for k, (_, req) in fields.items() if req and k not in node.items and k not in told]
        if name == "briefing" and "briefing" in self.unread:
            missing = []  # they may well be in the file that could not be read
        for k in missing:
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
                if d is not None and kind[1] == "image":
                    return self.image(d)
                if d is not None and kind[1] == "figure" and "of" in d:
                    self.whole(d)
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
        if kind == SWITCH:
            if isinstance(node, YScalar) and isinstance(node.value, bool):
                return "true" if node.value else "false"
            if isinstance(node, YScalar) and node.value == "auto":
                return "auto"
            self.err(node.pos, f"{key!r} must be true, false or auto, got {kind_name(node)}"
                               + (f" ({node.raw!r})" if isinstance(node, YScalar) else ""))
            return None
        if kind == BOOL:
            if isinstance(node, YScalar) and isinstance(node.value, bool):
                return node.value
            self.err(node.pos, f"{key!r} must be true or false, got {kind_name(node)}")
            return None
        if kind == NUMBER:
            return self.number(node, key)
        if kind == LABELS:
            return self.labels(node, key)
        if kind == DATE:
            if not isinstance(node, YScalar) or isinstance(node.value, (bool, float)) or node.value is None:
                self.err(node.pos, f"{key!r}: not a date (expected YYYY, YYYY-MM or YYYY-MM-DD), got {kind_name(node)}")
                return None
            try:
                return parse_date(node.raw)
            except ValueError as e:
                self.err(node.pos, f"{key!r}: {e}")
                return None
        if kind == EDITION and isinstance(node, YScalar) and node.tag in _NUMBER_TAGS:
            return node.raw.strip()  # an edition's number as typed: 1000, not 1,000
        s = self.scalar(node, key, rich=kind == RICH)
        if s is None:
            return None
        if kind == RICH:
            listed = None if self.full else richtext.cites_only(s)
            cites: tuple[str, ...] = ()
            blocks: richtext.RichText = ()
            problems: tuple[str, ...] = ()
            if listed is None:
                typeset = (s, self.language)  # (as the language sets text)
                if typeset not in self.memo:
                    parsed, found, said = richtext.parse(s, self.language)
                    self.memo[typeset] = (parsed, tuple(found), tuple(said))
                blocks, cites, problems = self.memo[typeset]
            else:
                cites = tuple(listed)
            for msg in problems:
                named = _note_named().search(msg)  # (a footnote's problem: at the footnote)
                at = _place_of(node, named[0]) if named else node.pos
                self.problems.append(Problem(at, msg, warning=isinstance(msg, richtext.Warn)))
            if "#" in s or "!" in s or "`" in s or "~" in s:  # (a quick test: most text holds none of them)
                for written, msg in richtext.literal(s):
                    self.problems.append(Problem(_place_of(node, written), msg, warning=True))
            if cites:
                self.cites.extend(_cite_places(node, s, list(cites)))
            self.texts.append((node.pos, s))
            return blocks
        if kind == ID:
            if not _ID.fullmatch(s):
                self.err(node.pos, f"{key!r}: {s!r} is not a valid id (use a-z, 0-9 and '-')")
                return None
            return s
        if kind == LANG:
            tag_of = _LANGUAGE_NAMES.get(_plain(s))
            if tag_of is not None:
                self.err(node.pos, f"{key!r}: {s!r} is the name of a language; write its tag, {tag_of!r}")
                return None
            if not (2 <= len(s) <= 8 and s.isascii() and s.isalpha()) and not _lang().fullmatch(s):
                self.err(node.pos, f"{key!r}: {s!r} is not a BCP 47 language tag (e.g. en, fa-AF)")
                return None
            if self.untranslated is not None and (spoken := self.untranslated(s)) is not None:
                self.problems.append(Problem(node.pos, f"{key!r}: the layout's own words (headings, labels, dates) "
                                                       f"have no {s!r} translation and print in English; "
                                                       f"translated: {', '.join(spoken)}", warning=True))
            return s
        if kind == URL:
            if not richtext.is_http_url(s):
                self.err(node.pos, f"{key!r}: {s[:60]!r} is not an http or https URL")
                return None
            if len(s) > richtext.URL_MAX:
                self.err(node.pos, f"{key!r}: the URL is {len(s):,} characters long; the limit is "
                                   f"{richtext.URL_MAX:,}")
                return None
            return s
        if kind == VALUE and (long := _too_long(node.raw if isinstance(node, YScalar) else s)):  # (as typed)
            self.err(node.pos, f"{key!r}: the number {_shown(long)} has {sum(c.isdigit() for c in long):,} digits; "
                               f"a number of more than {MAX_DIGITS} cannot be printed on one line: write it in "
                               "words or with a unit (e.g. 1.2 trillion)")
            return None
        if kind == PREVIOUS and (s.strip() in ("", "git:") or s != s.strip()):
            self.err(node.pos, f"{key!r}: {s!r} is neither a path nor git:REV (a git revision such as git:HEAD~1)")
            return None
        if kind == STYLE and self.styles is not None:
            names = self.styles()
            if s not in names:
                near = _close(s, names, n=1, cutoff=0.5)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                self.err(node.pos, f"unknown style {s!r} (known: {', '.join(names)}){hint}")
                return None
        self.texts.append((node.pos, s))
        return s

    def labels(self, node: YNode, key: str) -> tuple[tuple[str, str], ...] | None:
        """The briefing's own words for fixed labels, as (key, text) pairs."""
        if not isinstance(node, YMap):
            self.err(node.pos, f"{key!r} must be a mapping of label keys to words, got {kind_name(node)}")
            return None
        out: list[tuple[str, str]] = []
        for name, (knode, vnode) in node.items.items():
            text = self.scalar(vnode, name)
            if text is None:
                continue
            wrong = self.label_check(name, text) if self.label_check is not None else None
            if wrong is not None:
                self.err(knode.pos if wrong[0] else vnode.pos, wrong[1])
                continue
            self.texts.append((vnode.pos, text))
            out.append((name, text))
        return tuple(out)

    def number(self, node: YNode, key: str) -> PlainNumber | str | None:
        """A number such as `of`, read from its text as typed (never as YAML 1.1 reads `010`, `1:20` or
        `0x10`), of any length: the text it prints as (see `as_typed`), or None when refused."""
        got, hint = kind_name(node), ""
        if isinstance(node, YScalar) and not isinstance(node.value, bool):
            raw = got = node.raw.strip()
            quoted = node.tag == "tag:yaml.org,2002:str" and node.src[node.start:node.start + 1] in ("'", '"')
            plain = _whole().fullmatch(raw.removeprefix("-"))
            if plain and not quoted and not raw.startswith("-"):
                digits = sum(c.isdigit() for c in raw)
                if digits > MAX_DIGITS:
                    self.err(node.pos, f"{key!r} has {digits:,} digits; a number of more than {MAX_DIGITS} cannot "
                                       "be drawn to scale or printed on one line")
                    return None
                if exact(raw) > 0:
                    return as_typed(raw)
            elif quoted and plain:
                hint = " (write it without quotes)"
            elif not plain:
                hint = " (write it in plain digits, such as 34 or 1500)"
            got = _shown(raw)
        self.err(node.pos, f"{key!r} must be a number greater than 0, got {got}{hint}")
        return None

    def scalar(self, node: YNode, key: str, rich: bool = False) -> str | None:
        """A scalar as text, as typed: only plain decimal numbers gain thousands separators.

        Plain text is one line: a tab or line break in it is an error (rich text has paragraphs);
        the line break a YAML block scalar ends with is not part of the text.
        """
        if not isinstance(node, YScalar):
            hint = ""
            if isinstance(node, YMap) and len(node.items) == 1:
                (k, (_, inner)), = node.items.items()
                if isinstance(inner, YScalar):
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
        if isinstance(v, (int, float)) or node.tag in _NUMBER_TAGS:  # (an int too long for Python is kept as text)
            return as_typed(node.raw)
        text = str(v)
        if not rich:
            text = text.rstrip("\n")
        if _has_control(text, rich):
            self._controls(node, key, text, rich)
        return text

    def _controls(self, node: YScalar, key: str, text: str, rich: bool = True) -> None:
        """Control characters are errors (tab and line break too in plain text, carriage return
        anywhere); bidi overrides and embeddings are warnings."""
        for hit in _control(rich).finditer(text):
            c = hit[0]
            name = unicodedata.name(c, None) or _C0_NAMES.get(ord(c), "a control character")
            what = f"U+{ord(c):04X} ({name})"
            if c in BIDI_CONTROLS:
                self.problems.append(Problem(node.pos, f"{key!r} holds the bidi control {what} at character "
                                                       f"{hit.start() + 1}: it can make text read in another order; "
                                                       "it is left out of mail headers, file names and PDF metadata",
                                             warning=True))
            elif c in "\t\n" and not rich:
                self.err(node.pos, f"{key!r} is one line of plain text, but holds a {_C0_NAMES[ord(c)]} at "
                                   f"character {hit.start() + 1}; write it on one line")
            else:
                self.err(node.pos, f"{key!r} holds the control character {what} at character {hit.start() + 1}; "
                                   "remove it")

    def image(self, d: dict[str, Any]) -> m.Image | None:
        """An image whose file is found and checked now, by the loader (the layout reads nothing from disk)."""
        at = d["where"].get("file", d["pos"])
        if "\x00" in d["file"]:
            return None  # reported as a control character; no file has such a name
        if self.images is None:
            self.err(at, "images can only be read from a briefing's folder")
            return None
        try:
            data, pixels, kind = self.images(d["file"])
        except ValueError as e:
            self.err(at, str(e))
            return None
        self._pixels += pixels[0] * pixels[1]
        if self._pixels > MAX_TOTAL_PIXELS:
            if self._pixels - pixels[0] * pixels[1] <= MAX_TOTAL_PIXELS:  # said once
                self.err(at, f"the briefing's images come to more than {MAX_TOTAL_PIXELS // 1_000_000} "
                             "million pixels from this one on; use fewer or smaller images")
            return None
        return m.Image(**d, data=data, pixels=pixels, kind=kind)

    def whole(self, d: dict[str, Any]) -> None:
        """A count drawn as part of its whole (`of`) must be a count no larger than the whole."""
        at = d["where"]["of"]
        q = quantity_of(d["value"])
        typed = d["of"]
        d["of"] = float(exact(typed))  # (at most MAX_DIGITS digits: a float holds it)
        d["of_text"] = typed
        if q is None or q.kind != "count":
            self.problems.append(Problem(at, f"'of' is for a count such as 20 (of 34); the value {d['value']!r} "
                                             "is not one, so it is not drawn", warning=True))
        elif exact(q.text) > exact(typed):
            self.err(at, f"'of' is the whole that the value is part of, but {d['value']!r} is larger than "
                         f"{typed.replace(',', '')}")  # (as typed: plain digits gained only the commas)

    # -- the whole briefing ------------------------------------------------
    def briefing(self, root: YNode, slug: str) -> m.Briefing | None:
        lang = root.items.get("language") if isinstance(root, YMap) else None
        if lang is not None and isinstance(lang[1], YScalar) and isinstance(lang[1].value, str):
            self.language = lang[1].value  # (before any rich text: its quotes are the language's)
        d = self.obj(root, "briefing", partial=True)
        if d is None:
            return None
        self.check_refs(d)
        if any(not p.warning for p in self.problems) or "briefing" in self.unread:
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
        near_source, near_group = _Near(sources), _Near(groups)
        unique(d.get("sections", ()), "section")
        unique(d.get("timeline", ()), "event")
        unique(d.get("figures", ()), "figure")
        cited: set[str] = set()

        self.skipped(bool(d.get("sources")))

        missing: list[tuple[Pos, str, str]] = []

        def ref(pos: Pos, sid: str, what: str = "source") -> None:
            if sid in sources:
                cited.add(sid)
            elif "sources" not in self.unread:
                missing.append((pos, sid, what))

        for pos, sid in self.cites:
            ref(pos, sid, "citation")
        for key in ("timeline", "groups", "actors"):
            for it in d.get(key, ()):
                for i, sid in enumerate(it.sources):
                    ref(it.where.get(f"sources[{i}]", it.pos), sid)
        for f in d.get("figures", ()):
            if f.source is not None:
                ref(f.where.get("source", f.pos), f.source)
        for s in d.get("sections", ()):
            for img in s.images:
                if img.source is not None:
                    ref(img.where.get("source", img.pos), img.source)
        uncited = sources - cited  # (a misspelt citation most likely meant a source nothing else cites)
        for pos, sid, what in missing:
            self.err(pos, f"{what} {sid!r} names no source" + near_source(sid, prefer=uncited))
        for e in d.get("timeline", ()):
            for i, gid in enumerate(e.groups):
                if gid not in groups and "groups" not in self.unread:
                    at = e.where.get(f"groups[{i}]", e.pos)
                    self.err(at, f"event group {gid!r} names no group" + near_group(gid))
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
        if len(d.get("marking") or "") > m.BANNER_MAX:
            self.problems.append(Problem(d["where"]["marking"], f"'marking' is printed on every page and is cut "
                                                                f"to {m.BANNER_MAX:,} characters there", warning=True))
        for g in d.get("groups", ()):
            for key in ("allies", "rivals"):
                for i, name in enumerate(getattr(g, key)):
                    if name not in groups and groups and (near := near_group(name, 0.75)):
                        self.problems.append(Problem(
                            g.where.get(f"{key}[{i}]", g.pos),
                            f"{name!r} is not a group of this briefing{near}", warning=True))
        self.eras(d.get("eras", ()))
        for e in d.get("timeline", ()):
            if e.end and e.end.key < e.date.key:
                self.err(e.pos, f"event {e.title!r} ends before it starts")
        first = {s.id: s.pos for s in reversed(d.get("sources", ()))}
        for sid in sorted(sources - cited) if not self._citing_unread() else ():
            self.problems.append(Problem(first[sid], f"source {sid!r} is never cited", warning=True))

    # Keys whose values may cite a source: while one of their files is unread, no source is known uncited.
    CITING = ("briefing", "timeline", "groups", "figures", "actors", "outlook")

    def _citing_unread(self) -> str | None:
        return next((self.unread[k] for k in self.CITING if k in self.unread), None)

    def skipped(self, sources: bool) -> None:
        """A note for each check that needs a file that could not be read (its problem is reported apart)."""
        def note(file: str, what: str) -> None:
            self.problems.append(Problem(Pos(file), f"{what} not checked: {os.path.basename(file)} could not be read",
                                         warning=True, at=False, note=True))

        if "sources" in self.unread:
            note(self.unread["sources"], "citations")
        elif sources and (file := self._citing_unread()) is not None:
            note(file, "uncited sources")
        if "groups" in self.unread:
            note(self.unread["groups"], "event groups")

    def eras(self, eras: tuple[m.Era, ...]) -> None:
        """Eras may touch (one ends in 1989, the next starts in 1989) but not overlap, and each must show.

        Whatever order the file gives them in: they are taken by start, then by end. An era that lies
        wholly inside another's band (a one-year era beside one that starts or ends in that year, or two
        the same) could not be seen, and is refused as well.
        """
        good = []
        for e in eras:
            if e.end and e.end.key < e.start.key:
                self.err(e.pos, f"era {e.title!r} ends before it starts")
            else:
                good.append(e)
        never = (10_000, 0, 0)  # an era without an end lasts to the present
        good.sort(key=lambda e: (e.start.key, e.end.key if e.end else never))
        reach: m.Era | None = None  # of the eras so far, the one that ends last
        told: set[int] = set()
        for e in good:
            if reach is not None and (reach.end is None or e.start.key < reach.end.key):
                self.err(e.pos, f"era {e.title!r} overlaps era {reach.title!r} (at {reach.pos})")
                told.add(id(e))
            if reach is None or reach.end is not None and (e.end is None or e.end.key >= reach.end.key):
                reach = e
        # drawn, an era's band covers the whole period of each of its dates (1989: all of 1989)
        good.sort(key=lambda e: (e.start.first, tuple(-x for x in e.end.last) if e.end else (-never[0], 0, 0)))
        widest: m.Era | None = None  # of the bands so far, the one that reaches furthest
        for e in good:
            if widest is not None and id(e) not in told and id(widest) not in told and (
                    widest.end is None or e.end is not None and e.end.last <= widest.end.last):
                self.err(e.pos, f"era {e.title!r} ({_span(e)}) lies within era {widest.title!r} ({_span(widest)}, "
                                f"at {widest.pos}) and would be hidden under it; eras may touch but not overlap")
            if widest is None or widest.end is not None and (e.end is None or e.end.last > widest.end.last):
                widest = e


def _span(e: m.Era) -> str:
    return f"{e.start} – {e.end or 'present'}"


@lru_cache(maxsize=1)
def _note_named() -> re.Pattern[str]:
    return re.compile(r"(?<=^the footnote )\[\^[^\]\s]+\]")


def _place_of(node: YNode, written: str) -> Pos:
    """Where `written` first stands in a scalar as the file has it (the scalar's start, if not found so)."""
    if isinstance(node, YScalar) and node.src:
        at = node.src.find(written, node.start, node.end)
        if at >= 0:
            return next(node.positions([at]))
    return node.pos


def _cite_places(node: YNode, text: str, ids: list[str]) -> list[tuple[Pos, str]]:
    """Each cited id with the place of its citation in the file (the first citation of that id).

    The citations of the value are matched, in order, to those written in the
    scalar's text, each to the first one after the last matched: one forward
    pass, however many citations and ids. A citation not written as it reads
    (broken over lines, or with escapes) points at the scalar.
    """
    if not isinstance(node, YScalar) or not node.src:
        return [(node.pos, c) for c in ids]
    written: dict[str, list[int]] = {}  # a citation's text -> where it is written, in order
    for w in richtext.CITE.finditer(node.src, node.start, node.end):
        written.setdefault(w[0], []).append(w.start())
    offsets: list[int] = []
    names: list[str] = []
    after = node.start
    for c in richtext.CITE.finditer(text):
        at = written.get(c[0], ())
        k = bisect_left(at, after)
        if k < len(at):
            offsets.append(at[k])
            names.append(c[1])
            after = at[k] + 1
    where: dict[str, Pos] = {}
    for pos, named in zip(node.positions(offsets), names, strict=True):
        for x in named.split(";"):
            where.setdefault(x.strip()[1:], pos)
    return [(where.get(c, node.pos), c) for c in ids]


class _Near:
    """The ids a misspelling may have meant, the likeliest suggested.

    Two kinds of candidate: ids one slip away (a character left out, added or changed, two swapped, or
    capitals), and ids that are the name with words added or left out (`acled` for `acled-2024`,
    `un-report` for `report`). The second kind wins: a name that holds a whole id was meant for it; then
    an id in `prefer` (a source nothing else cites); then the closest spelling.

    Each id is filed under its lower-cased form, each form of it with one character left out, and each
    of its words; a name is looked up under the same forms of itself. A lookup costs the length of the
    name, not the number of ids, so a briefing with tens of thousands of references and ids is checked
    in linear time.
    """

    LONGEST = 64  # characters: a longer name is not taken for a slip of the keyboard
    KEPT = 8  # ids filed under one form (in sorted order): enough to choose from

    def __init__(self, names: set[str]):
        self.index: dict[str, list[str]] = {}
        self.by_word: dict[str, list[str]] = {}
        for n in sorted(names):
            for form in self._forms(n):
                filed = self.index.setdefault(form, [])
                if len(filed) < self.KEPT:
                    filed.append(n)
            for w in _words(n):
                filed = self.by_word.setdefault(w, [])
                if len(filed) < self.KEPT:
                    filed.append(n)

    def _forms(self, name: str) -> set[str]:
        low = name.lower()
        if len(low) > self.LONGEST:
            return set()
        return {low, *(low[:i] + low[i + 1:] for i in range(len(low)))}

    def __call__(self, name: str, cutoff: float = 0.6, prefer: set[str] | frozenset[str] = frozenset()) -> str:
        """`; did you mean 'x'?`, or nothing when no id is that close."""
        import difflib  # (only when one is needed: start-up time)

        words = _words(name)
        whole = {n for w in words for n in self.by_word.get(w, ()) if _words(n) <= words or words <= _words(n)}
        slips = {n for form in self._forms(name) for n in self.index.get(form, ())}
        ratio = {n: difflib.SequenceMatcher(None, name, n).ratio() for n in whole | slips}
        found = [n for n in ratio if n in whole or ratio[n] >= cutoff]
        if not found:
            return ""
        best = max(sorted(found), key=lambda n: (n in whole, n in prefer, ratio[n]))
        return f"; did you mean {best!r}?"


def _words(name: str) -> frozenset[str]:
    """The words of an id (`acled-2024` -> acled, 2024), lower-cased."""
    return frozenset(w for w in re.split(r"[-_.\s]+", name.lower()) if w)


# -- JSON Schema ----------------------------------------------------------------
# What each key means, for the JSON Schema and so for an editor's completion and
# hover text: object -> key -> (description, examples). Every key of OBJECTS needs
# an entry here (the tests check it), so a key added to the format without one
# is noticed. An entry for a key the validator does not know yet is harmless: the
# schema lists only the keys of OBJECTS.
Doc = tuple[str, tuple[Any, ...]]


def D(text: str, *examples: Any) -> Doc:
    return (text, examples)


OBJECT_DOCS: dict[str, str] = {
    "section": "A section of prose: a heading and a body, optionally followed by components.",
    "event": "A dated event of the timeline.",
    "era": "A named period, drawn as a band behind the timeline.",
    "group": "A group, printed as a profile box; only the fields present are shown.",
    "figure": "A row of the key-figures table.",
    "image": "A PNG or JPEG image from the briefing's own folder.",
    "actor": "A regional or international actor and its position.",
    "scenario": "A scenario of the outlook: what may happen next.",
    "source": "A reference, cited from rich text as [@id] and numbered in order of first citation.",
}
SOURCE_IDS = "Ids of the sources this rests on (each must be the id of an entry of sources)."
KEY_DOCS: dict[str, dict[str, Doc]] = {
    "briefing": {
        "title": D("Title of the briefing (required).",
                   "The Last Holdouts: Resistance in Taliban-Controlled Afghanistan"),
        "subtitle": D("One-sentence dek printed under the title."),
        "publisher": D("Who publishes the briefing.", "The Asia Cable"),
        "authors": D("The authors, one per item.", ["A. Analyst", "B. Researcher"]),
        "date": D("Publication date.", "2024-10-01", "2024-10"),
        "as_of": D("The information is current as of this date.", "2024-09-30"),
        "marking": D("Distribution banner printed at the top and bottom of every page.",
                     "UNCLASSIFIED // FOR PARTNER DISTRIBUTION"),
        "language": D("Language of the text, written into the PDF (default en); the layout's own words "
                      "(headings, labels, dates, numbers) and its typography follow it: en, fr, de, es, pt, ru, "
                      "uk, ar, fa, fa-AF, ps, ur (others: English); a regional tag is tried before its base.",
                      "en", "fa-AF"),
        "direction": D("Reading direction, rtl or ltr: overrides the one the language implies (right to left for "
                       "fa, fa-AF, prs, ps, ar, ur, ckb, sd, ug, he, yi, dv); a right-to-left briefing is mirrored.",
                       "rtl"),
        "numerals": D("Digits of generated numbers (page numbers, citations, list and source numbers, counts, "
                      "dates, grouped values): native or latin; default: the language's CLDR default (native for "
                      "fa, fa-AF, ps, ar-EG; Latin for ar). Digits typed in the text print as typed.", "latin"),
        "calendar": D("How dates print: gregorian (the default), solar-hijri (Afghan month names for fa-AF and ps, "
                      "Iranian for fa), or both (the Solar Hijri date, then the Gregorian one in brackets). "
                      "Sources' dates stay Gregorian.", "solar-hijri"),
        "labels": D("The briefing's own words for any fixed label of the layout, by key (see docs/format.md); "
                    "{blanks} as in the English label.", {"key_points": "AT A GLANCE"}),
        "keywords": D("Keywords written into the PDF's metadata.", ["Afghanistan", "Taliban"]),
        "summary": D("Key points, shown boxed on page 1; each item is rich text.",
                     ["**Opposition is real but weak.** At least 22 groups oppose the government. [@un-report]"]),
        "sections": D("The prose, in order."),
        "timeline": D("Dated events, printed in date order; events with the same date keep file order."),
        "eras": D("Named periods drawn behind the timeline; they may touch but not overlap."),
        "groups": D("Groups, one profile box each."),
        "figures": D("The key-figures table; some figures are also shown as big numbers on page 1."),
        "actors": D("Regional and international actors and their positions."),
        "outlook": D("Scenarios: what may happen next."),
        "sources": D("References, cited from rich text as [@id]; numbered in order of first citation, "
                     "sources nothing cites last."),
        "disclaimer": D("Plain text printed at the end of the briefing."),
        "cover": D("A cover page before page 1: the logo, title, subtitle, authors, date and marking; it has no "
                   "page number, and the page after it is page 1 (default: the style's cover, else false).", True),
        "contents": D("A table of contents after the cover: the parts of the briefing with their page numbers, "
                      "each linked to its heading; auto (the default, unless the style says otherwise): when the "
                      "briefing runs past eight pages.", "auto", True),
        "style": D("A style from styles/ (default: default); --style on the command line overrides it.",
                   "default", "print"),
        "edition": D("Which edition this is, shown in the masthead.", 12, "2024/3"),
        "previous": D("The previous edition, compared with this one when --since is not given: what is new or "
                      "changed is marked and listed (--since none turns it off).", "git:HEAD~1",
                      "../archive/afghanistan-resistance-11/"),
    },
    "section": {
        "title": D("Heading of the section (required).", "Background"),
        "id": D("An identifier, unique among the sections.", "background"),
        "body": D("The section's text.", "The movement took power in August 2021. [@holdouts]"),
        "include": D("Components placed right after this section's body: any of timeline, groups, figures, "
                     "actors, outlook, each included at most once in the briefing. A component no section "
                     "includes is printed after the sections.", ["timeline"], ["groups", "figures"]),
        "images": D("Images shown after the body."),
        "break_before": D("Start this section on a new page.", True),
        "keep": D("together: do not split this section's body and images by a page break (a section taller "
                  "than a page still splits, with a warning).", "together"),
    },
    "event": {
        "date": D("When it happened, or began (required).", "2021-08-15", "2021-08", 1979),
        "end": D("When it ended, for a span such as 1979-12 to 1989-02.", "1989-02"),
        "title": D("What happened, in a few words (required).", "Soviet withdrawal"),
        "text": D("More about the event."),
        "label": D("Text shown instead of the formatted date.", "Summer 2022"),
        "approximate": D("The date is uncertain: it is shown with a c. (circa) mark.", True),
        "groups": D("Ids of the groups involved, shown as tags (each must be the id of a group).", ["nrf"]),
        "sources": D(SOURCE_IDS, ["holdouts"]),
        "id": D("An identifier, unique among the events: matches the event across editions, whatever its date "
                "or title become.", "kabul-airport-attack"),
        "key": D("A key event: labelled with its title on the era strip (the other events get numbers there, "
                 "shown beside them in the timeline).", True),
    },
    "era": {
        "title": D("Name of the period (required).", "Soviet occupation"),
        "start": D("When the period began (required).", "1979-12"),
        "end": D("When it ended; without it, the period lasts to the present.", "1989-02"),
    },
    "group": {
        "id": D("Unique identifier, used in an event's groups and in allies and rivals (required).", "nrf"),
        "name": D("Full name (required).", "National Resistance Front"),
        "short": D("Short name or abbreviation, used in tags and ally lists.", "NRF"),
        "kind": D("What sort of group it is.", "armed opposition coalition"),
        "status": D("Its status.", "active"),
        "leader": D("Who leads it.", "Ahmad Massoud"),
        "founded": D("When it was founded.", "2021-08"),
        "base": D("Where it is based.", "Panjshir Valley"),
        "areas": D("Where it operates, one area per item.", ["Panjshir", "Baghlan"]),
        "size": D("Its size, in words.", "2,000-3,000 fighters"),
        "orientation": D("Its political or religious orientation.", "non-extremist"),
        "summary": D("A paragraph or two about the group."),
        "goals": D("Its goals, one point per item."),
        "capabilities": D("Its capabilities, one point per item."),
        "activities": D("What it does, one point per item."),
        "support": D("Who supports it and how, one point per item."),
        "allies": D("Allies: group ids (printed as that group's short name) or free names.", ["afl", "Tajikistan"]),
        "rivals": D("Rivals: group ids (printed as that group's short name) or free names.", ["taliban"]),
        "sources": D(SOURCE_IDS, ["holdouts"]),
        "camp": D("The camp the relations map draws the group in (by default, camps are the groups linked by "
                  "alliances).", "pro-junta"),
        "keep": D("together: do not split this group's box by a page break (a box taller than a page still "
                  "splits, with a warning).", "together"),
    },
    "figure": {
        "value": D("The number as it should print (required).",
                   "27%", "207+", "Nearly 20", 60000, "3:1"),
        "label": D("What the value measures (required).", "Provinces in which the NRF is present"),
        "as_of": D("When the value was true.", "2024-06"),
        "source": D("Id of the source of the value.", "un-report"),
        "note": D("A short note; for a claimed figure, who claims it."),
        "basis": D("How solid the number is: reported, claimed (shown as a claim, naming who claims it from "
                   "note or source), estimated or official.", "reported"),
        "trend": D("Which way it is going, drawn as an arrow: up, down or flat.", "down"),
        "of": D("The whole that a count is part of, so the count can be drawn (value: Nearly 20, of: 34).", 34),
        "highlight": D("Show this figure among the big numbers on page 1 (without any highlight, the first "
                       "four figures are).", True),
        "id": D("An identifier, unique among the figures: matches the figure across editions, whatever its "
                "label becomes.", "opposition-groups"),
        "keep": D("together: never split this figure's row by a page break (a row taller than a page still "
                  "splits, with a warning).", "together"),
    },
    "image": {
        "file": D("A PNG or JPEG file inside the briefing's folder (for a single-file briefing, the folder "
                  "that holds it), as a relative path (required).", "images/map.png"),
        "alt": D("What the image shows, for readers who cannot see it (required).",
                 "Map of the provinces where the NRF is present"),
        "caption": D("Caption printed under the image."),
        "source": D("Id of the source of the image.", "un-report"),
        "width": D("full (the default) or half of the text width.", "half"),
        "keep": D("together: never split the image from its caption by a page break (an image and caption "
                  "taller than a page still split, with a warning).", "together"),
    },
    "actor": {
        "name": D("Who (required).", "Pakistan"),
        "position": D("Its position, in a few words.", "refuses recognition"),
        "summary": D("More about its position."),
        "sources": D(SOURCE_IDS, ["holdouts"]),
    },
    "scenario": {
        "horizon": D("When (required).", "Short term"),
        "text": D("What may happen (required).", "The resistance survives but stays small. [@holdouts]"),
        "likelihood": D("How likely it is, in words.", "Likely"),
    },
    "source": {
        "id": D("Unique identifier, cited in rich text as [@id] (required).", "un-report"),
        "title": D("Title of the work (required).", "Report of the Monitoring Team"),
        "publisher": D("Who published it.", "United Nations"),
        "url": D("Where to read it online.", "https://www.example.org/report"),
        "date": D("When it was published.", "2024-06-01"),
        "accessed": D("When it was last read online.", "2024-09-30"),
    },
}


def _part_keys() -> dict[str, tuple[str, ...]]:
    """Part name (`timeline`) -> the top-level keys its component file may hold."""
    return {file.rsplit(".", 1)[0]: keys for file, keys in PARTS.items()}


def schema_json(part: str | None = None, labels: dict[str, str] | None = None) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the format, made from the tables above.

    In: None for a whole briefing (one file, or a folder's briefing.yaml), or a
    part name such as `timeline` for that component file of the folder form.
    Out: the schema as a JSON-ready dict. A part's root accepts either the list
    itself or a mapping with the key of the same name (`timeline` also `eras`).
    `labels`: the layout's words in English, by key, for the keys of `labels`
    (without them, any key is accepted there).
    """

    def kind_schema(kind: Kind) -> dict[str, Any]:
        if isinstance(kind, tuple):
            if kind[0] == "list":
                return {"type": "array", "items": kind_schema(kind[1])}
            if kind[0] == "obj":
                return {"$ref": f"#/$defs/{kind[1]}"}
            return {"enum": list(kind[1])}
        base: dict[str, Any] = {"description": DESCRIPTIONS[kind]} if kind in DESCRIPTIONS else {}
        if kind == BOOL:
            return {**base, "type": "boolean"}
        if kind == SWITCH:
            return {**base, "enum": [True, False, "auto"]}
        if kind == NUMBER:
            return {**base, "type": "number"}
        if kind == DATE:
            return {**base, "anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                                      {"type": "integer", "minimum": 1, "maximum": 9999}]}
        if kind == ID:
            return {**base, "type": "string", "pattern": r"^[a-z0-9-]+$"}
        if kind == URL:
            return {**base, "type": "string", "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://"}
        if kind in (TEXT, VALUE, EDITION):  # (`yes`, `true`: a YAML 1.1 reader's booleans print as typed)
            return {**base, "type": ["string", "number", "boolean"]}
        if kind == LABELS and labels is not None:
            return {**base, "type": "object", "additionalProperties": False,
                    "properties": {k: {"type": "string", "description": f"In English: {v}"} for k, v in labels.items()}}
        if kind == LABELS:
            return {**base, "type": "object", "additionalProperties": {"type": "string"}}
        return {**base, "type": "string"}

    def key_schema(obj: str, key: str, kind: Kind) -> dict[str, Any]:
        out = kind_schema(kind)
        text, examples = KEY_DOCS.get(obj, {}).get(key, ("", ()))
        # A scalar's description says what the key means, then how to write it
        # (plain text needs no saying); a list's items carry the latter.
        how = out.get("description") if kind != TEXT else None
        out["description"] = f"{text} {how}" if how and text else text or how or ""
        if examples:
            out["examples"] = list(examples)
        return out

    def obj_schema(name: str) -> dict[str, Any]:
        fields = OBJECTS[name]
        out: dict[str, Any] = {"description": OBJECT_DOCS[name]} if name in OBJECT_DOCS else {}
        return {
            **out,
            "type": "object",
            "additionalProperties": False,
            "required": [k for k, (_, r) in fields.items() if r],
            "properties": {k: key_schema(name, k, kind) for k, (kind, _) in fields.items()},
        }

    head = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    defs = {name: obj_schema(name) for name in OBJECTS if name != "briefing"}
    if part is None:
        return {
            **head,
            "$id": "https://briefing.invalid/schema/briefing-1.json",
            "title": "Briefing source, format version 1.1",
            **obj_schema("briefing"),
            "description": "A briefing: sources/<slug>.yaml, or briefing.yaml of a folder sources/<slug>/.",
            "$defs": defs,
        }
    keys = _part_keys()[part]  # KeyError: not a component file
    top = OBJECTS["briefing"]
    also = f" (and optionally {', '.join(repr(k) for k in keys[1:])})" if keys[1:] else ""
    return {
        **head,
        "$id": f"https://briefing.invalid/schema/{part}-1.json",
        "title": f"{part}.yaml of a briefing folder, format version 1.1",
        "description": f"The {part} list itself, or a mapping with the key {keys[0]!r}{also}.",
        # if/then/else, not anyOf: a validator then reports a mistake where it is, not "matches no
        # alternative" at the root
        "if": {"type": "array"},
        "then": key_schema("briefing", keys[0], top[keys[0]][0]),
        "else": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {k: key_schema("briefing", k, top[k][0]) for k in keys},
        },
        "$defs": defs,
    }

"""YAML text -> a tree of nodes that remember where they came from.

In: the bytes of one file and its name as the user typed it.
Out: `YMap` / `YSeq` / `YScalar` nodes, each with a `Pos`, or problems.

Only PyYAML's parser runs (the C one when present); the tree is built here
from its events. Nothing is constructed into Python objects by tag, so no tag
can run code or read a file; scalars are resolved by their standard tag only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, Protocol

import yaml

from .errors import Pos, Problem

try:  # the C parser is several times faster; the pure one is equally safe
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the pure loader: same interface

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # after alias expansion; a "billion laughs" file stops here
MAX_REPEATED = 5_000_000  # characters of text that aliases may repeat (as much as a file may hold)

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass(slots=True)
class YScalar:
    pos: Pos
    value: object  # str, int, float, bool or None
    raw: str  # the scalar's text as written (for dates)
    tag: str
    src: str = field(default="", repr=False)  # the whole file's text, shared by its nodes
    start: int = 0  # where the scalar is written in `src` (characters)
    end: int = 0

    def positions(self, offsets: Iterable[int]) -> Iterator[Pos]:
        """The places of increasing character offsets into the file's text, within this scalar.

        One forward pass: lines are counted only between one offset and the
        next, so a scalar with many places to point at costs its length once.
        """
        src, line = self.src, self.pos.line
        at, line_start = self.start, self.start - self.pos.col  # (the newline before the scalar's line)
        for i in offsets:
            n = src.count("\n", at, i)
            if n:
                line += n
                line_start = src.rfind("\n", at, i)
            at = i
            yield Pos(self.pos.file, line, i - line_start)


@dataclass(slots=True)
class YSeq:
    pos: Pos
    items: list[YNode] = field(default_factory=list)


@dataclass(slots=True)
class YMap:
    pos: Pos
    # key text -> (key node, value node), in file order
    items: dict[str, tuple[YScalar, YNode]] = field(default_factory=dict)


YNode = YScalar | YSeq | YMap


def kind_name(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    v = node.value
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    return "text"


def decode(data: bytes, file: str) -> str:
    """UTF-8 (an initial BOM allowed) -> str, or a Problem at the bad byte's line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        start = data.rfind(b"\n", 0, e.start) + 1
        line = data.count(b"\n", 0, e.start) + 1
        col = len(data[start:e.start].decode("utf-8", "replace")) + 1
        raise _Fail(
            Problem(Pos(file, line, col), f"invalid UTF-8: byte 0x{data[e.start]:02x} at byte offset {e.start}")
        ) from None


class _Fail(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def parse(data: bytes, file: str) -> tuple[YNode | None, list[Problem]]:
    """Parse one file. Returns (root or None, problems)."""
    if len(data) > MAX_BYTES:
        return None, [Problem(Pos(file), f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes (5 MB)")]
    try:
        text = decode(data, file)
    except _Fail as f:
        return None, [f.problem]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Problem(Pos(file, line), "file contains a NUL character; is it a binary file?")]
    conv = _Builder(file, text)
    try:
        root = conv.document(_Loader(text))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        pos = Pos(file, mark.line + 1, mark.column + 1) if mark else Pos(file)
        msg = e.problem or e.context or "invalid YAML"
        if e.context and e.problem:
            msg = f"{e.context}, {e.problem}"
        taught = mark is not None and "duplicate anchor" not in msg  # (a duplicate anchor is one on purpose)
        if taught and mark is not None and (trap := _trap(_line(text, mark.line), mark.column)) is not None:
            return None, [Problem(Pos(file, mark.line + 1, trap[0] + 1), trap[1])]  # at the value
        return None, [Problem(pos, _advice(e, text) or f"invalid YAML: {msg}")]
    except yaml.YAMLError as e:  # e.g. the reader's non-printable character check
        mark = getattr(e, "position", None)
        line = text.count("\n", 0, mark) + 1 if isinstance(mark, int) else 1
        return None, [Problem(Pos(file, line), f"invalid YAML: {str(e).splitlines()[0]}")]
    except _Fail as f:
        return None, conv.problems + [f.problem]
    if root is None:
        return None, [Problem(Pos(file), "the file is empty")]
    return root, conv.problems


class _Open:
    """A sequence or mapping whose end event has not come yet."""

    __slots__ = ("node", "anchor", "size", "key")

    def __init__(self, node: YSeq | YMap, anchor: str | None):
        self.node, self.anchor, self.size = node, anchor, 1
        self.key: tuple[str, YScalar] | Literal[True] | None = True  # mapping: True while a key is due


class _Builder:
    """Builds the tree straight from the parser's events (no intermediate node tree).

    PyYAML's composer would first build its own tree, with two marks per node:
    for a long briefing, twice the memory of ours. Tags, anchors and aliases
    are handled here as the composer does; an alias reuses the node it names,
    counted at its full size towards MAX_NODES.
    """

    def __init__(self, file: str, text: str = ""):
        self.file, self.text = file, text
        self.repeated = 0  # characters of text repeated by aliases
        self._alias_chars: dict[str, int] = {}
        self.count = 0
        self.problems: list[Problem] = []
        self._c = yaml.constructor.SafeConstructor()
        self._aliased: set[str] = set()  # anchors some alias names

    def _unused(self, anchors: dict[str, tuple[YNode, int | None, yaml.Event]]) -> None:
        """A warning for an anchor no alias names on a plain value: `title: &Co partners` loses `&Co`."""
        for name, (_, _, ev) in anchors.items():
            if name in self._aliased or not isinstance(ev, yaml.ScalarEvent) or ev.style:
                continue
            pos = self.pos(ev)
            trap = _trap(_line(self.text, pos.line - 1))
            if trap is not None and trap[1].startswith("a value that starts with '&'"):
                self.problems.append(Problem(Pos(self.file, pos.line, trap[0] + 1), trap[1], warning=True))

    def pos(self, event: yaml.Event) -> Pos:
        m = _start(event)
        return Pos(self.file, m.line + 1, m.column + 1)

    def document(self, loader) -> YNode | None:
        try:
            loader.get_event()  # stream start
            if loader.check_event(yaml.StreamEndEvent):
                return None
            first = loader.get_event()  # document start
            root = self.tree(loader)
            loader.get_event()  # document end
            if not loader.check_event(yaml.StreamEndEvent):
                raise yaml.composer.ComposerError("expected a single document in the stream", first.start_mark,
                                                  "but found another document", loader.get_event().start_mark)
            return root
        finally:
            loader.dispose()

    def tree(self, loader) -> YNode:
        stack: list[_Open] = []
        anchors: dict[str, tuple[YNode, int | None, yaml.Event]] = {}  # size None: still open
        node: YNode
        size: int
        while True:
            ev = loader.get_event()
            if isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                done = stack.pop()
                node, size = done.node, done.size
                if done.anchor is not None:
                    anchors[done.anchor] = (node, size, anchors[done.anchor][2])
            elif isinstance(ev, yaml.AliasEvent):
                self._aliased.add(ev.anchor or "")
                if ev.anchor not in anchors:
                    raise yaml.composer.ComposerError(None, None, f"undefined alias {ev.anchor!r}",
                                                      ev.start_mark)  # type: ignore[arg-type]  # either parser's mark
                node, held, _ = anchors[ev.anchor]
                if held is None:
                    raise _Fail(Problem(self.pos(ev), f"alias {ev.anchor!r} is inside the node it names (a loop); "
                                                      "refused"))
                size = held
                self._add(size, ev)
                self._repeat(ev.anchor, ev, node)
            else:
                if ev.anchor is not None and ev.anchor in anchors:
                    m = _start(anchors[ev.anchor][2])
                    raise yaml.composer.ComposerError(
                        None, None, f"duplicate anchor {ev.anchor!r} (first at line {m.line + 1}, column "
                                    f"{m.column + 1})", ev.start_mark)
                is_key = bool(stack) and isinstance(stack[-1].node, YMap) and stack[-1].key is True
                if not is_key:
                    if len(stack) > 100:
                        raise _Fail(Problem(self.pos(ev), "nested more than 100 levels deep; refused"))
                    self._add(1, ev)
                if isinstance(ev, yaml.ScalarEvent):
                    tag = ev.tag if ev.tag not in (None, "!") else loader.resolve(yaml.ScalarNode, ev.value,
                                                                                   ev.implicit)
                    node, size = self.scalar(ev, tag, is_key), 1
                    if ev.anchor is not None:
                        anchors[ev.anchor] = (node, 1, ev)
                else:
                    seq = isinstance(ev, yaml.SequenceStartEvent)
                    kind = yaml.SequenceNode if seq else yaml.MappingNode
                    tag = ev.tag if ev.tag not in (None, "!") else loader.resolve(kind, None, ev.implicit)
                    if tag != _STD + ("seq" if seq else "map"):
                        self.problems.append(Problem(self.pos(ev), f"YAML tag {_short(tag)!r} is not allowed"))
                    opened = _Open(YSeq(self.pos(ev)) if seq else YMap(self.pos(ev)), ev.anchor)
                    if ev.anchor is not None:
                        anchors[ev.anchor] = (opened.node, None, ev)
                    stack.append(opened)
                    continue
            if not stack:
                self._unused(anchors)
                return node
            self._place(stack[-1], node, size)

    def _repeat(self, anchor: str, ev: yaml.AliasEvent, node: YNode) -> None:
        """Count the text an alias repeats: a few values can still repeat megabytes of text."""
        chars = self._alias_chars.get(anchor)
        if chars is None:
            chars = self._alias_chars[anchor] = _chars(node)
        self.repeated += chars
        if self.repeated > MAX_REPEATED:
            raise _Fail(Problem(self.pos(ev), f"YAML aliases repeat more than {MAX_REPEATED // 1_000_000} million "
                                              "characters of text; refused"))

    def _add(self, n: int, ev: yaml.Event) -> None:
        self.count += n
        if self.count > MAX_NODES:
            raise _Fail(Problem(
                self.pos(ev),
                f"the document expands to more than {MAX_NODES:,} values (through YAML aliases?); refused",
            ))

    def _place(self, parent: _Open, node: YNode, size: int) -> None:
        """Put a finished node into its open parent: a list item, a mapping's key or its value."""
        if isinstance(parent.node, YSeq):
            parent.node.items.append(node)
            parent.size += size
            return
        if parent.key is True:  # this node is a key
            if not isinstance(node, YScalar) or node.tag == _STD + "merge" and node.raw == "<<":
                what = "a merge key ('<<')" if isinstance(node, YScalar) else "a key that is not text"
                self.problems.append(Problem(node.pos, f"{what} is not allowed here"))
                parent.key = None
                return
            name = node.raw  # as typed: `null`, `true`, `010`, not as YAML reads them
            if name in parent.node.items:
                first = parent.node.items[name][0].pos
                self.problems.append(Problem(
                    node.pos, f"duplicate key {name!r} (first defined at line {first.line}, column {first.col})"))
                parent.key = None
                return
            parent.key = (name, node)
            return
        if parent.key is not None:
            name, key = parent.key
            parent.node.items[name] = (key, node)
            parent.size += size
        parent.key = True

    def scalar(self, ev: yaml.ScalarEvent, tag: str, is_key: bool = False) -> YScalar:
        pos = self.pos(ev)
        if is_key and tag == _STD + "merge":  # refused as a key, by _place
            return YScalar(pos, ev.value, ev.value, tag)
        if tag not in _SCALAR_TAGS:
            local = not ev.style and not tag.startswith(_STD)  # `!x` typed as text, not `!!python/...`
            trap = _trap(_line(self.text, pos.line - 1), pos.col - 1) if local else None
            said = trap[1] if trap and trap[0] == pos.col - 1 else f"YAML tag {_short(tag)!r} is not allowed"
            self.problems.append(Problem(pos, said))
            return YScalar(pos, ev.value, ev.value, _STD + "str")
        if tag == _STD + "str" or tag == _STD + "timestamp":
            value: object = ev.value
        else:
            try:
                value = self._c.construct_object(yaml.ScalarNode(tag, ev.value))
            except Exception:  # noqa: BLE001 -- e.g. `!!int` with no digits: keep the text, the schema says why
                value = ev.value
            if isinstance(value, float) and not math.isfinite(value):
                value = ev.value
        end = ev.end_mark
        assert end is not None  # the parser marks every event
        return YScalar(pos, value, ev.value, tag, self.text, _start(ev).index, end.index)


class _Mark(Protocol):
    """A place in the text, as either parser marks it (the C parser has its own mark type)."""

    line: int
    column: int
    index: int


def _start(ev: yaml.Event) -> _Mark:
    """Where an event begins (the parser marks every event; the event types allow none)."""
    m = ev.start_mark
    assert m is not None
    return m


def _short(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


def _advice(e: yaml.MarkedYAMLError, text: str) -> str | None:
    """What a newcomer should do about the commonest YAML mistakes, in place of the parser's words."""
    mark, ctx = e.problem_mark, e.context_mark
    if mark is None:
        return None
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    problem = e.problem or ""
    if "\t" in line[:len(line) - len(line.lstrip())] or (mark.column < len(line) and line[mark.column] == "\t"):
        return "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces"
    indent = len(line) - len(line.lstrip(" "))
    key = _key().match(line)
    if "mapping values are not allowed" in problem:
        if key and mark.column == key.end(1):  # the first ': ' of the line: a key indented too far
            above = _line_above(lines, mark.line)
            if above is not None:
                n, a = above
                akey = _key().match(a)
                col = akey.start(1) if akey else len(a) - len(a.lstrip(" "))
                return (f"line {mark.line + 1} is indented more than line {n + 1}: {key[1]!r} starts in column "
                        f"{indent + 1}, but should line up with {akey[1] if akey else 'the line above'!r} in column "
                        f"{col + 1} (or be nested under a key that ends with ':')")
        rest = line[key.end():].strip() if key else ""
        example = f"{key[1]}: \"{rest}\"" if key and rest and '"' not in rest and len(rest) < 60 else 'title: "A: B"'
        return f"a ': ' inside text that is not in quotes: put the whole value in quotes, e.g. {example}"
    if ("expected '-' indicator" in problem or "expected key" in problem or "expected <block end>" in problem) \
            and ctx is not None:
        start = lines[ctx.line] if ctx.line < len(lines) else ""
        if line.lstrip().startswith("- ") or line.strip() == "-":
            return (f"line {mark.line + 1}: this list item starts in column {indent + 1}, but the list begun on "
                    f"line {ctx.line + 1} has its items in column {ctx.column + 1}: line them up")
        ckey = _key().match(start)
        what = f"{ckey[1]!r} in column {ckey.start(1) + 1}" if ckey else f"column {ctx.column + 1}"
        return (f"line {mark.line + 1} is indented differently from the block begun on line {ctx.line + 1}: "
                f"{key[1] if key else 'it'!r} starts in column {indent + 1}; line it up with {what}")
    return None


# (The two patterns below are compiled when a problem's place is first looked for: start-up time.)
@lru_cache(maxsize=1)
def _key() -> re.Pattern[str]:
    return re.compile(r"\s*(?:-\s+)*([^\s:#\-][^:#]*?):(?:\s|$)")


@lru_cache(maxsize=1)
def _value() -> re.Pattern[str]:
    """A value on its line: after a key (`title: `) or a list's dash (`- `)."""
    return re.compile(r"(?P<lead>\s*(?:-\s+)*)(?:(?P<key>[^\s:#\-'\"][^:#]*?):[ \t]+)?(?P<value>\S.*?)\s*$")


# What YAML makes of a character that starts a plain value.
_STARTS = {
    "[@": "'[' begins a YAML list, so a citation cannot come first",
    "*": "YAML reads a '*' at the start of a value as an alias (a reference to an '&' anchor)",
    "&": "YAML reads a '&' at the start of a value as an anchor name and leaves it out of the text",
    "!": "YAML reads a '!' at the start of a value as a tag",
    "%": "YAML reserves a '%' at the start of a value for directives",
    "@": "YAML reserves '@' at the start of a value",
    "`": "YAML reserves a backquote at the start of a value",
    "|": "YAML reads a '|' at the start of a value as a block of text whose lines begin on the next line",
    ">": "YAML reads a '>' at the start of a value as a folded block of text whose lines begin on the next line",
}


def _quoted(text: str) -> str:
    """`text` as a YAML quoted scalar that reads back as itself."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _line(text: str, n: int) -> str:
    """Line `n` (0-based) of `text`."""
    start = 0
    for _ in range(n):
        start = text.find("\n", start) + 1
        if not start:
            return ""
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _trap(line: str, column: int = -1) -> tuple[int, str] | None:
    """Where a plain value starts that starts with a character YAML reads as syntax, and the teaching message.

    `column`: where the parser stopped (-1: anywhere); the value must start at or before it.
    """
    v = _value().fullmatch(line)
    if v is None or v["value"].startswith(("'", '"')) or (column >= 0 and v.start("value") > column):
        return None
    value = v["value"]
    start = next((s for s in _STARTS if value.startswith(s)), None)
    if start is None:
        return None
    if start in "|>" and re.fullmatch(r"[|>][-+]?[1-9]?[-+]?(\s+#.*)?", value):
        return None  # a real block scalar's header
    shown = value if len(value) <= 60 else value[:57] + "..."
    fix = f"{v['key']}: {_quoted(shown)}" if v["key"] else f"- {_quoted(shown)}"
    first = "**" if value.startswith("**") else start
    return v.start("value"), (f"a value that starts with {first!r} must be in quotes: {_STARTS[start]}; put the "
                              f"whole value in quotes, e.g. {fix}")


def _line_above(lines: list[str], n: int) -> tuple[int, str] | None:
    for i in range(n - 1, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i, lines[i]
    return None


def _chars(node: YNode) -> int:
    """The characters of text in a node: its scalars', keys included."""
    if isinstance(node, YScalar):
        return len(node.raw)
    if isinstance(node, YSeq):
        return sum(_chars(n) for n in node.items)
    return sum(len(k) + _chars(v) for k, (_, v) in node.items.items())

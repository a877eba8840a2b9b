"""YAML text -> a tree of nodes that remember where they came from.

In: the bytes of one file and its name as the user typed it.
Out: `YMap` / `YSeq` / `YScalar` nodes, each with a `Pos`, or problems.

Only PyYAML's parser runs (the C one when present); the tree is built here
from its events. Nothing is constructed into Python objects by tag, so no tag
can run code or read a file; scalars are resolved by their standard tag only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import yaml

from .errors import Pos, Problem

try:  # the C parser is several times faster; the pure one is equally safe
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # after alias expansion; a "billion laughs" file stops here

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass(slots=True)
class YScalar:
    pos: Pos
    value: object  # str, int, float, bool or None
    raw: str  # the scalar's text as written (for dates)
    tag: str


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
    conv = _Builder(file)
    try:
        root = conv.document(_Loader(text))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        pos = Pos(file, mark.line + 1, mark.column + 1) if mark else Pos(file)
        msg = e.problem or e.context or "invalid YAML"
        if e.context and e.problem:
            msg = f"{e.context}, {e.problem}"
        return None, [Problem(pos, f"invalid YAML: {msg}")]
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
        self.key: tuple[str, YScalar] | None | bool = True  # mapping: True while a key is due


class _Builder:
    """Builds the tree straight from the parser's events (no intermediate node tree).

    PyYAML's composer would first build its own tree, with two marks per node:
    for a long briefing, twice the memory of ours. Tags, anchors and aliases
    are handled here as the composer does; an alias reuses the node it names,
    counted at its full size towards MAX_NODES.
    """

    def __init__(self, file: str):
        self.file = file
        self.count = 0
        self.problems: list[Problem] = []
        self._c = yaml.constructor.SafeConstructor()

    def pos(self, event: yaml.Event) -> Pos:
        m = event.start_mark
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
        while True:
            ev = loader.get_event()
            if isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                done = stack.pop()
                node, size = done.node, done.size
                if done.anchor is not None:
                    anchors[done.anchor] = (node, size, anchors[done.anchor][2])
            elif isinstance(ev, yaml.AliasEvent):
                if ev.anchor not in anchors:
                    raise yaml.composer.ComposerError(None, None, f"undefined alias {ev.anchor!r}", ev.start_mark)
                node, size, _ = anchors[ev.anchor]
                if size is None:
                    raise _Fail(Problem(self.pos(ev), f"alias {ev.anchor!r} is inside the node it names (a loop); "
                                                      "refused"))
                self._add(size)
            else:
                if ev.anchor is not None and ev.anchor in anchors:
                    m = anchors[ev.anchor][2].start_mark
                    raise yaml.composer.ComposerError(
                        None, None, f"duplicate anchor {ev.anchor!r} (first at line {m.line + 1}, column "
                                    f"{m.column + 1})", ev.start_mark)
                is_key = bool(stack) and isinstance(stack[-1].node, YMap) and stack[-1].key is True
                if not is_key:
                    if len(stack) > 100:
                        raise _Fail(Problem(self.pos(ev), "nested more than 100 levels deep; refused"))
                    self._add(1)
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
                return node
            self._place(stack[-1], node, size)

    def _add(self, n: int) -> None:
        self.count += n
        if self.count > MAX_NODES:
            raise _Fail(Problem(
                Pos(self.file),
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
            name = node.raw if isinstance(node.value, str) else str(node.value)
            if name in parent.node.items:
                first = parent.node.items[name][0].pos
                self.problems.append(Problem(
                    node.pos, f"duplicate key {name!r} (first defined at line {first.line}, column {first.col})"))
                parent.key = None
                return
            parent.key = (name, node)
            return
        if parent.key is not None:
            name, key = parent.key  # type: ignore[misc]
            parent.node.items[name] = (key, node)
            parent.size += size
        parent.key = True

    def scalar(self, ev: yaml.ScalarEvent, tag: str, is_key: bool = False) -> YScalar:
        pos = self.pos(ev)
        if is_key and tag == _STD + "merge":  # refused as a key, by _place
            return YScalar(pos, ev.value, ev.value, tag)
        if tag not in _SCALAR_TAGS:
            self.problems.append(Problem(pos, f"YAML tag {_short(tag)!r} is not allowed"))
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
        return YScalar(pos, value, ev.value, tag)


def _short(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag

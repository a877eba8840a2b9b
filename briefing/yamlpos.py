"""YAML text -> a tree of nodes that remember where they came from.

In: the bytes of one file and its name as the user typed it.
Out: `YMap` / `YSeq` / `YScalar` nodes, each with a `Pos`, or problems.

Only the composer of PyYAML runs (the C one when present): nodes are never
constructed into Python objects by tag, so no tag can run code or read a file.
Scalars are resolved here by their standard tag only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import yaml

from .errors import Pos, Problem

try:  # the C composer is several times faster; the pure one is equally safe
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
    try:
        root = yaml.compose(text, Loader=_Loader)
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
    except RecursionError:
        return None, [Problem(Pos(file), "invalid YAML: nested too deeply")]
    if root is None:
        return None, [Problem(Pos(file), "the file is empty")]
    conv = _Converter(file)
    try:
        node = conv.node(root, 0)
    except _Fail as f:
        return None, conv.problems + [f.problem]
    return node, conv.problems




class _Converter:
    def __init__(self, file: str):
        self.file = file
        self.count = 0
        self.problems: list[Problem] = []
        self._c = yaml.constructor.SafeConstructor()

    def pos(self, node: yaml.Node) -> Pos:
        m = node.start_mark
        return Pos(self.file, m.line + 1, m.column + 1)

    def node(self, n: yaml.Node, depth: int) -> YNode:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Fail(Problem(
                Pos(self.file),
                f"the document expands to more than {MAX_NODES:,} values (through YAML aliases?); refused",
            ))
        if depth > 100:
            raise _Fail(Problem(self.pos(n), "nested more than 100 levels deep; refused"))
        if isinstance(n, yaml.ScalarNode):
            return self.scalar(n)
        if isinstance(n, yaml.SequenceNode):
            if n.tag != _STD + "seq":
                self.problems.append(Problem(self.pos(n), f"YAML tag {_short(n.tag)!r} is not allowed"))
            return YSeq(self.pos(n), [self.node(c, depth + 1) for c in n.value])
        if n.tag != _STD + "map":
            self.problems.append(Problem(self.pos(n), f"YAML tag {_short(n.tag)!r} is not allowed"))
        out = YMap(self.pos(n))
        for kn, vn in n.value:
            if not isinstance(kn, yaml.ScalarNode) or kn.tag == _STD + "merge" and kn.value == "<<":
                what = "a merge key ('<<')" if isinstance(kn, yaml.ScalarNode) else "a key that is not text"
                self.problems.append(Problem(self.pos(kn), f"{what} is not allowed here"))
                continue
            key = self.scalar(kn)
            name = key.raw if isinstance(key.value, str) else str(key.value)
            if name in out.items:
                first = out.items[name][0].pos
                self.problems.append(
                    Problem(key.pos, f"duplicate key {name!r} (first defined at line {first.line}, column {first.col})")
                )
                self.node(vn, depth + 1)
                continue
            out.items[name] = (key, self.node(vn, depth + 1))
        return out

    def scalar(self, n: yaml.ScalarNode) -> YScalar:
        pos = self.pos(n)
        tag = n.tag
        if tag not in _SCALAR_TAGS:
            self.problems.append(Problem(pos, f"YAML tag {_short(tag)!r} is not allowed"))
            return YScalar(pos, n.value, n.value, _STD + "str")
        if tag == _STD + "str" or tag == _STD + "timestamp":
            value: object = n.value
        else:
            try:
                value = self._c.construct_object(n)
            except (yaml.YAMLError, ValueError, OverflowError):
                value = n.value
            if isinstance(value, float) and not math.isfinite(value):
                value = n.value
        return YScalar(pos, value, n.value, tag)


def _short(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag

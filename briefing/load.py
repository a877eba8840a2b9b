"""Sources on disk -> a validated `Briefing`, or every problem in it.

In: a path as the user typed it: `x.yaml` or a folder with `briefing.yaml` and
optional component files (`timeline.yaml`, `groups.yaml`, ...).
Out: `(briefing or None, problems)`; problems include warnings.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .errors import Pos, Problem
from .model import Briefing
from .schema import Validator
from .yamlpos import MAX_BYTES, YMap, parse

# Component files of the folder form, in the contract's order, with the keys each may hold.
PARTS: dict[str, tuple[str, ...]] = {
    "timeline.yaml": ("timeline", "eras"),
    "groups.yaml": ("groups",),
    "figures.yaml": ("figures",),
    "actors.yaml": ("actors",),
    "outlook.yaml": ("outlook",),
    "sources.yaml": ("sources",),
}


def slug_of(path: str) -> str:
    base = os.path.basename(os.path.normpath(path))
    return base[:-5] if base.endswith(".yaml") else base[:-4] if base.endswith(".yml") else base


def files_of(path: str) -> list[str]:
    """The files a briefing is read from (for `watch`)."""
    if os.path.isdir(path):
        return [os.path.join(path, n) for n in ("briefing.yaml", *PARTS) if os.path.isfile(os.path.join(path, n))]
    return [path]


def _read(file: str) -> tuple[bytes | None, list[Problem]]:
    try:
        size = os.path.getsize(file)
        if size > MAX_BYTES:
            return None, [Problem(Pos(file), f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes (5 MB)")]
        with open(file, "rb") as fh:
            return fh.read(MAX_BYTES + 1), []
    except OSError as e:
        return None, [Problem(Pos(file), f"cannot read file: {e.strerror or e}")]


def load(path: str, styles: Callable[[], list[str]] | None = None,
         full: bool = True) -> tuple[Briefing | None, list[Problem]]:
    """Load, merge and validate one briefing (file or folder form)."""
    problems: list[Problem] = []
    if os.path.isdir(path):
        main = os.path.join(path, "briefing.yaml")
        if not os.path.isfile(main):
            return None, [Problem(Pos(main), "a briefing folder needs a briefing.yaml")]
        data, probs = _read(main)
        problems += probs
        root = None
        if data is not None:
            root, probs = parse(data, main)
            problems += probs
        if root is not None and not isinstance(root, YMap):
            problems.append(Problem(root.pos, "briefing.yaml must be a mapping of keys such as 'title'"))
            root = None
        owner: dict[str, str] = {k: main for k in (root.items if root else {})}
        for name, keys in PARTS.items():
            file = os.path.join(path, name)
            if not os.path.isfile(file):
                continue
            data, probs = _read(file)
            problems += probs
            if data is None:
                continue
            part, probs = parse(data, file)
            problems += probs
            if part is None:
                continue
            if not isinstance(part, YMap):
                problems.append(Problem(part.pos, f"{name} must be a mapping with the key {keys[0]!r}"))
                continue
            for key, (knode, vnode) in part.items.items():
                if key not in keys:
                    allowed = " or ".join(repr(k) for k in keys)
                    msg = f"{name} may only hold {allowed}; {key!r} belongs in briefing.yaml"
                    problems.append(Problem(knode.pos, msg))
                elif key in owner:
                    problems.append(Problem(knode.pos, f"key {key!r} is defined in both {owner[key]} and {file}"))
                else:
                    owner[key] = file
                    if root is not None:
                        root.items[key] = (knode, vnode)
    else:
        data, probs = _read(path)
        problems += probs
        root = None
        if data is not None:
            root, probs = parse(data, path)
            problems += probs
    if root is None:
        return None, problems
    v = Validator(styles, full)
    briefing = v.briefing(root, slug_of(path))
    problems += v.problems
    if any(not p.warning for p in problems):
        briefing = None
    return briefing, problems

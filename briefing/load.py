"""Sources on disk -> a validated `Briefing`, or every problem in it.

In: a path as the user typed it: `x.yaml` or a folder with `briefing.yaml` and
optional component files (`timeline.yaml`, `groups.yaml`, ...).
Out: `(briefing or None, problems)`; problems include warnings.
Every file a briefing brings in is read here (its images through `briefing.images`);
validation (`briefing.schema`) reads none.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from .errors import Pos, Problem
from .files import NotRegular, TooLarge, inside, read_regular
from .model import Briefing
from .parts import PARTS
from .schema import LabelCheck, Untranslated, Validator
from .yamlpos import MAX_BYTES, YMap, YNode, YScalar, YSeq, kind_name, parse

if TYPE_CHECKING:
    from .images import Checked


def slug_of(path: str) -> str:
    base = os.path.basename(os.path.normpath(path))
    return base[:-5] if base.endswith(".yaml") else base[:-4] if base.endswith(".yml") else base


def _read(file: str, folder: str | None = None) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file (inside `folder` after links are resolved), or why not.

    Only regular files are opened: a FIFO or a device would block or never end.
    """
    try:
        if folder is not None and not inside(file, folder):
            return None, [Problem(Pos(file), "this file links to a place outside the briefing's folder; refused")]
        return read_regular(file, MAX_BYTES), []
    except NotRegular as e:
        why = "" if e.swapped else " (a FIFO, a device or a folder?)"
        return None, [Problem(Pos(file), f"not a regular file{why}; refused")]
    except TooLarge as e:
        size = MAX_BYTES + 1 if e.size is None else e.size  # (None: it grew while read; that much was read)
        return None, [Problem(Pos(file), f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes (5 MB)")]
    except OSError as e:
        return None, [Problem(Pos(file), f"cannot read file: {e.strerror or e}")]


class _Images:
    """The validator's image reader: each image found inside the briefing's folder, read and checked once."""

    def __init__(self, folder: str, keep: bool):
        self.folder, self.keep = folder, keep
        self.opened: dict[str, None] = {}  # every image file read, in the order first shown
        self._checked: dict[str, Checked] = {}  # path -> checked image

    def __call__(self, rel: str) -> tuple[bytes, tuple[int, int], str]:
        from . import images  # (only for a briefing with images: start-up time)

        path = images.locate(rel, self.folder)
        self.opened.setdefault(path)  # read, even if it turns out unusable: `watch` waits for a fix
        found = self._checked.get(path) or images.check(rel, self.folder, keep=self.keep)
        self._checked[path] = found  # an image shown twice is read and decoded once
        return found.data, found.pixels, found.kind


def _stray_files(path: str) -> list[Problem]:
    """A warning for each other YAML file of a folder: probably a misnamed component file."""
    known = ["briefing.yaml", *PARTS]
    out = []
    try:
        names = sorted(os.listdir(path))
    except OSError:
        return []
    for n in names:
        if n in known or not n.lower().endswith((".yaml", ".yml")):
            continue
        import difflib  # (only when there is a stray file: start-up time)

        stem = n.lower().rsplit(".", 1)[0] + ".yaml"
        near = difflib.get_close_matches(stem, known, n=1, cutoff=0.6)
        hint = f"; did you mean {near[0]!r}?" if near else f" (a briefing folder reads {', '.join(known)})"
        out.append(Problem(Pos(os.path.join(path, n)), f"this file is not read{hint}", warning=True, at=False))
    return out


def _folder(path: str, opened: list[str]) -> tuple[YMap | None, list[Problem], set[str]]:
    """The merged top-level mapping of a folder briefing, its problems, and the keys whose files failed."""
    problems: list[Problem] = []
    unread: set[str] = set()
    main = os.path.join(path, "briefing.yaml")
    if not os.path.lexists(main):
        return None, [Problem(Pos(main), "a briefing folder needs a briefing.yaml")], unread
    root = _parse(main, path, problems, opened)
    if root is not None and not isinstance(root, YMap):
        problems.append(Problem(root.pos, "briefing.yaml must be a mapping of keys such as 'title'"))
        root = None
    owner: dict[str, str] = {k: main for k in (root.items if root else {})}
    for name, keys in PARTS.items():
        file = os.path.join(path, name)
        if not os.path.lexists(file):
            continue
        part = _parse(file, path, problems, opened)
        if isinstance(part, YSeq):  # the list itself: the way most people write it
            part = YMap(part.pos, {keys[0]: (YScalar(part.pos, keys[0], keys[0], "str"), part)})
        elif part is not None and not isinstance(part, YMap):
            problems.append(Problem(part.pos, f"{name} must hold a list of {keys[0]} entries (or a mapping with "
                                              f"the key {keys[0]!r}), got {kind_name(part)}"))
            part = None
        if part is None:
            unread.update(keys)
            continue
        for key, (knode, vnode) in part.items.items():
            if key not in keys:
                allowed = " or ".join(repr(k) for k in keys)
                home = next((f for f, ks in PARTS.items() if key in ks), "briefing.yaml")
                if key == "eras":
                    home = "timeline.yaml or briefing.yaml"
                problems.append(Problem(knode.pos, f"{name} may only hold {allowed}; {key!r} belongs in {home}"))
            elif key in owner:
                problems.append(Problem(knode.pos, f"key {key!r} is defined in both {owner[key]} and {file}"))
            else:
                owner[key] = file
                if root is not None:
                    root.items[key] = (knode, vnode)
    return root, problems + _stray_files(path), unread


def _parse(file: str, folder: str | None, problems: list[Problem], opened: list[str]) -> YNode | None:
    opened.append(file)
    data, probs = _read(file, folder)
    problems += probs
    if data is None:
        return None
    node, probs = parse(data, file)
    problems += probs
    return node


def load(path: str, styles: Callable[[], list[str]] | None = None, full: bool = True,
         opened: list[str] | None = None,
         untranslated: Untranslated | None = None,
         label_check: LabelCheck | None = None) -> tuple[Briefing | None, list[Problem]]:
    """Load, merge and validate one briefing (file or folder form).

    `styles` names the styles there are, `untranslated` says which languages
    the layout speaks and `label_check` judges a briefing's own labels (see
    `briefing.schema`); without them, none is checked.
    `opened` gets every file the briefing is read from, as far as reading got
    (its YAML files and images, whether or not they turned out usable): the
    files no output may replace, and those `watch` waits on.
    """
    unread: set[str] = set()
    root: YNode | None
    opened = [] if opened is None else opened
    if os.path.isdir(path):
        root, problems, unread = _folder(path, opened)
        folder = path
    else:
        problems = []
        root = _parse(path, None, problems, opened)
        folder = os.path.dirname(os.path.realpath(path))  # the folder that holds the file (images live there)
    if root is None:
        return None, problems
    pictures = _Images(folder, full)
    v = Validator(styles, full, unread, pictures, untranslated, label_check)
    briefing = v.briefing(root, slug_of(path))
    opened += pictures.opened
    problems += v.problems
    if any(not p.warning for p in problems):
        briefing = None
    return briefing, problems

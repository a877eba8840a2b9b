"""Sources on disk -> a validated `Briefing`, or every problem in it.

In: a path as the user typed it: `x.yaml` or a folder with `briefing.yaml` and
optional component files (`timeline.yaml`, `groups.yaml`, ...).
Out: `(briefing or None, problems)`; problems include warnings.
Every file a briefing brings in is read here (its images through `briefing.images`);
validation (`briefing.schema`) reads none. So is a previous edition (`load_previous`):
a path, or `git:REV` read through the `git` command.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING

from .errors import Pos, Problem
from .files import NotRegular, TooLarge, inside, read_regular
from .model import Briefing
from .parts import PARTS
from .schema import LabelCheck, RichMemo, Untranslated, Validator
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


def _folder(path: str, opened: list[str]) -> tuple[YMap | None, list[Problem], dict[str, str]]:
    """The merged top-level mapping of a folder briefing, its problems, and the keys whose files failed
    (key -> that file; `briefing` for briefing.yaml itself, whose keys are then unknown)."""
    problems: list[Problem] = []
    unread: dict[str, str] = {}
    main = os.path.join(path, "briefing.yaml")
    if not os.path.lexists(main):
        return None, [Problem(Pos(main), "a briefing folder needs a briefing.yaml")], unread
    root = _parse(main, path, problems, opened)
    if root is not None and not isinstance(root, YMap):
        problems.append(Problem(root.pos, "briefing.yaml must be a mapping of keys such as 'title'"))
        root = None
    owner: dict[str, str] = {k: main for k in (root.items if root else {})}
    if root is None:  # the component files are still checked, each on its own
        unread["briefing"] = main
        root = YMap(Pos(main))
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
            unread.update(dict.fromkeys(keys, file))
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
         opened: list[str] | None = None, untranslated: Untranslated | None = None,
         memo: RichMemo | None = None, label_check: LabelCheck | None = None) -> tuple[Briefing | None, list[Problem]]:
    """Load, merge and validate one briefing (file or folder form).

    `styles` names the styles there are, `untranslated` says which languages
    the layout speaks and `label_check` judges a briefing's own labels (see
    `briefing.schema`); without them, none is checked.
    `opened` gets every file the briefing is read from, as far as reading got
    (its YAML files and images, whether or not they turned out usable): the
    files no output may replace, and those `watch` waits on. `memo` keeps the
    rich text parsed, for another edition of the same briefing to reuse.
    """
    unread: dict[str, str] = {}
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
    v = Validator(styles, full, unread, pictures, untranslated, memo, label_check)
    briefing = v.briefing(root, slug_of(path))
    opened += pictures.opened
    problems += v.problems
    if any(not p.warning for p in problems):
        briefing = None
    return briefing, problems


# -- the previous edition ------------------------------------------------------------------------------------------

GIT_TIMEOUT = 60.0  # seconds for each git command
MAX_ARCHIVE = 256 * 1024 * 1024  # bytes of a briefing's files at a revision


class PreviousError(Exception):
    """The previous edition cannot be read: the message says why, in one line."""


class Previous:
    """A previous edition as loaded: the briefing (None if invalid), its problems, what it was named as.

    (A plain class: a dataclass's methods are compiled from source each time the module is imported,
    start-up time of every command, for a record only `--since` makes.)
    """

    def __init__(self, briefing: Briefing | None, problems: list[Problem], label: str,
                 shown_as: tuple[str, str] | None = None):
        self.briefing = briefing
        self.problems = problems
        self.label = label  # as given: a path, or git:REV
        self.shown_as = shown_as  # (temporary folder, git's REV:) for positions read from git

    def where(self, pos: Pos) -> Pos:
        """A position in the previous edition's files as the user knows them (REV:path for git)."""
        if self.shown_as and pos.file.startswith(self.shown_as[0]):
            return Pos(self.shown_as[1] + pos.file[len(self.shown_as[0]):].lstrip(os.sep), pos.line, pos.col)
        return pos


def load_previous(spec: str, source: str, base: str | None = None,
                  styles: Callable[[], list[str]] | None = None,
                  untranslated: Untranslated | None = None, memo: RichMemo | None = None,
                  opened: list[str] | None = None) -> Previous:
    """The previous edition of `source`: `spec` is a file or folder (relative to `base`, by default the
    working directory) or `git:REV`, the same source path at that revision of the git repository that
    holds it. Raises PreviousError when it cannot be read at all (no such path, no git, no revision).
    `opened` gets the files of a previous edition on disk (see `load`)."""
    if not spec.startswith("git:"):
        path = spec if base is None else os.path.join(base, spec)
        if not os.path.exists(path):
            raise PreviousError(f"the previous edition {spec} does not exist")
        b, problems = load(path, styles, True, opened, untranslated, memo)
        return Previous(b, problems, spec)
    rev = spec[4:]
    with tempfile.TemporaryDirectory(prefix="briefing-previous-") as tmp:
        found = _git_copy(rev, source, tmp)
        b, problems = load(found, styles, True, None, untranslated, memo)
        prev = Previous(b, [], spec, (tmp, f"{rev}:"))
        prev.problems = [Problem(prev.where(p.pos), p.message, p.warning, p.at) for p in problems]
        return prev


def _git(args: list[str], cwd: str, what: str, limit: int = 1 << 20) -> bytes:
    """Run git (an argument list, no shell); its standard output, or PreviousError saying `what` failed."""
    import subprocess  # (only to read a git:REV edition: start-up time)

    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT, check=False,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise PreviousError("git is not installed (or not on PATH): it is needed to read a git:REV edition") from None
    except subprocess.TimeoutExpired:
        raise PreviousError(f"git took more than {GIT_TIMEOUT:.0f} s to {what}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PreviousError(f"cannot {what}: " + (said[-1].removeprefix("fatal: ") if said else "git failed"))
    if len(done.stdout) > limit:
        raise PreviousError(f"cannot {what}: more than {limit // (1 << 20)} MB")
    return done.stdout


def _git_copy(rev: str, source: str, into: str) -> str:
    """Copy `source` (a file or folder) as it was at git revision `rev` into the folder `into`; the copy's path."""
    if not rev or rev.startswith("-"):
        raise PreviousError(f"git:{rev} names no revision (write git:REV, such as git:HEAD~1)")
    real = os.path.realpath(source)
    folder = real if os.path.isdir(real) else os.path.dirname(real)
    top = _git(["rev-parse", "--show-toplevel"], folder, f"find the git repository that holds {source}")
    top_dir = os.path.realpath(top.decode("utf-8", "surrogateescape").strip())
    rel = os.path.relpath(real, top_dir)
    if rel.startswith(".."):
        raise PreviousError(f"{source} is not inside the git repository at {top_dir}")
    _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], top_dir,
         f"find revision {rev!r} in the git repository at {top_dir} (no such commit)")
    name = rel.replace(os.sep, "/")
    data = _git(["archive", "--format=tar", rev, "--", name], top_dir,
                f"read {name} at revision {rev!r} (it did not exist there?)", MAX_ARCHIVE)
    import io
    import tarfile  # (only for a git:REV edition: start-up time)

    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")  # (no absolute paths, no links out of the folder)
    found = os.path.join(into, rel)
    if not os.path.lexists(found):
        raise PreviousError(f"{name} did not exist at revision {rev!r}")
    return found

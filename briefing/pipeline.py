"""Two phases: load and validate everything, then lay out and write.

In: source paths and options. Out: results per source (path written, pages,
problems). Layout (and ReportLab) is imported only when a PDF is built.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .coverage import glyph_warnings
from .errors import BriefingError, Pos, Problem, UsageError
from .labels import label_problem, untranslated
from .load import PreviousError, load, load_previous
from .model import Briefing
from .pdf.output import PDF
from .schema import RichMemo
from .theme import Theme, load_theme, style_names

if TYPE_CHECKING:
    from .editions import Changes

OUT_DIR = "out"  # where out/<slug>.pdf goes, relative to the working directory


def pdf_path(slug: str, out_dir: str = OUT_DIR) -> str:
    """The default output file of a briefing: out/<slug>.pdf."""
    return os.path.join(out_dir, f"{slug}.pdf")


@dataclass
class Result:
    source: str
    output: str | None = None
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    size: int = 0
    ok: bool = False
    handout: str | None = None  # the handout's path, when one was asked for
    handout_pages: int = 0  # its sheet sides
    handout_size: int = 0
    inputs: list[str] = field(default_factory=list)  # every file the briefing was read from, as far as it got
    usage: str | None = None  # an output the user named cannot be written (a usage error: nothing was built)


def discover(root: str = "sources") -> list[str]:
    """Every briefing under `sources/`: `*.yaml` files and folders with a briefing.yaml."""
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return []
    out = []
    for n in names:
        p = os.path.join(root, n)
        if os.path.isdir(p) and os.path.isfile(os.path.join(p, "briefing.yaml")):
            out.append(p)
        elif n.endswith((".yaml", ".yml")) and os.path.isfile(p):
            out.append(p)
    return out


NO_PREVIOUS = "none"  # --since none: no comparison, whatever the briefing's `previous` says


def since_of(b: Briefing, since: str | None) -> tuple[str, str | None, Pos | None] | None:
    """What `b` is compared with: (the edition as given, the folder a relative path is taken from, the
    place of the `previous` key), from --since or else the briefing's `previous`; None for no comparison."""
    if since is not None:
        return None if since == NO_PREVIOUS else (since, None, None)
    if b.previous is None:
        return None
    at = b.where.get("previous", b.pos)
    return b.previous, os.path.dirname(os.path.abspath(at.file)), at


def editions(path: str, b: Briefing, since: str | None, problems: list[Problem],
             memo: RichMemo | None = None, opened: list[str] | None = None) -> Changes | None:
    """What changed in `b` (read from `path`) since its previous edition (see `since_of`), or None.

    The previous edition is loaded and validated like any briefing; its errors are added to
    `problems` (at its own files), then one error saying it is invalid; a previous edition of
    another briefing (another slug) is a warning. `memo`: the rich text of `b`, parsed (most of it
    is the same in both editions). `opened` gets the files of a previous edition on disk: no output
    may replace them, and `watch` rebuilds when they change.
    """
    given = since_of(b, since)
    if given is None:
        return None
    spec, base, at = given
    where = at or Pos(path)
    try:
        prev = load_previous(spec, path, base, style_names, untranslated, memo, opened)
    except PreviousError as e:
        problems.append(Problem(where, str(e), at=at is not None))
        return None
    if prev.briefing is None:
        problems += [p for p in prev.problems if not p.warning]
        problems.append(Problem(where, f"the previous edition {spec} is not a valid briefing (its problems are "
                                       "listed above); nothing was compared", at=at is not None))
        return None
    if prev.briefing.slug != b.slug:
        problems.append(Problem(where, f"the previous edition {spec} is of another briefing "
                                       f"({prev.briefing.slug!r}, not {b.slug!r})", warning=True, at=at is not None))
    from .editions import compare  # (only with a previous edition: start-up time of `check`)

    ch = compare(prev.briefing, b, spec)
    ch.where = prev.where
    return ch


def check(path: str, strict: bool = False, style: str | None = None, full: bool = True,
          opened: list[str] | None = None) -> tuple[Briefing | None, list[Problem]]:
    """Load and validate one briefing; warnings included, errors if strict.

    `full=False` only validates: rich text is parsed no further than finding
    its citations and links needs (often without importing markdown-it), so
    the briefing returned is not fit for layout. `opened` gets every file read:
    the briefing's own, its images, and its style's files and fonts.
    """
    b, problems, _ = check_since(path, strict, style, full, opened, NO_PREVIOUS)
    return b, problems


def check_since(path: str, strict: bool = False, style: str | None = None, full: bool = True,
                opened: list[str] | None = None, since: str | None = None, kept: bool = False
                ) -> tuple[Briefing | None, list[Problem], Changes | None]:
    """`check`, and what changed since the previous edition (`since`: see `since_of`; None when there is
    none to compare with, or a problem stopped the comparison). `kept`: also lay out a briefing that keeps
    blocks together, for the warnings only the layout finds (a kept block taller than a page)."""
    opened = [] if opened is None else opened
    memo: RichMemo = {}
    b, problems = load(path, style_names, full, opened, untranslated, memo, label_problem)
    changes = None
    kept = kept and b is not None and keeps(b)
    if b is not None and not full and (kept or since_of(b, since) is not None):  # compared, or laid out:
        b, problems = load(path, style_names, True, opened[:0], untranslated, memo, label_problem)  # all of it
    if b is not None:
        try:
            theme = load_theme(style or b.style)
        except BriefingError as e:
            return None, problems + e.problems, None
        opened += theme.files
        problems += [Problem(Pos(theme.files[0]), f"style {theme.name!r}: {why[1]}")
                     for key, text in theme.labels if (why := label_problem(key, text)) is not None]
        problems += glyph_warnings(b.texts, tuple(f.regular for f in theme.families))
        from .pdf.tagpdf import long_strings

        problems += long_strings(b)
        changes = editions(path, b, since, problems, memo, opened)
        if kept and not any(not p.warning for p in problems):
            problems += kept_warnings(b, theme)
    if strict and any(p.warning and not p.note for p in problems):
        b = None
        problems = [Problem(p.pos, p.message) if p.warning and not p.note else p for p in problems]
    problems.sort(key=Problem.sort_key)
    ok = not any(not p.warning for p in problems)
    return (b if ok else None), problems, (changes if ok else None)


def keeps(b: Briefing) -> bool:
    """Whether the briefing asks that some block be kept together (`keep`)."""
    return (any(s.keep or any(im.keep for im in s.images) for s in b.sections) or any(g.keep for g in b.groups)
            or any(f.keep for f in b.figures))


def kept_warnings(b: Briefing, theme: Theme) -> list[Problem]:
    """The warnings of blocks kept together but taller than a page, from laying the story out (not drawn)."""
    from .pdf import speedups

    speedups.apply()  # (as `render`: before the layout imports ReportLab)
    from .layout.document import kept_warnings as found

    return found(b, theme)


MAX_EPOCH = 253402300799  # 9999-12-31 23:59:59 UTC: a PDF date has four digits for the year


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH in seconds (None if unset or empty); UsageError if it is no time a PDF can date.

    ReportLab reads the variable too, and fails on a value it cannot use, so
    it is checked before any build.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw.lstrip("0")) <= 12 and int(raw) <= MAX_EPOCH):
        shown = raw if len(raw) <= 24 else raw[:24] + "..."
        raise UsageError(f"SOURCE_DATE_EPOCH={shown!r} is not a whole number of seconds from 0 to {MAX_EPOCH} "
                         "(9999-12-31 UTC)")
    return int(raw)


def stamp_for(b: Briefing) -> float:
    """The creation time: SOURCE_DATE_EPOCH, else the briefing's date, else a fixed one."""
    env = source_date_epoch()
    if env is not None:
        return float(env)
    if b.date:
        d = datetime(b.date.year, b.date.month or 1, b.date.day or 1, tzinfo=UTC)
        return d.timestamp()
    return 946684800.0  # 2000-01-01, ReportLab's invariant date


def render(b: Briefing, theme: Theme, tags: bool = True, pdfa: bool | None = None,
           warn: Callable[[Problem], None] = lambda p: None, changes: Changes | None = None) -> PDF:
    """The PDF: tagged unless not `tags`; PDF/A if `pdfa`, or if None as the style says; `warn` is told
    of the warnings only the layout finds; what is new and changed since the previous edition marked
    and listed when `changes` are given."""
    from .pdf import speedups

    speedups.apply()  # faster paths through ReportLab (same PDF), before the layout imports it
    from .layout.document import render as _render

    return _render(b, theme, stamp_for(b), tags, theme.pdfa if pdfa is None else pdfa, warn, changes)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while building.

    A build makes and drops hundreds of thousands of small objects; at
    Python's default threshold the collector takes a fifth of the time of a
    long briefing, and collecting ten times less often costs no measurable
    memory.
    """
    old = gc.get_threshold()
    gc.set_threshold(10_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def build(path: str, output: str | None = None, style: str | None = None, paper: str | None = None,
          strict: bool = False, out_dir: str = OUT_DIR, max_mb: float | None = None,
          handout: str | None = None, tags: bool = True, pdfa: bool | None = None,
          also: tuple[tuple[str, str], ...] = (), since: str | None = None) -> Result:
    """Build one briefing into a PDF (and its `handout`, 2up or booklet): tagged unless not `tags`,
    PDF/A if `pdfa` (None: as the style says). `also` names the other files the command will write,
    as (option, path), which may not replace what the briefing reads either. `since`: the previous
    edition (see `since_of`). Never raises for a user error: see Result.problems and Result.usage."""
    with fewer_collections():
        return _build(path, output, style, paper, strict, out_dir, max_mb, handout, tags, pdfa, also, since)


def _build(path: str, output: str | None, style: str | None, paper: str | None, strict: bool, out_dir: str,
           max_mb: float | None, handout: str | None = None, tags: bool = True, pdfa: bool | None = None,
           also: tuple[tuple[str, str], ...] = (), since: str | None = None) -> Result:
    from .pdf.write import write_all

    res = Result(path)
    b, res.problems, changes = check_since(path, strict, style, opened=res.inputs, since=since)
    if b is None:
        return res
    pdf = output or pdf_path(b.slug, out_dir)
    try:
        theme = load_theme(style or b.style, paper)
        if _refused(res, b, pdf, output is not None, handout, also):
            return res
        late: list[Problem] = []  # warnings of the layout: errors with --strict
        data = render(b, theme, tags, pdfa, late.append, changes)
        if strict and late:
            res.problems += [Problem(p.pos, p.message) for p in late]
            return res
        res.problems += late
        files = [(pdf, data, "the PDF")]
        if handout:  # laid out again for half a sheet, then imposed: type stays at its size
            from .handout import make_handout

            # (with a table of contents if the PDF has one, whatever the half sheet's page count; a booklet
            # that has one opens with a cover, so that its outside page shows the title, not the contents)
            cover = True if handout == "booklet" and data.contents else b.cover
            half = render(replace(b, contents="true" if data.contents else "false", cover=cover), theme.for_handout(),
                          False, pdfa, changes=changes)
            res.handout, hdata = make_handout(pdf, handout, half, theme.sheet)
            files.append((res.handout, hdata, "the handout"))
            res.handout_pages, res.handout_size = hdata.pages, len(hdata)
        write_all(files)  # both or neither: never a new PDF beside an old handout
    except BriefingError as e:
        res.problems += e.problems
        res.handout = None
        return res
    except RecursionError:
        res.problems.append(Problem(b.pos, "the briefing is nested too deeply to lay out"))
        res.handout = None
        return res
    res.output, res.size, res.ok = pdf, len(data), True
    res.pages = data.pages
    limit_mb = theme.max_pdf_mb if max_mb is None else max_mb
    if len(data) > limit_mb * 1024 * 1024:
        res.problems.append(Problem(Pos(pdf), f"the PDF is {_size(len(data))}, over the "
                                    f"{_size(limit_mb * 1048576)} limit for email", warning=True, at=False))
    return res


def _refused(res: Result, b: Briefing, pdf: str, given: bool, handout: str | None,
             also: tuple[tuple[str, str], ...]) -> bool:
    """Whether a file this build writes would replace one the briefing reads (`res.inputs`), or another
    file the same command writes; if so, says why in `res`: a usage error for a path the user gave, a
    problem at the briefing for a default one (a link under out/)."""
    from .pdf.write import clobbered  # (the writer's imports are not needed by `check`)

    writes: list[tuple[str | None, str]] = [("-o/--output" if given else None, pdf)]
    if handout:
        from .handout import handout_path  # (its hashing: start-up time of `check`)

        writes.append(("--handout" if given else None, handout_path(pdf, handout)))
    writes += also
    for i, (option, file) in enumerate(writes):
        earlier = [f for _, f in writes[:i]]
        hit = clobbered(file, res.inputs, earlier)
        if hit is None:
            continue
        what = ("a file the briefing reads" if hit not in earlier else
                "the PDF this command writes" if hit == pdf else "another file this command writes")
        if option is not None:
            res.usage = f"{option} {file} would overwrite {hit}, {what}; choose another path"
        else:
            res.problems.append(Problem(b.pos, f"writing {file} would overwrite {hit}, {what}; "
                                               "choose another output with -o"))
        return True
    return False


def _size(n: float) -> str:
    """A size as people read it: KB below a megabyte, MB above."""
    return f"{n / 1024:.0f} KB" if n < 1048576 else f"{n / 1048576:.1f} MB"

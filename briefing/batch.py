"""Batches: build many briefings over several processes, each briefing's failure its own.

In: source paths, build options and a job count. Out: one `Result` per
source, handed to a callback in the order of the sources as soon as it and
all before it are done (so output reads the same whatever the timing).

Workers are forked from a process that has already imported the layout and
registered the fonts, so each starts warm. No more start than there are
briefings, CPU cores, or blocks of `WORKER_MB` of available memory, whatever
the job count asked for: more would only wait for a core, or swap. A worker that dies (a crash, the
out-of-memory killer) breaks the pool; the briefings it left unfinished are
then built again one per process, so only the one that kills its process
fails.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass

from .errors import BriefingError, Pos, Problem, Stopped
from .load import slug_of
from .pipeline import Result, build, pdf_path

WORKER_MB = 100  # memory set aside per worker: an 800-page briefing peaks at about 110 MB, the seed at 40


@dataclass(frozen=True)
class Options:
    output: str | None = None
    style: str | None = None
    paper: str | None = None
    strict: bool = False
    max_mb: float | None = None
    handout: str | None = None
    tags: bool = True  # a tagged PDF (PDF/UA-1)
    pdfa: bool | None = None  # PDF/A-2; None: as the style says
    also: tuple[tuple[str, str], ...] = ()  # (option, path) of other files the command writes (mail --eml)
    since: str | None = None  # the previous edition (--since): a path, git:REV or none; None: the briefing's own


def default_jobs() -> int:
    """The CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes of memory this process can still take without swapping (None: unknown).

    The system's MemAvailable, or less when a control group (a container) sets a lower limit.
    """
    found: list[int] = []
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            found += [int(line.split()[1]) * 1024 for line in fh if line.startswith("MemAvailable:")]
        with open("/proc/self/cgroup", encoding="utf-8") as fh:
            group = next((line[3:].strip() for line in fh if line.startswith("0::")), None)
        if group is not None:
            folder = os.path.join("/sys/fs/cgroup", group.lstrip("/"))
            with open(os.path.join(folder, "memory.max"), encoding="ascii") as fh:
                limit = fh.read().strip()
            with open(os.path.join(folder, "memory.current"), encoding="ascii") as fh:
                used = int(fh.read())
            if limit.isdigit():
                found.append(max(0, int(limit) - used))
    except (OSError, ValueError):
        pass
    if not found and hasattr(os, "sysconf"):
        try:
            found.append(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
        except (OSError, ValueError):
            pass
    return min(found) if found else None


def workers(briefings: int, jobs: int) -> int:
    """How many processes build `briefings` briefings when `jobs` are asked for (at least one)."""
    free = available_memory()
    by_memory = jobs if free is None else free // (WORKER_MB * 1024 * 1024)
    return max(1, min(jobs, briefings, default_jobs(), by_memory))


def build_one(path: str, opt: Options) -> Result:
    """Build one briefing (and its handout); never raises for a user's error."""
    return build(path, opt.output, opt.style, opt.paper, opt.strict, max_mb=opt.max_mb, handout=opt.handout,
                 tags=opt.tags, pdfa=opt.pdfa, also=opt.also, since=opt.since)


def _guarded(path: str, opt: Options) -> Result:
    """In a worker: a bug in one briefing's build is reported as its failure, not the batch's."""
    try:
        return build_one(path, opt)
    except Exception as e:  # noqa: BLE001 -- isolate the failure to this briefing
        return Result(path, problems=[Problem(Pos(path), f"internal error: {type(e).__name__}: {e}")])


def run(paths: list[str], opt: Options, jobs: int, done: Callable[[Result], None]) -> list[Result]:
    """Build every path with up to `jobs` processes; call `done` with each result in order."""
    results: list[Result | None] = [None] * len(paths)
    shown = 0

    def finish(i: int, res: Result) -> None:
        nonlocal shown
        results[i] = res
        while shown < len(paths) and (ready := results[shown]) is not None:
            done(ready)
            shown += 1

    clashes = _clashes(paths, opt)
    todo = [i for i in range(len(paths)) if i not in clashes]
    for i, problem in clashes.items():  # shown when the builds before them are (the first never clashes)
        results[i] = Result(paths[i], problems=[problem])
    jobs = workers(len(todo), jobs)
    if jobs == 1:
        for i in todo:
            finish(i, build_one(paths[i], opt))
        return _every(results)
    _warm_up(opt)
    left = _pool(paths, todo, opt, jobs, finish)
    for i in left:  # the pool broke: one process per briefing finds the one that kills it
        if _pool(paths, [i], opt, 1, finish):
            finish(i, Result(paths[i], problems=[Problem(Pos(paths[i]), "the build process died")]))
    return _every(results)


def _every(results: list[Result | None]) -> list[Result]:
    """The results, once every briefing has one."""
    every = [r for r in results if r is not None]
    assert len(every) == len(results)
    return every


def _clashes(paths: list[str], opt: Options) -> dict[int, Problem]:
    """Sources whose PDF (or handout) would overwrite an earlier source's: each later one fails.

    (`sources/a.yaml` and a folder `sources/a/` both make `out/a.pdf`.)
    """
    if opt.output:
        return {}
    written: dict[str, str] = {}
    out: dict[int, Problem] = {}
    for i, path in enumerate(paths):
        pdf = pdf_path(slug_of(path))
        if opt.handout:
            from .handout import handout_path  # (its hashing: start-up time)

            files = [pdf, handout_path(pdf, opt.handout)]
        else:
            files = [pdf]
        keys = [os.path.normcase(os.path.abspath(f)) for f in files]
        first = next(((f, written[k]) for f, k in zip(files, keys, strict=True) if k in written), None)
        if first:
            where = os.path.join(path, "briefing.yaml") if os.path.isdir(path) else path
            same = os.path.abspath(first[1]) == os.path.abspath(path)
            out[i] = Problem(Pos(where), "given twice" if same else
                             f"it would write {first[0]}, as {first[1]} does; rename one of them")
        else:
            written.update(dict.fromkeys(keys, path))
    return out


def _pool(paths: list[str], todo: list[int], opt: Options, jobs: int,
          finish: Callable[[int, Result], None]) -> list[int]:
    """Run `todo` in a pool; return the indices left unfinished if the pool broke."""
    import multiprocessing  # only for batches: a single build stays light
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    left: list[int] = []
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        futures: dict[Future, int] = {pool.submit(_guarded, paths[i], opt): i for i in todo}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            if Stopped.last:  # a signal whose exception was swallowed (it came during a fork's callbacks)
                raise Stopped(Stopped.last)
            for fut in sorted(done, key=futures.__getitem__):
                i = futures[fut]
                try:
                    finish(i, fut.result())
                except BrokenProcessPool:
                    left.append(i)
    except BaseException:  # stopped (Ctrl-C, SIGTERM): do not wait for the builds under way; they die with us
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return sorted(left)


def _worker_start(parent: int) -> None:
    """In a new worker: Ctrl-C, which a terminal sends to every process of the command, is the parent's to
    handle (the worker says nothing), SIGTERM ends it, and it never outlives the parent, however the
    parent ends (killed by the out-of-memory killer too): an orphan would go on writing PDFs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _die_with_parent():  # elsewhere than on Linux: look every so often
        import threading

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.2)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before we were told to follow it
        os._exit(1)


def _die_with_parent() -> bool:
    """Ask Linux to kill this process when its parent ends (prctl PR_SET_PDEATHSIG); False if it cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _warm_up(opt: Options) -> None:
    """Import the layout and register the style's fonts before forking, so workers share them."""
    from .pdf import speedups

    speedups.apply()  # faster paths through ReportLab (same PDF), before the layout imports it
    import briefing.layout.document  # noqa: F401

    from .layout.styles import paragraph_styles
    from .theme import load_theme

    try:
        paragraph_styles(load_theme(opt.style or "default", opt.paper))
    except BriefingError:
        pass  # each briefing reports its own style problem
    if opt.tags or opt.pdfa:
        import briefing.pdf.writer  # noqa: F401  (the writer of tagged and archival PDFs)

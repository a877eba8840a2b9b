"""`watch`: rebuild a briefing in the same warm process whenever one of its files changes.

In: a source path and a build callback. Out: nothing; prints each rebuild's
result and time. The files watched are the briefing's own, as they are or may come to be,
the images it shows, and the styles folder, so a saved style restyles the PDF too.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable

import click

from .errors import Stopped
from .parts import PARTS
from .theme import styles_dir

STEP_MS = 5


def watch_and_build(source: str, build: Callable[[], object], style: str | None = None,
                    stop: Callable[[], bool] | None = None) -> None:
    wanted = _wanted(source, build())
    folders = {os.path.dirname(p) for p in _wanted(source)}  # a SOURCE that is a link: its folder and its target's
    click.echo(f"watching {source} (Ctrl-C to stop)", err=True)
    try:
        _loop(source, build, folders, wanted, stop)
    except KeyboardInterrupt:  # what watchfiles makes of any signal handler's exception
        raise Stopped(Stopped.last or signal.SIGINT) from None


def _loop(source: str, build: Callable[[], object], folders: set[str], wanted: set[str],
          stop: Callable[[], bool] | None) -> None:
    from watchfiles import watch

    # step: how long to wait for more events after a change (watchfiles' default is 50 ms)
    for changes in watch(*sorted(folders), styles_dir(), step=STEP_MS, rust_timeout=500, yield_on_timeout=True):
        if stop is not None and stop():
            return
        touched = {os.path.abspath(p) for _, p in changes}
        if not touched or not (touched & wanted or any(p.startswith(styles_dir()) for p in touched)):
            continue
        t0 = time.perf_counter()
        res = build()
        wanted = _wanted(source, res)
        if getattr(res, "ok", False):
            took = (time.perf_counter() - t0) * 1000
            click.echo(f"rebuilt in {took:.0f} ms{_since_save(touched)}", err=True)


def _wanted(source: str, res: object = None) -> set[str]:
    """Every path whose change changes the briefing: its files, those a folder may have but does not yet
    (or no longer: a deleted component file changes the PDF), and every other file the last build read
    (`res.inputs`: its images, wherever reading got), as written and with links resolved."""
    names = [os.path.join(source, n) for n in ("briefing.yaml", *PARTS)] if os.path.isdir(source) else [source]
    names += getattr(res, "inputs", None) or []
    return {os.path.abspath(p) for p in names} | {os.path.realpath(p) for p in names}


def _since_save(paths: set[str]) -> str:
    """How long after the save the PDF was written, from the saved files' modification times."""
    times = []
    for p in paths:
        try:
            times.append(os.stat(p).st_mtime)
        except OSError:
            pass
    if not times:
        return ""
    return f", {max(0.0, time.time() - max(times)) * 1000:.0f} ms after the save"

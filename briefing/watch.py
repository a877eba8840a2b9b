"""`watch`: rebuild a briefing in the same warm process whenever one of its files changes.

In: a source path and a build callback. Out: nothing; prints each rebuild's
result and time. The files watched are the briefing's own (`load.files_of`)
and the styles folder, so a saved style restyles the PDF too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import click

from .load import files_of
from .theme import styles_dir


def watch_and_build(source: str, build: Callable[[], object], style: str | None = None,
                    stop: Callable[[], bool] | None = None) -> None:
    from watchfiles import watch

    build()
    folder = source if os.path.isdir(source) else os.path.dirname(os.path.abspath(source))
    click.echo(f"watching {source} (Ctrl-C to stop)", err=True)
    wanted = {os.path.abspath(p) for p in files_of(source)}
    for changes in watch(folder, styles_dir(), rust_timeout=500, yield_on_timeout=True):
        if stop is not None and stop():
            return
        touched = {os.path.abspath(p) for _, p in changes}
        if os.path.isdir(source):
            wanted = {os.path.abspath(p) for p in files_of(source)}
        if not touched or not (touched & wanted or any(p.startswith(styles_dir()) for p in touched)):
            continue
        t0 = time.perf_counter()
        res = build()
        if getattr(res, "ok", False):
            click.echo(f"rebuilt in {(time.perf_counter() - t0) * 1000:.0f} ms", err=True)

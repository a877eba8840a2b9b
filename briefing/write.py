"""The only module that writes output files: atomically, beside the target.

The PDF goes to a temporary file in the target's folder and is renamed into
place, so a failed or killed build never leaves a half-written file and never
destroys the previous one.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

from .errors import BriefingError, Pos, Problem

TMP_PREFIX = ".briefing-"


def write_atomic(path: str, data: bytes) -> None:
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder)
    except OSError as e:
        raise BriefingError(Problem(Pos(path), f"cannot write here: {e.strerror or e}")) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise BriefingError(Problem(Pos(path), f"cannot write the PDF: {e.strerror or e}")) from None


def clean_stale(folder: str) -> None:
    """Remove temporary files left by a build that was killed.

    A temporary file names the process writing it; files of a process still
    running (a parallel build writing to the same folder) are left alone,
    unless older than a minute, which no write takes.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return
    now = time.time()
    for n in names:
        if not (n.startswith(TMP_PREFIX) and n.endswith(".tmp")):
            continue
        path = os.path.join(folder, n)
        try:
            if _writer_alive(n) and now - os.stat(path).st_mtime < 60:
                continue
            os.unlink(path)
        except OSError:
            pass


def _writer_alive(name: str) -> bool:
    pid = name[len(TMP_PREFIX):].split("-", 1)[0]
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False  # this process writes one file at a time: any of its own is left over
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True

"""The only module that writes output files: atomically, beside the target.

The PDF goes to a temporary file in the target's folder and is renamed into
place, so a failed or killed build never leaves a half-written file and never
destroys the previous one.
"""

from __future__ import annotations

import os
import sys
import tempfile

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
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".tmp", dir=folder)
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
    """Remove temporary files left by a build that was killed."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for n in names:
        if n.startswith(TMP_PREFIX) and n.endswith(".tmp"):
            try:
                os.unlink(os.path.join(folder, n))
            except OSError:
                pass

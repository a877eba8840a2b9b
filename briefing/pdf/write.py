"""The only module that writes output files: atomically, beside the target.

The PDF goes to a temporary file in the target's folder and is renamed into
place, so a failed or killed build never leaves a half-written file and never
destroys the previous one.

What the output path names decides how it is written:
- `-`: standard output; a failed or short write (a closed pipe, a full disk) is an error;
- a device or FIFO (`/dev/null`, a named pipe): written to as a stream, never replaced;
- a symbolic link: followed; its target is replaced (atomically), the link stays;
- a new file gets the permissions the umask allows; a replaced file keeps its mode.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
import time
from collections.abc import Sequence

from ..errors import BriefingError, Pos, Problem

TMP_PREFIX = ".briefing-"


def write_atomic(path: str, data: bytes, what: str = "the PDF") -> None:
    """Write `data` (`what` it is, for a message) to `path` (see the module's rules); a problem at `path`
    if it cannot be written."""
    write_all([(path, data, what)])


def write_all(files: Sequence[tuple[str, bytes, str]]) -> None:
    """Write each `(path, data, what)` as `write_atomic` does, all or none: every file is written to its
    temporary file before any is renamed into place, so a failure (a full disk) leaves every earlier
    file whole; streams (standard output, a device, a FIFO) are written last."""
    staged: list[tuple[str, str, str, str]] = []  # (temporary file, target, path as given, what)
    streams: list[tuple[str, bytes, str]] = []
    try:
        targets = [(path, data, what, _regular_target(path, what)) for path, data, what in files]
        for folder in dict.fromkeys(os.path.dirname(t[0]) for *_, t in targets if t is not None):
            clean_stale(folder)  # before staging: this process's own temporary files there are left over
        for path, data, what, found in targets:
            if found is None:
                streams.append((path, data, what))
            else:
                _stage(path, found[0], found[1], data, what, staged)
        for tmp, dest, path, what in staged:
            try:
                os.replace(tmp, dest)
            except OSError as e:
                raise BriefingError(Problem(Pos(path), f"cannot write {what}: {e.strerror or e}")) from None
        staged.clear()  # every one renamed into place
    finally:
        for tmp, *_ in staged:  # what a failure left
            try:
                os.unlink(tmp)
            except OSError:  # renamed into place before the failure
                pass
    for path, data, what in streams:
        if path == "-":
            _write_stdout(data, what)
        else:
            _write_stream(path, data, what)


def _regular_target(path: str, what: str) -> tuple[str, int] | None:
    """The file that writing `path` replaces and the mode it gets; None for a stream (`-`, a device, a FIFO)."""
    if path == "-":
        return None
    try:
        st: os.stat_result | None = os.stat(path)  # through links: what is written is the target
    except FileNotFoundError:
        st = None  # nothing there yet, or a link to nothing: the target is created
    except OSError as e:
        raise BriefingError(Problem(Pos(path), f"cannot write here: {e.strerror or e}")) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise BriefingError(Problem(Pos(path), f"cannot write {what}: this is a folder"))
    if st is not None and not stat.S_ISREG(st.st_mode):
        return None
    mode = stat.S_IMODE(st.st_mode) & 0o777 if st is not None else 0o666 & ~_umask()
    return os.path.realpath(path), mode


def _stage(path: str, target: str, mode: int, data: bytes, what: str, staged: list[tuple[str, str, str, str]]) -> None:
    """`data` in a new temporary file beside `target`, flushed to disk, with `mode`: ready to be renamed.
    The file joins `staged` as soon as it exists, so that it is removed if anything fails."""
    folder = os.path.dirname(target)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder)
    except OSError as e:
        raise BriefingError(Problem(Pos(path), f"cannot write here: {e.strerror or e}")) from None
    staged.append((tmp, target, path, what))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes it private (0600) whatever the umask
    except OSError as e:
        raise BriefingError(Problem(Pos(path), f"cannot write {what}: {e.strerror or e}")) from None


def _write_stdout(data: bytes, what: str) -> None:
    """Write to standard output, all of it or an error (a pipe closed early, a full disk, a closed descriptor)."""
    try:
        if sys.stdout is None:  # started with standard output closed
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        sys.stdout.flush()  # what was printed before comes first
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except (OSError, ValueError) as e:
        raise BriefingError(Problem(Pos("-"), f"cannot write {what} to standard output: "
                                    f"{getattr(e, 'strerror', None) or e}")) from None


def _write_stream(path: str, data: bytes, what: str) -> None:
    """Write to a device or FIFO in place: replacing it with a file would destroy it."""
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as e:
        raise BriefingError(Problem(Pos(path), f"cannot write {what}: {e.strerror or e}")) from None


def _umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def same_file(a: str, b: str) -> bool:
    """Whether paths `a` and `b` name one file: after symbolic links, ignoring case where the file system does.

    Either may not exist yet (two outputs of one command).
    """
    try:
        return os.path.samefile(a, b)  # both exist: the file system decides (links, case, hard links)
    except (OSError, ValueError):
        pass
    ra, rb = os.path.realpath(a), os.path.realpath(b)
    if ra == rb:
        return True
    (da, na), (db, nb) = os.path.split(ra), os.path.split(rb)
    if not na or na.casefold() != nb.casefold() or not (da == db or same_file(da, db)):
        return False
    return _ignores_case(da)


def _ignores_case(folder: str) -> bool:
    """Whether file names in `folder` (or its nearest existing parent) ignore case: try one."""
    while not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    try:
        fd, probe = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-Case-", suffix=".tmp", dir=folder)
    except OSError:
        return sys.platform in ("darwin", "win32")  # their default file systems ignore case
    os.close(fd)
    try:
        head, name = os.path.split(probe)
        return os.path.exists(os.path.join(head, name.swapcase()))
    finally:
        os.unlink(probe)


def clobbered(output: str, inputs: Sequence[str], outputs: Sequence[str] = ()) -> str | None:
    """The file of `inputs` or `outputs` (written by the same command) that writing `output` would destroy."""
    if output == "-":
        return None
    for f in inputs:
        try:
            if os.path.samefile(output, f):
                return f
        except (OSError, ValueError):  # the output does not exist yet: it is no input
            pass
    return next((f for f in outputs if f != "-" and same_file(output, f)), None)


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

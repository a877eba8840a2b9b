"""Reading a file a user names, safely: the one bounded reader, and the inside-the-folder rule.

In: a path and a byte limit (or a path and a folder). Out: the file's bytes, or an exception the
caller words for its own user (a component file, an image, a cover note): `NotRegular`, `TooLarge`
or the system's `OSError`.
"""

from __future__ import annotations

import os
import stat


class NotRegular(Exception):
    """Not a regular file: a FIFO, a device or a folder (never opened for reading, or not read)."""

    def __init__(self, swapped: bool = False):
        super().__init__("not a regular file")
        self.swapped = swapped  # a regular file when checked, replaced by another kind before it was read


class TooLarge(Exception):
    """Over the limit: `size` is the file's size as the system gives it, or None when it only grew
    past the limit while it was read (the limit and a byte more were read)."""

    def __init__(self, size: int | None):
        super().__init__("file too large")
        self.size = size


def read_regular(path: str, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them; raises NotRegular, TooLarge, or
    OSError (ValueError for a name the system cannot take).

    A FIFO or a device is never opened for reading: it could block or never end. The file is opened
    without blocking and checked again once open, in case it was replaced in between.
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegular()
    if st.st_size > limit:
        raise TooLarge(st.st_size)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise NotRegular(swapped=True)
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(None)
    return data


def inside(file: str, folder: str) -> bool:
    """Whether `file` is inside `folder` once symbolic links are resolved (the rule for every file a
    briefing brings in: its component files and its images)."""
    real, top = os.path.realpath(file), os.path.realpath(folder)
    return os.path.commonpath([real, top]) == top


def near_name(path: str) -> str | None:
    """The path of the file or folder beside `path` whose name is closest to it (a slip in typing it),
    written as `path` is (its folder part as typed), or None."""
    import difflib  # (only when a file is missing: start-up time)

    folder, name = os.path.split(path.rstrip("/\\") or path)
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return None

    def plain(n: str) -> str:  # case and the separators people mix up do not count
        return n.lower().replace("_", "-").replace(" ", "-")

    by_plain = {plain(n): n for n in sorted(names, reverse=True)}
    near = difflib.get_close_matches(plain(name), list(by_plain), n=1, cutoff=0.75)
    return os.path.join(folder, by_plain[near[0]]) if near else None

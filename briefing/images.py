"""An author's image file: found safely inside the briefing's folder and checked by Pillow.

In: the path as written in the briefing (`images/map.png`) and the briefing's
folder. Out: the file's bytes, its size in pixels and its type, or a
`BadImage` whose message says what is wrong, for an error at the `file` key.

Nothing but the named file is read, and only when it is a regular file that
stays inside the folder after `..` and symbolic links are resolved. Its type
is taken from its content, never from its name; Pillow then decodes it whole
(a file that passes here never fails later in layout), after its size in
pixels has been checked, so a small file that would unpack into gigabytes
(a decompression bomb) is refused before it is decoded.
"""

from __future__ import annotations

import io
import os
import re
import stat
from dataclasses import dataclass

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 20_000_000  # 5,000 x 4,000: far more than a page needs at 150 dpi
MAX_TOTAL_PIXELS = 60_000_000  # in all of a briefing's images: each one is held decoded while it is laid out
_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
_OTHER = {b"GIF8": "a GIF image", b"%PDF": "a PDF file", b"<svg": "an SVG drawing", b"<?xm": "an XML file",
          b"RIFF": "a RIFF file (WebP?)", b"II*\x00": "a TIFF image", b"MM\x00*": "a TIFF image", b"BM": "a BMP image"}
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


def _short(rel: str) -> str:
    return rel if len(rel) <= 120 else rel[:100] + "…" + rel[-19:]


class BadImage(ValueError):
    """Why an image cannot be used (one line, for the user)."""


@dataclass(frozen=True, slots=True)
class Checked:
    data: bytes
    pixels: tuple[int, int]
    kind: str  # PNG or JPEG


def check(rel: str, folder: str, keep: bool = True) -> Checked:
    """The image at `rel` inside `folder`, read and decoded once; raises BadImage.

    `keep=False` checks the file the same way but does not keep its bytes.
    """
    path = locate(rel, folder)
    data = _read(path, rel)
    kind = next((k for magic, k in _MAGIC.items() if data.startswith(magic)), None)
    if kind is None:
        what = next((w for magic, w in _OTHER.items() if data.startswith(magic)), None)
        raise BadImage(f"{_short(rel)!r} is not a PNG or JPEG image by its content"
                       + (f" (it is {what})" if what else "") + ", whatever its name says")
    pixels = _decode(data, kind, rel)
    return Checked(data if keep else b"", pixels, kind)


def locate(rel: str, folder: str) -> str:
    """The path of `rel` inside `folder`; raises BadImage if it is absolute or leads out of the folder."""
    if not rel.strip():
        raise BadImage("'file' is empty: give the image's path relative to the briefing's folder")
    if "\x00" in rel:  # (reported as a control character too; no file name can hold it)
        raise BadImage("'file' holds a NUL character; no file has such a name")
    if os.path.isabs(rel) or rel.startswith(("\\", "~")) or _DRIVE.match(rel):
        raise BadImage(f"{_short(rel)!r} is an absolute path; give the image's path relative to the briefing's folder")
    top = os.path.abspath(folder)
    path = os.path.normpath(os.path.join(top, rel))
    if os.path.commonpath([path, top]) != top:
        raise BadImage(f"{_short(rel)!r} leads out of the briefing's folder ({folder}); an image must be inside it")
    from .load import inside

    if not inside(path, top):
        raise BadImage(f"{_short(rel)!r} is a symbolic link to a place outside the briefing's folder; refused")
    return path


def _read(path: str, rel: str) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES (a FIFO or a device is never opened for reading)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise BadImage(f"{_short(rel)!r} is not a regular file (a folder, a FIFO or a device?); refused")
        if st.st_size > MAX_BYTES:
            raise BadImage(f"{_short(rel)!r} is {st.st_size / 1048576:.1f} MB; an image may be at most 20 MB")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped since the check
                raise BadImage(f"{_short(rel)!r} is not a regular file; refused")
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise BadImage(f"no image {_short(rel)!r} in the briefing's folder") from None
    except (OSError, ValueError) as e:  # (ValueError: a name the system cannot take)
        raise BadImage(f"cannot read {_short(rel)!r}: {getattr(e, 'strerror', None) or e}") from None
    if len(data) > MAX_BYTES:
        raise BadImage(f"{_short(rel)!r} is over 20 MB; an image may be at most 20 MB")
    return data


def _decode(data: bytes, kind: str, rel: str) -> tuple[int, int]:
    """Size in pixels, after checking it and decoding the whole image (Pillow is imported only here)."""
    import warnings

    from PIL import Image

    bomb = f"{_short(rel)!r} would unpack to more than {MAX_PIXELS // 1_000_000} million pixels " \
           "(a decompression bomb?); refused"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as im:
                w, h = im.size
                if w * h > MAX_PIXELS:
                    raise BadImage(bomb)
                im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadImage(bomb) from None
    except BadImage:
        raise
    except Exception as e:  # noqa: BLE001 -- Pillow signals a broken file with many exception types
        reason = str(e).splitlines()[0][:120] if str(e) else type(e).__name__
        raise BadImage(f"{_short(rel)!r} cannot be read as a {kind} image: {reason}") from None
    if w < 1 or h < 1:
        raise BadImage(f"{_short(rel)!r} has no pixels")
    return w, h

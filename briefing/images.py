"""An author's image file: found safely inside the briefing's folder and checked by Pillow.

In: the path as written in the briefing (`images/map.png`) and the briefing's
folder. Out: the file's bytes, its size in pixels and its type, or a
`BadImage` whose message says what is wrong, for an error at the `file` key.

Nothing but the named file is read, and only when it is a regular file that
stays inside the folder after `..` and symbolic links are resolved. Its type
is taken from its content, never from its name; then every pixel is decoded
(a file that passes here never fails later in layout), in little memory (see
below), after its size in pixels has been checked, so a small file that
would unpack into gigabytes (a decompression bomb) is refused before it is
decoded. `for_print` gives the layout the image as it is embedded: upright
by its EXIF orientation, in sRGB, with the pixels its printed size needs.
"""

from __future__ import annotations

import io
import os
import re
import struct
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .files import NotRegular, TooLarge, inside, near_name, read_regular

# Pillow is imported inside each function that uses it: only a briefing with images pays for it (start-up time).
if TYPE_CHECKING:
    from PIL.Image import Exif
    from PIL.Image import Image as PILImage
    from PIL.ImageCms import ImageCmsProfile, ImageCmsTransform

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 20_000_000  # 5,000 x 4,000: far more than a page needs at 150 dpi
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


def check(rel: str, folder: str, keep: bool = True, place: str = "the briefing's folder") -> Checked:
    """The image at `rel` inside `folder`, read and decoded once; raises BadImage.

    `keep=False` checks the file the same way but does not keep its bytes; `place` names the folder in
    messages.
    """
    path = locate(rel, folder, place)
    data = _read(path, rel, place)
    kind = next((k for magic, k in _MAGIC.items() if data.startswith(magic)), None)
    if kind is None:
        what = next((w for magic, w in _OTHER.items() if data.startswith(magic)), None)
        raise BadImage(f"{_short(rel)!r} is not a PNG or JPEG image by its content"
                       + (f" (it is {what})" if what else "") + ", whatever its name says")
    pixels = _decode(data, kind, rel)
    return Checked(data if keep else b"", pixels, kind)


def check_logo(rel: str, folder: str) -> Checked:
    """A style's logo at `rel` inside the styles `folder`: a PNG or JPEG checked as an author's image is, or
    an SVG drawing (kind "SVG", its size in points as pixels) that svglib reads; raises BadImage."""
    place = "the styles folder"
    path = locate(rel, folder, place, "the path")
    data = _read(path, rel, place)
    if not any(data.startswith(magic) for magic in _MAGIC) and _looks_svg(data):
        w, h = svg_size(data, rel)
        return Checked(data, (round(w), round(h)), "SVG")
    if not any(data.startswith(magic) for magic in _MAGIC):
        what = next((w for magic, w in _OTHER.items() if data.startswith(magic)), None)
        raise BadImage(f"{_short(rel)!r} is not a PNG, JPEG or SVG image by its content"
                       + (f" (it is {what})" if what else "") + ", whatever its name says")
    return check(rel, folder, place=place)


def _looks_svg(data: bytes) -> bool:
    """Whether `data` reads as XML whose root element is an SVG drawing (what precedes it: a BOM, space,
    an XML declaration, comments, a doctype)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<svg", b"<?xml", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in head


def svg_drawing(data: bytes):  # -> reportlab.graphics.shapes.Drawing | None
    """The drawing an SVG file holds, read from its bytes only: no entity is expanded, nothing is fetched
    from the network, and a reference to another file resolves to nothing (the drawing has no path)."""
    import logging

    from svglib.svglib import svg2rlg  # (only for an SVG logo: start-up time)

    quiet = logging.getLogger("svglib.svglib")
    level, quiet.level = quiet.level, logging.CRITICAL  # (what svglib cannot read is said by the caller)
    try:
        return svg2rlg(io.BytesIO(data))
    except Exception:  # noqa: BLE001 -- a drawing svglib cannot read is refused, whatever the cause
        return None
    finally:
        quiet.level = level


def svg_size(data: bytes, rel: str) -> tuple[float, float]:
    """An SVG drawing's width and height in points; raises BadImage when svglib cannot read it or it has
    no size."""
    d = svg_drawing(data)
    if d is None:
        raise BadImage(f"{_short(rel)!r} is not an SVG drawing that can be read (svglib could not read it)")
    w, h = float(getattr(d, "width", 0) or 0), float(getattr(d, "height", 0) or 0)
    if not (w > 0 and h > 0):
        raise BadImage(f"{_short(rel)!r} is an SVG drawing with no size: give it a width and a height, or a viewBox")
    return w, h


def locate(rel: str, folder: str, place: str = "the briefing's folder", key: str = "'file'") -> str:
    """The path of `rel` inside `folder`; raises BadImage if it is absolute or leads out of the folder."""
    if not rel.strip():
        raise BadImage(f"{key} is empty: give the image's path relative to {place}")
    if "\x00" in rel:  # (reported as a control character too; no file name can hold it)
        raise BadImage(f"{key} holds a NUL character; no file has such a name")
    if os.path.isabs(rel) or rel.startswith(("\\", "~")) or _DRIVE.match(rel):
        raise BadImage(f"{_short(rel)!r} is an absolute path; give the image's path relative to {place}")
    top = os.path.abspath(folder)
    path = os.path.normpath(os.path.join(top, rel))
    if os.path.commonpath([path, top]) != top:
        raise BadImage(f"{_short(rel)!r} leads out of {place} ({folder}); an image must be inside it")
    if not inside(path, top):
        raise BadImage(f"{_short(rel)!r} is a symbolic link to a place outside {place}; refused")
    return path


def _read(path: str, rel: str, place: str = "the briefing's folder") -> bytes:
    """The bytes of a regular file of at most MAX_BYTES (a FIFO or a device is never opened for reading)."""
    name = repr(_short(rel))
    try:
        return read_regular(path, MAX_BYTES)
    except NotRegular as e:
        why = "" if e.swapped else " (a folder, a FIFO or a device?)"
        raise BadImage(f"{name} is not a regular file{why}; refused") from None
    except TooLarge as e:
        size = "over 20 MB" if e.size is None else f"{e.size / 1048576:.1f} MB"
        raise BadImage(f"{name} is {size}; an image may be at most 20 MB") from None
    except FileNotFoundError:
        found = near_name(path)  # (named as the user wrote the folder part)
        hint = f"; did you mean {os.path.join(os.path.dirname(rel), os.path.basename(found))!r}?" if found else ""
        raise BadImage(f"no image {name} in {place}{hint}") from None
    except (OSError, ValueError) as e:  # (ValueError: a name the system cannot take)
        raise BadImage(f"cannot read {name}: {getattr(e, 'strerror', None) or e}") from None


# -- reading an image in little memory ------------------------------------------------------------
#
# A file of a few hundred kilobytes can hold a flat image of 20 million pixels, 80 MB once decoded:
# no image is ever held decoded at its full size when it is larger than it is printed. A JPEG is
# decoded at a fraction of its size (libjpeg's DCT scaling, Pillow's `draft`); a PNG a band of rows
# at a time, each band shrunk as it comes (`_Shrink`). The load checks the whole file this way
# without keeping its pixels; the layout decodes it once more, straight to its printed size.

PRINT_DPI = 300.0  # an image is embedded with at most this many pixels to the inch of its printed size
BAND_BYTES = 1 << 20  # a PNG is decoded about this many bytes of its rows at a time
# EXIF orientation -> the transposition that makes the image upright (as PIL.ImageOps.exif_transpose)
_UPRIGHT = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE", 6: "ROTATE_270",
            7: "TRANSVERSE", 8: "ROTATE_90"}
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG colour type -> samples to a pixel
_RAW = {1: (0, "L"), 2: (4, "LA"), 3: (2, "RGB"), 4: (6, "RGBA")}  # bytes to a pixel -> an 8-bit PNG of as many
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PREMULTIPLIED = {"RGBA": "RGBa", "LA": "La"}


class _Broken(Exception):
    """The file's data is damaged: the message says how, in plain words."""


def _decode(data: bytes, kind: str, rel: str) -> tuple[int, int]:
    """The image's size in pixels as printed (after its EXIF orientation), once every pixel has been decoded
    in little memory; raises BadImage."""
    from PIL import Image

    bomb = f"{_short(rel)!r} would unpack to more than {MAX_PIXELS // 1_000_000} million pixels " \
           "(a decompression bomb?); refused"
    try:
        png = _png(data) if kind == "PNG" else None  # (its own words for a damaged PNG before Pillow's)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as im:
                w, h = im.size
                if w * h > MAX_PIXELS:
                    raise BadImage(bomb)
                if w < 1 or h < 1:
                    raise BadImage(f"{_short(rel)!r} has no pixels")
                if png is None:
                    turned = _orientation(im.getexif()) in (5, 6, 7, 8)
                    im.draft(None, (max(1, w // 8), max(1, h // 8)))  # every byte read, an eighth decoded
                    im.load()
                else:
                    turned = _orientation(_exif(png.exif)) in (5, 6, 7, 8)
                    if png.banded:
                        stride = png.rowbytes + 1
                        for rows in _rows(png, max(1, BAND_BYTES // stride)):
                            if max(rows[::stride]) > 4:
                                raise _Broken("its image data is damaged (an unknown row filter)")
                    else:  # interlaced, or 16-bit colour: decoded whole, as Pillow does
                        im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadImage(bomb) from None
    except BadImage:
        raise
    except Exception as e:  # noqa: BLE001 -- Pillow signals a broken file with many exception types
        raise BadImage(f"{_short(rel)!r} cannot be read as a {kind} image: {reason(e)}") from None
    return (h, w) if turned else (w, h)


_REPR = re.compile(r"<[^<>]*>|\b0x[0-9a-fA-F]+\b|\b[A-Za-z_][\w.]*(?:Error|Exception)\b:?")


def reason(e: BaseException) -> str:
    """Why Pillow (or zlib, or the system) could not read an image, in words: never an object's repr."""
    if isinstance(e, _Broken):
        return str(e)
    text = str(e).splitlines()[0] if str(e) else ""
    low = text.lower()
    if "truncated" in low or isinstance(e, EOFError) or "end of file" in low or "cut short" in low:
        return "the file is cut short (truncated)"
    if "cannot identify" in low or "not a png" in low or "not a jpeg" in low:
        return "its content is damaged or of a kind this program cannot read"
    if isinstance(e, MemoryError):
        return "it does not fit in memory"
    text = " ".join(_REPR.sub(" ", text).split()).strip(" :,;")
    return text[:120] if re.search(r"[a-z]{3}", text) else "its content is damaged"


def _orientation(exif: Exif) -> int:
    try:
        value = exif.get(0x0112, 1)
        return value if value in _UPRIGHT else 1
    except Exception:  # noqa: BLE001 -- a damaged EXIF block: the image as it is stored
        return 1


def _exif(raw: bytes | None) -> Exif:
    from PIL import Image

    exif = Image.Exif()
    if raw:
        try:
            exif.load(raw)
        except Exception:  # noqa: BLE001 -- see _orientation
            pass
    return exif


# -- PNG, a band of rows at a time ---------------------------------------------------------------

@dataclass(slots=True)
class _Png:
    width: int
    height: int
    depth: int
    ctype: int  # colour type
    interlaced: bool
    head: bytes  # the PLTE and tRNS chunks as they are in the file
    idat: list[memoryview]
    exif: bytes | None

    @property
    def rowbytes(self) -> int:
        return (self.width * self.depth * _CHANNELS[self.ctype] + 7) // 8

    @property
    def bpp(self) -> int:
        """Bytes to a pixel, as the row filters count them."""
        return max(1, self.depth * _CHANNELS[self.ctype] // 8)

    @property
    def banded(self) -> bool:
        """Decodable in bands: not interlaced (Adam7 passes cover the whole image), and at most 4 bytes a pixel
        (the unfiltered bytes of a band's last row are read back exactly)."""
        return not self.interlaced and self.bpp in _RAW


def _png(data: bytes) -> _Png:
    """A PNG's chunks (each checksum checked); raises _Broken."""
    view = memoryview(data)
    pos, ihdr, head, idat, exif, cut = len(_SIGNATURE), b"", [], [], None, False
    while pos + 12 <= len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind, end = data[pos + 4:pos + 8], pos + 8 + n
        if end + 4 > len(data):
            cut = True
            break
        if zlib.crc32(view[pos + 4:end]) != int.from_bytes(data[end:end + 4], "big"):
            raise _Broken("its data is damaged (a chunk's checksum does not match)")
        if kind == b"IHDR":
            ihdr = bytes(view[pos + 8:end])
        elif kind in (b"PLTE", b"tRNS"):
            head.append(bytes(view[pos:end + 4]))
        elif kind == b"IDAT":
            idat.append(view[pos + 8:end])
        elif kind == b"eXIf":
            exif = bytes(view[pos + 8:end])
        elif kind == b"IEND":
            break
        pos = end + 4
    if len(ihdr) != 13:
        raise _Broken("it has no valid PNG header")
    w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", ihdr)
    if ctype not in _CHANNELS or depth not in (1, 2, 4, 8, 16) or (ctype == 3 and depth == 16) \
            or (ctype not in (0, 3) and depth < 8):
        raise _Broken("its colour type or bit depth is not one PNG defines")
    if w == 0 or h == 0:
        raise _Broken("it has no pixels")
    if not idat:
        raise _Broken("the file is cut short (truncated)" if cut else "it has no image data")
    return _Png(w, h, depth, ctype, bool(interlace), b"".join(head), idat, exif)


def _rows(png: _Png, per: int) -> Iterator[bytes]:
    """The image's filtered rows (each after its filter byte), `per` rows at a time; raises _Broken."""
    stride = png.rowbytes + 1
    want, left = stride * per, png.height
    z, buf = zlib.decompressobj(), bytearray()
    try:
        for body in png.idat:
            src: bytes | memoryview = body
            while left:
                out = z.decompress(src, want)
                src = z.unconsumed_tail
                buf += out
                while left and len(buf) >= stride * min(per, left):
                    k = min(per, left)
                    yield bytes(buf[:k * stride])
                    del buf[:k * stride]
                    left -= k
                if not src and len(out) < want:
                    break
            if not left:
                return
    except zlib.error:
        raise _Broken("its image data is damaged") from None
    raise _Broken("the file is cut short (truncated)")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _small_png(w: int, h: int, depth: int, ctype: int, head: bytes, rows: bytes) -> PILImage:
    from PIL import Image

    data = (_SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0)) + head
            + _chunk(b"IDAT", zlib.compress(rows, 0)) + _chunk(b"IEND", b""))
    im = Image.open(io.BytesIO(data), formats=["PNG"])
    im.load()
    return im


def _bands(png: _Png) -> Iterator[PILImage]:
    """The image top to bottom, a band of rows at a time, each band decoded by Pillow on its own.

    A row's filter refers to the row above it, so each band is first read as plain 8-bit samples, `bpp`
    to a pixel (as the filters count them) after the previous band's last row, unfiltered: that gives
    the band's bytes unfiltered. Then those rows are read as the file means them (bit depth, palette,
    transparency)."""
    rb, stride = png.rowbytes, png.rowbytes + 1
    raw_type, raw_mode = _RAW[png.bpp]
    last = b""
    for block in _rows(png, max(1, BAND_BYTES // stride)):
        n = len(block) // stride
        lead = b"\x00" + last if last else b""
        raw = _small_png(rb // png.bpp, n + bool(last), 8, raw_type, b"", lead + block).tobytes("raw", raw_mode)
        raw = raw[rb:] if last else raw
        last = raw[-rb:]
        rows = b"".join(b"\x00" + raw[i:i + rb] for i in range(0, len(raw), rb))
        yield _small_png(png.width, n, png.depth, png.ctype, png.head, rows)


def _stack(top: PILImage | None, below: PILImage) -> PILImage:
    """`below` under `top`: one image of the rows of both."""
    from PIL import Image

    if top is None or top.height == 0:
        return below
    both = Image.new(below.mode, (below.width, top.height + below.height))
    both.paste(top, (0, 0))
    both.paste(below, (0, top.height))
    return both


class _Shrink:
    """An image given a band of rows at a time, resampled to `size` as the bands come: only the rows the
    filter needs are held. As Pillow's `resize(..., reducing_gap=2)` does, it first averages blocks of k x k
    pixels (whole blocks of rows, as they come), then resizes with Lanczos in two passes, as Pillow does
    too: each band across, then each piece of rows down, with its exact place in the whole (Pillow's
    `box`) and the rows around it that the filter reaches. The result is that of one resize of the whole."""

    def __init__(self, full: tuple[int, int], size: tuple[int, int]):
        self.size = size
        self.k = max(1, int(min(full[0] / size[0], full[1] / size[1]) / 2))
        self.rows_left = full[1]  # rows not yet given
        self.full = (-(-full[0] // self.k), -(-full[1] // self.k))  # after the block averages
        self.scale = self.full[1] / size[1]
        self.reach = int(3 * max(self.scale, 1.0)) + 2  # Lanczos: 3 output pixels each way
        self.out: PILImage | None = None
        self.pending: PILImage | None = None  # rows not yet averaged (fewer than k)
        self.held: PILImage | None = None  # averaged rows top..top + held.height
        self.top = self.done = 0

    def add(self, band: PILImage) -> None:
        from PIL import Image

        if self.out is None:
            self.out = Image.new(band.mode, self.size)
        band = band.convert(_PREMULTIPLIED.get(band.mode, band.mode))  # (as Pillow resizes with alpha)
        self.rows_left -= band.height
        rows = _stack(self.pending, band)
        whole = rows.height if self.rows_left <= 0 else rows.height // self.k * self.k
        self.pending = rows.crop((0, whole, rows.width, rows.height))
        if whole:
            part = rows.crop((0, 0, rows.width, whole)) if whole < rows.height else rows
            part = part.reduce(self.k) if self.k > 1 else part
            if part.width != self.size[0]:
                part = part.resize((self.size[0], part.height), Image.Resampling.LANCZOS)
            self.held = _stack(self.held, part)
            self._emit(self.rows_left <= 0)

    def _emit(self, end: bool) -> None:
        from PIL import Image

        assert self.held is not None and self.out is not None
        have = self.top + self.held.height
        stop = self.size[1] if end else min(self.size[1], int((have - self.reach) / self.scale))
        if stop <= self.done:
            return
        y0, y1 = self.done * self.scale - self.top, stop * self.scale - self.top
        piece = self.held.resize((self.size[0], stop - self.done), Image.Resampling.LANCZOS,
                                 box=(0, y0, self.size[0], y1))
        self.out.paste(piece.convert(self.out.mode) if piece.mode != self.out.mode else piece, (0, self.done))
        self.done = stop
        drop = max(0, int(stop * self.scale - self.reach) - self.top)  # rows no later output row reaches
        if drop:
            self.held = self.held.crop((0, drop, self.held.width, self.held.height))
            self.top += drop

    def result(self) -> PILImage:
        assert self.out is not None and self.done == self.size[1]
        return self.out


# -- colour --------------------------------------------------------------------------------------

def _transform(icc: bytes | None, mode: str) -> ImageCmsTransform | None:
    """A transform from the image's embedded colour profile to sRGB; None when there is none to make
    (no profile, one that is sRGB already or cannot be read, a gray image)."""
    if not icc or mode not in ("RGB", "RGBA", "CMYK"):
        return None
    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        space = profile.profile.xcolor_space.strip()
        if space != ("CMYK" if mode == "CMYK" else "RGB"):
            return None
        srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        if mode != "CMYK" and _same_primaries(profile, srgb):
            return None  # sRGB already (as most cameras say): nothing to change
        return ImageCms.buildTransform(profile, srgb, mode, "RGB" if mode == "CMYK" else mode,
                                       renderingIntent=ImageCms.Intent.PERCEPTUAL)
    except Exception:  # noqa: BLE001 -- an unreadable profile: the colours as they are stored
        return None


def _same_primaries(a: ImageCmsProfile, b: ImageCmsProfile) -> bool:
    """Whether two RGB profiles name the same red, green, blue and white (within a rounding)."""
    def points(p: ImageCmsProfile) -> list[float]:
        q = p.profile
        found: list[float] = []
        for c in (q.red_colorant, q.green_colorant, q.blue_colorant, q.media_white_point):
            if c is None:  # taken as an unreadable profile (see _transform)
                raise ValueError("a primary is missing")
            found += c[0]
        return found

    return all(abs(x - y) < 0.002 for x, y in zip(points(a), points(b), strict=True))


def _mode(im: PILImage) -> str:
    """The mode a PDF takes that `_plain` gives this image: RGB, RGBA, L or LA (CMYK is made RGB)."""
    mode = im.mode
    if mode == "CMYK":
        return "CMYK"
    if mode.startswith("I") or mode == "F":  # 16-bit (or wider) gray: to 8 bits
        return "L"
    alpha = mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in im.info
    if mode in ("1", "L", "LA", "La"):
        return "LA" if alpha else "L"
    return "RGBA" if alpha else "RGB"


def _plain(im: PILImage, transform: ImageCmsTransform | None) -> PILImage:
    """The image in sRGB, in a mode a PDF takes: RGB, RGBA, L or LA (its transparency as alpha)."""
    want = _mode(im)
    if want == "CMYK":
        return _applied(im, transform) if transform else im.convert("RGB")
    if im.mode.startswith("I") or im.mode == "F":
        im = im.point(lambda v: v / 256)
    if im.mode != want:
        im = im.convert(want)
    if transform is not None and want in ("RGB", "RGBA"):
        im = _applied(im, transform)
    return im


def _applied(im: PILImage, transform: ImageCmsTransform) -> PILImage:
    """The image through a colour transform (a new image: Pillow gives None only when it works in place)."""
    from PIL import ImageCms

    out = ImageCms.applyTransform(im, transform)
    assert out is not None
    return out


# -- the image as printed ------------------------------------------------------------------------

def for_print(data: bytes, kind: str, size: tuple[int, int]) -> bytes | PILImage:
    """The image to embed at `size` pixels (upright, as `check` counts them; at most its own): upright,
    in sRGB, decoded in little memory. A JPEG that needs none of this is returned as its own bytes (embedded
    unchanged); one that does, as a new JPEG; a PNG, as a Pillow image (embedded losslessly)."""
    from PIL import Image

    with Image.open(io.BytesIO(data), formats=[kind]) as im:
        png = _png(data) if kind == "PNG" else None
        turn = _orientation(_exif(png.exif) if png else im.getexif())
        w, h = im.size
        tw, th = (size[1], size[0]) if turn in (5, 6, 7, 8) else size
        tw, th = min(w, max(1, tw)), min(h, max(1, th))
        icc = im.info.get("icc_profile")
        if png is not None and png.banded:
            transform, shrink = None, _Shrink((w, h), (tw, th))
            for k, band in enumerate(_bands(png)):
                if k == 0:
                    transform = _transform(icc, _mode(band))
                shrink.add(_plain(band, transform))
            out = shrink.result()
        else:
            if png is None and (tw, th) != (w, h):
                im.draft(None, (tw, th))  # decoded at 1/2, 1/4 or 1/8 of its size when that is still enough
            im.load()
            transform = _transform(icc, _mode(im))
            if png is None and turn == 1 and im.mode in ("RGB", "L") and transform is None and im.size == (w, h) \
                    and (tw, th) == (w, h):
                return data
            out = _plain(im, transform)
            if out.size != (tw, th):  # in two passes, as Pillow resizes, the decoded image let go between
                if out.width != tw:
                    out = out.resize((tw, out.height), Image.Resampling.LANCZOS)
                    im.close()
                if out.height != th:
                    out = out.resize((tw, th), Image.Resampling.LANCZOS)
    if turn != 1:
        out = out.transpose(Image.Transpose[_UPRIGHT[turn]])
    if kind == "JPEG" and out.mode in ("RGB", "L"):
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=92)
        return buf.getvalue()
    return out

"""The author's images: drawn from the briefing's own folder, and every unsafe file refused.

Test images are made here with Pillow; nothing binary is kept in the repository.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import norm, pdf_text, run_cli
from PIL import Image

from briefing.layout.graphics.picture import size_of


def png(path: Path, size=(600, 400), color=(40, 80, 120)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path)
    return path


def briefing(folder: Path, images: str, name: str = "b.yaml") -> Path:
    src = folder / name
    src.write_text("title: Pictures\nsections:\n  - title: Maps\n    body: Before the images. [@s]\n"
                   f"    images:\n{images}sources:\n  - {{id: s, title: The source}}\n", encoding="utf-8")
    return src


def image_objects(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of each image drawn, in page order."""
    import pypdfium2
    import pypdfium2.raw as raw

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        out = []
        for page in doc:
            for obj in page.get_objects():
                if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                    x0, y0, x1, y1 = obj.get_bounds()
                    out.append((round(x1 - x0, 1), round(y1 - y0, 1)))
        return out
    finally:
        doc.close()


def test_a_briefing_with_images_builds(tmp_path):
    png(tmp_path / "images" / "map.png")
    rgba = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    rgba.save(tmp_path / "images" / "disc.png")
    Image.new("RGB", (400, 300), (240, 200, 120)).save(tmp_path / "images" / "photo.jpg", quality=80)
    src = briefing(tmp_path, "      - file: images/map.png\n"
                             "        alt: A map of the provinces\n"
                             "        caption: The provinces, *shaded*. [@s]\n"
                             "      - {file: images/disc.png, alt: A disc, width: half, caption: Half and clear}\n"
                             "      - {file: ./images/photo.jpg, alt: A photo, width: half, source: s}\n")
    out = tmp_path / "b.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0 and r.stderr == b"", r.stderr.decode()
    text = norm(" ".join(pdf_text(out)))
    assert "The provinces, shaded." in text and "Half and clear" in text and "Source: [1]" in text
    sizes = image_objects(out)
    # never larger than the pixels allow at 150 dpi: 600 px -> 288 pt, 300 px -> 144 pt, 400 px -> 192 pt
    assert sizes == [(288.0, 192.0), (144.0, 144.0), (192.0, 144.0)]
    assert text.index("Before the images.") < text.index("The provinces")


def test_an_image_is_scaled_down_to_fit_and_never_up():
    assert size_of((3000, 1500), 475, 700, 150) == (475, 237.5)  # wide: to the text's width
    assert size_of((100, 100), 475, 700, 150) == (48, 48)  # small: as its pixels allow
    assert size_of((1000, 6000), 475, 700, 150) == (116.67, 700)  # tall: to the page's height


def test_a_folder_briefing_reads_its_images_from_its_folder(tmp_path):
    folder = tmp_path / "brief"
    folder.mkdir()
    png(folder / "images" / "map.png", (300, 200))
    briefing(folder, "      - {file: images/map.png, alt: A map}\n", "briefing.yaml")
    out = tmp_path / "f.pdf"
    r = run_cli("build", str(folder), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    assert image_objects(out) == [(144.0, 96.0)]


def _bomb(path: Path) -> None:
    # 25,000 x 25,000 one-bit pixels compress to a few tens of kilobytes
    Image.new("1", (25_000, 25_000)).save(path, optimize=True)


CASES = {
    "an absolute path": lambda d: "/etc/hosts",
    "a .. out of the folder": lambda d: "../outside.png",
    "a symbolic link out of the folder": lambda d: os.symlink(d.parent / "outside.png", d / "link.png") or "link.png",
    "a text file named .png": lambda d: (d / "notes.png").write_text("not an image") and "notes.png",
    "a decompression bomb": lambda d: _bomb(d / "bomb.png") or "bomb.png",
    "more pixels than a page needs": lambda d: Image.new("1", (6000, 5000)).save(d / "big.png") or "big.png",
    "a missing file": lambda d: "nowhere.png",
    "a folder": lambda d: (d / "pics").mkdir() or "pics",
    "a file over 20 MB": lambda d: _big(d / "big.png"),
    "a GIF named .jpg": lambda d: Image.new("RGB", (10, 10)).save(d / "g.jpg", format="GIF") or "g.jpg",
    "a FIFO": lambda d: os.mkfifo(d / "pipe.png") or "pipe.png",
    "a NUL in its name": lambda d: '"a\\0b.png"',
}
MESSAGES = {
    "an absolute path": "is an absolute path",
    "a .. out of the folder": "leads out of the briefing's folder",
    "a symbolic link out of the folder": "is a symbolic link to a place outside the briefing's folder",
    "a text file named .png": "is not a PNG or JPEG image by its content",
    "a decompression bomb": "a decompression bomb",
    "more pixels than a page needs": "would unpack to more than 20 million pixels",
    "a missing file": "no image 'nowhere.png' in the briefing's folder",
    "a folder": "6:15: 'pics' is not a regular file (a folder, a FIFO or a device?); refused",
    "a file over 20 MB": "6:15: 'big.png' is 21.0 MB; an image may be at most 20 MB",
    "a GIF named .jpg": "(it is a GIF image)",
    "a FIFO": "6:15: 'pipe.png' is not a regular file (a folder, a FIFO or a device?); refused",
    "a NUL in its name": "'file' holds the control character U+0000 (NUL)",
}


def _big(path: Path) -> str:
    with open(path, "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.truncate(21 * 1024 * 1024)  # sparse: no 21 MB written
    return path.name


@pytest.mark.parametrize("case", list(CASES))
def test_unsafe_images_are_refused_at_their_file_key(case, tmp_path):
    folder = tmp_path / "brief"
    folder.mkdir()
    png(tmp_path / "outside.png")
    rel = CASES[case](folder)
    src = briefing(folder, f"      - file: {rel}\n        alt: Something\n")
    out = tmp_path / "out.pdf"
    import pikepdf

    earlier = pikepdf.new()
    earlier.add_blank_page()
    earlier.save(out)
    before = out.read_bytes()
    for cmd in (["check", str(src)], ["build", str(src), "-o", str(out)]):
        r = run_cli(*cmd)
        err = r.stderr.decode()
        assert r.returncode == 1, err
        assert f"{src}:6:15: " in err and MESSAGES[case] in err, err  # the value of `file`
        assert "Traceback" not in err and len(err.strip().splitlines()) <= 2  # the error, and "failed: ..."
    assert out.read_bytes() == before  # no PDF written over the earlier one


def test_a_dotdot_that_stays_inside_the_folder_is_fine(tmp_path):
    png(tmp_path / "images" / "map.png", (150, 150))
    (tmp_path / "sub").mkdir()
    src = briefing(tmp_path, "      - {file: sub/../images/map.png, alt: A map}\n")
    out = tmp_path / "b.pdf"
    r = run_cli("build", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    assert image_objects(out) == [(72.0, 72.0)]


def test_alt_is_required(tmp_path):
    png(tmp_path / "map.png")
    src = briefing(tmp_path, "      - {file: map.png}\n")
    r = run_cli("check", str(src))
    assert r.returncode == 1 and f"{src}:6:9: missing required key 'alt' in image" in r.stderr.decode()


def test_many_uses_of_a_large_image_are_refused_once(tmp_path):
    from PIL import Image

    Image.new("RGB", (4400, 4400), (200, 30, 30)).save(tmp_path / "big.png", optimize=True)  # 19.4 MP
    src = tmp_path / "m.yaml"
    src.write_text("title: t\nsections:\n  - title: s\n    body: b\n    images:\n"
                   + "      - file: big.png\n        alt: a\n" * 40)
    r = run_cli("check", str(src))
    assert r.returncode == 1
    assert r.stderr.decode().splitlines() == [
        f"{src}:12:15: the briefing's images come to more than 60 million pixels from this one on; use fewer or "
        "smaller images"]


def _chunk(kind: bytes, body: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_bytes(w: int = 20, h: int = 10, depth: int = 8, ctype: int = 2, idat: bytes | None = None) -> bytes:
    import struct
    import zlib

    idat = zlib.compress(b"".join(b"\x00" + b"\x10" * (w * 3) for _ in range(h))) if idat is None else idat
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0))
            + (_chunk(b"IDAT", idat) if idat else b"") + _chunk(b"IEND", b""))


def _encoded(fmt: str) -> bytes:
    import io

    buf = io.BytesIO()
    Image.effect_noise((200, 100), 50).convert("RGB").save(buf, fmt)
    return buf.getvalue()


BROKEN = {  # file -> (its bytes, what the message says)
    "signature-and-text.png": (lambda: b"\x89PNG\r\n\x1a\n" + b"not really a PNG" * 4, "it has no valid PNG header"),
    "signature-only.png": (lambda: b"\x89PNG\r\n\x1a\n", "it has no valid PNG header"),
    "half.png": (lambda: _encoded("PNG")[:len(_encoded("PNG")) // 2], "the file is cut short"),
    "half.jpg": (lambda: _encoded("JPEG")[:len(_encoded("JPEG")) // 2], "the file is cut short"),
    "text.jpg": (lambda: b"\xff\xd8\xff" + b"\x00 not a JPEG" * 10, "its content is damaged"),
    "checksum.png": (lambda: (lambda b: b[:40] + bytes([b[40] ^ 0xFF]) + b[41:])(_encoded("PNG")),
                     "a chunk's checksum does not match"),
    "damaged-data.png": (lambda: _png_bytes(idat=b"\x78\x9c" + b"\xff" * 40), "its image data is damaged"),
    "bad-filter.png": (lambda: _png_bytes(idat=__import__("zlib").compress((b"\x07" + b"\x10" * 60) * 10)),
                       "an unknown row filter"),
    "bad-mode.png": (lambda: _png_bytes(ctype=5), "its colour type or bit depth is not one PNG defines"),
    "16-bit-palette.png": (lambda: _png_bytes(depth=16, ctype=3), "its colour type or bit depth is not one PNG"),
    "no-pixels.png": (lambda: _png_bytes(w=0), "it has no pixels"),
    "rows-missing.png": (lambda: _png_bytes(idat=__import__("zlib").compress(b"\x00" + b"\x10" * 60)),
                         "the file is cut short"),
    "no-data.png": (lambda: _png_bytes(idat=b""), "it has no image data"),
    "too-many-pixels.png": (lambda: _png_bytes(w=6000, h=5000, depth=1, ctype=0, idat=b"x"),
                            "would unpack to more than 20 million pixels"),
}


def test_every_unreadable_image_is_said_in_plain_words_at_its_file_key(tmp_path):
    for name, (content, _) in BROKEN.items():
        (tmp_path / name).write_bytes(content())
    src = tmp_path / "b.yaml"
    src.write_text("title: t\nsections:\n  - title: s\n    body: b\n    images:\n"
                   + "".join(f"      - {{file: {n}, alt: a}}\n" for n in BROKEN), encoding="utf-8")
    for cmd in (["check", str(src)], ["build", str(src), "-o", str(tmp_path / "b.pdf")]):
        r = run_cli(*cmd)
        lines = r.stderr.decode().splitlines()
        assert r.returncode == 1 and "Traceback" not in r.stderr.decode()
        for k, (name, (_, says)) in enumerate(BROKEN.items()):
            line = next((x for x in lines if f"{name!r}" in x), "")
            assert line.startswith(f"{src}:{6 + k}:16: {name!r} "), (name, lines)
            assert says in line, line
            # plain words: no memory address, no object's repr, no exception's name
            assert not re.search(r"0x[0-9a-f]|<|>|object at|Error|Exception", line), line
    assert not (tmp_path / "b.pdf").exists()

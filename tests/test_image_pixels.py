"""How an author's image is printed: upright, in sRGB, with the pixels 300 dpi needs at its printed size,
decoded in little memory; PDF/A whatever its colour space. Test images are made here with Pillow."""

from __future__ import annotations

import io
import os
import random
import re
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT
from PIL import Image, ImageCms
from test_images import image_objects

from briefing import images, pipeline


def make(folder: Path, files: dict[str, Callable[[Path], object]], width: str = "full") -> Path:
    """A briefing showing `files` (each made by its function), one image to a row."""
    for name, fn in files.items():
        fn(folder / name)
    src = folder / "b.yaml"
    src.write_text("title: Pictures\nsections:\n  - title: Maps\n    body: Before the images.\n    images:\n"
                   + "".join(f"      - {{file: {n}, alt: Image {n}, width: {width}}}\n" for n in files),
                   encoding="utf-8")
    return src


def build(src: Path, pdfa: bool = False) -> Path:
    out = src.with_suffix(".pdf")
    res = pipeline.build(str(src), str(out), pdfa=pdfa)
    assert res.ok, [str(p) for p in res.problems]
    return out


def embedded(pdf: Path) -> list[tuple[Image.Image, str]]:
    """Each image embedded, in drawing order: its pixels (as a viewer decodes them) and its colour space."""
    out = []
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "Do":
                    x = page.Resources.XObject[operands[0]]
                    if x.Subtype == "/Image":
                        out.append((pikepdf.PdfImage(x).as_pil_image(), str(x.ColorSpace)))
    return out


def jpeg_exif(path: Path, im: Image.Image, orientation: int, **kw) -> None:
    exif = Image.Exif()
    exif[0x0112] = orientation
    im.save(path, exif=exif, **kw)


def two_halves(size: tuple[int, int]) -> Image.Image:
    """Left half red, right half blue, as the camera stored it."""
    im = Image.new("RGB", size, (220, 20, 20))
    im.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    return im


# -- every colour space makes a PDF/A ---------------------------------------------------------------

def _png(size: tuple[int, int], depth: int, colour_type: int, idat: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", *size, depth, colour_type, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def _png16_rgb(path: Path, size=(60, 40)) -> None:
    """A 16-bit RGB PNG (Pillow writes none): each row unfiltered."""
    w, h = size
    rows = b"".join(b"\x00" + bytes([0x80, 0x00, 0x20, 0x00, 0xF0, 0x00]) * w for _ in range(h))
    path.write_bytes(_png(size, 16, 2, zlib.compress(rows)))


def _flat_png(path: Path, size: tuple[int, int], pixel: tuple[int, ...]) -> None:
    """An 8-bit RGB or RGBA PNG of one colour, as Pillow would write it but in a tenth of the time: the first
    row unfiltered, each other row "as the one above" (all zeros). A block of such rows compressed after a
    full flush refers to nothing before it, so one block is repeated for the lot."""
    w, h = size
    first, same = b"\x00" + bytes(pixel) * w, b"\x02" + bytes(len(pixel) * w)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the zlib header and checksum are added here
    head = c.compress(first) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(same * 100) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.compress(same * ((h - 1) % 100)) + c.flush()
    adler = zlib.adler32(first)
    for _ in range(h - 1):
        adler = zlib.adler32(same, adler)
    idat = b"\x78\xda" + head + block * ((h - 1) // 100) + tail + struct.pack(">I", adler)
    path.write_bytes(_png(size, 8, {3: 2, 4: 6}[len(pixel)], idat))


def _palette(path: Path, transparent: bool) -> None:
    im = Image.new("RGB", (90, 60), (30, 90, 200))
    im.paste((250, 200, 20), (0, 0, 45, 60))
    p = im.convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    p.save(path, transparency=0) if transparent else p.save(path)


COLOUR_SPACES: dict[str, Callable[[Path], object]] = {
    "rgb.png": lambda p: Image.new("RGB", (90, 60), (200, 30, 30)).save(p),
    "rgba.png": lambda p: Image.new("RGBA", (90, 60), (30, 200, 30, 128)).save(p),
    "l.png": lambda p: Image.new("L", (90, 60), 90).save(p),
    "la.png": lambda p: Image.new("LA", (90, 60), (90, 100)).save(p),
    "p.png": lambda p: _palette(p, False),
    "p-transparent.png": lambda p: _palette(p, True),
    "one-bit.png": lambda p: Image.new("1", (90, 60), 1).save(p),
    "i16.png": lambda p: Image.new("I;16", (90, 60), 30000).save(p),
    "rgb16.png": _png16_rgb,
    "l-transparent.png": lambda p: Image.new("L", (90, 60), 90).save(p, transparency=90),
    "cmyk.jpg": lambda p: Image.new("CMYK", (90, 60), (255, 0, 0, 0)).save(p),
    "l.jpg": lambda p: Image.new("L", (90, 60), 90).save(p),
    "rgb.jpg": lambda p: Image.new("RGB", (90, 60), (200, 30, 30)).save(p),
}


def pdfa_findings(pdf: Path) -> list[str]:
    import pikepdf.pdfa

    # (as in test_tagged: pikepdf knows PDF/A-2b only, and no XMP extension schema for the PDF/UA identifier)
    return [str(f) for f in pikepdf.pdfa.validate_written(str(pdf), "2b").findings
            if not re.search(r"pdfaExtension|pdfaSchema|pdfaProperty|pdfuaid:part|conformance is 'A'", str(f))]


def test_an_image_of_every_colour_space_makes_a_pdfa(tmp_path):
    pdf = build(make(tmp_path, COLOUR_SPACES, "half"), pdfa=True)
    assert pdfa_findings(pdf) == []
    found = embedded(pdf)
    assert len(found) == len(COLOUR_SPACES)
    assert {space for _, space in found} <= {"/DeviceRGB", "/DeviceGray"}
    cyan = found[list(COLOUR_SPACES).index("cmyk.jpg")][0].convert("RGB").getpixel((45, 30))
    assert cyan[0] < 40 and cyan[1] > 200 and cyan[2] > 200, cyan  # the CMYK cyan printed as cyan


# -- EXIF orientation --------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["jpg", "png"])
def test_a_photo_is_printed_upright_by_its_exif_orientation(kind, tmp_path):
    # stored 400 x 200 with the camera turned: orientation 6 says "turn it a quarter clockwise to view"
    pdf = build(make(tmp_path, {f"turned.{kind}": lambda p: jpeg_exif(p, two_halves((400, 200)), 6),
                                f"plain.{kind}": lambda p: two_halves((400, 200)).save(p)}))
    assert image_objects(pdf) == [(96.0, 192.0), (192.0, 96.0)]  # upright: portrait, at 150 dpi
    (turned, _), (plain, _) = embedded(pdf)
    assert turned.size == (200, 400) and plain.size == (400, 200)
    top, bottom = turned.convert("RGB").getpixel((100, 50)), turned.convert("RGB").getpixel((100, 350))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0], (top, bottom)  # the left (red) half on top
    assert images.check(f"turned.{kind}", str(tmp_path)).pixels == (200, 400)


# -- colour profiles ---------------------------------------------------------------------------------

def swapped_profile() -> bytes:
    """An RGB profile whose red is sRGB's blue and whose blue is sRGB's red."""
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    tags = {bytes(icc[132 + 12 * i:136 + 12 * i]): 132 + 12 * i for i in range(int.from_bytes(icc[128:132], "big"))}
    r, b = tags[b"rXYZ"], tags[b"bXYZ"]
    icc[r + 4:r + 12], icc[b + 4:b + 12] = icc[b + 4:b + 12], icc[r + 4:r + 12]
    return bytes(icc)


def test_an_embedded_colour_profile_is_honoured(tmp_path):
    icc = swapped_profile()
    pdf = build(make(tmp_path, {
        "tagged.png": lambda p: Image.new("RGB", (60, 40), (255, 0, 0)).save(p, icc_profile=icc),
        "tagged.jpg": lambda p: Image.new("RGB", (60, 40), (255, 0, 0)).save(p, icc_profile=icc, quality=95),
        "alpha.png": lambda p: Image.new("RGBA", (60, 40), (255, 0, 0, 128)).save(p, icc_profile=icc),
        "untagged.png": lambda p: Image.new("RGB", (60, 40), (255, 0, 0)).save(p)}), pdfa=True)
    assert pdfa_findings(pdf) == []
    colours = [im.convert("RGB").getpixel((30, 20)) for im, _ in embedded(pdf)]
    for c in colours[:3]:  # stored as red, meaning the profile's red: sRGB blue
        assert c[2] > 230 and c[0] < 20, colours
    assert colours[3][0] > 230 and colours[3][2] < 20  # no profile: the colour as stored


# -- pixels at 300 dpi of the printed size -----------------------------------------------------------

def test_an_image_is_embedded_at_300_dpi_of_its_printed_size_never_more_never_upscaled(tmp_path):
    # detail everywhere: a resample that cheats shows
    noise = Image.frombytes("L", (3000, 2000), random.Random(3).randbytes(3000 * 2000))

    def photo(p: Path) -> None:
        noise.convert("RGB").save(p, quality=90)

    pdf = build(make(tmp_path, {"big.png": lambda p: noise.save(p),
                                "big.jpg": photo,
                                "small.png": lambda p: Image.new("RGB", (300, 200), (9, 9, 9)).save(p),
                                "half.jpg": photo}))
    drawn = image_objects(pdf)
    pixels = [im.size for im, _ in embedded(pdf)]
    for (w_pt, h_pt), (pw, ph), name in zip(drawn, pixels, ["big.png", "big.jpg", "small.png", "half.jpg"],
                                            strict=True):
        dpi = pw / (w_pt / 72), ph / (h_pt / 72)
        if name == "small.png":
            assert (pw, ph) == (300, 200), name  # as many as it has, drawn at 150 dpi: never upscaled
        else:
            assert all(300 <= d < 302 for d in dpi), (name, dpi, (pw, ph), (w_pt, h_pt))


def test_band_decoding_gives_pillows_pixels(monkeypatch):
    """A PNG decoded a band of rows at a time is the same, pixel for pixel, as Pillow's decoding of the
    whole, whatever its mode and filters; shrunk as the bands come, it is Pillow's resize of the whole."""
    monkeypatch.setattr(images, "BAND_BYTES", 500)  # many bands
    noise = Image.effect_noise((97, 131), 80)
    sources = {"L": noise, "RGB": Image.merge("RGB", [noise, noise.rotate(90), noise.transpose(0)]),
               "1": noise.convert("1"), "I;16": noise.convert("I").point(lambda v: v * 250).convert("I;16")}
    sources |= {"RGBA": Image.merge("RGBA", [*sources["RGB"].split(), noise.rotate(180)]),
                "LA": Image.merge("LA", [noise, noise.rotate(180)]),
                "P": sources["RGB"].convert("P", palette=Image.Palette.ADAPTIVE, colors=200),
                "P4": sources["RGB"].convert("P", palette=Image.Palette.ADAPTIVE, colors=16)}
    for mode, im in sources.items():
        buf = io.BytesIO()
        im.save(buf, "PNG", bits=4) if mode == "P4" else im.save(buf, "PNG")
        whole = Image.open(io.BytesIO(buf.getvalue()))
        whole.load()
        bands = list(images._bands(images._png(buf.getvalue())))
        assert len(bands) > 2
        assert b"".join(b.tobytes() for b in bands) == whole.tobytes(), mode
        for size in ((40, 54), (20, 27), (95, 128)):
            shrink = images._Shrink(whole.size, size)
            for band in bands:
                shrink.add(images._plain(band, None))
            flat = images._plain(whole, None)
            expect = (flat.reduce(shrink.k) if shrink.k > 1 else flat).resize(size, Image.Resampling.LANCZOS)
            got = shrink.result()
            diff = max(abs(a - b) for a, b in zip(got.tobytes(), expect.tobytes(), strict=True))
            assert got.mode == expect.mode and diff <= (6 if "A" in mode else 1), (mode, size, diff)


# -- memory ------------------------------------------------------------------------------------------

# the process's own high-water mark (getrusage's ru_maxrss would count the forking test process's size)
PEAK = """
import re, sys
from briefing.cli import main
assert not main(sys.argv[1:], standalone_mode=False)
print("peak", re.search(r"VmHWM:\\s*(\\d+)", open("/proc/self/status").read())[1], file=sys.stderr)
"""


def peak_kb(*args: str) -> int:
    r = subprocess.run([sys.executable, "-c", PEAK, *args], cwd=ROOT, capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=300)
    assert r.returncode == 0, r.stderr
    return int(re.findall(r"^peak (\d+)$", r.stderr, re.M)[-1])


def test_large_flat_images_are_decoded_in_little_memory(tmp_path):
    # a few hundred kilobytes in all, 80 MB each once decoded whole
    files = {"a.png": lambda p: _flat_png(p, (5000, 4000), (200, 30, 30)),
             "b.png": lambda p: _flat_png(p, (4000, 4000), (20, 130, 30, 200)),
             "c.jpg": lambda p: Image.new("RGB", (5000, 4000), (20, 30, 130)).save(p, quality=85)}
    src = make(tmp_path, files)
    assert sum((tmp_path / n).stat().st_size for n in files) < 600_000
    plain = tmp_path / "plain.yaml"
    plain.write_text("title: Pictures\nsections:\n  - title: Maps\n    body: Before the images.\n")
    base = peak_kb("build", str(plain), "-o", str(tmp_path / "plain.pdf"))
    peak = peak_kb("build", str(src), "-o", str(tmp_path / "b.pdf"))
    from briefing.batch import WORKER_MB

    # the images add less than the memory a worker of --jobs is given (they added over 400 MB)
    assert peak - base < WORKER_MB * 1024 * 0.8, (base, peak)
    print(base, peak)
    for (w_pt, _), (im, _) in zip(image_objects(tmp_path / "b.pdf"), embedded(tmp_path / "b.pdf"), strict=True):
        assert 300 <= im.width / (w_pt / 72) < 302  # downsampled to 300 dpi of the printed size

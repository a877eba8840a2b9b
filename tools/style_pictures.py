"""Draw what each key of a style changes: docs/styles/<part>.png, one small page per key.

    python tools/style_pictures.py

For each key of `margins_mm`, `colors`, `sizes` and `layout` (briefing.stylespec.KEYS), the seed briefing
is built with the default style and again with that one key pushed far (a colour made magenta, a size or
a width made larger), and the first page where the two differ is shown with what stayed the same washed
out: what is left in full colour is what the key changes. docs/styles.md shows the pictures
(tools/styles_doc.py); the pictures are made here, on purpose, not by the tests (a few seconds a key).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2  # noqa: E402 - after the path is set
from PIL import Image, ImageChops, ImageDraw  # noqa: E402

from briefing import pipeline, theme  # noqa: E402
from briefing.load import load  # noqa: E402
from briefing.stylespec import KEYS, Key  # noqa: E402

PARTS = ("margins_mm", "colors", "sizes", "layout")
SEED = ROOT / "sources" / "afghanistan-resistance"
DPI = 32  # a page is about 265 x 375 pixels: enough to see where, not to read
COLS = 6
LABEL = 16  # pixels under each page for the key's name
SEEN = 40  # pixels that must differ for a page to count as changed (not a stray anti-aliased edge)


def pushed(key: Key) -> object:
    """A value for `key` far enough from the default's to be seen."""
    if key.kind == "color":
        return "#ff00ff"
    base = float(key.example)
    value = base * (1.6 if key.unit == "points" and key.hi == 144 else 2.0)
    if key.hi is not None:
        value = min(value, key.hi)
    return int(value) if key.kind == "integer" else round(value, 2)


def pages(pdf: bytes) -> list[Image.Image]:
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=DPI / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def build(styles: Path, name: str, text: str) -> list[Image.Image]:
    (styles / f"{name}.yaml").write_text(text, encoding="utf-8")
    theme.load_theme.cache_clear()
    b, problems = load(str(SEED))
    assert b is not None, problems
    return pages(pipeline.render(b, theme.load_theme(name)))


def shown(before: list[Image.Image], after: list[Image.Image]) -> Image.Image | None:
    """The first page of `after` that differs from `before` (where the change begins: a larger size moves
    every page after it), what did not change washed out; None if no page did."""
    for i, page in enumerate(after):
        other = before[i] if i < len(before) else Image.new("RGB", page.size, "white")
        if other.size != page.size:
            other = other.resize(page.size)
        mask = ImageChops.difference(page, other).convert("L").point(lambda v: 255 if v > 24 else 0)
        if sum(1 for v in mask.getdata() if v) > SEEN:
            faded = Image.blend(page, Image.new("RGB", page.size, "white"), 0.8)
            return Image.composite(page, faded, mask)
    return None


def sheet(part: str, cells: list[tuple[str, Image.Image | None]], size: tuple[int, int]) -> Image.Image:
    w, h = size
    rows = -(-len(cells) // COLS)
    out = Image.new("RGB", (COLS * (w + 8) + 8, rows * (h + LABEL + 8) + 8), "#e6e6e6")
    draw = ImageDraw.Draw(out)
    for n, (name, img) in enumerate(cells):
        x, y = 8 + (n % COLS) * (w + 8), 8 + (n // COLS) * (h + LABEL + 8)
        if img is None:
            draw.rectangle([x, y, x + w - 1, y + h - 1], fill="white")
            draw.text((x + 8, y + h // 2), "no visible change\nin this briefing", fill="#666666")
        else:
            out.paste(img.resize((w, h)), (x, y))
        draw.text((x, y + h + 3), f"{part}.{name}", fill="black")
    return out


def main() -> int:
    folder = ROOT / "docs" / "styles"
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        styles = Path(tmp)
        shutil.copy(ROOT / "styles" / "default.yaml", styles / "default.yaml")
        theme.styles_dir = lambda: str(styles)  # (this process only)
        before = build(styles, "base", "parent: default\n")
        size = before[0].size
        for part in PARTS:
            cells = []
            for name, key in KEYS[part].keys.items():
                after = build(styles, "probe", f"parent: default\n{part}:\n  {name}: {pushed(key)!r}\n"
                              .replace("'", '"'))
                cells.append((name, shown(before, after)))
                print(f"{part}.{name}", "changed" if cells[-1][1] is not None else "no change", file=sys.stderr)
            sheet(part, cells, size).quantize(colors=48).save(folder / f"{part}.png", optimize=True)  # (small files)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""What a right-to-left build costs against a left-to-right one of the same content.

    python benchmarks/rtl.py [--runs N] [--cold] [--scale K] [--shuffle] [BRIEFING]

The briefing (the seed by default, or the seed scaled `--scale` times, its prose word-shuffled with
`--shuffle`) is rendered in one process as it is (left to right: the text engine's path for text with nothing to
shape) and as a right-to-left document (bidi levels, HarfBuzz shaping, lines reordered, /ActualText),
the two alternating, `--runs` times each after two warm-up rounds. Printed: the medians of
the in-process CPU times (`time.process_time`) and their ratio. `--cold` empties the text engine's
per-word caches before every render, as a build in a fresh process finds them; without it, a render
finds the words of the one before, as a long-lived process (`watch`, a batch) does.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench  # noqa: E402

from briefing import pipeline  # noqa: E402
from briefing.layout import document  # noqa: E402
from briefing.load import load  # noqa: E402
from briefing.pdf import shaping, textengine  # noqa: E402
from briefing.theme import load_theme  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("briefing", nargs="?", default=str(ROOT / "sources" / "afghanistan-resistance"))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--cold", action="store_true")
    ap.add_argument("--scale", type=int, default=0)
    ap.add_argument("--shuffle", action="store_true")
    args = ap.parse_args()
    path = args.briefing
    if args.scale:
        data = bench.scale(bench.load_seed(), args.scale)
        if args.shuffle:
            data = bench.shuffle_words(data)
        path = str(Path(tempfile.mkdtemp()) / "scaled.yaml")
        bench.write_briefing(data, Path(path))
    b = load(path)[0]
    assert b is not None, f"{path} does not load"
    theme = load_theme(b.style)
    as_given = document.is_rtl

    def always(language: str, direction: str | None) -> bool:
        return True

    def render(rtl: bool) -> float:
        document.is_rtl = always if rtl else as_given  # type: ignore[assignment]
        if args.cold:
            shaping.shape.cache_clear()
            textengine._shape.cache_clear()
            textengine._simple_shape.cache_clear()
        t = time.process_time()
        pipeline.render(b, theme)
        return time.process_time() - t

    for _ in range(2):
        render(False), render(True)
    ltr, rtl = [], []
    for _ in range(args.runs):
        ltr.append(render(False))
        rtl.append(render(True))
    a, r = statistics.median(ltr), statistics.median(rtl)
    print(f"left to right {a * 1000:.0f} ms, right to left {r * 1000:.0f} ms: {r / a:.2f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

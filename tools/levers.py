#!/usr/bin/env python3
"""Which faster paths through ReportLab (`briefing/pdf/speedups.py`) apply on a given ReportLab.

    python tools/levers.py                     # the ReportLab this Python imports
    python tools/levers.py --newest            # the newest ReportLab on the package index
    python tools/levers.py --release 5.2.0     # that release
    python tools/levers.py --record            # print the fingerprints below for this ReportLab

With `--newest` or `--release`, `reportlab[accel]` is installed with pip into a
temporary folder (nothing else changes) and the report is made there. The
report says whether the levers' guard lets them run (ReportLab's and
rl_accel's versions), which levers `speedups.apply()` puts in place, and, for
each lever, whether the ReportLab code it replaces or relies on is still what
it was checked against (a fingerprint of its source). A lever whose code is
unchanged is likely to need only a check (`tests/test_speedups.py` with the
new release added to `CHECKED`); a changed one must be read again. Exits 1
when some lever does not apply.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# What each lever replaces or relies on in ReportLab ("module:name"), and its fingerprint in the
# ReportLab (and rl_accel) the levers were checked against: CRC-32 of the source, rl_accel's version
# for its C functions, CRC-32 of a pattern's text.
CHECKED_AGAINST: dict[str, dict[str, str]] = {
    "uharfbuzz kept out of ReportLab's import": {
        "reportlab.pdfbase.ttfonts:TTFont.hbFont": "ef4805f3",
    },
    "lazy uri_pat": {
        "reportlab.platypus.paragraph:uri_pat": "f68dac60",
        "reportlab.platypus.paragraph:_uri_split_pairs": "17bd3e38",
    },
    "TrueType tables in bulk": {
        "reportlab.pdfbase.ttfonts:TTFontFile.extractInfo": "033ad1bb",
    },
}


def fingerprint(target: str) -> str:
    """The fingerprint of one "module:name" in the ReportLab this Python imports ("missing" if none)."""
    module_name, _, path = target.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in path.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError):
        return "missing"
    if getattr(obj, "__module__", None) == "briefing.pdf.speedups":  # a lever in place: ReportLab's own
        from briefing.pdf import speedups

        obj = speedups.ORIGINAL.get(path.rpartition(".")[2], obj)
    if module_name == "_rl_accel":
        return f"rl_accel {getattr(importlib.import_module('_rl_accel'), 'version', '?')}"
    if hasattr(obj, "pattern"):
        return f"{zlib.crc32(obj.pattern.encode('utf-8')):08x}"
    try:
        return f"{zlib.crc32(inspect.getsource(obj).encode('utf-8')):08x}"
    except (OSError, TypeError):
        return "no source"


def report() -> dict:
    """This Python's ReportLab: versions, the guard's verdict, the levers applied, the fingerprints."""
    import reportlab

    from briefing.pdf import speedups

    try:
        import _rl_accel

        accel = getattr(_rl_accel, "version", "?")
    except ImportError:
        accel = None
    why_not = speedups.guard()
    applied = list(speedups.apply())
    return {"reportlab": reportlab.Version, "from": str(Path(reportlab.__file__).parents[1]), "rl_accel": accel,
            "guard": why_not, "applied": applied,
            "levers": list(speedups.LEVERS),
            "fingerprints": {lever: {t: fingerprint(t) for t in targets} for lever, targets in CHECKED_AGAINST.items()}}


def print_report(r: dict) -> int:
    print(f"ReportLab {r['reportlab']} (in {r['from']}), rl_accel {r['rl_accel'] or 'not installed'}")
    print(f"guard: {r['guard'] or 'the levers may run'}")
    missing = 0
    for lever in r["levers"]:
        applies = lever in r["applied"]
        missing += not applies
        changed = [t for t, f in r["fingerprints"].get(lever, {}).items() if f != CHECKED_AGAINST[lever][t]]
        code = f"changed: {', '.join(changed)}" if changed else "ReportLab's code as checked"
        print(f"  {'applies' if applies else 'off    '}  {lever}  ({code})")
    print(f"{len(r['levers']) - missing} of {len(r['levers'])} levers apply")
    return 1 if missing else 0


def install(requirement: str, where: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--no-warn-script-location", "--target", str(where), requirement], check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--newest", action="store_true",
                       help="install the newest reportlab[accel] in a temporary folder")
    group.add_argument("--release", metavar="VERSION", help="install reportlab[accel]==VERSION in a temporary folder")
    group.add_argument("--record", action="store_true", help="print this ReportLab's fingerprints")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # (the child's answer to its parent)
    opts = ap.parse_args()
    if opts.record:
        print(json.dumps({lever: {t: fingerprint(t) for t in targets} for lever, targets in CHECKED_AGAINST.items()},
                         indent=4))
        return 0
    if opts.newest or opts.release:
        requirement = "reportlab[accel]" + (f"=={opts.release}" if opts.release else "")
        with tempfile.TemporaryDirectory(prefix="briefing-levers-") as d:
            print(f"installing {requirement} into a temporary folder ...", flush=True)
            install(requirement, Path(d))
            env = dict(os.environ, PYTHONPATH=os.pathsep.join([d, str(ROOT)]))
            out = subprocess.run([sys.executable, __file__, "--json"], env=env, cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout
        return print_report(json.loads(out))
    sys.path.insert(0, str(ROOT))
    r = report()
    if opts.json:
        print(json.dumps(r))
        return 0
    return print_report(r)


if __name__ == "__main__":
    sys.exit(main())

"""Shared helpers: run the CLI in a subprocess, read PDFs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "sources" / "afghanistan-resistance"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, str(ROOT / "make_briefing.py"), *args], cwd=cwd or ROOT,
                          capture_output=True, env=e, input=input, timeout=timeout)


@pytest.fixture(scope="session")
def seed_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "seed.pdf"
    r = run_cli("build", str(SEED), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    return out


def pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def norm(s: str) -> str:
    return " ".join(s.split())

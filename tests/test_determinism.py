"""The same briefing builds to the same bytes whenever it is built; its creation
date is the briefing's `date`, or SOURCE_DATE_EPOCH when that is set, never the clock."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.pipeline import build

PROBE = Path(__file__).resolve().parent / "probe" / "probe.yaml"  # date: 2023-05-02


def _clock_at(monkeypatch: pytest.MonkeyPatch, t: float) -> None:
    """Set this process's clock to `t` (seconds since the epoch), for every way of reading it."""
    real_localtime, real_gmtime = time.localtime, time.gmtime
    monkeypatch.setattr(time, "time", lambda: t)
    monkeypatch.setattr(time, "time_ns", lambda: int(t * 1e9))
    monkeypatch.setattr(time, "localtime", lambda s=None: real_localtime(t if s is None else s))
    monkeypatch.setattr(time, "gmtime", lambda s=None: real_gmtime(t if s is None else s))


def _build_at(monkeypatch: pytest.MonkeyPatch, t: float, src: Path, out: Path) -> bytes:
    with monkeypatch.context() as m:
        _clock_at(m, t)
        res = build(str(src), str(out))
    assert res.ok, res.problems
    return out.read_bytes()


def _dates(pdf: Path) -> tuple[str, str]:
    meta = PdfReader(str(pdf)).metadata
    return meta["/CreationDate"], meta["/ModDate"]


def test_builds_a_year_and_some_seconds_apart_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = _build_at(monkeypatch, 1_700_000_000.25, PROBE, tmp_path / "a.pdf")
    b = _build_at(monkeypatch, 1_700_000_000.25 + 366 * 86400 + 3.5, PROBE, tmp_path / "b.pdf")
    assert a == b
    assert _dates(tmp_path / "a.pdf") == ("D:20230502000000+00'00'",) * 2


def test_creation_date_of_a_briefing_dated_to_a_year_is_its_first_day(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    src = tmp_path / "y.yaml"
    src.write_text("title: T\ndate: 2019\n", encoding="utf-8")
    _build_at(monkeypatch, 1_700_000_000, src, tmp_path / "y.pdf")
    assert _dates(tmp_path / "y.pdf") == ("D:20190101000000+00'00'",) * 2


def test_source_date_epoch_sets_the_creation_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13 12:26:40 UTC
    a = _build_at(monkeypatch, 1_700_000_000, PROBE, tmp_path / "a.pdf")
    b = _build_at(monkeypatch, 1_700_000_000 + 86400 + 2, PROBE, tmp_path / "b.pdf")
    assert a == b
    assert _dates(tmp_path / "a.pdf") == ("D:20200913122640+00'00'",) * 2


def test_undated_briefing_has_a_fixed_creation_date(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    src = tmp_path / "u.yaml"
    src.write_text("title: T\n", encoding="utf-8")
    a = _build_at(monkeypatch, 1_700_000_000, src, tmp_path / "a.pdf")
    b = _build_at(monkeypatch, 1_800_000_000, src, tmp_path / "b.pdf")
    assert a == b
    assert _dates(tmp_path / "a.pdf") == ("D:20000101000000+00'00'",) * 2

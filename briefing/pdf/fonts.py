"""Register the style's font families with ReportLab, once per process."""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping, ps2tt, tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..theme import Family


def face(family: str, bold: bool, italic: bool) -> str:
    """The registered font name of one face of a family."""
    return family + ("-Bold" if bold else "") + ("-Italic" if italic else "")


# Families with no italic of their own (Noto Sans Arabic): their "italic" prints upright, in the regular
# or bold face, never as a second copy of the upright font under another name.
_UPRIGHT: set[str] = set()
# Every registered face name: its font file and its family's name.
_FILES: dict[str, tuple[str, str]] = {}


def weight(font_name: str) -> tuple[bool, bool]:
    """Whether a registered face (or family) name is bold, italic."""
    _, bold, italic = ps2tt(font_name)
    return bool(bold), bool(italic)


def parts(font_name: str) -> tuple[str, bool, bool]:
    """A registered face (or family) name's family, and whether it is bold, italic (as `<font face>` reads it)."""
    family, bold, italic = ps2tt(font_name)
    return family, bool(bold), bool(italic)


def mapped(family: str, bold: bool, italic: bool) -> str:
    """The face ReportLab's mapping gives a family's weight and slant (what `<b>`, `<i>` draw in)."""
    return tt2ps(family, int(bold), int(italic))


def registered() -> list[str]:
    """The registered faces, in the order they were registered (the style's families in order)."""
    return list(_FILES)


def file_of(face_name: str) -> str:
    """The font file of a registered face."""
    return _FILES[face_name][0]


def family_of(face_name: str) -> str:
    """The family of a registered face."""
    return _FILES[face_name][1]


def face_of(family: str, bold: bool, italic: bool) -> str:
    """The registered face of a family for this weight and slant (upright where it has no italic)."""
    return face(family, bold, italic and family not in _UPRIGHT)


@cache
def register(fam: Family) -> None:
    """Register the four faces of a family and map <b>/<i> onto them."""
    if fam.italic == fam.regular:
        _UPRIGHT.add(fam.name)
    files = {(0, 0): fam.regular, (1, 0): fam.bold, (0, 1): fam.italic, (1, 1): fam.bold_italic}
    for (b, i), path in files.items():
        name = face(fam.name, bool(b), bool(i))
        pdfmetrics.registerFont(TTFont(name, path))
        _FILES[name] = (path, fam.name)
        addMapping(fam.name, b, i, name)
    # ReportLab resolves <b> on a face name too, so map the faces themselves.
    for (b, i), _ in files.items():
        addMapping(face(fam.name, bool(b), bool(i)), b, i, face(fam.name, bool(b), bool(i)))

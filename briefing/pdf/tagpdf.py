"""The document's metadata: what every build writes in /Info (and, tagged or archival, in XMP).

Every build takes its document information from here (`Info`, the same text in
/Info and in the XMP metadata, tagged or not), and a check warns of values a PDF
string cannot hold whole (`long_strings`). No ReportLab here: `check` loads it.
The structure tree and the rest of a tagged or archival file are written by
`briefing.pdf.writer` as the document is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import labels
from ..errors import Pos, Problem
from ..model import without_bidi_controls as meta
from .strings import STRING_MAX, metadata_text, text

if TYPE_CHECKING:
    from ..model import Briefing


@dataclass(frozen=True)
class Info:
    """The document information, as written in /Info and in the XMP metadata (dates as in PDF)."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""
    creator: str = ""
    producer: str = ""
    lang: str = "en"
    created: str = ""  # D:YYYYMMDDHHmmSS+00'00'
    modified: str = ""  # (empty: when created)
    rtl: bool = False  # a right-to-left document: viewers lay out pages and spreads right to left

    def __post_init__(self) -> None:
        for k in ("title", "author", "subject", "keywords", "creator", "producer"):
            object.__setattr__(self, k, metadata_text(getattr(self, k)))

    def fields(self) -> dict[str, str]:
        """The document information's text entries that say something, as /Info names them."""
        out = {"/Title": self.title, "/Author": self.author, "/Subject": self.subject, "/Keywords": self.keywords,
               "/Creator": self.creator, "/Producer": self.producer}
        return {k: v for k, v in out.items() if v}


def long_strings(b: Briefing) -> list[Problem]:
    """A warning for each value that a PDF string cannot hold whole, where one holds it: the metadata,
    the outline, the description of a link to a source (the page prints it in full)."""
    def over(s: str) -> bool:
        return 4 * len(s) + 2 > STRING_MAX and len(text(meta(s))) > STRING_MAX

    limit = f"(a PDF string holds {STRING_MAX:,} bytes): it is cut short there"
    out: list[Problem] = []

    def warn(pos: Pos, what: str) -> None:
        out.append(Problem(pos, f"{what} {limit}", warning=True))

    if over(b.title):
        warn(b.where.get("title", b.pos), "'title' is too long for the PDF's document information and outline")
    if b.authors and over(", ".join(b.authors)):
        warn(b.where.get("authors", b.pos), "'authors' are too long for the PDF's document information")
    elif not b.authors and b.publisher and over(b.publisher):
        warn(b.where.get("publisher", b.pos), "'publisher' is too long for the PDF's document information")
    if b.subtitle and over(b.subtitle):
        warn(b.where.get("subtitle", b.pos), "'subtitle' is too long for the PDF's document information")
    if over(", ".join(b.keywords)):
        warn(b.where.get("keywords", b.pos), "'keywords' are too long for the PDF's document information")
    for s in b.sections:
        if over(s.title):
            warn(s.where.get("title", s.pos), "this section's 'title' is too long for the PDF's outline")
    words = labels.of(b)
    for src in b.sources:  # (numbered up to the count of sources: the longest number is the last)
        if over(words.word("source_link", n=len(b.sources), title=src.title)):
            warn(src.where.get("title", src.pos), "this source's 'title' is too long for the description of "
                                                  "links to it")
    return out

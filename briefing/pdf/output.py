"""A PDF as this program hands it on: its bytes, and how many pages it has."""

from __future__ import annotations


class PDF(bytes):
    """A PDF file's bytes, with its number of pages (known to whoever made it: its page
    objects may be packed in compressed object streams, where no byte search finds them)."""

    pages: int = 0
    contents: bool = False  # whether it has a table of contents (a handout of it follows it)

    @classmethod
    def of(cls, data: bytes, pages: int, contents: bool = False) -> PDF:
        out = cls(data)
        out.pages, out.contents = pages, contents
        return out

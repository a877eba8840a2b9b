"""A PDF as this program hands it on: its bytes, and how many pages it has."""

from __future__ import annotations


class PDF(bytes):
    """A PDF file's bytes, with its number of pages (known to whoever made it: its page
    objects may be packed in compressed object streams, where no byte search finds them)."""

    pages: int = 0

    @classmethod
    def of(cls, data: bytes, pages: int) -> PDF:
        out = cls(data)
        out.pages = pages
        return out

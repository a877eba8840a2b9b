"""Tagged PDF, the drawing side: the structure tree, made with the story, and the marked-content writer.

Components name the role of what they build, where they build it, with plain attributes on flowables:

    f.role = "P"        a standard structure type: "P", "H1", "H" (a heading one level below the
                        sections around it), "Lbl", "LI", "L", "Sect", "Table", "TH", "Figure", ...;
                        "LBody" continues the list item before it; "Artifact" is decoration
    f.alt = "..."       any flowable with a string `alt` is a Figure with that alternative text;
                        all it draws, wherever it is drawn, is the figure's content
    f.parts = [...]     a flowable that draws other flowables itself: those, in reading order
    f.list_level = 1    a list item nested one level deep

Without a role a paragraph is a P (an LI when it has a bullet: the bullet its Lbl, the text its
LBody); a table, a KeepTogether or a flowable with `parts` stands for its content; a table with the
role "Table" is a data table (TR per row, TH for its repeated header rows and for cells whose
flowable has the role "TH", TD otherwise); anything else is decoration.

`Tagger.placed` makes the structure elements as the story is made, so the tree is in reading
order; each flowable whose drawing is an element's content gets it as `f.elem`, a flowable that
holds others gets its element as `f.group` (for pieces made when it splits). While drawing, a
page is one artifact except where such a flowable draws: its drawing becomes one marked-content
sequence `/P <</MCID n>> BDC ... EMC`, recorded with its element. Every flowable draws through
`Flowable._drawOn`, whoever draws it (the frame, a table cell, a component's own draw method), so
that is where the marking happens; a canvas without a tagger draws as ReportLab does.

The writer (`briefing.pdf.writer`) writes the tree, the ParentTree and the document entries as the
canvas saves the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

from reportlab.platypus import Flowable, Paragraph, Table

ARTIFACT = "/Artifact BMC"
PAGINATION = "/Artifact <</Type /Pagination>> BDC"
HEADINGS = frozenset(f"H{n}" for n in range(1, 7))


class Mark(NamedTuple):
    """A marked-content sequence: page index and MCID."""

    page: int
    mcid: int


class Annot(NamedTuple):
    """A link annotation: page index and its position in the page's annotations."""

    page: int
    index: int


class Elem:
    """A structure element: role, attributes and kids (elements, marks, annotations) in reading order."""

    __slots__ = ("role", "parent", "kids", "alt", "scope", "contents", "actual", "drawn")

    def __init__(self, role: str, parent: Elem | None = None, alt: str | None = None, scope: str | None = None):
        self.role, self.parent, self.kids = role, parent, []
        self.alt, self.scope, self.contents = alt, scope, None
        self.actual: str | None = None  # its replacement text (/ActualText), if any
        self.drawn = False  # whether some content of it, or of an element below it, was drawn
        if parent is not None:
            parent.kids.append(self)

    def add(self, item: Mark | Annot) -> None:
        """A content item of this element (in reading order)."""
        self.kids.append(item)
        e: Elem | None = self
        while e is not None and not e.drawn:
            e.drawn = True
            e = e.parent

    def kid(self, role: str) -> Elem | None:
        """The first kid with this role."""
        return next((k for k in self.kids if isinstance(k, Elem) and k.role == role), None)

    def last(self, *roles: str) -> Elem | None:
        """The last kid, if it is an element with one of these roles."""
        k = self.kids[-1] if self.kids else None
        return k if isinstance(k, Elem) and k.role in roles else None

    def __repr__(self) -> str:
        return f"<{self.role} {len(self.kids)} kids>"


def role_of(f: Flowable, own: bool = True) -> str | None:
    """The role a flowable's component gave it (unless not `own`), else its default (see the module's doc)."""
    r = getattr(f, "role", None) if own else None
    if r is not None:
        return r
    if isinstance(getattr(f, "alt", None), str):
        return "Figure"
    if isinstance(f, Paragraph):
        if not f.bulletText and not f.getPlainText().strip():
            return None  # nothing to read
        return "LI" if f.bulletText else "P"
    return None


def inside(f: Flowable) -> list[Flowable]:
    """The flowables a container draws, in reading order (none for a leaf)."""
    if isinstance(f, Table):
        return [x for row in f._cellvalues for cell in row for x in _cell(cell)]
    parts = getattr(f, "parts", None)
    if parts is not None:
        return [p for p in parts if p is not None]
    content = getattr(f, "_content", None)  # KeepTogether and ReportLab's other containers
    return list(content) if isinstance(content, list) else []


def _cell(cell) -> list[Flowable]:
    if isinstance(cell, (list, tuple)):
        return [x for x in cell if isinstance(x, Flowable)]
    return [cell] if isinstance(cell, Flowable) else []


def inherit(piece: Flowable, whole: Flowable) -> None:
    """A piece of a split flowable stands for the same element as the whole.

    A container that splits may make new flowables for its first piece (a card's
    name, an event's date): each stands for the whole's part in the same place with
    the same role. (A continued piece's repeated header has no role: decoration.)
    """
    d, w = piece.__dict__, whole.__dict__
    for key in ("elem", "group"):
        if key in w and d.get(key) is None:
            d[key] = w[key]
    for p, q in zip(inside(piece), inside(whole), strict=False):
        if p is not q and "role" in p.__dict__ and "elem" not in p.__dict__ and "elem" in q.__dict__ \
                and role_of(p) == role_of(q):
            p.elem = q.elem  # type: ignore[attr-defined]


class Tagger:
    """The structure tree of one document, and the marked content drawn for it.

    `links(target)` describes a link's target ("#src-3" or a URL) for its annotation's
    /Contents, and says whether it is a citation (a Reference).
    """

    def __init__(self, links: Callable[[str], tuple[str, bool]]):
        _install()
        self.root = Elem("Document")
        self.marks: list[list[Elem]] = [[]]  # per page: the element of each MCID
        self.links: list[list[Elem]] = [[]]  # per page: the Link element of each annotation, in order
        self._links = links
        self._sects: list[Elem] = []  # the sections open at the story's current point, outermost first
        self._open: Elem | None = None  # the element whose content is being drawn
        self._within: list[Elem] = []  # elements of the containers being drawn
        self._heading: tuple[Elem, list[Flowable]] | None = None  # the last heading drawn, and its pieces

    # -- the structure, as the story is made -----------------------------------------
    def placed(self, story: Iterable[Flowable]) -> Iterator[Flowable]:
        """The story, each flowable given its place in the tree as it is made."""
        for f in story:
            self.add(f)
            yield f

    def add(self, f: Flowable) -> None:
        """Place one flowable of the story (in reading order)."""
        role = role_of(f)
        if role == "H1":
            self._sects.clear()
            f.elem = Elem("H1", self.root)  # type: ignore[attr-defined]
            return
        outline = getattr(f, "outline", None)
        if role == "H" and outline:  # a heading of the outline opens a section at its level
            del self._sects[outline[1]:]
            s = Elem("Sect", self._sects[-1] if self._sects else self.root)
            self._sects.append(s)
            f.elem = Elem(f"H{len(self._sects) + 1}", s)  # type: ignore[attr-defined]
            return
        self._place(f, self._sects[-1] if self._sects else self.root)

    def _place(self, f: Flowable, parent: Elem, role: str | None = None) -> None:
        role = role or role_of(f)
        if role == "Artifact":
            return
        if role is None:
            for k in inside(f):
                self._place(k, parent)
        elif role == "Table":
            self._table(f, parent)  # type: ignore[arg-type]
        elif role == "LI":
            self._item(f, parent)
        elif role == "LBody":  # more of the list item just placed
            lst = parent.last("L")
            item = lst.last("LI") if lst else None
            body = item.last("LBody") if item else None
            self._place(f, body or parent, role_of(f, own=False))
        elif role != "Figure" and inside(f):  # a container with a role: its parts are placed in its element
            e = Elem(role, parent)
            f.group = e  # type: ignore[attr-defined]
            for k in inside(f):
                self._place(k, e)
        elif role == "H":
            f.elem = Elem(f"H{min(6, _depth(parent))}", parent)  # type: ignore[attr-defined]
        else:
            f.elem = Elem(role, parent, alt=getattr(f, "alt", None))  # type: ignore[attr-defined]

    def _list(self, parent: Elem, level: int) -> Elem:
        """The list an item at `level` joins: the one just placed (or nested in its last item), else a new one."""
        lst = parent if parent.role == "L" else (parent.last("L") or Elem("L", parent))
        for _ in range(level):
            item = lst.last("LI")
            body = item.last("LBody") if item else None
            if body is None:
                break
            lst = body.last("L") or Elem("L", body)
        return lst

    def _item(self, f: Flowable, parent: Elem) -> None:
        item = Elem("LI", self._list(parent, getattr(f, "list_level", 0)))
        parts = inside(f)
        if not parts:  # a paragraph: its bullet is the label, its text the body (see draw)
            if isinstance(f, Paragraph) and f.bulletText:
                Elem("Lbl", item)
            Elem("LBody", item)
            f.elem = item  # type: ignore[attr-defined]
            return
        f.group = item  # type: ignore[attr-defined]
        body: Elem | None = None
        for k in parts:
            if role_of(k) == "Lbl":
                k.elem = item.kid("Lbl") or Elem("Lbl", item)  # type: ignore[attr-defined]
            else:
                body = body or Elem("LBody", item)
                self._place(k, body)

    def _table(self, t: Table, parent: Elem) -> None:
        rows = t._cellvalues
        heads = t.repeatRows if isinstance(t.repeatRows, int) else 0
        start, table = 0, None
        if heads and rows:  # a long table laid out in parts shares its header row: the parts are one table
            done = [x.__dict__.get("elem") for x in _cell(rows[0][0])]
            if done and done[0] is not None and done[0].parent is not None:
                table, start = done[0].parent.parent, heads
        if table is None:
            table = Elem("Table", parent)
        t.group = table  # type: ignore[attr-defined]
        for i, row in enumerate(rows[start:], start):
            tr = Elem("TR", table)
            for cell in row:
                items = _cell(cell)
                head = i < heads or any(role_of(x) == "TH" for x in items)
                c = Elem("TH" if head else "TD", tr, scope=("Column" if i < heads else "Row") if head else None)
                if len(items) == 1 and role_of(items[0]) in ("P", "TH", "TD"):
                    items[0].elem = c  # type: ignore[attr-defined]  # one paragraph: the cell's own text
                else:
                    for x in items:
                        self._place(x, c)

    # -- drawing ---------------------------------------------------------------------
    def draw(self, f: Flowable, canv, plain: Callable[[Flowable, object], None]) -> None:
        """Draw `f` with `plain`, as marked content of its element if it has one."""
        d = f.__dict__
        if self._open is not None:  # inside an element's content: all of it belongs there
            plain(f, canv)
            return
        group = d.get("group")
        if group is not None:
            self._within.append(group)
            try:
                plain(f, canv)
            finally:
                self._within.pop()
            return
        e = d.get("elem")
        if e is None or d.get("_drawn"):  # decoration, or a repeat (a header row on a later page)
            plain(f, canv)
            return
        d["_drawn"] = True
        if e.role in HEADINGS:
            if self._heading is not None and self._heading[0] is e:
                self._continued(f, canv, plain)
                return
            self._heading = (e, [f])
        code = canv._code
        if code and code[-1] == ARTIFACT:
            code.pop()
        else:
            code.append("EMC")
        if e.role == "LI":
            self._draw_item(f, canv, plain, e)
        else:
            code.append(self._begin(e))
            self._open = e
            try:
                plain(f, canv)
            finally:
                self._open = None
        code.append("EMC")
        code.append(ARTIFACT)

    def _continued(self, f: Flowable, canv, plain) -> None:
        """The rest of a heading too long for a page, drawn on the next.

        A heading's content is one marked-content sequence, on the page where it begins, as checkers
        of PDF/UA expect of a heading (pdfua's rule on empty headings fails on a heading with more);
        the rest is drawn as decoration, and the heading's /ActualText is the whole of it.
        """
        e, pieces = self._heading  # type: ignore[misc]
        pieces.append(f)
        e.actual = " ".join(" ".join(_plain_text(p).split()) for p in pieces)
        plain(f, canv)

    def _draw_item(self, f: Flowable, canv, plain, item: Elem) -> None:
        """A bulleted paragraph: the bullet (its first text object) as the Lbl, the rest as the LBody."""
        code = canv._code
        body = item.last("LBody")
        label = item.kid("Lbl") if getattr(f, "bulletText", None) else None
        code.append(self._begin(label or body))
        n = len(code)
        self._open = body  # links are in the text
        try:
            plain(f, canv)
        finally:
            self._open = None
        if label is not None:
            i = next((j for j in range(n, len(code)) if code[j].startswith("BT")), None)
            if i is not None:
                code.insert(i + 1, "EMC\n" + self._begin(body))

    def _begin(self, e: Elem) -> str:
        page = self.marks[-1]
        mcid = len(page)
        page.append(e)
        e.add(Mark(len(self.marks) - 1, mcid))
        return f"/{e.role} <</MCID {mcid}>> BDC"

    def start_page(self, canv) -> None:
        canv._code.append(ARTIFACT)

    def end_page(self, canv) -> None:
        code = canv._code
        if code and code[-1] == ARTIFACT:
            code.pop()
        else:
            code.append("EMC")
        self.marks.append([])
        self.links.append([])

    def link(self, target: str) -> Elem:
        """A link annotation is being made on the current page: its Link element (its last kid: the
        annotation's place, `Annot`)."""
        parent = self._open or (self._within[-1] if self._within else self.root)
        text, citation = self._links(target)
        if citation:
            parent = Elem("Reference", parent)
        e = Elem("Link", parent)
        e.contents = text
        page = self.links[-1]
        e.add(Annot(len(self.links) - 1, len(page)))
        page.append(e)
        return e


@contextmanager
def decoration(canv) -> Iterator[None]:
    """Page decoration (running header, footer, marking bands) as a pagination artifact."""
    if getattr(canv, "tagger", None) is None:
        yield
        return
    canv._code.append(PAGINATION)
    yield
    canv._code.append("EMC")


def _plain_text(f: Flowable) -> str:
    """The text of a paragraph, or of the pieces of a long one (`longtext.LongPara`)."""
    if isinstance(f, Paragraph):
        frags = getattr(f, "frags", None) or ()
        if frags and hasattr(frags[0], "words"):  # a piece of a split paragraph in one font: its words
            return " ".join(w for fr in frags for w in fr.words)
        return f.getPlainText()
    return " ".join(_plain_text(p) for p in getattr(f, "pieces", ()))


def _depth(e: Elem | None) -> int:
    """A heading's level inside `e`: one more than the sections around it (the document's title is 1)."""
    n = 1
    while e is not None:
        n += e.role == "Sect"
        e = e.parent
    return n


_plain_draw = Flowable._drawOn


def _draw(self: Flowable, canv) -> None:
    tagger = getattr(canv, "tagger", None)
    if tagger is None:
        _plain_draw(self, canv)
    else:
        tagger.draw(self, canv, _plain_draw)


def _install() -> None:
    """Route every flowable's drawing through the canvas's tagger (once per process)."""
    Flowable._drawOn = _draw  # type: ignore[method-assign]

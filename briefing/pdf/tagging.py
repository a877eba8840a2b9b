"""Tagged PDF, the drawing side: the structure tree, made with the story, and the marked-content writer.

Components say what a flowable is with `tag`, where they build it; the tagger keeps it in a side table
(`Tag`, looked up by `tag_of`), never on the flowable:

    tag(f, role="P")        a standard structure type: "P", "H1", "H" (a heading one level below the
                            sections around it), "Lbl", "LI", "L", "Sect", "Table", "TH", "Figure", ...;
                            "LBody" continues the list item before it; "Artifact" is decoration
    tag(f, section=1)       (with role "H") a heading that opens a section at this outline level
    tag(f, alt="...")       a Figure with that alternative text (or a function of `f` giving it, asked
                            once, when placed); all it draws, wherever it is drawn, is the figure's content
    tag(f, parts=[...])     a flowable that draws other flowables itself: those, in reading order
    tag(f, list_level=1)    a list item nested one level deep
    tag(f, content_of=g)    what `f` draws is more of the content of `g`'s element (a graphic's key)

Without a role a paragraph is a P (an LI when it has a bullet: the bullet its Lbl, the text its
LBody); a table, a KeepTogether or a flowable with `parts` stands for
its content; a table with the role "Table" is a data table (TR per row, TH for its repeated header
rows and for cells whose flowable has the role "TH", TD otherwise); anything else is decoration.

`Tagger.placed` makes the structure elements as the story is made, so the tree is in reading
order; each flowable whose drawing is an element's content gets it as its tag's `elem`, a flowable
that holds others gets its element as its tag's `holds` (for pieces made when it splits: `inherit`).
While drawing, a page is one artifact except where such a flowable draws: its drawing becomes one
marked-content sequence `/P <</MCID n>> BDC ... EMC`, recorded with its element. Marked content is
opened and closed by `marked`, and only there.

Every flowable draws through ReportLab's `Flowable._drawOn`, whoever draws it (the frame, a table
cell, a component's own draw method), so that is where the marking happens: `install` routes it
through the canvas's tagger (once per process, from the render path); a canvas without a tagger
draws exactly as ReportLab does.

The writer (`briefing.pdf.writer`) writes the tree, the ParentTree and the document entries as the
canvas saves the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, NamedTuple
from weakref import ref

from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph, Table

from . import rl

HEADINGS = frozenset(f"H{n}" for n in range(1, 7))


class Mark(NamedTuple):
    """A marked-content sequence: page index and MCID."""

    page: int
    mcid: int


class Annot(NamedTuple):
    """A link annotation: page index and its position in the page's annotations."""

    page: int
    slot: int  # (not `index`: that is a tuple's method)


class Elem:
    """A structure element: role, attributes and kids (elements, marks, annotations) in reading order."""

    __slots__ = ("role", "parent", "kids", "alt", "scope", "contents", "actual", "drawn")

    def __init__(self, role: str, parent: Elem | None = None, alt: str | None = None, scope: str | None = None):
        self.role, self.parent = role, parent
        self.kids: list[Elem | Mark | Annot] = []
        self.alt, self.scope = alt, scope
        self.contents: str | None = None
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


class Tag:
    """What one flowable is in the structure tree: what its component said (see the module's doc), then
    what the tagger made of it: `section`, a heading's outline level (it opens a section there);
    `content_of`, the flowable whose element its drawing is more of the content of; `elem`, the element its
    drawing is the content of; `holds`, the element its parts are placed in; `drawn`, whether its content
    is drawn (a repeat, a table's header row on a later page, is not); `alive`, its flowable (the entry
    goes with it)."""

    __slots__ = ("role", "alt", "parts", "list_level", "section", "content_of", "elem", "holds", "drawn", "alive")

    def __init__(self) -> None:
        self.role: str | None = None
        self.alt: str | Callable[[Flowable], str] | None = None
        self.parts: list[Flowable] | None = None
        self.list_level = 0
        self.section: int | None = None
        self.content_of: Flowable | None = None
        self.elem: Elem | None = None
        self.holds: Elem | None = None
        self.drawn = False
        self.alive: ref[Flowable] | None = None


# The side table: a tag by its flowable's id, for as long as the flowable lives (a WeakKeyDictionary
# that is read without a Python call: the tagger looks flowables up a few times each).
_TAGS: dict[int, Tag] = {}


def tag(f: Flowable, *, role: str | None = None, alt: str | Callable[[Flowable], str] | None = None,
        parts: Iterable[Flowable | None] | None = None, list_level: int | None = None, section: int | None = None,
        content_of: Flowable | None = None) -> Tag:
    """Say what `f` is in the structure tree (see the module's doc); arguments left out keep what was said."""
    t = _TAGS.get(id(f))
    if t is None:
        key = id(f)
        t = _TAGS[key] = Tag()
        t.alive = ref(f, partial(_forget, key))
    if role is not None:
        t.role = role
    if alt is not None:
        t.alt = alt
    if parts is not None:
        t.parts = [x for x in parts if x is not None]
    if list_level is not None:
        t.list_level = list_level
    if section is not None:
        t.section = section
    if content_of is not None:
        t.content_of = content_of
    return t


def _forget(key: int, _: object) -> None:
    """A flowable is gone: its tag goes."""
    _TAGS.pop(key, None)


def tag_of(f: Flowable) -> Tag | None:
    """What was said of `f`, if anything."""
    return _TAGS.get(id(f))


def _alt(f: Flowable, t: Tag | None) -> str | None:
    if t is None or t.alt is None:
        return None
    if not isinstance(t.alt, str):
        t.alt = t.alt(f)
    return t.alt


def role_of(f: Flowable, own: bool = True) -> str | None:
    """The role a flowable's component gave it (unless not `own`), else its default (see the module's doc)."""
    t = _TAGS.get(id(f))
    if own and t is not None and t.role is not None:
        return t.role
    if t is not None and t.alt is not None:
        return "Figure"
    lead = _lead(f)
    if lead is not None:
        if not lead.bulletText and not any(p.getPlainText().strip() for p in _pieces(f)):
            return None  # nothing to read
        return "LI" if lead.bulletText else "P"
    return None


def _is_paragraph(f: object) -> bool:
    """A ReportLab paragraph, or one the text engine sets (`textpara.TextPara`, which says so)."""
    return isinstance(f, Paragraph) or getattr(type(f), "text_paragraph", False)


def _pieces(f: Flowable) -> list[Paragraph]:
    """The paragraphs a paragraph is drawn as: itself; none for another flowable."""
    return [f] if _is_paragraph(f) else []  # (a TextPara has what is read of one: bulletText, getPlainText)


def _lead(f: Flowable) -> Paragraph | None:
    """The paragraph that says what a paragraph is (its bullet, if any)."""
    return f if _is_paragraph(f) else None


def inside(f: Flowable) -> list[Flowable]:
    """The flowables a container draws, in reading order (none for a leaf)."""
    if isinstance(f, Table):
        return [x for row in _cells(f) for cell in row for x in _cell(cell)]
    t = _TAGS.get(id(f))
    if t is not None and t.parts is not None:
        return t.parts
    return rl.contents(f)  # KeepTogether and ReportLab's other containers


def _cells(t: Table) -> list[list[object]]:
    """A table's cells row by row, each row in reading order: a right-to-left table (`columns_reversed`)
    draws its first column rightmost, and is read from it."""
    rows = rl.table_cells(t)
    return [row[::-1] for row in rows] if getattr(t, "columns_reversed", False) else rows


def _cell(cell: object) -> list[Flowable]:
    if isinstance(cell, (list, tuple)):
        return [x for x in cell if isinstance(x, Flowable)]
    return [cell] if isinstance(cell, Flowable) else []


def inherit(piece: Flowable, whole: Flowable) -> None:
    """A piece of a split flowable stands for the same element as the whole.

    A container that splits may make new flowables for its first piece (a card's
    name, an event's date): each stands for the whole's part in the same place with
    the same role. (A continued piece's repeated header has no role: decoration.)
    """
    w = _TAGS.get(id(whole))
    if w is not None and (w.elem is not None or w.holds is not None):
        t = tag(piece)
        t.elem = t.elem or w.elem
        t.holds = t.holds or w.holds
    for p, q in zip(inside(piece), inside(whole), strict=False):
        tp, tq = _TAGS.get(id(p)), _TAGS.get(id(q))
        if p is not q and tp is not None and tp.role is not None and tp.elem is None \
                and tq is not None and tq.elem is not None and role_of(p) == role_of(q):
            tp.elem = tq.elem


class Tagger:
    """The structure tree of one document, and the marked content drawn for it.

    `links(target)` describes a link's target ("#src-3" or a URL) for its annotation's
    /Contents, and says whether it is a citation (a Reference).
    """

    def __init__(self, links: Callable[[str], tuple[str, bool]]):
        if Flowable._drawOn is not _draw:
            raise RuntimeError("tagging.install() first: flowables draw as ReportLab's, unmarked")
        self.root = Elem("Document")
        self.marks: list[list[Elem]] = [[]]  # per page: the element of each MCID
        self.links: list[list[Elem]] = [[]]  # per page: the Link element of each annotation, in order
        self._links = links
        self._sects: list[Elem] = []  # the sections open at the story's current point, outermost first
        self._open: Elem | None = None  # the element whose content is being drawn
        self._within: list[Elem] = []  # elements of the containers being drawn
        self._heading: tuple[Elem, list[Flowable]] | None = None  # the last heading drawn, and its pieces
        self._gap: marked | None = None  # the page's artifact between elements' content (see start_page, draw)
        self._body_at: int | None = None  # the root's kids before page 1's (those of a cover)
        self._at: int | None = None  # the page drawn on, when it is not the last (see insert_page)
        # pages being put in (see insert_page): where, how many, the annotations by place to move with them
        self._run: tuple[int, int, dict[Annot, Any]] | None = None

    # -- the structure, as the story is made -----------------------------------------
    def placed(self, story: Iterable[Flowable]) -> Iterator[Flowable]:
        """The story, each flowable given its place in the tree as it is made."""
        for f in story:
            self.add(f)
            yield f

    def add(self, f: Flowable) -> None:
        """Place one flowable of the story (in reading order)."""
        if self._body_at is None and getattr(f, "opens_body", False):
            self._body_at = len(self.root.kids)
        role = role_of(f)
        if role == "H1":
            self._sects.clear()
            tag(f).elem = Elem("H1", self.root)
            return
        t = _TAGS.get(id(f))
        if role == "H" and t is not None and t.section is not None:  # a heading of the outline opens a section
            del self._sects[t.section:]
            s = Elem("Sect", self._sects[-1] if self._sects else self.root)
            self._sects.append(s)
            t.elem = Elem(f"H{len(self._sects) + 1}", s)
            return
        self._place(f, self._sects[-1] if self._sects else self.root)

    def _place(self, f: Flowable, parent: Elem, role: str | None = None) -> None:
        role = role or role_of(f)
        if role == "Artifact":
            return
        if role is None:
            for k in inside(f):
                self._place(k, parent)
        elif role == "Table" and isinstance(f, Table):
            self._table(f, parent)
        elif role == "LI":
            self._item(f, parent)
        elif role == "LBody":  # more of the list item just placed
            lst = parent.last("L")
            item = lst.last("LI") if lst else None
            body = item.last("LBody") if item else None
            self._place(f, body or parent, role_of(f, own=False))
        elif role != "Figure" and inside(f):  # a container with a role: its parts are placed in its element
            e = Elem(role, parent)
            tag(f).holds = e
            for k in inside(f):
                self._place(k, e)
        elif role == "H":
            tag(f).elem = Elem(f"H{min(6, _depth(parent))}", parent)
        else:
            tag(f).elem = Elem(role, parent, alt=_alt(f, _TAGS.get(id(f))))

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
        t = tag(f)
        item = Elem("LI", self._list(parent, t.list_level))
        parts = inside(f)
        if not parts:  # a paragraph: its bullet is the label, its text the body (see draw)
            lead = _lead(f)
            if lead is not None and lead.bulletText:
                Elem("Lbl", item)
            Elem("LBody", item)
            t.elem = item
            return
        t.holds = item
        body: Elem | None = None
        for k in parts:
            if role_of(k) == "Lbl":
                tag(k).elem = item.kid("Lbl") or Elem("Lbl", item)
            else:
                body = body or Elem("LBody", item)
                self._place(k, body)

    def _table(self, t: Table, parent: Elem) -> None:
        rows = _cells(t)
        heads = t.repeatRows if isinstance(t.repeatRows, int) else 0
        start, table = 0, None
        if heads and rows:  # a long table laid out in parts shares its header row: the parts are one table
            done = [k.elem if (k := _TAGS.get(id(x))) is not None else None for x in _cell(rows[0][0])]
            if done and done[0] is not None and done[0].parent is not None:
                table, start = done[0].parent.parent, heads
        if table is None:
            table = Elem("Table", parent)
        tag(t).holds = table
        for i, row in enumerate(rows[start:], start):
            tr = Elem("TR", table)
            for cell in row:
                items = _cell(cell)
                head = i < heads or any(role_of(x) == "TH" for x in items)
                c = Elem("TH" if head else "TD", tr, scope=("Column" if i < heads else "Row") if head else None)
                if len(items) == 1 and role_of(items[0]) in ("P", "TH", "TD"):
                    tag(items[0]).elem = c  # one paragraph: the cell's own text
                else:
                    for x in items:
                        self._place(x, c)

    # -- drawing ---------------------------------------------------------------------
    def draw(self, f: Flowable, canv, plain: Callable[[Flowable, object], None]) -> None:
        """Draw `f` with `plain`, as marked content of its element if it has one."""
        if self._open is not None:  # inside an element's content: all of it belongs there
            plain(f, canv)
            return
        t = _TAGS.get(id(f))
        if t is not None and t.holds is not None:
            self._within.append(t.holds)
            try:
                plain(f, canv)
            finally:
                self._within.pop()
            return
        e = t.elem if t is not None else None
        if e is None and t is not None and t.content_of is not None:
            whole = _TAGS.get(id(t.content_of))
            e = whole.elem if whole is not None else None
        if t is None or e is None or t.drawn:  # decoration, or a repeat (a header row on a later page)
            plain(f, canv)
            return
        t.drawn = True
        if e.role in HEADINGS:
            if self._heading is not None and self._heading[0] is e:
                self._continued(f, canv, plain)
                return
            self._heading = (e, [f])
        if self._gap is not None:
            self._gap.close()
        if e.role == "LI":
            self._draw_item(f, canv, plain, e)
        else:
            self._open = e
            seq = self._marked(canv, e).open()
            try:
                plain(f, canv)
            finally:
                self._open = None
            seq.close()
        self._gap = marked(canv, "Artifact", keep_empty=False).open()

    def _continued(self, f: Flowable, canv, plain) -> None:
        """The rest of a heading too long for a page, drawn on the next.

        A heading's content is one marked-content sequence, on the page where it begins, as checkers
        of PDF/UA expect of a heading (pdfua's rule on empty headings fails on a heading with more);
        the rest is drawn as decoration, and the heading's /ActualText is the whole of it.
        """
        assert self._heading is not None  # (called for the heading last drawn)
        e, pieces = self._heading
        pieces.append(f)
        e.actual = " ".join(" ".join(_plain_text(p).split()) for p in pieces)
        plain(f, canv)

    def _draw_item(self, f: Flowable, canv, plain, item: Elem) -> None:
        """A list item's paragraph: its bullet as the Lbl, the rest as the LBody.

        ReportLab draws a bulleted paragraph as two text objects, the bullet's, then the text's
        (`paragraph._drawBullet`, then the lines): the label's sequence ends when the bullet's text
        object is drawn, and the body's begins. What is drawn first is checked to be the bullet (where it
        begins, how far it goes), and there must be two (or more): anything
        else stops the build, never mis-tags.
        """
        body = item.last("LBody")
        assert body is not None  # (made with the item, see _item)
        lead = _lead(f)
        label = item.kid("Lbl") if lead is not None and lead.bulletText else None
        if label is None:
            self._open = body  # links are in the text
            try:
                with self._marked(canv, body):
                    plain(f, canv)
            finally:
                self._open = None
            return
        assert lead is not None
        text: list[Mark] = []  # the body's, once begun (a kid of the body after the links in it, as drawn)
        seq = [self._marked(canv, label).open()]
        with rl.text_objects(canv) as drawn:

            def after(n: int, tx: PDFTextObject, origin: tuple[float, float]) -> None:
                if n == 0:
                    _check_bullet(lead, canv, tx, origin)
                    seq[0].close()
                    text.append(self._mark(body))
                    seq[0] = marked(canv, body.role, text[0].mcid).open()

            drawn.after = after
            self._open = body  # links are in the text
            try:
                plain(f, canv)
            finally:
                self._open = None
            seq[0].close()
            # (a long paragraph's pieces: the first draws the bullet's and its text's, each other piece its text's)
            if drawn.count != 0 and not (drawn.count == 2 if lead is f else drawn.count >= 2):
                raise RuntimeError(f"a bulleted paragraph drawn as {drawn.count} text objects, not the bullet's and"
                                   " the text's: its label cannot be told apart")
        for m in text:
            body.add(m)

    def _page(self) -> int:
        if self._at is not None:
            return self._at
        if self._run is not None:
            self.settle()
        return len(self.marks) - 1

    def _mark(self, e: Elem) -> Mark:
        """The next marked-content sequence on this page, for `e` (not yet its kid)."""
        i = self._page()
        page = self.marks[i]
        page.append(e)
        return Mark(i, len(page) - 1)

    def _marked(self, canv, e: Elem) -> marked:
        """The content of `e`: its next marked-content sequence on this page."""
        m = self._mark(e)
        e.add(m)
        return marked(canv, e.role, m.mcid)

    def start_page(self, canv) -> None:
        self._gap = marked(canv, "Artifact", keep_empty=False).open()

    def end_page(self, canv) -> None:
        if self._gap is not None:
            self._gap.close()
            self._gap = None
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
        i = self._page()
        page = self.links[i]
        e.add(Annot(i, len(page)))
        page.append(e)
        return e

    # -- front matter made as the document is saved (a table of contents) ---------------
    def front(self, story: list[Flowable], role: str) -> None:
        """Place `story` in one element of `role`, before page 1's elements (after a cover's)."""
        e = Elem(role)
        e.parent = self.root
        self.root.kids.insert(self._body_at or 0, e)
        for f in story:
            self._place(f, e)

    def insert_page(self, at: int, canv, annotations: dict[Annot, Any]) -> None:
        """A page is put before page index `at` (the pages from there move one on, in the marks, the links and
        the `annotations` by place, which is changed in place); what is drawn next is on it.

        Pages put in one after another (`at`, `at` + 1...: a table of contents) are drawn as pages after the
        last, then moved to their place, and the others after them, in one walk of the tree (`settle`, when
        the run of pages ends: a page put in elsewhere, content drawn on no page put in, or the tree read).
        """
        if self._run is not None and (at != self._run[0] + self._run[1] or annotations is not self._run[2]):
            self.settle()
        first, count = (at, 0) if self._run is None else self._run[:2]
        self._run = (first, count + 1, annotations)
        self.marks.append([])
        self.links.append([])
        self._at = len(self.marks) - 1
        self.start_page(canv)

    def settle(self) -> None:
        """Put the pages drawn after the last (`insert_page`) in their place: every mark and annotation of
        the tree, and every annotation by place, numbered by the pages as they will be printed."""
        if self._run is None:
            return
        at, count, annotations = self._run
        self._run = None
        drawn = len(self.marks) - count  # the index of the first page put in, as it was drawn

        def place(page: int) -> int:
            return at + page - drawn if page >= drawn else page + count

        self.marks[at:] = self.marks[drawn:] + self.marks[at:drawn]
        self.links[at:] = self.links[drawn:] + self.links[at:drawn]
        todo = [self.root]
        while todo:
            e = todo.pop()
            kids = e.kids
            for n, k in enumerate(kids):
                if isinstance(k, Elem):
                    todo.append(k)
                elif k.page >= at:
                    kids[n] = type(k)(place(k.page), k[1])  # (a Mark or an Annot, as `_replace` makes it, faster)
        moved = {(Annot(place(k.page), k.slot) if k.page >= at else k): v for k, v in annotations.items()}
        annotations.clear()
        annotations.update(moved)

    def end_inserted(self, canv) -> None:
        """The page put in by `insert_page` is drawn."""
        if self._gap is not None:
            self._gap.close()
            self._gap = None
        self._at = None


class marked:  # noqa: N801 -- used as a function, in a with statement
    """One marked-content sequence on a canvas: `/Tag <</MCID n>> BDC` (or `/Tag BMC`, or with `props`) when
    entered (or opened), `EMC` when left (or closed: a sequence that spans calls, as a page's artifact
    between elements does). The only writer of marked-content operators.

    `keep_empty=False`: a sequence in which nothing was drawn is not written at all. `code`: the operators
    of a text object being made (a line's replacement text, `/Span <</ActualText ...>>`, inside it),
    instead of the page's.
    """

    __slots__ = ("canv", "opener", "keep_empty", "_at", "_code")

    def __init__(self, canv, tag: str, mcid: int | None = None, props: str | None = None, keep_empty: bool = True,
                 code: list[str] | None = None):
        if mcid is not None:
            props = f"<</MCID {mcid}>>"
        self.canv, self.keep_empty, self._code = canv, keep_empty, code
        self.opener = f"/{tag} {props} BDC" if props else f"/{tag} BMC"
        self._at = -1

    def open(self) -> marked:
        code = self.canv._code if self._code is None else self._code  # (rl.page_code, inline: hot path)
        code.append(self.opener)
        self._at = len(code)
        return self

    def close(self) -> None:
        code = self.canv._code if self._code is None else self._code
        if not self.keep_empty and len(code) == self._at and code[-1] is self.opener:
            code.pop()
        else:
            code.append("EMC")

    def __enter__(self) -> marked:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def decoration(canv) -> Iterator[None]:
    """Page decoration (running header, footer, marking bands) as a pagination artifact."""
    if getattr(canv, "tagger", None) is None:
        yield
        return
    with marked(canv, "Artifact", props="<</Type /Pagination>>"):
        yield


def _check_bullet(f: Paragraph, canv, tx: PDFTextObject, origin: tuple[float, float]) -> None:
    """The text object `tx`, begun at `origin`, draws `f`'s bullet and nothing else (else RuntimeError)."""
    st, bullet = f.style, f.bulletText
    if isinstance(bullet, str):
        width = canv.stringWidth(bullet, getattr(f, "bullet_font", st.bulletFontName), st.bulletFontSize)
    else:  # fragments
        width = sum(canv.stringWidth(x.text, x.fontName, x.fontSize) for x in bullet)
    if abs(tx.getX() - origin[0] - width) > 1e-6 or tx.getY() != origin[1]:
        raise RuntimeError(f"the first text a bulleted paragraph draws is not its bullet {bullet!r}: "
                           "its label cannot be told apart")


def _plain_text(f: Flowable) -> str:
    """The text of a paragraph."""
    if getattr(type(f), "text_paragraph", False):
        return f.getPlainText()
    if isinstance(f, Paragraph):
        frags = getattr(f, "frags", None) or ()
        if frags and hasattr(frags[0], "words"):  # a piece of a split paragraph in one font: its words
            return " ".join(w for fr in frags for w in fr.words)
        return f.getPlainText()
    return ""


def _depth(e: Elem | None) -> int:
    """A heading's level inside `e`: one more than the sections around it (the document's title is 1)."""
    n = 1
    while e is not None:
        n += e.role == "Sect"
        e = e.parent
    return n


_plain_draw = Flowable._drawOn  # ReportLab's


def _draw(self: Flowable, canv) -> None:
    tagger = getattr(canv, "tagger", None)
    if tagger is None:
        _plain_draw(self, canv)
    else:
        tagger.draw(self, canv, _plain_draw)


def install() -> None:
    """Route every flowable's drawing through its canvas's tagger, if it has one (for the whole process).

    ReportLab gives no hook where any flowable is drawn, whoever draws it, but `Flowable._drawOn`;
    this replaces it with one that calls ReportLab's own for a canvas without a tagger, so an untagged
    canvas draws exactly as before. Idempotent; called by the render path before a `Tagger` is made.
    """
    Flowable._drawOn = _draw


def uninstall() -> None:
    """ReportLab's own `Flowable._drawOn` again (for tests)."""
    Flowable._drawOn = _plain_draw

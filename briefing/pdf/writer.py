"""Tagged and archival PDF, the file side: written with the pages, in the pass that saves the document.

In: the canvas about to save (every page shown), the structure tree and marked
content the drawing recorded (`pdf.tagging.Tagger`, or None for an untagged
PDF), the document's metadata. Added as ReportLab objects: the structure tree
(StructTreeRoot, StructElems, a ParentTree as a balanced number tree), the
entries a tagged PDF needs (MarkInfo, Lang, DisplayDocTitle, each page's
/StructParents and tab order by structure, each link's /StructParent and
description), XMP metadata synchronised with the document information and
naming PDF/UA-1; with `pdfa`, PDF/A-2 (2a when tagged, 2b when not): an sRGB
output intent and the PDF/A identification, and annotations that print.

ReportLab's catalog and page objects write only the keys their class lists
(`__NoDefault__`); the keys PDF/A and PDF/UA need beyond those
(/OutputIntents, a page's /StructParents and /Tabs) are added to the list of
that one object.

The structure tree is most of a tagged file's objects, and its links the most
of the rest: their dictionaries are written here as bytes (`Written`, `AmendedLink`),
the bytes ReportLab's generic formatting would give, in the order it would number them.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from reportlab.pdfbase.pdfdoc import (
    Annotation,
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFInfo,
    PDFName,
    PDFObject,
    PDFPage,
    PDFStream,
)

from .pack import Written, dictionary, name_bytes
from .strings import pdf_string
from .tagging import Annot, Elem, Mark

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from .tagging import Tagger
    from .tagpdf import Info


class DocumentInfo(PDFInfo):
    """The document information: the text entries of `Info` and its dates, in the one text encoding."""

    def __init__(self, info: Info):
        super().__init__()
        self.info = info
        # (what ReportLab's document ID is made from)
        self.title, self.author, self.subject, self.keywords = info.title, info.author, info.subject, info.keywords

    def format(self, document) -> bytes:
        d = {k[1:]: pdf_string(v) for k, v in self.info.fields().items()}
        if self.info.created:
            d["CreationDate"] = pdf_string(self.info.created)
            d["ModDate"] = pdf_string(self.info.modified or self.info.created)
        return PDFDictionary(d).format(document)


class AmendedLink(PDFObject):
    """A link annotation ReportLab made, with the entries the structure tree and PDF/A give it.

    (ReportLab's internal links, `LinkAnnotation`, take no /StructParent: the entries are added to
    the dictionary it makes when the file is written.)
    """

    def __init__(self, annotation: PDFObject):
        self.annotation = annotation
        self.entries: dict[str, object] = {"F": 4}  # it prints (PDF/A)

    def format(self, document) -> bytes:
        a = self.annotation
        d = a.Dict() if isinstance(a, Annotation) else a
        return dictionary({**d.dict, **self.entries}, document)


def finish(canv: Canvas, tagger: Tagger | None, info: Info, pdfa: bool,
           annotations: dict[Annot, AmendedLink]) -> None:
    """Add to the document of `canv` (every page shown, not yet saved) its structure tree (if `tagger`),
    metadata and, if `pdfa`, PDF/A-2 entries. `annotations`: each link annotation by its place."""
    from . import xmp  # (imported here: a plain build loads no XML library)

    doc = canv._doc
    pages: list[PDFPage] = doc.Pages.pages
    for i, page in enumerate(pages):
        page.Trans = None  # (ReportLab's empty page transition says nothing)
        if tagger is not None:
            page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
            page.StructParents = i
            page.Tabs = PDFName("S")
    if tagger is not None:
        canv.setCatalogEntry("StructTreeRoot", structure(doc, tagger, pages, annotations))
        canv.setCatalogEntry("MarkInfo", {"Marked": "true"})
        canv.setViewerPreference("DisplayDocTitle", "true")
    canv.setCatalogEntry("Lang", pdf_string(info.lang))
    unique_subsets(doc)
    doc.info = DocumentInfo(info)
    level = ("A" if tagger is not None else "B") if pdfa else None
    packet = xmp.packet(info.fields(), info.lang, info.created, info.modified, tagger is not None, level)
    canv.setCatalogEntry("Metadata", PDFStream(PDFDictionary({"Type": PDFName("Metadata"),
                                                              "Subtype": PDFName("XML")}), packet))
    if pdfa:
        icc = PDFStream(PDFDictionary({"N": 3}), xmp.srgb_profile())
        intent = PDFDictionary({k: PDFName(v) if k in ("Type", "S") else pdf_string(v)
                                for k, v in xmp.OUTPUT_INTENT.items()})
        intent["DestOutputProfile"] = icc
        catalog = doc.Catalog
        catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]
        canv.setCatalogEntry("OutputIntents", PDFArray([intent]))


def _ref(doc, obj: PDFObject) -> bytes:
    """`obj`'s reference as written ("12 0 R"), registering it if it is not yet."""
    return b"%d %d R" % doc.idToObjectNumberAndVersion[doc.Reference(obj).name]


def _new_ref(doc, obj: Written) -> bytes:
    """`_ref` of an object not yet registered: registered as `doc.Reference` does (the next number,
    named "R" and its number), without the reference object."""
    n = doc.objectcounter + 1
    ident = f"R{n}"
    if ident in doc.idToObject:  # (a name taken: ReportLab's own way, which says why)
        return _ref(doc, obj)
    doc.objectcounter = n
    obj.__InternalName__ = ident
    doc.idToObjectNumberAndVersion[ident] = (n, 0)
    doc.numberToId[n] = ident
    doc.idToObject[ident] = obj
    return b"%d 0 R" % n


def _string(s: str, doc) -> bytes:
    return pdf_string(s).format(doc)


# An element with no content drawn is left out, except the cells of a table: it keeps its shape.
_KEPT_EMPTY = frozenset({"TD", "TH", "TR"})


def structure(doc, tagger: Tagger, pages: list[PDFPage], annotations: dict[Annot, AmendedLink]) -> PDFObject:
    """The StructTreeRoot, its elements and ParentTree, registered with `doc`; returns its reference."""
    tagger.settle()  # (pages put in last are in their place)
    n = len(pages)
    page_ref = [_ref(doc, p) for p in pages]
    root = Written()
    root_ref = doc.Reference(root)
    by_mcid: list[list[bytes | None]] = [[None] * len(tagger.marks[i]) for i in range(n)]
    links: dict[Annot, bytes] = {}  # annotation -> its Link element

    def write(e: Elem, parent: bytes) -> bytes:
        """Register `e`'s object, then its kids' (in reading order), and write it; its reference."""
        obj = Written()
        ref = _new_ref(doc, obj)
        kids: list[bytes] = []
        pg = None
        for k in e.kids:
            if type(k) is Mark:
                page, mcid = k
                if pg is None:
                    pg = page
                kids.append(b"%d" % mcid if page == pg else b"<</Type/MCR/Pg %s/MCID %d>>" % (page_ref[page], mcid))
                by_mcid[page][mcid] = ref
            elif type(k) is Elem:
                if k.drawn or k.role in _KEPT_EMPTY:
                    kids.append(write(k, ref))
            elif type(k) is Annot:
                kids.append(b"<</Type/OBJR/Obj %s/Pg %s>>" % (_ref(doc, annotations[k]), page_ref[k.page]))
                links[k] = ref
            else:
                raise TypeError(f"a structure element's kid that is a {type(k).__name__}")
        parts = [b"<</Type/StructElem/S", name_bytes(e.role), b"/P ", parent]
        if pg is not None:
            parts += (b"/Pg ", page_ref[pg])
        if len(kids) == 1:
            parts += (b"/K ", kids[0])
        elif kids:
            parts += (b"/K[", b" ".join(kids), b"]")
        if e.alt is not None:
            parts += (b"/Alt", _string(e.alt, doc))
        if e.actual is not None:
            parts += (b"/ActualText", _string(e.actual, doc))
        if e.scope is not None:
            parts += (b"/A<</O/Table/Scope", name_bytes(e.scope), b">>")
        parts.append(b">>")
        obj.data = b"".join(parts)
        return ref

    top = b"[]"
    if tagger.root.drawn:
        top = write(tagger.root, _ref(doc, root))
    nums: list[bytes] = []  # the ParentTree's values, key = index
    for i in range(n):
        row = [r for r in by_mcid[i] if r is not None]
        if len(row) < len(by_mcid[i]):
            raise RuntimeError(f"page {i + 1}: marked content with no structure element")
        nums.append(b"[" + b" ".join(row) + b"]")
    for i in range(n):  # each link annotation: its ParentTree key and description
        for j, e in enumerate(tagger.links[i]):
            a = annotations[Annot(i, j)]
            a.entries["StructParent"] = len(nums)
            a.entries["Contents"] = pdf_string(e.contents or "")
            nums.append(links[Annot(i, j)])
    tree = number_tree(doc, nums)
    root.data = b"<</Type/StructTreeRoot/K %s/ParentTree %s/ParentTreeNextKey %d>>" % (top, _ref(doc, tree), len(nums))
    return root_ref


def number_tree(doc, values: list[bytes], leaf: int = 1024) -> PDFObject:
    """A number tree with keys 0, 1, ... for `values` (each a PDF object as written), registered with
    `doc`; returns its root.

    Up to `leaf` entries it is one /Nums array; beyond, a balanced tree of /Kids, every node
    with its /Limits, no node with more than `leaf` entries or kids: a reader's array stays
    below the 8,191 elements of ISO 32000-1's annex C, and it walks the tree rather than one
    array of the whole document.
    """
    if len(values) <= leaf:
        return _registered(doc, b"<</Nums[" + _pairs(values, 0) + b"]>>")
    level: list[tuple[int, int, bytes]] = []  # (first key, last key, the node's dictionary but its end)
    for start in range(0, len(values), leaf):
        chunk = values[start:start + leaf]
        level.append((start, start + len(chunk) - 1, b"/Nums[" + _pairs(chunk, start) + b"]"))
    while True:
        if len(level) <= leaf:  # the root: its kids, and no /Limits
            return _registered(doc, b"<</Kids[" + b" ".join(_node(doc, node) for node in level) + b"]>>")
        level = [(part[0][0], part[-1][1], b"/Kids[" + b" ".join(_node(doc, node) for node in part) + b"]")
                 for part in (level[i:i + leaf] for i in range(0, len(level), leaf))]


def _registered(doc, data: bytes) -> Written:
    obj = Written(data)
    doc.Reference(obj)
    return obj


def _pairs(values: list[bytes], start: int) -> bytes:
    return b" ".join(b"%d %s" % kv for kv in enumerate(values, start))


def _node(doc, node: tuple[int, int, bytes]) -> bytes:
    """An intermediate or leaf node of a number tree, registered; its reference as written."""
    first, last, body = node
    return _ref(doc, _registered(doc, b"<<%s/Limits[%d %d]>>" % (body, first, last)))


_SUBSET = re.compile(r"[A-Z]{6}\+")


def unique_subsets(doc) -> None:
    """Give each embedded font subset its own tag: ReportLab names the first subset of every font
    `AAAAAA+...`. (The fonts' objects are made here, as saving would make them.)"""
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.delayedFonts = []
    for internal, font in doc.idToObject["BasicFonts"].dict.items():
        base = getattr(font, "BaseFont", None)
        descriptor = getattr(font, "FontDescriptor", None)
        if not isinstance(base, str) or not _SUBSET.match(base) or descriptor is None:
            continue
        digest = hashlib.md5(f"{internal}{base}".encode()).digest()
        name = "".join(chr(65 + b % 26) for b in digest[:6]) + base[6:]
        font.BaseFont = name
        doc.idToObject[descriptor.name]["FontName"] = PDFName(name)

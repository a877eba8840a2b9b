"""Tagged and archival PDF, the file side: a post-pass over the PDF ReportLab wrote.

In: the PDF's bytes, the structure tree and marked content the layout recorded
(`pdf.tagging.Tagger`, or None for an untagged PDF), the document's metadata.
Out: the PDF with the structure tree (StructTreeRoot, StructElems, ParentTree),
the entries a tagged PDF needs (MarkInfo, Lang, DisplayDocTitle, tab order by
structure, link descriptions), XMP metadata synchronised with the document
information and naming PDF/UA-1; with `pdfa`, PDF/A-2 (2a when tagged, 2b when
not): an sRGB output intent and the PDF/A identification.

`briefing.pdf.pdfread` reads the PDF (object numbers, the dictionaries to amend);
what changes is appended as an incremental update, the new and amended objects
compressed in object streams. (Rewriting the whole file costs more than the
rest of tagging together; pages, fonts and images stay as ReportLab wrote them.)
Amended objects are written as qpdf writes them, as they were when pikepdf did
this pass: the file is byte for byte the same without pikepdf's import, a tenth
of a cold build.

Every build takes its document information from here (`Info`, the same text in
/Info and in the XMP metadata, tagged or not), and a check warns of values a PDF
string cannot hold whole (`long_strings`).
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..errors import Pos, Problem
from .pdfread import STRING_MAX, Name, Pdf, Ref, decoded, fit, text, unparse

if TYPE_CHECKING:
    from ..model import Briefing
    from .tagging import Tagger


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
    created: str = ""  # D:YYYYMMDDHHmmSS...; empty: the PDF's own
    modified: str = ""

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
    from ..labels import labels_for
    from ..model import without_bidi_controls as meta

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
    words = labels_for(b.language)
    for src in b.sources:  # (numbered up to the count of sources: the longest number is the last)
        if over(words.word("source_link", n=len(b.sources), title=src.title)):
            warn(src.where.get("title", src.pos), "this source's 'title' is too long for the description of "
                                                  "links to it")
    return out


def metadata_text(s: str) -> str:
    """Text as both the document information and the XMP metadata hold it (PDF/A wants them the same):
    without the characters XML cannot hold, and cut to the bytes a PDF string may have."""
    return fit(_NOT_XML.sub("", s))


def finish(data: bytes, tagger: Tagger | None, info: Info, pdfa: bool) -> bytes:
    """The PDF `data` with its structure tree (if `tagger`), metadata and, if `pdfa`, PDF/A-2 entries."""
    pdf = Pdf(data)
    up = _Update(data, pdf)
    catalog: dict[str, str] = {}
    if tagger is not None:
        catalog["/StructTreeRoot"] = f"{_tree(up, tagger)} 0 R"
    _pages(up, tagger)
    _unique_subsets(up)
    level = ("A" if tagger is not None else "B") if pdfa else None
    catalog.update(_metadata(up, info, tagged=tagger is not None, pdfa=level))
    if pdfa:
        icc = up.stream(b"/N 3", srgb_profile())
        catalog["/OutputIntents"] = (
            "[<</Type/OutputIntent/S/GTS_PDFA1/OutputConditionIdentifier(sRGB IEC61966-2.1)"
            f"/Info(sRGB IEC61966-2.1)/RegistryName(http://www.color.org)/DestOutputProfile {icc} 0 R>>]")
    root = pdf.get(pdf.root.num)
    if not isinstance(root, dict):
        raise RuntimeError("the catalog is not a dictionary")
    if tagger is not None:
        root["/MarkInfo"] = {"/Marked": True}
        root["/ViewerPreferences"] = {"/DisplayDocTitle": True}
    root["/Lang"] = text(info.lang)
    root["/Version"] = Name("/1.7")  # object streams and PDF/A-2 (the header says 1.4)
    for k in catalog:
        root.pop(k, None)
    written = unparse(root)
    up.put(pdf.root.num, written[:-2] + "".join(f"{k} {v}" for k, v in catalog.items()) + ">>")
    return up.write()


class _Update:
    """An incremental update of a PDF: objects added or replaced, appended after the original.

    Objects are packed into compressed object streams as they come, so a long
    document's tree is never held whole as text.
    """

    PER_STREAM = 2000  # objects per object stream (an entry of the cross-reference stream counts to 65535)
    info = 0  # the object number of the document information (set by _metadata)

    def __init__(self, data: bytes, pdf: Pdf):
        self.data, self.pdf = data, pdf
        self.size = int(pdf.trailer["/Size"])
        self.parts: list[bytes] = [b"" if data.endswith(b"\n") else b"\n"]  # written after `data`
        self.at = len(data) + len(self.parts[0])  # the offset of the next part
        self.xref: dict[int, tuple[int, int, int]] = {}
        self._heads: list[str] = []
        self._body: list[str] = []
        self._len = 0
        self._nums: list[int] = []
        self.annots: dict[int, dict[str, object]] = {}  # annotation -> the entries the tree gives it

    def new(self) -> int:
        self.size += 1
        return self.size - 1

    def put(self, num: int, text: bytes | str) -> None:
        """An object (not a stream), into the object stream being filled (text: one character a byte)."""
        if not isinstance(text, str):
            text = text.decode("latin-1")
        self._heads.append(f"{num} {self._len}")
        self._body.append(text)
        self._nums.append(num)
        self._len += len(text) + 1  # (and the line end)
        if len(self._nums) >= self.PER_STREAM:
            self._flush()

    def replace(self, num: int) -> None:
        """Write an amended object of the original in the update."""
        self.put(num, unparse(self.pdf.get(num)))

    def _write(self, num: int, chunk: bytes) -> None:
        self.xref[num] = (1, self.at, 0)
        self.parts.append(chunk)
        self.at += len(chunk)

    def _flush(self) -> None:
        if not self._nums:
            return
        head = " ".join(self._heads).encode() + b"\n"
        packed = zlib.compress(head + ("\n".join(self._body) + "\n").encode("latin-1"), 6)
        stm = self.new()
        for i, n in enumerate(self._nums):
            self.xref[n] = (2, stm, i)
        self._write(stm, b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>stream\n" % (
            stm, len(self._nums), len(head), len(packed)) + packed + b"\nendstream\nendobj\n")
        self._heads, self._body, self._nums, self._len = [], [], [], 0

    def stream(self, entries: bytes, data: bytes) -> int:
        """A stream object, written as it is; returns its number."""
        num = self.new()
        self._write(num, b"%d 0 obj\n<<%s/Length %d>>stream\n" % (num, entries, len(data)) + data
                    + b"\nendstream\nendobj\n")
        return num

    def write(self) -> bytes:
        """The original PDF followed by the update, ended by its cross-reference stream."""
        prev = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", self.data[-64:])
        if prev is None:
            raise RuntimeError("the PDF does not end with startxref")
        self._flush()
        me = self.new()
        self.xref[me] = (1, self.at, 0)
        rows, index, run = bytearray(), [], None
        for n in sorted(self.xref):
            rows += struct.pack(">BIH", *self.xref[n])
            if run is not None and n == run[0] + run[1]:
                run[1] += 1
            else:
                run = [n, 1]
                index.append(run)
        packed = zlib.compress(bytes(rows), 6)
        t = self.pdf.trailer
        if "/ID" in t:
            ident = b"/ID " + unparse(t["/ID"]).encode("latin-1")
        else:  # (PDF/A wants one; from the content, so that a rebuild is the same)
            h = hashlib.md5(self.data).hexdigest().encode()
            ident = b"/ID[<%s><%s>]" % (h, h)
        self.parts.append(
            b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Index[%s]/Prev %d/Root %d 0 R/Info %d 0 R%s"
            b"/Filter/FlateDecode/Length %d>>stream\n" % (
                me, self.size, " ".join(f"{a} {b}" for a, b in index).encode(), int(prev.group(1)),
                self.pdf.root.num, self.info, ident, len(packed))
            + packed + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % self.at)
        return b"".join([self.data, *self.parts])


def _tree(up: _Update, tagger: Tagger) -> int:
    """Add the structure tree and the ParentTree; returns the StructTreeRoot's object number."""
    from .tagging import Annot, Elem, Mark

    pdf = up.pdf
    pages = pdf.pages()
    n = len(pages)
    annots = [[a.num for a in _annots(pdf, p)] for p in pages]
    for i, links in enumerate(tagger.links[:n]):
        if len(links) != len(annots[i]):  # every annotation this canvas makes is a recorded link
            raise RuntimeError(f"page {i + 1}: {len(annots[i])} annotations, {len(links)} recorded links")
    root, parent_tree = up.new(), up.new()

    def number(e: Elem) -> None:  # numbers first: an element names its kids
        e.num = up.new()
        for k in e.kids:
            if type(k) is Elem and (k.drawn or k.role in _KEPT_EMPTY):
                number(k)

    by_mcid: list[list[int | None]] = [[None] * len(tagger.marks[i]) for i in range(n)]
    links: dict[tuple[int, int], int] = {}  # (page, annotation) -> its Link element
    page_ref = [f"{p} 0 R" for p in pages]
    put = up.put

    def write(e: Elem, parent: int) -> None:
        kids: list[str] = []
        below: list[Elem] = []  # the kids that are elements written in the tree
        pg = None
        num = e.num
        for k in e.kids:
            t = type(k)
            if t is Mark:
                page, mcid = k
                if pg is None:
                    pg = page
                kids.append(str(mcid) if page == pg else f"<</Type/MCR/Pg {page_ref[page]}/MCID {mcid}>>")
                by_mcid[page][mcid] = num
            elif t is Elem:
                if k.drawn or k.role in _KEPT_EMPTY:
                    kids.append(f"{k.num} 0 R")
                    below.append(k)
            elif t is Annot:
                kids.append(f"<</Type/OBJR/Obj {annots[k.page][k.index]} 0 R/Pg {page_ref[k.page]}>>")
                links[k] = num
            else:
                raise TypeError(f"a structure element's kid that is a {t.__name__}")
        parts = [f"<</Type/StructElem/S/{e.role}/P {parent} 0 R"]
        if pg is not None:
            parts.append(f"/Pg {page_ref[pg]}")
        if len(kids) == 1:
            parts.append(f"/K {kids[0]}")
        elif kids:
            parts.append(f"/K[{' '.join(kids)}]")
        if e.alt is not None:
            parts.append(f"/Alt {unparse(text(fit(e.alt)))}")
        if e.actual is not None:
            parts.append(f"/ActualText {unparse(text(fit(e.actual)))}")
        if e.scope is not None:
            parts.append(f"/A<</O/Table/Scope/{e.scope}>>")
        parts.append(">>")
        put(num, "".join(parts))
        for k in below:
            write(k, num)

    top = "[]"
    if tagger.root.drawn:
        number(tagger.root)
        write(tagger.root, root)
        top = f"{tagger.root.num} 0 R"
    nums: list[str] = []  # the ParentTree's values, key = index
    for i in range(n):
        if None in by_mcid[i]:
            raise RuntimeError(f"page {i + 1}: marked content with no structure element")
        nums.append(f"[{' '.join(f'{m} 0 R' for m in by_mcid[i])}]")
    for i in range(n):  # each link annotation: its ParentTree key and description
        for j, a in enumerate(annots[i]):
            up.annots[a] = {"/StructParent": len(nums), "/Contents": text(fit(tagger.links[i][j].contents or ""))}
            nums.append(f"{links[Annot(i, j)]} 0 R")
    up.put(root, f"<</Type/StructTreeRoot/K {top}/ParentTree {parent_tree} 0 R/ParentTreeNextKey {len(nums)}>>")
    number_tree(up, parent_tree, nums)
    return root


def number_tree(up: _Update, num: int, values: list[str], leaf: int = 1024) -> None:
    """Write object `num` as a number tree with keys 0, 1, ... for `values` (each a PDF object's text).

    Up to `leaf` entries it is one /Nums array; beyond, a balanced tree of /Kids, every node
    with its /Limits, no node with more than `leaf` entries or kids: a reader's array stays
    below the 8,191 elements of ISO 32000-1's annex C, and it walks the tree rather than one
    array of the whole document.
    """
    if len(values) <= leaf:
        up.put(num, f"<</Nums[{' '.join(f'{k} {v}' for k, v in enumerate(values))}]>>")
        return
    level: list[tuple[int, int, str]] = []  # (first key, last key, the node's dictionary but its end)
    for start in range(0, len(values), leaf):
        chunk = values[start:start + leaf]
        body = " ".join(f"{k} {v}" for k, v in enumerate(chunk, start))
        level.append((start, start + len(chunk) - 1, f"/Nums[{body}]"))
    while True:
        if len(level) <= leaf:  # the root: its kids, and no /Limits
            up.put(num, "<</Kids[" + " ".join(_node(up, node) for node in level) + "]>>")
            return
        level = [(part[0][0], part[-1][1], "/Kids[" + " ".join(_node(up, node) for node in part) + "]")
                 for part in (level[i:i + leaf] for i in range(0, len(level), leaf))]


def _node(up: _Update, node: tuple[int, int, str]) -> str:
    """Write an intermediate or leaf node of a number tree; returns a reference to it."""
    first, last, body = node
    num = up.new()
    up.put(num, f"<<{body}/Limits[{first} {last}]>>")
    return f"{num} 0 R"


# An element with no content drawn is left out, except the cells of a table: it keeps its shape.
_KEPT_EMPTY = frozenset({"TD", "TH", "TR"})


def _annots(pdf: Pdf, page: int) -> list[Ref]:
    """The annotations of a page (every one this program writes is an indirect object)."""
    annots = pdf.resolve(pdf.get(page).get("/Annots")) or []
    if not all(isinstance(a, Ref) for a in annots):
        raise RuntimeError(f"page object {page}: an annotation that is not an indirect object")
    return annots


def _pages(up: _Update, tagger: Tagger | None) -> None:
    """Amend pages (tree entries, tab order) and annotations (they print: PDF/A)."""
    pdf = up.pdf
    for i, num in enumerate(pdf.pages()):
        p = pdf.get(num)
        for a in _annots(pdf, num):
            up.put(a.num, pdf.amended(a.num, {**up.annots.pop(a.num, {}), "/F": 4}))
        if tagger is not None:
            p["/StructParents"] = i
            p["/Tabs"] = Name("/S")
        if p.get("/Trans") == {}:  # ReportLab's empty page transition says nothing
            del p["/Trans"]
        up.replace(num)


def _unique_subsets(up: _Update) -> None:
    """Give each embedded font subset its own tag: ReportLab names every subset `AAAAAA+...`."""
    pdf = up.pdf
    seen: set[int] = set()
    for page in pdf.pages():
        resources = pdf.resolve(pdf.get(page).get("/Resources")) or {}
        for ref in (pdf.resolve(resources.get("/Font")) or {}).values():
            if not isinstance(ref, Ref) or ref.num in seen:  # (a font written in place has no number to name it)
                continue
            seen.add(ref.num)
            font = pdf.get(ref.num)
            base = font.get("/BaseFont", "")
            if not isinstance(font.get("/FontDescriptor"), Ref) or not re.match(r"/[A-Z]{6}\+", base):
                continue
            # (number and generation spelled "(59, 0)", as ever: a subset keeps its name across versions)
            digest = hashlib.md5(f"({ref.num}, {ref.gen}){base}".encode()).digest()
            name = Name("/" + "".join(chr(65 + b % 26) for b in digest[:6]) + base[7:])
            font["/BaseFont"] = name
            pdf.get(font["/FontDescriptor"].num)["/FontName"] = name
            up.replace(ref.num)
            up.replace(font["/FontDescriptor"].num)


def _metadata(up: _Update, info: Info, tagged: bool, pdfa: str | None) -> dict[str, str]:
    """New document information and XMP metadata saying the same things; returns catalog entries."""
    old = up.pdf.resolve(up.pdf.trailer.get("/Info")) or {}
    created = info.created or decoded(old.get("/CreationDate", b""))
    modified = info.modified or decoded(old.get("/ModDate", b"")) or created
    fields = {**info.fields(), "/CreationDate": created, "/ModDate": modified}
    up.info = up.new()
    up.put(up.info, "<<" + "".join(k + unparse(text(v)) for k, v in fields.items() if v) + ">>")
    xmp = _xmp(info, (_xmp_date(created), _xmp_date(modified)), tagged, pdfa).encode("utf-8")
    return {"/Metadata": f"{up.stream(b'/Type/Metadata/Subtype/XML', xmp)} 0 R"}


# Characters XML 1.0 does not allow at all (controls but tab and line breaks, surrogates, U+FFFE and U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(s: str) -> str:
    """Text as XML character data; characters XML cannot hold are left out.
    (Not xml.sax.saxutils: importing it costs 7% of a build.)"""
    return _NOT_XML.sub("", s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xmp_date(pdf_date: str) -> str:
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'?(\d\d)'?|Z)?", pdf_date)
    if not m:
        return "2000-01-01T00:00:00Z"
    y, mo, d, h, mi, s, sign, th, tm = m.groups()
    zone = f"{sign}{th}:{tm}" if sign else "Z"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def _xmp(info: Info, dates: tuple[str, str], tagged: bool, pdfa: str | None) -> str:
    """An XMP packet: Dublin Core and PDF properties matching /Info, and the PDF/UA and PDF/A identifiers."""
    created, modified = dates
    props = [f"<xmp:CreateDate>{created}</xmp:CreateDate>", f"<xmp:ModifyDate>{modified}</xmp:ModifyDate>",
             f"<xmp:MetadataDate>{modified}</xmp:MetadataDate>"]
    if info.producer:
        props.append(f"<pdf:Producer>{escape(info.producer)}</pdf:Producer>")
    if info.creator:
        props.append(f"<xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>")
    if info.keywords:
        props.append(f"<pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>")
    if info.title:
        props.append('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
                     f"{escape(info.title)}</rdf:li></rdf:Alt></dc:title>")
    if info.author:  # /Author is one text: dc:creator holds it as its one entry, as PDF/A compares them
        props.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>")
    if info.subject:
        props.append('<dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
                     f"{escape(info.subject)}</rdf:li></rdf:Alt></dc:description>")
    props.append(f"<dc:language><rdf:Bag><rdf:li>{escape(info.lang)}</rdf:li></rdf:Bag></dc:language>")
    props.append("<dc:format>application/pdf</dc:format>")
    spaces = ["dc", "xmp", "pdf"]
    if tagged:
        props.append("<pdfuaid:part>1</pdfuaid:part>")
        spaces.append("pdfuaid")
    if pdfa:
        props += ["<pdfaid:part>2</pdfaid:part>", f"<pdfaid:conformance>{pdfa}</pdfaid:conformance>"]
        spaces.append("pdfaid")
        if tagged:  # PDF/A accepts properties outside its own schemas only when they are described
            props.append(_PDFUA_SCHEMA)
            spaces += ["pdfaExtension", "pdfaSchema", "pdfaProperty"]
    body = "\n   ".join(props)
    names = "".join(f'\n    xmlns:{s}="{_NAMESPACES[s]}"' for s in spaces)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""{names}>
   {body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/", "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#", "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
_PDFUA_SCHEMA = """<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>"""


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile made by LittleCMS (through Pillow), with a fixed creation date.

    (LittleCMS stamps the time of making; a fixed one keeps a rebuild byte for byte the same.)
    """
    from PIL import ImageCms

    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    icc[24:36] = bytes([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # 2000-01-01 00:00:00
    icc[84:100] = bytes(16)  # the profile ID, if any, covered the old date: none is given
    return bytes(icc)


def keep_archival(source: bytes, imposed: bytes) -> bytes:
    """A handout of a PDF/A briefing is PDF/A too (2b: imposing pages drops the structure tree).

    In: the briefing's PDF and its imposed handout. Out: the handout, with the
    briefing's document information, output intent and PDF/A identification if
    the briefing is PDF/A; else the handout as it is.
    """
    if b"<pdfaid:part>" not in source:  # (the XMP packet is not compressed)
        return imposed
    src = Pdf(source)
    d = src.resolve(src.trailer.get("/Info")) or {}

    def get(k: str) -> str:
        return decoded(src.resolve(d.get(k, b"")))

    lang = decoded(src.resolve(src.get(src.root.num).get("/Lang", b"en")))
    info = Info(get("/Title"), get("/Author"), get("/Subject"), get("/Keywords"), get("/Creator"),
                get("/Producer"), lang, get("/CreationDate"), get("/ModDate"))
    return finish(imposed, None, info, pdfa=True)

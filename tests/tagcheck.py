"""Our own checks of a tagged (PDF/UA-1) and archival (PDF/A-2) PDF, with pikepdf; no veraPDF here.

`problems(pdf, pdfa=False)` lists what is wrong with a tagged PDF, empty when
nothing is found:

- every painting operator on every page lies inside a marked-content sequence
  with an MCID or inside an /Artifact sequence, and no MCID sequence lies inside
  another (or inside an artifact);
- every MCID on a page maps through the ParentTree to an element whose /K lists
  it, and every MCID an element lists is on its page and maps back to it; the
  ParentTree is read as a number tree (/Nums, or /Kids with their /Limits);
- every annotation has a /StructParent that maps to an element listing it as an
  OBJR, every OBJR's annotation is on its page, and a link says where it goes;
- every Figure has alternative text; heading levels start at H1 and skip none;
- every font is embedded, has a ToUnicode map and is not a standard-14 font;
- the catalog has MarkInfo, Lang, the structure tree, DisplayDocTitle; every page
  has tab order by structure; the XMP metadata has the title and PDF/UA part 1;
- with `pdfa`: the PDF/A-2 identification (part 2, conformance A when tagged, B
  otherwise), an sRGB output intent, no encryption, annotations that print, the
  same title in the document information and the XMP metadata, and (tagged) an
  extension schema that describes the PDF/UA identification.

`untagged(pdf)` lists any trace of tagging in an untagged PDF. `tree(pdf)` reads
the structure tree with the text of each element, for tests of reading order.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", '"', "BI", "EI"}
STANDARD_14 = {"Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica", "Helvetica-Bold",
               "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier", "Courier-Bold", "Courier-Oblique",
               "Courier-BoldOblique", "Symbol", "ZapfDingbats"}


def _open(pdf: Path | bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)


def problems(pdf: Path | bytes, pdfa: bool = False, tagged: bool = True) -> list[str]:
    """Everything our checks find wrong (see the module's doc); `tagged=False` for an untagged PDF/A."""
    with _open(pdf) as doc:
        out: list[str] = []
        if tagged:
            out += _document(doc)
            marks = _content(doc, out)
            _parent_tree(doc, marks, out)
            _elements(doc, out)
        out += _fonts(doc)
        if pdfa:
            out += _pdfa(doc, tagged)
        return out


def untagged(pdf: Path | bytes) -> list[str]:
    """Any marked content, structure tree or tagging entry in a PDF that should have none."""
    out = []
    with _open(pdf) as doc:
        for key in ("/StructTreeRoot", "/MarkInfo"):
            if key in doc.Root:
                out.append(f"catalog has {key}")
        for i, page in enumerate(doc.pages, 1):
            if "/StructParents" in page.obj:
                out.append(f"page {i} has /StructParents")
            ops: list[str] = []
            spans = 0  # replacement text (a line's /ActualText): not tagging, written tagged or not
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "BDC" and operands[0] == "/Span" and isinstance(operands[1], Dictionary) \
                        and set(operands[1].keys()) == {"/ActualText"}:
                    spans += 1
                    continue
                if str(op) == "EMC" and spans:
                    spans -= 1
                    continue
                ops.append(str(op))
            out += [f"page {i} has {op}" for op in sorted(set(ops) & {"BDC", "BMC", "EMC", "MP", "DP"})]
    return out


# -- the document -----------------------------------------------------------------------------------

def _xmp(doc: pikepdf.Pdf) -> str:
    meta = doc.Root.get("/Metadata")
    return meta.read_bytes().decode("utf-8", "replace") if meta is not None else ""


def _document(doc: pikepdf.Pdf) -> list[str]:
    out = []
    root = doc.Root
    if not (root.get("/MarkInfo") or {}).get("/Marked"):
        out.append("catalog: /MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")).strip():
        out.append("catalog: no /Lang")
    if "/StructTreeRoot" not in root:
        out.append("catalog: no /StructTreeRoot")
    if not (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle"):
        out.append("catalog: /ViewerPreferences /DisplayDocTitle is not true")
    xmp = _xmp(doc)
    if "<dc:title>" not in xmp:
        out.append("XMP: no dc:title")
    if not re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", xmp):
        out.append("XMP: no PDF/UA identification (pdfuaid:part 1)")
    for i, page in enumerate(doc.pages, 1):
        if page.obj.get("/Tabs") != Name.S:
            out.append(f"page {i}: tab order is not by structure (/Tabs /S)")
    return out


# -- marked content ---------------------------------------------------------------------------------

def _content(doc: pikepdf.Pdf, out: list[str]) -> list[list[int]]:
    """The MCIDs on each page, in order; painting outside marked content is reported in `out`."""
    marks: list[list[int]] = []
    for i, page in enumerate(doc.pages, 1):
        stack: list[str] = []  # "mcid", "artifact" or "other" per open sequence
        found: list[int] = []
        loose: dict[str, int] = {}
        for item in pikepdf.parse_content_stream(page):
            if isinstance(item, pikepdf.ContentStreamInlineImage):
                op, operands = "BI", []
            else:
                operands, op = item.operands, str(item.operator)
            if op in ("BDC", "BMC"):
                tag = str(operands[0])
                props = operands[1] if op == "BDC" and len(operands) > 1 else None
                mcid = props.get("/MCID") if isinstance(props, Dictionary) else None
                if mcid is not None:
                    if "mcid" in stack or "artifact" in stack:
                        out.append(f"page {i}: MCID {int(mcid)} is nested in other marked content")
                    found.append(int(mcid))
                    stack.append("mcid")
                else:
                    stack.append("artifact" if tag == "/Artifact" else "other")
            elif op == "EMC":
                if not stack:
                    out.append(f"page {i}: EMC without a sequence to end")
                else:
                    stack.pop()
            elif op in PAINTING and "mcid" not in stack and "artifact" not in stack:
                loose[op] = loose.get(op, 0) + 1
        if stack:
            out.append(f"page {i}: {len(stack)} marked-content sequence(s) left open")
        for op, n in sorted(loose.items()):
            out.append(f"page {i}: {n} '{op}' outside marked content or an artifact")
        if len(set(found)) != len(found):
            out.append(f"page {i}: an MCID is used twice")
        marks.append(found)
    return marks


def _nums(tree: Dictionary, problems: list[str] | None = None, root: bool = True) -> dict[int, pikepdf.Object]:
    """A number tree's entries (a /Nums array, or /Kids down to such arrays); faults in its shape (keys
    out of order or outside a node's /Limits, a root with /Limits) go in `problems`."""
    out: dict[int, pikepdf.Object] = {}
    nums = tree.get("/Nums")
    if nums is not None:
        for k in range(0, len(nums), 2):
            out[int(nums[k])] = nums[k + 1]
    for kid in tree.get("/Kids", ()):
        out.update(_nums(kid, problems, root=False))
    if problems is not None:
        keys = list(out)
        limits = tree.get("/Limits")
        if keys != sorted(keys):
            problems.append("ParentTree: keys out of order")
        if root and limits is not None:
            problems.append("ParentTree: the root has /Limits")
        if not root and keys and (limits is None or [int(x) for x in limits] != [keys[0], keys[-1]]):
            problems.append(f"ParentTree: a node's /Limits are not its keys' ({keys[0]} to {keys[-1]})")
    return out


def _items(e: Dictionary, pages: dict) -> tuple[list[tuple[int, int]], list[pikepdf.Object], list[Dictionary]]:
    """An element's content items: (page, MCID) pairs, OBJR dictionaries, and kid elements."""
    kids = e.get("/K")
    if kids is None:
        return [], [], []
    kids = list(kids) if isinstance(kids, Array) else [kids]
    pg = e.get("/Pg")
    marks, objrs, elems = [], [], []
    for k in kids:
        if isinstance(k, int):
            marks.append((pages.get(pg.objgen) if pg is not None else None, int(k)))
        elif isinstance(k, Dictionary) and k.get("/Type") == Name.MCR:
            kp = k.get("/Pg", pg)
            marks.append((pages.get(kp.objgen) if kp is not None else None, int(k.MCID)))
        elif isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR:
            objrs.append(k)
        elif isinstance(k, Dictionary):
            elems.append(k)
    return marks, objrs, elems


def _walk(root: Dictionary):
    """Every structure element below the StructTreeRoot, depth first, in tree order."""
    kids = root.get("/K")
    todo = list(reversed(list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []))
    seen = set()
    while todo:
        e = todo.pop()
        if not isinstance(e, Dictionary) or e.objgen in seen:
            continue
        seen.add(e.objgen)
        yield e
        k = e.get("/K")
        if isinstance(k, Array):
            todo += [x for x in reversed(list(k)) if isinstance(x, Dictionary)]
        elif isinstance(k, Dictionary):
            todo.append(k)


def _parent_tree(doc: pikepdf.Pdf, marks: list[list[int]], out: list[str]) -> None:
    root = doc.Root.get("/StructTreeRoot")
    if root is None:
        return
    pages = {p.obj.objgen: i for i, p in enumerate(doc.pages)}
    nums = _nums(root.get("/ParentTree") or Dictionary(), out)
    listed: dict[tuple[int, int], tuple[int, int]] = {}  # (page, MCID) -> element listing it
    annots: dict[tuple[int, int], tuple[int, int]] = {}  # annotation -> element listing it
    on_page = [{a.objgen for a in p.obj.get("/Annots", ())} for p in doc.pages]  # each page's annotations
    mcids = [set(m) for m in marks]
    for e in _walk(root):
        m, objrs, _ = _items(e, pages)
        for page, mcid in m:
            if page is None:
                out.append(f"{e.get('/S')}: MCID {mcid} with no page")
            elif mcid not in mcids[page]:
                out.append(f"page {page + 1}: MCID {mcid} listed by {e.get('/S')} is not on the page")
            listed[(page, mcid)] = e.objgen
        for o in objrs:
            annots[o.Obj.objgen] = e.objgen
            pg = o.get("/Pg", e.get("/Pg"))
            if pg is None or o.Obj.objgen not in on_page[pages[pg.objgen]]:
                out.append(f"{e.get('/S')}: its annotation is not on its page")
    for i, page in enumerate(doc.pages):
        key = page.obj.get("/StructParents")
        if marks[i] and key is None:
            out.append(f"page {i + 1}: marked content but no /StructParents")
            continue
        arr = nums.get(int(key)) if key is not None else None
        for mcid in marks[i]:
            e = arr[mcid] if arr is not None and mcid < len(arr) else None
            if not isinstance(e, Dictionary):
                out.append(f"page {i + 1}: MCID {mcid} has no element in the ParentTree")
            elif listed.get((i, mcid)) != e.objgen:
                out.append(f"page {i + 1}: MCID {mcid}: the ParentTree's element does not list it")
        for a in page.obj.get("/Annots", ()):
            sp = a.get("/StructParent")
            e = nums.get(int(sp)) if sp is not None else None
            if e is None:
                out.append(f"page {i + 1}: an annotation ({a.get('/Subtype')}) is not in the structure tree")
            elif annots.get(a.objgen) != e.objgen:
                out.append(f"page {i + 1}: an annotation's ParentTree element does not list it")
            if a.get("/Subtype") == Name.Link and not str(a.get("/Contents", "")).strip():
                out.append(f"page {i + 1}: a link without /Contents")
    nxt = root.get("/ParentTreeNextKey")
    if nums and (nxt is None or int(nxt) <= max(nums)):
        out.append("StructTreeRoot: /ParentTreeNextKey is missing or too small")


def _elements(doc: pikepdf.Pdf, out: list[str]) -> None:
    root = doc.Root.get("/StructTreeRoot")
    if root is None:
        return
    last = 0
    for e in _walk(root):
        role = str(e.get("/S", ""))[1:]
        if role == "Figure" and not str(e.get("/Alt", "")).strip():
            out.append("a Figure without alternative text (/Alt)")
        if re.fullmatch(r"H[1-6]", role):
            level = int(role[1])
            if level > last + 1:
                out.append(f"heading levels skip: H{level} after {'H' + str(last) if last else 'the start'}")
            last = level


# -- fonts ------------------------------------------------------------------------------------------

def _fonts(doc: pikepdf.Pdf) -> list[str]:
    out: list[str] = []
    seen: set = set()

    def resources(res, where):
        if res is None or res.objgen in seen and res.objgen != (0, 0):
            return
        seen.add(res.objgen)
        for name, font in (res.get("/Font") or {}).items():
            base = str(font.get("/BaseFont", ""))[1:]
            label = f"{where}: font {name} ({base})"
            if base.split("+")[-1] in STANDARD_14:
                out.append(f"{label} is a standard-14 font")
            if "/ToUnicode" not in font:
                out.append(f"{label} has no ToUnicode map")
            if font.get("/Subtype") == Name.Type3:
                continue
            desc = font.DescendantFonts[0].get("/FontDescriptor") if "/DescendantFonts" in font \
                else font.get("/FontDescriptor")
            if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                out.append(f"{label} is not embedded")
        for xo in (res.get("/XObject") or {}).values():
            if xo.get("/Subtype") == Name.Form:
                resources(xo.get("/Resources"), where)

    for i, page in enumerate(doc.pages, 1):
        resources(page.obj.get("/Resources"), f"page {i}")
    return out


# -- PDF/A ------------------------------------------------------------------------------------------

def _pdfa(doc: pikepdf.Pdf, tagged: bool) -> list[str]:
    out = []
    xmp = _xmp(doc)
    if "<pdfaid:part>2</pdfaid:part>" not in xmp:
        out.append("XMP: no PDF/A-2 identification (pdfaid:part 2)")
    level = "A" if tagged else "B"
    if f"<pdfaid:conformance>{level}</pdfaid:conformance>" not in xmp:
        out.append(f"XMP: PDF/A conformance is not {level}")
    intents = [i for i in doc.Root.get("/OutputIntents", ()) if i.get("/S") == Name.GTS_PDFA1]
    if not intents:
        out.append("no PDF/A output intent")
    for oi in intents:
        icc = oi.get("/DestOutputProfile")
        data = icc.read_bytes() if icc is not None else b""
        if len(data) < 128 or data[12:20] != b"mntrRGB " or data[36:40] != b"acsp" or int(icc.get("/N", 0)) != 3:
            out.append("the output intent has no RGB display ICC profile")
    if "/Encrypt" in doc.trailer:
        out.append("the PDF is encrypted")
    for i, page in enumerate(doc.pages, 1):
        for a in page.obj.get("/Annots", ()):
            flags = int(a.get("/F", 0))
            if not flags & 4 or flags & (1 | 2 | 32):
                out.append(f"page {i}: an annotation that does not print or is hidden")
    title = str((doc.trailer.get("/Info") or {}).get("/Title", ""))
    m = re.search(r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", xmp, re.S)
    if title and (not m or _unescape(m.group(1)) != title):
        out.append("the title in /Info and in the XMP metadata differ")
    if tagged and "<pdfuaid:part>" in xmp and not _describes_pdfua(xmp):
        out.append("XMP: pdfuaid:part has no extension schema (PDF/A admits other properties only so)")
    return out


def _describes_pdfua(xmp: str) -> bool:
    """Whether the XMP packet's extension schemas describe pdfuaid:part (an Integer) in its namespace."""
    import xml.etree.ElementTree as ET

    schema, prop = "{http://www.aiim.org/pdfa/ns/schema#}", "{http://www.aiim.org/pdfa/ns/property#}"
    try:
        root = ET.fromstring(xmp[xmp.index("<x:xmpmeta"):xmp.rindex("</x:xmpmeta>") + len("</x:xmpmeta>")])
    except (ValueError, ET.ParseError):
        return False
    for li in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li"):
        if li.findtext(schema + "prefix") == "pdfuaid" and \
                li.findtext(schema + "namespaceURI") == "http://www.aiim.org/pdfua/ns/id/":
            for p in li.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li"):
                if p.findtext(prop + "name") == "part" and p.findtext(prop + "valueType") == "Integer":
                    return True
    return False


def _unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


# -- reading the tree -------------------------------------------------------------------------------

@dataclass
class Node:
    """A structure element as a reader meets it: role, text of its own content, attributes, kids."""

    role: str
    text: str = ""
    alt: str | None = None
    scope: str | None = None
    contents: list[str] = field(default_factory=list)  # of its link annotations
    kids: list[Node] = field(default_factory=list)

    def all_text(self) -> str:
        return " ".join(t for t in [self.text, *(k.all_text() for k in self.kids)] if t)

    def find(self, role: str) -> list[Node]:
        """Every element with this role below (and including) this one, in reading order."""
        out = [self] if self.role == role else []
        for k in self.kids:
            out += k.find(role)
        return out

    def roles(self) -> list[str]:
        return [self.role] + [r for k in self.kids for r in k.roles()]


def page_texts(pdf: Path) -> list[dict[int | None, str]]:
    """Per page, the text of each MCID (None: text outside any MCID), read with pypdf."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(str(pdf)).pages:
        stack: list[int | None] = []
        texts: dict[int | None, list[str]] = {}

        def before(op, args, cm, tm, stack=stack):
            if op in (b"BDC", b"BMC"):
                props = args[1] if op == b"BDC" and len(args) > 1 else None
                stack.append(props.get("/MCID") if hasattr(props, "get") else None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(t, cm, tm, font, size, stack=stack, texts=texts):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            texts.setdefault(mcid, []).append(t)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        out.append({k: " ".join("".join(v).split()) for k, v in texts.items()})
    return out


def tree(pdf: Path) -> Node:
    """The structure tree, each element with the text of its own marked content."""
    texts = page_texts(pdf)
    with pikepdf.open(pdf) as doc:
        pages = {p.obj.objgen: i for i, p in enumerate(doc.pages)}

        def node(e: Dictionary) -> Node:
            m, objrs, elems = _items(e, pages)
            a = e.get("/A")
            scope = str(a.get("/Scope"))[1:] if isinstance(a, Dictionary) and "/Scope" in a else None
            n = Node(str(e.get("/S"))[1:], " ".join(texts[p].get(k, "") for p, k in m).strip(),
                     str(e.Alt) if "/Alt" in e else None, scope,
                     [str(o.Obj.get("/Contents", "")) for o in objrs])
            n.kids = [node(k) for k in elems]
            return n

        root = doc.Root.StructTreeRoot
        k = root.K
        return node(k if isinstance(k, Dictionary) else k[0])

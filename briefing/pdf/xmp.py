"""XMP metadata and the PDF/A output intent's colour profile: what a PDF/A or PDF/UA file says of itself.

The packet is built as an XML tree (`xml.etree`), never as formatted text: a
title holding `<`, `&` or `]]>` is character data like any other. No ReportLab
here: a handout (pypdf) writes the same packet as a briefing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

from .strings import xml_chars

NS = {
    "x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/", "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#", "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
for _prefix, _uri in NS.items():
    if _prefix != "xml":
        ET.register_namespace(_prefix, _uri)  # (PDF/A checkers read the schemas' own prefixes)

_BEGIN = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
_END = '\n<?xpacket end="r"?>'


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _add(parent: ET.Element, name: str, value: str | None = None, **attrs: str) -> ET.Element:
    e = ET.SubElement(parent, _q(name), {_q(k.replace("_", ":", 1)): v for k, v in attrs.items()})
    if value is not None:
        e.text = xml_chars(value)
    return e


def _list(parent: ET.Element, name: str, kind: str, values: list[str], lang: bool = False) -> None:
    seq = _add(_add(parent, name), f"rdf:{kind}")
    for v in values:
        if lang:
            _add(seq, "rdf:li", v, xml_lang="x-default")
        else:
            _add(seq, "rdf:li", v)


def xmp_date(pdf_date: str) -> str:
    """A PDF date (D:YYYYMMDDHHmmSS, a zone or not) as XMP writes it."""
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'?(\d\d)'?|Z)?", pdf_date)
    if not m:
        return "2000-01-01T00:00:00Z"
    y, mo, d, h, mi, s, sign, th, tm = m.groups()
    zone = f"{sign}{th}:{tm}" if sign else "Z"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def packet(fields: dict[str, str], lang: str, created: str, modified: str, tagged: bool,
           pdfa: str | None) -> bytes:
    """An XMP packet saying what the document information says (`fields`: /Title, /Author, ... as text;
    dates as in PDF), the language, PDF/UA-1 if `tagged`, PDF/A-2 at level `pdfa` ("A", "B") if any."""
    root = ET.Element(_q("x:xmpmeta"))
    desc = _add(_add(root, "rdf:RDF"), "rdf:Description", rdf_about="")
    created, modified = xmp_date(created), xmp_date(modified or created)
    _add(desc, "xmp:CreateDate", created)
    _add(desc, "xmp:ModifyDate", modified)
    _add(desc, "xmp:MetadataDate", modified)
    if fields.get("/Producer"):
        _add(desc, "pdf:Producer", fields["/Producer"])
    if fields.get("/Creator"):
        _add(desc, "xmp:CreatorTool", fields["/Creator"])
    if fields.get("/Keywords"):
        _add(desc, "pdf:Keywords", fields["/Keywords"])
    if fields.get("/Title"):
        _list(desc, "dc:title", "Alt", [fields["/Title"]], lang=True)
    if fields.get("/Author"):  # /Author is one text: dc:creator holds it as its one entry, as PDF/A compares them
        _list(desc, "dc:creator", "Seq", [fields["/Author"]])
    if fields.get("/Subject"):
        _list(desc, "dc:description", "Alt", [fields["/Subject"]], lang=True)
    _list(desc, "dc:language", "Bag", [lang])
    _add(desc, "dc:format", "application/pdf")
    if tagged:
        _add(desc, "pdfuaid:part", "1")
    if pdfa:
        _add(desc, "pdfaid:part", "2")
        _add(desc, "pdfaid:conformance", pdfa)
        if tagged:  # PDF/A accepts properties outside its own schemas only when they are described
            _pdfua_schema(desc)
    return (_BEGIN + ET.tostring(root, encoding="unicode") + _END).encode("utf-8")


def _pdfua_schema(desc: ET.Element) -> None:
    """The extension schema that describes pdfuaid:part to a PDF/A reader."""
    schema = _add(_add(_add(desc, "pdfaExtension:schemas"), "rdf:Bag"), "rdf:li", rdf_parseType="Resource")
    _add(schema, "pdfaSchema:schema", "PDF/UA Universal Accessibility Schema")
    _add(schema, "pdfaSchema:namespaceURI", NS["pdfuaid"])
    _add(schema, "pdfaSchema:prefix", "pdfuaid")
    prop = _add(_add(_add(schema, "pdfaSchema:property"), "rdf:Seq"), "rdf:li", rdf_parseType="Resource")
    _add(prop, "pdfaProperty:name", "part")
    _add(prop, "pdfaProperty:valueType", "Integer")
    _add(prop, "pdfaProperty:category", "internal")
    _add(prop, "pdfaProperty:description", "Indicates, which part of ISO 14289 standard is followed")


# The output intent of a PDF/A file: sRGB, described by the profile `srgb_profile` makes.
OUTPUT_INTENT = {"Type": "OutputIntent", "S": "GTS_PDFA1", "OutputConditionIdentifier": "sRGB IEC61966-2.1",
                 "Info": "sRGB IEC61966-2.1", "RegistryName": "http://www.color.org"}


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

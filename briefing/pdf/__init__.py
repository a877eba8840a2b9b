"""The PDF: the one package below ReportLab's public API.

Fonts, the faster paths through ReportLab's internals (`speedups`), the page
template and canvas (`document`), the structure tree and marked content
(`tagging`), the tree, document information, XMP and PDF/A entries written as
the document is saved (`writer`, `xmp`, `tagpdf`), a tagged file's small objects
packed in compressed object streams (`pack`), the one encoder of PDF text
strings (`strings`), writing files whole or not at all (`write`), and the text
engine for right-to-left and Arabic-script text (`bidiorder`, `shaping`,
`textengine`, and its paragraph flowable, `textpara`).
Everything that touches ReportLab's private state or PDF objects lives here,
so a ReportLab upgrade touches this folder.
"""

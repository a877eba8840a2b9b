"""The PDF: the one package below ReportLab's public API.

Fonts, the faster paths through ReportLab's internals (`speedups`), the
structure tree and marked content (`tagging`), document information, XMP and
PDF/A entries (`tagpdf`), and writing files whole or not at all (`write`).
Everything that touches ReportLab's private state or PDF objects lives here,
so a ReportLab upgrade touches this folder.
"""

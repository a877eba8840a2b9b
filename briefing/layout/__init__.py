"""Layout: the model -> ReportLab flowables, one module per component.

Each component module has `build(part, ctx) -> list[Flowable]` and is pure:
no file I/O and no globals beyond the fonts registered once per process.
`document` assembles them and owns the page templates and decoration.
"""

from . import speedups  # noqa: F401  (faster paths through ReportLab, same output; before any layout module)

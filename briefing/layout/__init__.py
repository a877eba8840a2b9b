"""Layout: the model -> ReportLab flowables, one module per component.

Each component module has `build(part, ctx) -> list[Flowable]` and is pure:
no file I/O and no globals beyond the fonts registered once per process.
`document` assembles them and owns the page templates and decoration.

The placement steps in `graphics` import no ReportLab. Importing the layout
changes nothing in ReportLab: a build applies the faster paths through it
(`briefing.pdf.speedups.apply()`) before it imports the layout.
"""

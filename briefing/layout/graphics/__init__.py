"""Graphics: the era strip, figure marks, the relations map and the author's images.

Each graphic is two modules. The placement module (`era_strip`, `figure_marks`,
`relations`, `picture`) turns part of the model into boxes, lines and labels
with coordinates in points; it imports nothing from ReportLab, so its rules
(no two labels overlap, nothing leaves the graphic) are tested on plain data.
Text widths come in through a `Measure` function. The `*_draw` module is a
thin flowable that draws a placement on the canvas, with the style's colours,
and sets every label as real text (extractable and searchable), run by run
through the same fonts and right-to-left handling as all other text.
"""

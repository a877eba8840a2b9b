"""Mutation check: break the product on purpose, one edit at a time, and see that the tests catch it.

Each mutant is one behaviour-breaking edit: a file, an anchor (text that must
occur exactly once in it), what replaces the anchor, and the tests that must
fail. The script copies the repository to a scratch folder, applies each
mutant there alone, runs its tests (`python -m pytest -x -q`, with PYTHONPATH
set to the copy) and prints caught or missed. It exits non-zero when a mutant
is missed, when an anchor does not occur exactly once (a refactor moved it:
update the mutant), or when the tests fail on the unmutated copy.

    python tools/mutants.py              # every mutant
    python tools/mutants.py --list       # names and what each breaks
    python tools/mutants.py NAME...      # some of them

Run it before landing a change to layout, loading or output, and add a
mutant with each feature.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(".git", "out", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache",
                                "*.egg-info", "*.pdf")


@dataclass(frozen=True)
class Mutant:
    name: str
    breaks: str  # what a reader would see go wrong
    file: str  # relative to the repository
    anchor: str  # must occur exactly once in `file`
    replacement: str
    tests: tuple[str, ...]  # test files or ids that must fail


PROBE = "tests/test_probe.py::"
LITERAL = "tests/test_literal.py::test_field_prints_literally"
DEST = "tests/test_destinations.py"
FOLDER = "tests/test_folder_and_values.py::"
BOUNDS = "tests/test_bounds.py::"
PARAGRAPH = '__import__("reportlab.platypus", fromlist=["Paragraph"]).Paragraph'  # parses its text as markup

MUTANTS = [
    # -- timeline ----------------------------------------------------------------------------------
    Mutant("events-swapped", "the last two timeline events swapped",
           "briefing/layout/timeline.py", "    for i, e in enumerate(b.timeline):\n",
           "    for i, e in enumerate(b.timeline[:-2] + b.timeline[-2:][::-1]):\n",
           (PROBE + "test_events_print_in_full_date_order",)),
    Mutant("timeline-unsorted", "the timeline printed in file order, not by date",
           "briefing/schema.py", 'sorted(d.get("timeline", ()), key=lambda e: e.date.key)',
           'list(d.get("timeline", ()))',
           (PROBE + "test_events_print_in_full_date_order",)),
    Mutant("same-day-reversed", "events with the same date in reverse file order",
           "briefing/schema.py", 'sorted(d.get("timeline", ()), key=lambda e: e.date.key)',
           'sorted(d.get("timeline", ()), key=lambda e: e.date.key, reverse=True)[::-1]',
           (PROBE + "test_events_print_in_full_date_order",)),
    Mutant("coarse-date-last", "a year sorts after the months and days inside it",
           "briefing/schema.py", 'sorted(d.get("timeline", ()), key=lambda e: e.date.key)',
           'sorted(d.get("timeline", ()), key=lambda e: (e.date.year, e.date.month or 13, e.date.day or 32))',
           (PROBE + "test_events_print_in_full_date_order",)),
    Mutant("events-first-group", "every event tagged with the first group",
           "briefing/layout/timeline.py", "content.append(Tags(ctx, [ctx.groups[g] for g in e.groups]))",
           "content.append(Tags(ctx, [next(iter(ctx.groups.values())) for g in e.groups]))",
           (PROBE + "test_each_events_tags_sit_with_that_event",)),
    Mutant("event-title-markup", "event titles parsed as ReportLab markup",
           "briefing/layout/timeline.py", 'content: list[Flowable] = [paragraph(title, ctx.styles["event_title"])]',
           f'content: list[Flowable] = [{PARAGRAPH}(e.title, ctx.styles["event_title"])]',
           (PROBE + "test_markup_in_event_title_prints_literally", LITERAL + "[event.title]")),
    Mutant("approximate-unmarked", "an approximate date printed without its 'c.'",
           "briefing/labels.py", 'return self.word("approximately", date=text) if approximate else text',
           "return text",
           (PROBE + "test_each_event_prints_with_its_own_date",)),
    Mutant("year-as-first-day", "a date written as a year printed as 1 January",
           "briefing/labels.py", "        if not d.month:\n            return str(d.year)\n",
           '        if not d.month:\n            return f"1 {self.lang.months_long[0]} {d.year}"\n',
           (PROBE + "test_each_event_prints_with_its_own_date",)),
    # -- prose ------------------------------------------------------------------------------------
    Mutant("last-paragraph-dropped", "the last paragraph of every section dropped",
           "briefing/layout/prose.py", "keep_list_ends([*ctx.rich(s.body)], ctx.height)",
           "keep_list_ends([*ctx.rich(s.body)[:-1]], ctx.height)",
           (PROBE + "test_three_paragraph_section_prints_every_paragraph_in_order",)),
    Mutant("subtitle-markup", "the subtitle parsed as ReportLab markup",
           "briefing/layout/title.py", 'out.append(ctx.para(b.subtitle, "subtitle"))',
           f'out.append({PARAGRAPH}(b.subtitle, ctx.styles["subtitle"]))',
           (LITERAL + "[subtitle]",)),
    Mutant("tags-markup", "tags (event groups, allies, rivals) parsed as ReportLab markup",
           "briefing/layout/common.py", 'p = ctx.para(lab, "tag")', f'p = {PARAGRAPH}(lab, ctx.styles["tag"])',
           (LITERAL + "[group.allies]",)),
    Mutant("actor-name-markup", "actor names parsed as ReportLab markup",
           "briefing/layout/actors.py", '_para(ctx, a.name, "event_title", widths[0])',
           f'{PARAGRAPH}(a.name, ctx.styles["event_title"])',
           (LITERAL + "[actor.name]",)),
    Mutant("coverage-read-short", "Greek and Cyrillic letters taken as missing from the fonts: "
           "warned about and printed as replacement marks",
           "briefing/coverage.py", "                if g:\n                    points.add(c)\n",
           "                if g and c < 0x370:\n                    points.add(c)\n",
           ("tests/test_fuzz.py::test_valid_briefings_build_and_print_their_titles",)),
    Mutant("disclaimer-dropped", "the disclaimer not printed",
           "briefing/layout/document.py", "    if b.disclaimer and b.sources:  #", "    if False:  #",
           (LITERAL + "[disclaimer]",)),
    Mutant("source-publisher-dropped", "a source's publisher left out of the Sources list",
           "briefing/layout/sources.py", "        elif s.publisher or date:\n", "        elif date:\n",
           (LITERAL + "[source.publisher]",)),
    Mutant("page-total-wrong", "the footer says 'Page 2 of 2' on page 2 of 5",
           "briefing/layout/document.py", 'word("page_of", page=page, total=total)',
           'word("page_of", page=page, total=page)',
           ("tests/test_build.py::test_page_x_of_y_on_every_page",)),
    # -- figures ------------------------------------------------------------------------------------
    Mutant("no-thousands-separators", "numbers printed without thousands separators",
           "briefing/schema.py", "    return PlainNumber(f\"{d[1]}{grouped}{d[3] or ''}\")\n",
           "    return raw\n",
           (PROBE + "test_plain_numbers_gain_thousands_separators",)),
    Mutant("figure-label-unescaped", "HTML entities in figure labels unescaped (&amp; -> &)",
           "briefing/layout/figures.py", 'for text, style in ((f.label, "body_tight"),',
           'for text, style in ((__import__("html").unescape(f.label), "body_tight"),',
           (PROBE + "test_entity_in_figure_label_prints_literally",)),
    Mutant("claimed-without-who", "a claimed figure no longer says who claims it",
           "briefing/layout/figures.py", 'who = _claimant(f, b) if f.basis == "claimed" else None', "who = None",
           (PROBE + "test_claimed_figure_says_who_claims_it",)),
    Mutant("figure-note-dropped", "a figure's note not printed when it has a basis",
           "briefing/layout/figures.py", 'if who else (f.note or "")', 'if who else ""',
           (LITERAL + "[figure.note]",)),
    # -- outline ------------------------------------------------------------------------------------
    Mutant("outline-flat", "the outline flattened to one level",
           "briefing/pdf/document.py", "level = min(level, self._outline_level + 1)", "level = 0",
           (PROBE + "test_included_component_is_nested_under_its_section",)),
    # -- destinations: where outline entries and citation links lead ---------------------------------
    Mutant("citations-to-source-1", "every citation links to source 1",
           "briefing/layout/inline.py", 'out.append(self.link(f"#src-{n}", [str(n)]))',
           'out.append(self.link("#src-1", [str(n)]))', (DEST,)),
    Mutant("destinations-on-page-1", "every outline entry and citation leads to page 1 (held pages not counted)",
           "briefing/pdf/document.py", "            self._doc.pageCounter += 1\n", "            pass\n", (DEST,)),
    Mutant("outline-to-page-top", "outline entries open their page, not their heading",
           "briefing/pdf/document.py", "c.bookmarkHorizontalAbsolute(key, top + 2)", "c.bookmarkPage(key)",
           (DEST,)),
    Mutant("sources-in-file-order", "sources numbered in file order, not by first citation",
           "briefing/layout/inline.py", "n = self.given[sid] = len(self.given) + 1",
           "n = self.given[sid] = self.ids.index(sid) + 1",
           (DEST, PROBE + "test_sources_are_numbered_in_order_of_first_citation")),
    Mutant("era-head-alone", "an era's head may stay alone at a page foot",
           "briefing/layout/timeline.py", "    row.era, row.keepWithNext = era, 1\n", "    row.era = era\n",
           ("tests/test_timeline_pages.py::test_an_era_head_is_never_last_on_a_page",)),
    Mutant("era-not-continued", "a page that continues an era does not repeat its name",
           "briefing/layout/timeline.py",
           "        return _era_row(self.ctx, self.era, continued=True, date_w=self.date_w)",
           "        return None",
           ("tests/test_timeline_pages.py::test_a_page_that_continues_an_era_opens_with_its_name",)),
    Mutant("handout-shrunk", "a handout shrinks the full-size pages instead of laying them out for half a sheet",
           "briefing/pipeline.py", "render(b, theme.for_handout(), False, pdfa)", "render(b, theme, False, pdfa)",
           ("tests/test_handout.py::test_handout_is_laid_out_for_half_sheets_with_full_size_type",)),
    Mutant("date-column-fixed", "a longer language's date broken inside the date column",
           "briefing/layout/timeline.py", "    return max(least, min(need + 2, ctx.width * 0.25))",
           "    return least",
           ("tests/test_labels.py::test_a_longer_languages_dates_widen_the_date_column_rather_than_break",)),
    Mutant("long-number-broken", "a long number in the key-figures table broken across lines",
           "briefing/layout/graphics/figure_marks_draw.py", "        if need <= room or not room > 0:\n",
           "        if True:\n",
           ("tests/test_labels.py::test_a_long_number_is_set_smaller_rather_than_broken",)),
    Mutant("cards-never-paired", "short profile cards each span the width",
           "briefing/layout/profiles.py", "        if half >= Pair.MIN_WIDTH and", "        if False and",
           ("tests/test_cards.py::test_short_cards_pair_up_and_long_or_lone_ones_span",)),
    Mutant("plain-text-multiline", "a line break in plain text is taken as it is",
           "briefing/schema.py", "    for hit in (_CONTROL if rich else _CONTROL_PLAIN).finditer(text):",
           "    for hit in _CONTROL.finditer(text):", (FOLDER + "test_plain_text_is_one_line",)),
    Mutant("url-unbounded", "a link target of any length is taken",
           "briefing/richtext.py", "    if len(url) > URL_MAX:", "    if False:",
           (FOLDER + "test_a_url_longer_than_a_link_can_be_is_an_error",)),
    Mutant("alias-text-unbounded", "aliases may repeat any amount of text",
           "briefing/yamlpos.py", "        if self.repeated > MAX_REPEATED:", "        if False:",
           (FOLDER + "test_aliases_that_repeat_megabytes_of_text_are_refused",)),
    # -- loading and values ----------------------------------------------------------------------------
    Mutant("warnings-fatal", "a warning withholds the PDF",
           "briefing/schema.py", "        if any(not p.warning for p in self.problems):\n            return None",
           "        if self.problems:\n            return None", ("tests/test_warnings.py",)),
    Mutant("folder-lists-refused", "a component file holding a plain list is not read",
           "briefing/load.py", "if isinstance(part, YSeq):", "if False:",
           (FOLDER + "test_component_files_may_hold_plain_lists",)),
    Mutant("values-as-numbers", "a number prints as YAML reads it, not as typed",
           "briefing/schema.py", "            return as_typed(node.raw)", '            return f"{v:,}"',
           (FOLDER + "test_values_print_as_typed",)),
    Mutant("links-out-followed", "a file of a folder that links outside it is read",
           "briefing/load.py", "if folder is not None and not inside(file, folder):", "if False:",
           (FOLDER + "test_a_link_out_of_the_folder_is_refused",)),
    Mutant("controls-accepted", "control characters in text are accepted",
           "briefing/schema.py", "        if (_CONTROL if rich else _CONTROL_PLAIN).search(text):", "        if False:",
           (FOLDER + "test_control_characters_are_errors_at_their_value",)),
    Mutant("typography-off", "straight quotes printed as typed",
           "briefing/richtext.py", """    if "'" in text or '"' in text:""", "    if False:",
           ("tests/test_typography.py",)),
    Mutant("dates-break", "a date may break across lines",
           "briefing/labels.py", "def date(self, d: PDate, long: bool = False, space: str = NBSP)",
           'def date(self, d: PDate, long: bool = False, space: str = " ")',
           ("tests/test_typography.py::test_a_date_never_breaks_inside",)),
    # -- graphics and images ---------------------------------------------------------------------------
    Mutant("strip-labels-in-one-lane", "era strip labels laid over one another in a lane",
           "briefing/layout/graphics/era_strip.py",
           "if p.lane == lane and x0 < p.x1 + st.gap - TOL and p.x0 < x1 + st.gap - TOL:", "if False:",
           ("tests/test_graphics.py::test_era_strip_labels_never_overlap_or_leave_the_strip",)),
    Mutant("strip-stems-through-labels", "a stem of the era strip runs through a lower label",
           "briefing/layout/graphics/era_strip.py", "if p.lane < lane and p.x0 - 1 < stem < p.x1 + 1:", "if False:",
           ("tests/test_graphics.py::test_era_strip_labels_never_overlap_or_leave_the_strip",)),
    Mutant("timeline-unnumbered", "the timeline's events lack the numbers the era strip shows",
           "briefing/layout/timeline.py", "        if i in numbers:", "        if False:",
           ("tests/test_graphics.py::test_numbers_in_the_strip_are_the_numbers_in_the_timeline",)),
    Mutant("rivals-drawn-as-allies", "the relations map draws every rival as an ally",
           "briefing/layout/graphics/relations.py", 'for kind, others in (("ally", g.allies), ("rival", g.rivals)):',
           'for kind, others in (("ally", g.allies), ("ally", g.rivals)):',
           ("tests/test_graphics.py::test_the_seeds_relations_map_shows_every_ally_and_rival",)),
    Mutant("map-boxes-stacked", "boxes of the relations map drawn over one another",
           "briefing/layout/graphics/relations.py", "acc += (h[vs[k - 1]] + h[v]) / 2 + st.row_gap",
           "acc += 0", ("tests/test_graphics.py::test_relations_map_boxes_names_and_lines_never_collide",)),
    Mutant("percent-bar-unscaled", "a percentage's bar drawn the full width of its track",
           "briefing/layout/graphics/figure_marks.py", "plan.bars.append(Rect(0, 0, r2(w * q.number / 100), h))",
           "plan.bars.append(Rect(0, 0, r2(w), h))",
           ("tests/test_graphics.py::test_figure_marks_are_drawn_to_scale",)),
    Mutant("highlight-ignored", "page 1's big numbers are the first four, whatever is highlighted",
           "briefing/layout/figures.py", "    if any(f.highlight for f in b.figures):", "    if False:",
           ("tests/test_graphics.py::test_highlighted_figures_are_page_ones_big_numbers",)),
    Mutant("image-link-followed-out", "an image that links out of the briefing's folder is read",
           "briefing/images.py", "    if not inside(path, top):", "    if False:",
           ("tests/test_images.py::test_unsafe_images_are_refused_at_their_file_key",)),
    Mutant("image-type-by-name", "a file named .png is taken for an image whatever it holds",
           "briefing/images.py", "    if kind is None:", '    if kind is None and not rel.endswith((".png", ".jpg")):',
           ("tests/test_images.py::test_unsafe_images_are_refused_at_their_file_key",)),
    Mutant("image-bomb-decoded", "an image is decoded however many pixels it holds",
           "briefing/images.py", "                if w * h > MAX_PIXELS:", "                if False:",
           ("tests/test_images.py::test_unsafe_images_are_refused_at_their_file_key",)),
    Mutant("image-upscaled", "a small image drawn as wide as the text",
           "briefing/layout/graphics/picture.py", "    w = min(width, pw * 72.0 / dpi)", "    w = width",
           ("tests/test_images.py::test_a_briefing_with_images_builds",)),
    # -- output -------------------------------------------------------------------------------------
    Mutant("write-in-place", "the PDF written in place instead of atomically",
           "briefing/pdf/write.py",
           'fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder)',
           "fd, tmp = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), path",
           ("tests/test_atomic.py",)),
    Mutant("temporary-left-behind", "a failed write leaves its temporary file",
           "briefing/pdf/write.py", "        for tmp, *_ in staged:  # what a failure left\n",
           "        for tmp, *_ in ():\n",
           ("tests/test_atomic.py::test_write_failing_part_way_keeps_the_earlier_pdf",)),
    Mutant("live-writer-file-removed", "a build removes the temporary file a parallel build is writing",
           "briefing/pdf/write.py", "if _writer_alive(n) and now - os.stat(path).st_mtime < 60:", "if False:",
           ("tests/test_hostile.py::test_stale_temporary_files_of_dead_builds_only_are_removed",)),
    Mutant("creation-time-from-clock", "the creation time taken from the clock",
           "briefing/pipeline.py", '    env = source_date_epoch()\n',
           '    return __import__("time").time()\n',
           ("tests/test_determinism.py",)),
    # -- the tagging pass and the faster paths ----------------------------------------------------------
    Mutant("string-unescaped", "a printable string written without escaping its parentheses",
           "briefing/pdf/strings.py", r'.replace(b"(", b"\\(").replace(b")", b"\\)")', "",
           ("tests/test_pdf_limits.py::test_any_string_is_spelled_so_that_it_reads_back",)),
    Mutant("cards-never-paired", "every card taken as too long to pair, before it is measured",
           "briefing/layout/profiles.py", "if lines * bullet + len(lists) * head > ctx.height * Pair.SHORT:",
           "if lines * bullet + len(lists) * head >= 0:",
           ("tests/test_cards.py::test_short_cards_pair_up_and_long_or_lone_ones_span",)),
    Mutant("frag-missing-is-none", "a fragment without a link drawn in one run with one whose link is None",
           "briefing/pdf/speedups.py", "            a = fd.get(name, _MISSING)\n",
           "            a = fd.get(name)\n",
           ("tests/test_speedups.py::test_same_frag_answers_as_reportlabs",)),
    # -- labels -----------------------------------------------------------------------------------------
    Mutant("label-written-in-place", "a claimed figure's line written in English whatever the language",
           "briefing/layout/figures.py", 'ctx.words.word("claimed_by", who=who)', 'f"Claimed by {who}"',
           ("tests/test_labels.py::test_no_label_is_written_outside_the_labels",)),
    Mutant("french-first-of-month", "the first of the month written 1 rather than 1er in French",
           "briefing/labels.py", 'first_day="1er"', 'first_day="1"',
           ("tests/test_labels.py::test_dates_are_written_the_languages_way_and_never_break",)),
    # -- what a command reads, writes and how it ends -------------------------------------------
    Mutant("images-not-inputs", "an output may replace an image the briefing shows",
           "briefing/load.py", "    opened += pictures.opened\n", "",
           ("tests/test_outputs.py::test_no_output_replaces_an_image_the_briefing_reads",)),
    Mutant("style-not-input", "an output may replace the style or a font the briefing reads",
           "briefing/pipeline.py", "        opened += theme.files\n", "",
           ("tests/test_outputs.py::test_no_output_replaces_the_style_or_a_font_the_briefing_reads",)),
    Mutant("watch-ignores-images", "watch does not rebuild when an image is saved",
           "briefing/watch.py", '    names += getattr(res, "inputs", None) or []\n', "",
           ("tests/test_watch.py::test_watch_rebuilds_when_an_image_of_the_briefing_is_saved",)),
    Mutant("signals-left-to-click", "Ctrl-C prints Aborted! and exits 1; SIGTERM leaves a batch's workers",
           "briefing/cli.py", "        signal.signal(signum, Stopped.on_signal)\n", "        pass\n",
           ("tests/test_signals.py",)),
    Mutant("orphan-workers", "a batch's workers outlive a parent that was killed",
           "briefing/batch.py", "return libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0", "return True",
           ("tests/test_signals.py::test_workers_die_with_a_killed_parent",)),
    # -- mail headers ----------------------------------------------------------------------------------
    Mutant("subject-folded-by-python", "an encoded-word in a title or --subject decoded into headers and a body",
           "briefing/mail.py", 'msg["Subject"] = _Header("Subject", subject_line(b, subject))',
           'msg["Subject"] = subject_line(b, subject)',
           ("tests/test_mail.py::test_subject_reads_back_as_typed",)),
    Mutant("encoded-word-written-as-is", "text holding `=?...?=` written as it is, for a reader to decode",
           "briefing/mail.py", 'return text.isascii() and text.isprintable() and "=?" not in text',
           "return text.isascii() and text.isprintable()",
           ("tests/test_mail.py::test_subject_reads_back_as_typed",
            "tests/test_mail.py::test_display_names_read_back_as_typed")),
    Mutant("display-name-quoted-as-is", "a display name's encoded-word left in a quoted-string, decoded",
           "briefing/mail.py", "if _literal(display):", "if display.isascii():",
           ("tests/test_mail.py::test_display_names_read_back_as_typed",)),
    Mutant("address-unchecked", "a display name with a line separator or bidi override reaches the build",
           "briefing/mail.py", 'bad = header_problem(raw, "it")', "bad = None",
           ("tests/test_mail.py::test_display_name_no_header_may_hold_is_a_usage_error",)),
    Mutant("header-rule-without-separators", "U+2028/U+2029 allowed in a header",
           "briefing/mail.py", r"\u2028\u2029\u202a", r"\u202a",
           ("tests/test_mail.py::test_display_name_no_header_may_hold_is_a_usage_error",)),
    Mutant("timeout-ignored", "--timeout ignored: a silent server waited on for the default 20 s",
           "briefing/mail.py", "time.monotonic() + timeout,", "time.monotonic() + DEFAULT_TIMEOUT,",
           ("tests/test_mail_smtp.py::test_timeout_given_is_the_time_waited",)),
    # -- images: orientation, colour, printed pixels -------------------------------------------------
    Mutant("image-orientation-ignored", "a photo printed as stored, whatever its EXIF orientation says",
           "briefing/images.py", "        turn = _orientation(_exif(png.exif) if png else im.getexif())",
           "        turn = 1",
           ("tests/test_image_pixels.py::test_a_photo_is_printed_upright_by_its_exif_orientation",)),
    Mutant("image-cmyk-kept", "a CMYK image embedded as DeviceCMYK (not PDF/A with an sRGB output intent)",
           "briefing/images.py",
           'return _applied(im, transform) if transform else im.convert("RGB")',
           "return im",
           ("tests/test_image_pixels.py::test_an_image_of_every_colour_space_makes_a_pdfa",)),
    Mutant("image-not-downsampled", "an image embedded with all its pixels, however small it is printed",
           "briefing/layout/graphics/picture_draw.py",
           "images.for_print(im.data, im.kind, print_pixels(im.pixels, drawn))",
           "images.for_print(im.data, im.kind, im.pixels)",
           ("tests/test_image_pixels.py::test_an_image_is_embedded_at_300_dpi_of_its_printed_size_never_more_never_upscaled",
            "tests/test_image_pixels.py::test_large_flat_images_are_decoded_in_little_memory")),
    Mutant("image-profile-dropped", "an image's embedded colour profile ignored",
           "briefing/images.py", "    if not icc or mode not in (\"RGB\", \"RGBA\", \"CMYK\"):",
           "    if True:",
           ("tests/test_image_pixels.py::test_an_embedded_colour_profile_is_honoured",)),
    # -- PDF strings, metadata and the structure tree at scale --------------------------------------------
    Mutant("parent-tree-flat", "the ParentTree one /Nums array however many entries it has",
           "briefing/pdf/writer.py", "    if len(values) <= leaf:\n", "    if True:\n",
           ("tests/test_pdf_limits.py::test_the_number_tree_writer_makes_a_balanced_tree_readers_walk",
            "tests/test_pdf_limits.py::test_a_briefing_whose_links_fill_several_leaves_of_the_parent_tree_is_read_whole")),
    Mutant("strings-uncut", "metadata, outline entries and link descriptions past 32,767 bytes written whole",
           "briefing/pdf/strings.py", "    if 4 * len(s) + 2 <= limit or len(text(s)) <= limit:", "    if True:",
           ("tests/test_pdf_limits.py::test_strings_past_the_limit_are_cut_and_the_pdfa_passes",)),
    Mutant("long-title-unwarned", "a title cut in the metadata without a warning",
           "briefing/pdf/tagpdf.py", "    if over(b.title):", "    if False:",
           ("tests/test_pdf_limits.py::test_each_value_cut_is_named_in_a_warning",)),
    Mutant("metadata-reportlab-encoding", "document information and outline titles in ReportLab's own encoding",
           "briefing/pdf/strings.py", 'return PDFString(literal(text(fit(s))), escape=0, enc="raw")',
           "return PDFString(fit(s))",
           ("tests/test_pdf_limits.py::test_metadata_reads_back_as_typed_tagged_or_not",)),
    Mutant("untagged-info-reportlabs", "an untagged PDF's document information written by ReportLab",
           "briefing/pdf/document.py", "                self._doc.info = DocumentInfo(info)\n",
           "                pass\n",
           ("tests/test_pdf_limits.py::test_metadata_reads_back_as_typed_tagged_or_not",)),
    Mutant("info-keeps-non-xml", "characters XML cannot hold kept in /Info, dropped from the XMP",
           "briefing/pdf/strings.py", 'return fit(NOT_XML.sub("", s))', "return fit(s)",
           ("tests/test_pdf_limits.py::test_characters_xml_cannot_hold_leave_the_info_and_the_xmp_alike",)),
    Mutant("url-zero-width-breaks", "a source's URL drawn with zero-width spaces after its slashes",
           "briefing/layout/sources.py", "[ctx.link(target, [s.url])]",
           '[ctx.link(target, [s.url.replace("/", "/\\u200b")])]',
           ("tests/test_pdf_limits.py::test_urls_in_the_sources_extract_as_typed_when_they_wrap",)),
    Mutant("url-not-broken", "a long URL in the sources broken anywhere but after a slash",
           "briefing/layout/sources.py", "uriWasteReduce=1e-6", "uriWasteReduce=0",
           ("tests/test_pdf_limits.py::test_urls_in_the_sources_extract_as_typed_when_they_wrap",)),
    Mutant("handout-info-pypdf-encoding", "a handout's document information in pypdf's encoding of text",
           "briefing/handout.py", "v.autodetect_utf16, v.utf16_bom = True, codecs.BOM_UTF16_BE", "pass",
           ("tests/test_pdf_limits.py::test_a_handout_keeps_the_briefings_metadata_as_typed",)),
    Mutant("split-heading-two-marks", "a heading split by a page marked on both pages (pdfua skips its rule)",
           "briefing/pdf/tagging.py", "            if self._heading is not None and self._heading[0] is e:",
           "            if False:",
           ("tests/test_tagged.py::test_a_heading_split_by_a_page_is_one_heading_that_pdfua_checks",)),
    # -- layout: input larger than a page -----------------------------------------------------------------
    Mutant("era-key-never-apart", "a strip with a key of many eras kept whole: taller than a page, the build fails",
           "briefing/layout/graphics/era_strip.py",
           "if max_height is not None and plan.height > max_height and plan.legend_eras:", "if False:",
           ("tests/test_oversized.py::test_an_era_strip_with_a_key_taller_than_a_page_builds_with_every_era",
            "tests/test_oversized.py::test_the_strip_of_any_number_of_eras_up_to_200_fits_and_names_every_era")),
    Mutant("era-key-never-split", "the key of many eras set apart but never split: on a half sheet it cannot fit",
           "briefing/layout/graphics/era_strip_draw.py", "if n < 1 or n >= len(self.lines):", "if True:",
           ("tests/test_oversized.py::test_96_eras_fit_the_half_sheets_of_a_handout",)),
    Mutant("tags-never-split", "allies or group tags taller than a page: the build fails",
           "briefing/layout/common.py", "if n == 0 or n == len(self._rows):", "if True:",
           ("tests/test_oversized.py::test_allies_taller_than_a_page_are_all_printed",
            "tests/test_oversized.py::test_group_tags_taller_than_a_page_are_all_printed")),
    Mutant("tags-split-drops-one", "a tag lost where a cloud of tags breaks between pages",
           "briefing/layout/common.py", "Tags(self.ctx, [], self.paras[k:])", "Tags(self.ctx, [], self.paras[k + 1:])",
           ("tests/test_oversized.py::test_allies_taller_than_a_page_are_all_printed",)),
    # -- bounds: long inputs, numbers of any size, eras in any order ---------------------------------------
    Mutant("cite-lines-recounted", "a citation's line counted again from an earlier place for each citation",
           "briefing/yamlpos.py", "            at = i\n", "",
           (BOUNDS + "test_each_bad_citation_of_a_long_scalar_is_reported_at_its_line_and_column",)),
    Mutant("huge-whole-accepted", "an `of` of any number of digits accepted (and drawn through an infinite float)",
           "briefing/schema.py", "                if digits > MAX_DIGITS:\n", "                if False:\n",
           (BOUNDS + "test_a_whole_that_cannot_be_drawn_is_refused_at_its_place",)),
    Mutant("eras-in-file-order", "eras with the same start checked in file order",
           "briefing/schema.py", "good.sort(key=lambda e: (e.start.key, e.end.key if e.end else never))",
           "good.sort(key=lambda e: e.start.key)",
           (BOUNDS + "test_an_era_hidden_inside_another_is_refused_in_either_order",
            BOUNDS + "test_era_rule_is_the_same_in_any_order")),
    Mutant("scale-label-through-float", "a multiple's scale label printed through a float, not as typed",
           "briefing/layout/graphics/figure_marks.py", 'f"{q.text}×"', 'f"{words.number(q.number)}×"',
           (BOUNDS + "test_numbers_print_as_typed_in_the_table_and_its_marks",)),
    Mutant("whole-label-through-float", "the whole of a count printed as a number read by YAML, not as typed",
           "briefing/layout/graphics/figure_marks.py", "whole=words.value(f.of_text) if f.of_text else ",
           "whole=",
           (BOUNDS + "test_numbers_print_as_typed_in_the_table_and_its_marks",)),
    Mutant("narrow-column-number-broken", "a number too wide for its column at the smallest size broken inside",
           "briefing/layout/graphics/figure_marks_draw.py",
           "            size = max(1.0, int(base.fontSize * room / number * 4) / 4)", "            pass",
           (BOUNDS + "test_a_twenty_digit_value_never_breaks_however_narrow_the_table",)),
    Mutant("string-escapes-reversed", 'brackets escaped before backslashes: a title "A (B)" reads back as "A \\(B\\)"',
           "briefing/pdf/strings.py",
           r'return b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")',
           r'return b.replace(b"(", b"\\(").replace(b")", b"\\)").replace(b"\\", b"\\\\")',
           ("tests/test_tagged.py::test_brackets_and_backslashes_read_back_as_typed_everywhere_the_pdf_holds_them",)),
    Mutant("link-without-structparent", "a link annotation with no /StructParent: no reader finds its Link element",
           "briefing/pdf/writer.py", '            a.entries["StructParent"] = len(nums)\n', "",
           ("tests/test_tagged.py::test_tagged_pdf_passes_our_checks_and_pdfua",)),
    Mutant("annotations-not-printing", "link annotations without the print flag (PDF/A wants it)",
           "briefing/pdf/writer.py", 'self.entries: dict[str, object] = {"F": 4}',
           "self.entries: dict[str, object] = {}",
           ("tests/test_tagged.py::test_pdfa_is_2a_when_tagged_and_passes_the_same_checks",
            "tests/test_tagged.py::test_pdfa_without_tags_is_2b_and_passes_pikepdf_validator")),
    Mutant("output-intent-unwritten", "the catalog never writes /OutputIntents (ReportLab's list of its keys)",
           "briefing/pdf/writer.py", '        catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]\n',
           "",
           ("tests/test_tagged.py::test_pdfa_without_tags_is_2b_and_passes_pikepdf_validator",)),
    Mutant("page-structparents-unwritten", "pages without /StructParents and /Tabs (ReportLab's list of page keys)",
           "briefing/pdf/writer.py",
           '            page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]\n', "",
           ("tests/test_tagged.py::test_tagged_pdf_passes_our_checks_and_pdfua",)),
    Mutant("pdfua-schema-dropped", "a tagged PDF/A's XMP names pdfuaid:part without describing it",
           "briefing/pdf/xmp.py", "            _pdfua_schema(desc)\n", "            pass\n",
           ("tests/test_tagged.py::test_pdfa_is_2a_when_tagged_and_passes_the_same_checks",)),
    Mutant("subsets-share-a-tag", "every font's first subset tagged AAAAAA+",
           "briefing/pdf/writer.py", "        font.BaseFont = name\n", "        continue\n",
           ("tests/test_tagged.py::test_each_font_subset_has_its_own_tag",)),
    Mutant("handout-not-archival", "the handout of a PDF/A briefing without PDF/A's entries",
           "briefing/handout.py", "        _keep_archival(reader, writer, info, data)\n", "        pass\n",
           ("tests/test_tagged.py::test_handout_of_a_pdfa_briefing_is_pdfa",)),
    Mutant("list-label-holds-the-text", "a list item's label (Lbl) holds its bullet and its text, its body nothing",
           "briefing/pdf/tagging.py",
           "                if n == 0:\n                    _check_bullet(lead, canv, tx, origin)\n",
           "                if n == 1:\n",
           ("tests/test_marked.py::test_a_list_items_label_holds_its_bullet_and_its_body_the_text",)),
    Mutant("untagged-canvas-draws-otherwise", "a flowable on a canvas without a tagger drawn otherwise than ReportLab",
           "briefing/pdf/tagging.py", "    if tagger is None:\n        _plain_draw(self, canv)\n",
           "    if tagger is None:\n        canv.saveState()\n        _plain_draw(self, canv)\n"
           "        canv.restoreState()\n",
           ("tests/test_marked.py::test_a_canvas_without_a_tagger_draws_as_reportlab_does",)),
    Mutant("width-memo-by-name", "a font registered again under a name measured with the old font's widths",
           "briefing/pdf/speedups.py", "        key = (text, font, fontSize, encoding)\n",
           "        key = (text, fontName, fontSize, encoding)\n",
           ("tests/test_speedups.py::test_a_font_replaced_under_its_name_is_measured_again",)),
    Mutant("cmap12-off-by-one", "the characters of a font's format-12 character map drawn with the next glyph",
           "briefing/pdf/speedups.py", "            inc = first - s\n", "            inc = first - s + 1\n",
           ("tests/test_speedups.py::test_truetype_parse_gives_reportlabs_attributes",)),
    Mutant("lazy-uri-left-in-re-cache", "the lazy URI pattern left in re's cache, answering any later compile of it",
           "briefing/pdf/speedups.py", "            if c.get(key) is lazy:\n", "            if False:\n",
           ("tests/test_speedups.py::test_a_build_puts_the_levers_in_place",)),
    Mutant("plain-paragraph-fragment-unlike-reportlabs", "a plain-text paragraph's fragment made without its link list",
           "briefing/pdf/speedups.py", "                frag.link = []\n", "                frag.link = None\n",
           ("tests/test_speedups.py::test_tt_parse_answers_as_reportlabs",)),
    Mutant("long-paragraph-an-artifact", "a long paragraph drawn as pieces is no element: its text an artifact",
           "briefing/pdf/tagging.py", '    pieces = getattr(f, "pieces", None)\n', "    pieces = None\n",
           ("tests/test_longtext_tags.py::test_a_long_paragraph_is_one_p_that_reads_whole_and_in_order",)),
    Mutant("long-paragraph-parts-untagged", "the parts of a long paragraph split in a table cell are artifacts",
           "briefing/layout/longtext.py", "            inherit(part, self)\n", "            pass\n",
           ("tests/test_longtext_tags.py::test_a_long_table_cell_is_one_cell_that_reads_whole",)),
    Mutant("table-leaves-one-row", "a page break leaves a single table row at a page foot or head",
           "briefing/layout/common.py", "        if rest < MIN_ROWS:  # give", "        if False:  # give",
           ("tests/test_page_flow.py::test_a_table_leaves_two_rows_at_a_page_foot_and_head",)),
    Mutant("short-card-splits", "a profile box shorter than a third of a page is split across pages",
           "briefing/layout/profiles.py", "self.height <= self.ctx.height * self.WHOLE or", "False or",
           ("tests/test_page_flow.py::test_a_short_profile_box_is_never_split",)),
    Mutant("sources-tail-alone", "the last page holds only the disclaimer or a few lines of the sources",
           "briefing/layout/sources.py", "while k > 0 and lines < TAIL_LINES:", "while False:",
           ("tests/test_page_flow.py::test_the_last_page_holds_more_than_the_disclaimer_or_a_few_sources",)),
    Mutant("era-last-event-alone", "an era's last event stands alone at the head of a page",
           "briefing/layout/timeline.py", "        elif _last_but_one(era_of, i):\n", "        elif False:\n",
           ("tests/test_page_flow.py::test_an_eras_last_event_never_stands_alone_at_a_page_head",)),
    Mutant("break-before-ignored", "a section with break_before: true does not start a page",
           "briefing/layout/prose.py", "[NotAtTopPageBreak()] if s.break_before else []", "[]",
           ("tests/test_page_flow.py::test_a_section_with_break_before_starts_a_page",)),
    Mutant("kept-section-splits", "a section kept together is split by a page break",
           "briefing/layout/prose.py", '    if s.keep != "together" or not body:', "    if True:",
           ("tests/test_page_flow.py::test_a_section_kept_together_is_on_one_page",)),
    Mutant("kept-too-tall-silent", "a kept block taller than a page splits without a warning",
           "briefing/layout/document.py", "                warn(Problem(tall[0],", "                (Problem(tall[0],",
           ("tests/test_page_flow.py::test_a_kept_block_taller_than_a_page_is_a_warning_and_splits",)),
    Mutant("list-leaves-one-item", "a page break leaves a single item of a list at a page foot or head",
           "briefing/layout/common.py", "        if _item(f):\n", "        if False:\n",
           ("tests/test_page_flow.py::test_a_list_leaves_two_items_at_a_page_foot_and_head",)),
    Mutant("source-numbers-left", "the sources' numbers left-aligned: a two-digit number pushes its text right",
           "briefing/layout/sources.py", 'bulletAnchor="end", bulletIndent=widest', 'bulletIndent=0',
           ("tests/test_sources_list.py::test_source_numbers_are_right_aligned_and_titles_line_up",)),
    Mutant("source-publisher-date-stop", "a source's publisher and date set apart by a full stop",
           "briefing/layout/sources.py", 'ctx.words.word("source_published", publisher=s.publisher,',
           'ctx.words.word("source_published", publisher=s.publisher + ".",',
           ("tests/test_sources_list.py::test_publisher_and_date_are_joined_as_the_language_joins_them",)),
    Mutant("column-by-share-only", "short columns squeezed by a share of the room: 'en hausse' broken in two",
           "briefing/layout/columns.py", "        if grow and sum(fit) <= total:", "        if False:",
           ("tests/test_columns.py::test_a_short_cell_stays_on_one_line",)),
    Mutant("no-hyphenation", "a word wider than its column broken anywhere, not at a hyphenation point",
           "briefing/layout/columns.py", "    return ctx.para(text, style) if shy == text else",
           "    return ctx.para(text, style) if True else",
           ("tests/test_columns.py::test_a_word_wider_than_its_column_breaks_where_the_language_hyphenates_it",)),
    Mutant("narrow-no-break-space-breaks", "a line breaks at a typed narrow no-break space (3 000+)",
           "briefing/pdf/rl.py", "    _paragraph.split = _split  #", "    pass  #",
           ("tests/test_columns.py::test_no_date_number_or_word_is_split_in_a_table_cell",)),
    Mutant("strip-keys-ignored", "events marked key are not the ones titled on the era strip",
           "briefing/layout/graphics/era_strip.py", "    if marked:\n", "    if False:\n",
           ("tests/test_strip_keys.py::test_a_key_event_is_titled_and_the_timeline_numbers_the_others",)),
    Mutant("strip-unkeyed-marks", "too many events: every event gets a mark, most neither titled nor numbered",
           "briefing/layout/graphics/era_strip.py", 'drawn = sorted(labels) if plan.mode == "sample" else',
           'drawn = list(range(len(events))) if True else',
           ("tests/test_strip_keys.py::test_every_drawn_mark_is_labelled_or_numbered",)),
    Mutant("strip-era-ends-untitled", "without keys, the layout titles events with no regard to the eras",
           "briefing/layout/graphics/era_strip.py", "    picked = list(ends)\n", "    picked = [0, n - 1]\n",
           ("tests/test_strip_keys.py::test_without_keys_the_first_and_last_of_each_era_are_titled",)),
    Mutant("strip-month-tick-off-by-one", "a month tick labelled with the month before the one that begins there",
           "briefing/layout/graphics/era_strip.py", "words.date(PDate(m // 12, m % 12 + 1))",
           "words.date(PDate((m - 1) // 12, (m - 1) % 12 + 1))",
           ("tests/test_strip_keys.py::test_each_month_tick_names_the_month_that_begins_at_it",)),
    Mutant("camps-by-any-link", "a camp gathers rivals too: a militia drawn in the camp of those it fights",
           "briefing/layout/graphics/relations.py", '                if kind == "ally" and w not in camp:',
           "                if w not in camp:",
           ("tests/test_relations_camps.py::test_camps_are_the_groups_linked_by_alliances_each_together",)),
    Mutant("camps-unframed", "a column holding two camps draws them as one",
           "briefing/layout/graphics/relations.py", "        if len({camp_of[v] for v in here}) > 1:",
           "        if False:",
           ("tests/test_relations_camps.py::test_camps_are_the_groups_linked_by_alliances_each_together",)),
    Mutant("camps-interleaved", "the names of two camps of one column interleaved",
           "briefing/layout/graphics/relations.py", "vs.sort(key=lambda v: (at[camp_of[v]], want[v], rank[v]))",
           "vs.sort(key=lambda v: (want[v], rank[v]))",
           ("tests/test_relations_camps.py::test_camps_are_the_groups_linked_by_alliances_each_together",)),
    Mutant("camp-key-ignored", "a group's camp: ignored",
           "briefing/layout/graphics/relations.py",
           "        nodes[node(g.id, names.get(g.id, g.name), True)].camp = g.camp",
           "        node(g.id, names.get(g.id, g.name), True)",
           ("tests/test_relations_camps.py::test_a_groups_camp_puts_it_with_the_camp_of_that_name",)),
    Mutant("rival-drawn-solid", "a rivalry drawn as a solid line, unlike the legend",
           "briefing/layout/graphics/relations_draw.py", "            c.setDash([] if ally else [3.2, 2.2])",
           "            c.setDash([])",
           ("tests/test_relations_camps.py::test_the_pdf_draws_each_alliance_solid_and_each_rivalry_dashed",)),
    Mutant("three-camps-two-columns", "three camps forced into two columns",
           "briefing/layout/graphics/relations.py", "    if k == 3:  # three camps", "    if False:  # three camps",
           ("tests/test_relations_camps.py::test_three_camps_are_three_columns_and_no_line_crosses_a_name",)),
    Mutant("line-through-middle-camp", "a line between the outer two of three columns runs through the middle names",
           "briefing/layout/graphics/relations.py", "            if any(min(ca, cb) < c < max(ca, cb) for c in cols):",
           "            if False:",
           ("tests/test_relations_camps.py::test_three_camps_are_three_columns_and_no_line_crosses_a_name",)),
    Mutant("disclaimer-alone", "without sources, the disclaimer alone on the last page",
           "briefing/layout/document.py", "    if last is not None and height_of(last, ctx.width) <= ctx.height / 3:",
           "    if False:",
           ("tests/test_page_flow.py::test_without_sources_the_disclaimer_is_not_alone_on_the_last_page",)),
    Mutant("tall-rows-refused", "a table whose rows are too tall for two to a page cannot be laid out",
           "briefing/layout/common.py", "        if sum(rl.row_heights(self)[:head + MIN_ROWS]) > self.limit:",
           "        if False:",
           ("tests/test_page_flow.py::test_rows_too_tall_for_two_to_a_page_fall_one_to_a_page",)),
]


def anchor_problems(mutants: list[Mutant], root: Path) -> list[str]:
    """One message per mutant whose anchor does not occur exactly once in its file."""
    out = []
    for m in mutants:
        path = root / m.file
        try:
            n = path.read_text(encoding="utf-8").count(m.anchor)
        except OSError as e:
            out.append(f"{m.name}: cannot read {m.file}: {e.strerror}")
            continue
        if n != 1:
            where = "not found" if n == 0 else f"found {n} times"
            out.append(f"{m.name}: anchor {m.anchor.strip()!r} {where} in {m.file}; update the mutant")
    return out


def run_tests(copy: Path, tests: list[str]) -> tuple[int, str]:
    """Run `tests` in the copy; return pytest's exit code and the tail of its output."""
    # HYPOTHESIS_PROFILE: property tests stop at their first failure instead of shrinking it for minutes
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1", "HYPOTHESIS_PROFILE": "mutants"}
    # -W: Hypothesis, reporting a failure, imports mypy_extensions, whose deprecation warning the
    # suite's "error" filter would turn into an internal error instead of a plain failure.
    quiet = "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
    # -n 0: one process (a few tests gain nothing from workers, and a worker stopped by -x exits 2, not 1)
    r = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-n", "0", "-p", "no:cacheprovider", "-W", quiet,
                        *tests], cwd=copy, env=env, capture_output=True, text=True)
    return r.returncode, "\n".join((r.stdout + r.stderr).strip().splitlines()[-15:])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Apply behaviour-breaking edits one at a time and check "
                                             "that the tests catch each.")
    ap.add_argument("names", nargs="*", metavar="NAME", help="mutants to run (default: all)")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the run of the tests on the unmutated copy")
    args = ap.parse_args(argv)

    if args.list:
        for m in MUTANTS:
            print(f"{m.name:28} {m.breaks}")
        return 0
    by_name = {m.name: m for m in MUTANTS}
    unknown = [n for n in args.names if n not in by_name]
    if unknown:
        ap.error(f"no such mutant: {', '.join(unknown)} (see --list)")
    chosen = [by_name[n] for n in args.names] if args.names else MUTANTS

    problems = anchor_problems(chosen, ROOT) + [f"{m.name}: names no tests" for m in chosen if not m.tests]
    for p in problems:
        print(f"BROKEN  {p}")
    runnable = [m for m in chosen if m.tests and not anchor_problems([m], ROOT)]

    with tempfile.TemporaryDirectory(prefix="mutants-") as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(ROOT, copy, ignore=IGNORE, symlinks=True)
        if runnable and not args.no_baseline:
            tests = sorted({t for m in runnable for t in m.tests})
            code, tail = run_tests(copy, tests)
            if code != 0:
                print(f"BASELINE the tests fail on the unmutated copy (pytest exit {code}):\n{tail}")
                return 1
            print(f"baseline: {len(tests)} test selections pass unmutated")
        missed = errors = 0
        for m in runnable:
            path = copy / m.file
            original = path.read_text(encoding="utf-8")
            mutated = original.replace(m.anchor, m.replacement, 1)
            try:
                compile(mutated, str(path), "exec")
            except SyntaxError as e:
                print(f"ERROR   {m.name}: the edit does not compile: {e}")
                errors += 1
                continue
            path.write_text(mutated, encoding="utf-8")
            t0 = time.monotonic()
            try:
                code, tail = run_tests(copy, list(m.tests))
            finally:
                path.write_text(original, encoding="utf-8")
            took = time.monotonic() - t0
            if code == 1:
                print(f"caught  {m.name:28} {took:5.1f} s  {m.breaks}")
            elif code == 0:
                missed += 1
                print(f"MISSED  {m.name:28} {took:5.1f} s  {m.breaks}")
            else:  # collection error, bad test id, ...: not a catch
                errors += 1
                print(f"ERROR   {m.name:28} pytest exit {code}:\n{tail}")
    total = len(chosen)
    print(f"{total - missed - errors - len(problems)} of {total} caught, {missed} missed, "
          f"{errors} errors, {len(problems)} to update")
    return 1 if missed or errors or problems else 0


if __name__ == "__main__":
    sys.exit(main())

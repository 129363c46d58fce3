"""How a diff's marks look in the pictures (`cjm diff --render`), shared by the journey grid and the flow.

A mark is never told by colour alone: its marker and word ("+ added", "~ изменено") head the element, its
notes say what the element was, and what was removed is struck through in a dashed box. The notes also go
into the element's tooltip (the `xlink:title` of its SVG link).
"""

from __future__ import annotations

import re

from ..views import theme
from ..views.shapes import MARKERS, DiffLegend, Mark
from .dot import font, text, wrapped

PEN = 2.4
"""The border width of a marked element."""
LEGEND_ITEMS = 12
"""Removed elements listed by name in a picture's legend; the rest are counted."""

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TOOLTIP_LIMIT = 600  # characters: a tooltip is a glance, and DOT strings have a limit


def swatch(mark: Mark) -> theme.Swatch:
    return theme.DIFF[mark.kind]


def tooltip(mark: Mark) -> str:
    """The mark's words on one line, for a tooltip (`dot.escaped` writes them for DOT): line breaks and
    other control characters become spaces, and a long text is cut."""
    words = _UNPRINTABLE.sub(" ", " · ".join((mark.tag, *mark.notes)))
    if len(words) > _TOOLTIP_LIMIT:
        words = words[: _TOOLTIP_LIMIT - 1] + "…"
    return words


def words(mark: Mark) -> str:
    """The mark's words on one line, for a tooltip inside an HTML-like label (escape them with `text`)."""
    return " · ".join((mark.tag, *mark.notes))


def struck(markup: str) -> str:
    """Markup struck through: a removed element's text (nothing when it is empty, which Graphviz refuses)."""
    return f"<S>{markup}</S>" if markup else markup


def tag(mark: Mark, size: float) -> str:
    """The marker and the word, "+ added", in the mark's colour."""
    return font(text(mark.tag), size, swatch(mark).strong, bold=True)


def notes(mark: Mark, width: int, size: float, max_lines: int = 3) -> list[str]:
    """The mark's notes, each wrapped to `width` characters, as rows of markup."""
    return [
        font(text(line), size, swatch(mark).strong) for note in mark.notes for line in wrapped(note, width, max_lines)
    ]


def legend_rows(legend: DiffLegend, width: int) -> list[tuple[str, float]]:
    """The legend of a picture drawn with a diff, as rows of markup with their heights in points: what was
    compared, the count of each kind of change under its marker and colour, and what was removed that the
    picture has no place for."""
    rows = [(font(text(line), 11, theme.TEXT, bold=True), 15.0) for line in wrapped(legend.heading, width, 2)]
    if legend.counts:
        counts = "   ".join(font(text(shown), 10, theme.DIFF[kind].strong, bold=True) for kind, shown in legend.counts)
        rows.append((counts, 14.0))
    if legend.empty:
        rows.append((font(text(legend.empty), 10, theme.MUTED, bold=True), 14.0))
    if legend.removed:
        rows.append((font(text(legend.removed_title), 9, theme.DIFF_REMOVED.strong, bold=True), 13.0))
        for item in legend.removed[:LEGEND_ITEMS]:
            for n, line in enumerate(wrapped(item, width - 2, 2)):
                lead = f"{MARKERS['removed']} " if n == 0 else "  "
                rows.append((font(text(lead) + struck(text(line)), 9, theme.DIFF_REMOVED.strong), 12.0))
        if len(legend.removed) > LEGEND_ITEMS:
            rows.append((font(text(f"+{len(legend.removed) - LEGEND_ITEMS}"), 9, theme.MUTED), 12.0))
    return rows

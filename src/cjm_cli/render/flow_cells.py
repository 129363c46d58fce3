"""Render: the cells the flow's nodes are made of, as Graphviz's HTML-like labels: a stage's rows, the notes
(a channel in its kind's box, an automation in its stage, a page of the site, an ad group), a page link, a
list cut after a few items. `render/flow.py` places them; user text reaches them through `render/dot.py`.
"""

from __future__ import annotations

from ..views import theme
from ..views.shapes import AutomationView, Mark, PageLink
from ..views.theme import Swatch
from . import marks as render_marks
from .dot import block, font, text

WRAP = 26
"""Characters per line in a node."""


def marked(rows: list[str], mark: Mark | None) -> list[str]:
    """A node's rows with its mark's marker and word first and what it was last."""
    if mark is None:
        return rows
    return [render_marks.tag(mark, 8), *rows, *render_marks.notes(mark, 34, 8)]


def box(cells: list[str], colour: str, dashed: bool = False, fill: str = "") -> str:
    """A cell framed as a rounded box of `cells`, one above the other."""
    style = "rounded,dashed" if dashed else "rounded"
    background = f' BGCOLOR="{fill}"' if fill else ""
    rows = "".join(f"<TR>{cell}</TR>" for cell in cells)
    frame = f'STYLE="{style}" BORDER="1" COLOR="{colour}"{background}'
    inner = f'<TABLE {frame} CELLBORDER="0" CELLSPACING="3" CELLPADDING="1">{rows}</TABLE>'
    return f'<TD ALIGN="LEFT" CELLPADDING="0">{inner}</TD>'


def side_by_side(cells: list[str]) -> str:
    """A cell holding `cells` in one row."""
    inner = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="6" CELLPADDING="0"><TR>{"".join(cells)}</TR></TABLE>'
    return f'<TD ALIGN="LEFT" CELLPADDING="0">{inner}</TD>'


def note(
    rows: list[str],
    swatch: Swatch,
    mark: Mark | None,
    port: str = "",
    dashed: bool = False,
    href: str = "",
    pen: str = "1",
    tooltip: str = "",
) -> str:
    """A cell holding a small rounded box of `rows`: a channel in its kind's box, an automation in its stage; in
    the colours of its diff mark when it has one, white and dashed for the ghost of a removed one."""
    if mark is not None and mark.kind == "removed":
        rows = [render_marks.struck(row) for row in rows]
    colours = render_marks.swatch(mark) if mark is not None else swatch
    fill = theme.BACKGROUND if mark is not None and mark.kind == "removed" else colours.fill
    style = "rounded,dashed" if dashed or (mark is not None and mark.kind == "removed") else "rounded"
    pen = f"{render_marks.PEN:g}" if mark is not None else pen
    title = f' TITLE="{text(render_marks.words(mark))}"' if mark is not None else ""
    inner = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"{title}>{row}</TD></TR>' for row in marked(rows, mark))
    box = (
        f'<TABLE STYLE="{style}" BORDER="{pen}" CELLBORDER="0" CELLSPACING="1" CELLPADDING="3" '
        f'COLOR="{colours.border}" BGCOLOR="{fill}">{inner}</TABLE>'
    )
    where = f' PORT="{port}"' if port else ""
    # a link's tooltip names what it opens (Graphviz would show "<TABLE>")
    link = f' HREF="{text(href)}" TARGET="_blank" TITLE="{text(tooltip or href)}"' if href else ""
    return f'<TD ALIGN="LEFT" CELLPADDING="0"{where}{link}>{box}</TD>'


def automation_note(automation: AutomationView) -> str:
    """An automation as a yellow note inside its stage: what, when, what starts it, and the page it links to."""
    head = automation.action + (f" · {automation.delay}" if automation.delay else "")
    rows = [font(text(head), 8, theme.AUTOMATION.strong, bold=True)]
    if automation.text:
        rows.append(font(block(automation.text, WRAP, 4), 9))
    if automation.trigger:
        rows.append(font(block(f"⟵ {automation.trigger}", WRAP, 2), 8, theme.MUTED))
    if automation.page is not None:
        rows.append(font(block(f"↗ {automation.page.title}", WRAP, 2), 8, theme.SITE.strong))
    return note(rows, theme.AUTOMATION, automation.mark)


def page_links(pages: tuple[PageLink, ...]) -> list[str]:
    """A cell per page that serves a stage or a pipeline: its title, linked to the page when its address is known."""
    cells = []
    for page in pages:
        link = f' HREF="{text(page.href)}" TARGET="_blank" TITLE="{text(page.title)}"' if page.href else ""
        title = font(block(f"↗ {page.title}", WRAP, 2), 8, theme.SITE.strong)
        cells.append(f'<TD ALIGN="LEFT" BALIGN="LEFT"{link}>{title}</TD>')
    return cells


def cell(row: str) -> str:
    return f'<TD ALIGN="LEFT" BALIGN="LEFT">{row}</TD>'


def cells_table(cells: list[str], spacing: int = 2) -> str:
    rows = "".join(f"<TR>{cell}</TR>" for cell in cells)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="{spacing}" CELLPADDING="1">{rows}</TABLE>>'


def listed(title: str, items: tuple[str, ...], limit: int) -> list[str]:
    if not items:
        return []
    shown = [font(block(f"• {item}", 34, 2), 8) for item in items[:limit]]
    if len(items) > limit:
        shown.append(font(text(f"+{len(items) - limit}"), 8, theme.MUTED))
    return [font(text(title), 8, theme.MUTED), *shown]

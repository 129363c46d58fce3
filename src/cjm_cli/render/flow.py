"""Render: the sales-system flow as Graphviz DOT, drawn left to right.

channels (grouped by kind) -> the CRM, a frame around the leads and one row per deal pipeline -> site pages <-
paid campaigns. The leads and the pipelines are rows of stages whose columns line up (the n-th stage of each
at the same place), so a long sales system wraps into rows instead of one strip too wide to print; converted
leads flow back to the start of the pipelines below.

What belongs to a stage is drawn in it, so that nothing can stand beside the wrong stage: its automations as
yellow notes, and the pages of the site that serve it as links. The site block lists the stages each page
serves; the only edges into it are the campaigns', drawn from the page with the arrow reversed, which keeps
the campaigns to the right of the site.

A flow built with a diff's marks (`cjm diff --render`) gets a legend under its title and marked nodes and
frames (see `marks.py`), with removed automations as ghosts in their stage; a flow without marks is
drawn exactly as `cjm render` draws it.
"""

from __future__ import annotations

import itertools

import graphviz

from ..views import theme
from ..views.shapes import (
    CampaignView,
    ChannelGroup,
    Flow,
    Funnel,
    Mark,
    PageView,
    StageView,
)
from ..views.theme import FONT, Swatch
from ..views.words import Words
from . import marks as render_marks
from .dot import block, digraph, escaped, font, table, text
from .flow_cells import (
    WRAP,
    automation_note,
    box,
    cell,
    cells_table,
    listed,
    marked,
    note,
    page_links,
    side_by_side,
)

CHANNELS, SITE, PPC = "channels", "site", "ppc"
"""The nodes holding every channel, page and campaign: one node each, so that their items keep the order written."""
PAGES_PER_ROW = 4
"""The site's pages in a row, when the blocks are stacked top to bottom (a PDF's page of the site)."""
_LEFT_BREAK = '<BR ALIGN="LEFT"/>'


def flow_dot(flow: Flow, title: str, w: Words, rankdir: str = "LR") -> str:
    """The DOT source of the flow view; `rankdir` TB stacks the blocks top to bottom (a PDF's page of the site)."""
    heading = [font(block(title, 90, 3), 20, theme.TEXT, bold=True)]
    if flow.legend:
        lines = render_marks.legend_rows(flow.legend, 110)
        heading.append("".join(markup + _LEFT_BREAK for markup, _height in lines))
    g = digraph(
        "flow",
        {
            "rankdir": rankdir,
            "newrank": "true",
            "compound": "true",
            "fontname": FONT,
            "fontsize": "12",
            "fontcolor": theme.TEXT,
            "bgcolor": theme.BACKGROUND,
            "pad": "0.4",
            "nodesep": "0.18",
            "ranksep": "0.4",
            "labelloc": "t",
            "labeljust": "l",
            "label": table(heading, padding=6),
        },
        {
            "fontname": FONT,
            "fontsize": "10",
            "fontcolor": theme.TEXT,
            "shape": "box",
            "style": "rounded,filled",
            "penwidth": "1.2",
        },
        {"fontname": FONT, "fontsize": "9", "fontcolor": theme.MUTED, "color": theme.MUTED, "arrowsize": "0.7"},
    )

    across = rankdir == "TB"  # blocks stacked top to bottom: a block's items side by side
    if flow.channel_groups:
        with g.subgraph(name="cluster_channels") as block_graph:
            _cluster_style(block_graph, w.channels, theme.CHANNEL, flow.channels_note)
            _channels(block_graph, flow.channel_groups, w)
    if flow.funnels:
        with g.subgraph(name="cluster_crm") as crm:
            _cluster_style(crm, flow.crm, theme.CRM)
            for funnel in flow.funnels:
                _funnel(crm, funnel, theme.LEADS if funnel.key == "leads" else theme.DEALS, w)
    if flow.pages:
        with g.subgraph(name="cluster_site") as site:
            _cluster_style(site, w.site, theme.SITE)
            _site(site, flow.pages, PAGES_PER_ROW if across else 1, w)
    if flow.campaigns:
        landings = {page.key: page.title for page in flow.pages} if across else {}
        _campaigns(g, flow.campaigns, landings, w)
    # The channels at the left edge; the n-th stage of every funnel in one column, so that funnels are rows;
    # the site and the campaigns to the right of the funnels.
    _same_rank(g, [CHANNELS] if flow.channel_groups else [], "min")
    for column in itertools.zip_longest(*(f.chain for f in flow.funnels)):
        _same_rank(g, [stage.key for stage in column if stage is not None])

    _channel_edges(g, flow, w)
    _funnel_edges(g, flow, w)
    _site_after_funnels(g, flow)
    # Stacked top to bottom, edges from the site's pages to the campaigns under them would loop round both
    # blocks: the ad groups name their landing pages instead, and an invisible edge keeps them under the site.
    if across and flow.pages and flow.campaigns:
        g.edge(SITE, PPC, style="invis")
    for campaign in flow.campaigns if not across else ():
        for ad_group in campaign.groups:
            for landing in ad_group.landing_keys:
                # drawn from the page, arrow reversed: keeps campaigns to the right of the site
                _edge(g, f"{SITE}:{landing}", f"{PPC}:{ad_group.key}", dir="back", color=theme.PPC.border)
    return str(g.source)


def _cluster_style(
    g: graphviz.Digraph,
    title: str,
    swatch: Swatch,
    subtitle: str = "",
    notes: tuple[str, ...] = (),
    mark: Mark | None = None,
    links: list[str] | None = None,
) -> None:
    rows = [font(block(title, 60, 3), 14, swatch.strong, bold=True)]
    if subtitle:
        rows.append(font(block(subtitle, 70, 3), 9, theme.MUTED))
    rows += [font(text(note), 10, swatch.strong, bold=True) for note in notes if note]
    attributes = {"color": swatch.border, "penwidth": "1.5"}
    if mark is not None:  # a frame the diff added or changed: its mark under the title, in a thick border
        rows[1:1] = [render_marks.tag(mark, 10), *render_marks.notes(mark, 70, 9)]
        attributes = {
            "color": render_marks.swatch(mark).border,
            "penwidth": f"{render_marks.PEN:g}",
            "tooltip": escaped(render_marks.tooltip(mark)),
        }
    label = cells_table([cell(row) for row in rows] + (links or [])) if links else table(rows)
    g.attr(
        label=label,
        labeljust="l",
        style="rounded,filled",
        fillcolor=theme.CLUSTER_FILL,
        **attributes,
        margin="14",
    )


def _mark_attributes(attributes: dict[str, str], mark: Mark | None) -> dict[str, str]:
    """A node's attributes, in the colours of its mark with a thick border when it has one: white and dashed
    for the ghost of a removed one."""
    if mark is None:
        return attributes
    colours = render_marks.swatch(mark)
    style = attributes.get("style", "rounded,filled")
    if mark.kind == "removed" and "dashed" not in style:
        style += ",dashed"
    return attributes | {
        "fillcolor": theme.BACKGROUND if mark.kind == "removed" else colours.fill,
        "color": colours.border,
        "penwidth": f"{render_marks.PEN:g}",
        "style": style,
        "tooltip": escaped(render_marks.tooltip(mark)),
    }


def _channels(g: graphviz.Digraph, groups: tuple[ChannelGroup, ...], w: Words) -> None:
    """Every channel in one node, so that they keep the order written: a box per kind, a note per channel (port
    `chN`, where its edge starts) in the colours of how its requests reach the CRM."""
    routes = {
        "crm": (theme.CHANNEL, w.crm),
        "manual": (theme.CHANNEL_MANUAL, w.manual),
        "idle": (theme.CHANNEL_IDLE, w.not_processed),
        "": (theme.CHANNEL, ""),
    }
    kinds = []
    for group in groups:
        cells = [cell(font(text(group.title), 9, theme.MUTED, bold=True))]
        for channel in group.channels:
            swatch, route = routes[channel.route]
            rows = [font(block(channel.name, WRAP, 3), bold=True)]
            if route:
                rows.append(font(text(route), 8, swatch.strong, bold=channel.route == "crm"))
            rows += [font(block(x, 34, 3), 8, theme.MUTED) for x in (channel.figures, channel.returns) if x]
            cells.append(note(rows, swatch, channel.mark, port=channel.key, dashed=swatch is not theme.CHANNEL))
        kinds.append(box(cells, theme.GRID_LINE, dashed=True))
    _plain(g, CHANNELS, cells_table(kinds, spacing=6))


def _funnel(g: graphviz.Digraph, funnel: Funnel, swatch: Swatch, w: Words) -> None:
    with g.subgraph(name=f"cluster_{funnel.key}") as cluster:
        notes = (funnel.overall, funnel.money)
        _cluster_style(cluster, funnel.title, swatch, funnel.subtitle, notes, funnel.mark, page_links(funnel.pages))
        for stage in (*funnel.chain, *funnel.failures):
            _stage(cluster, stage, swatch, funnel.key, w)
        # the conversion of each step is written in the stage it leads to, not on the edge: labels would
        # widen every gap between two stages
        for before, after in itertools.pairwise(funnel.chain):
            if after.drop_off:  # the step that loses the largest share: thick and red, and said in the stage
                _edge(cluster, before.key, after.key, color=theme.DROP_OFF.border, penwidth="3.2", weight="8")
            else:
                _edge(cluster, before.key, after.key, color=swatch.border, penwidth="1.4", weight="8")
        last_progress = next((s for s in reversed(funnel.chain) if s.meaning == "progress"), None)
        for failure in funnel.failures:
            if last_progress:
                _edge(
                    cluster,
                    last_progress.key,
                    failure.key,
                    label=w.from_any_stage,
                    style="dashed",
                    color=theme.FAILURE.border,
                )


def _stage(g: graphviz.Digraph, stage: StageView, funnel_swatch: Swatch, funnel_key: str, w: Words) -> None:
    """A stage with what belongs to it: the pages that serve it, as links, and its automations, as yellow notes."""
    swatch = {"success": theme.SUCCESS, "failure": theme.FAILURE}.get(stage.meaning, funnel_swatch)
    rows = [
        font(text(stage.id), 8, theme.MUTED),
        font(block(stage.name, WRAP, 4), bold=True),
    ]
    if stage.count:
        rows.append(font(text(stage.count), 9, swatch.strong))
    if stage.drop_off:
        shown = f"{stage.conversion} {w.from_previous.lower()} · {w.biggest_drop_off} {stage.drop_off}"
        rows.append(font(block(shown, WRAP + 8, 2), 8, theme.DROP_OFF.strong, bold=True))
    elif stage.conversion:
        rows.append(font(text(f"{stage.conversion} {w.from_previous.lower()}"), 8, swatch.strong))
    cells = [cell(row) for row in marked(rows, stage.mark)]
    cells += page_links(stage.pages)
    cells += [automation_note(automation) for automation in stage.automations]
    fill = swatch.fill if stage.meaning != "progress" else "#ffffff"
    # One `group` per funnel keeps its chain on a straight line.
    group = funnel_key if stage.meaning != "failure" else ""
    attributes = {"fillcolor": fill, "color": swatch.border, "group": group}
    g.node(stage.key, cells_table(cells), **_mark_attributes(attributes, stage.mark))


def _plain(g: graphviz.Digraph, name: str, label: str) -> None:
    """A node that is only its label's tables: no shape, no fill of its own."""
    g.node(name, label, shape="plain", style="")


def _site(g: graphviz.Digraph, pages: tuple[PageView, ...], per_row: int, w: Words) -> None:
    """Every page of the site in one node, in the order written (`per_row` side by side): a note per page (port
    `pageN`, where the campaigns' edges end) with the stages it serves; dashed orange when no campaign brings
    anyone to it."""
    notes = []
    for page in pages:
        swatch = theme.UNPROMOTED if page.unpromoted_flag else theme.SITE
        rows = [font(block(page.title, WRAP, 3), bold=True), font(block(page.url, 36, 2), 8, theme.MUTED)]
        rows += [font(block(f"← {served}", 36, 2), 8, theme.SITE.strong) for served in page.serves]
        if page.journey_stages:
            rows.append(font(block(f"{w.journey_stages}: " + ", ".join(page.journey_stages), 36, 3), 8, theme.MUTED))
        if page.unpromoted_flag:
            rows.append(font(text(w.not_promoted), 8, swatch.strong, bold=True))
        pen = "1.8" if page.unpromoted_flag else "1.2"
        notes.append(note(rows, swatch, page.mark, page.key, page.unpromoted_flag, page.href, pen, page.title))
    lines = ["".join(notes[start : start + per_row]) for start in range(0, len(notes), per_row)]
    cells = "".join(f"<TR>{line}</TR>" for line in lines)
    _plain(g, SITE, f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="8" CELLPADDING="0">{cells}</TABLE>>')


def _campaigns(g: graphviz.Digraph, campaigns: tuple[CampaignView, ...], landings: dict[str, str], w: Words) -> None:
    """Every campaign in one node, in the order written: a frame per campaign, a note per ad group (port
    `ppcNgM`, where its edge from the landing page ends) with its keywords, ads and landings off the site.
    Given the titles of the site's pages (`landings`), the blocks are stacked: a campaign's groups side by side,
    each naming its pages of the site."""
    across = bool(landings)
    frames = []
    for campaign in campaigns:
        head = [font(block(campaign.title, 40, 3), 12, theme.PPC.strong, bold=True)]
        if campaign.subtitle:
            head.append(font(block(campaign.subtitle, 50, 2), 9, theme.MUTED))
        head += [
            font(text(note), 10, theme.PPC.strong, bold=True) for note in (campaign.figures, campaign.returns) if note
        ]
        if campaign.mark is not None:
            head[1:1] = [render_marks.tag(campaign.mark, 10), *render_marks.notes(campaign.mark, 50, 9)]
        notes = []
        for group in campaign.groups:
            rows = [font(block(group.name, WRAP, 3), bold=True)]
            rows += [font(block(group.figures, 34, 2), 8, theme.MUTED)] if group.figures else []
            rows += listed(w.keywords, group.keywords, 6)
            rows += listed(w.ads, group.ads, 3)
            if across:
                rows += [font(block(f"→ {landings[key]}", 36, 2), 8, theme.SITE.strong) for key in group.landing_keys]
            rows += [font(block(f"→ {url}", 36, 2), 8, theme.MUTED) for url in group.landing_urls]
            notes.append(note(rows, theme.PPC, group.mark, group.key))
        colour = render_marks.swatch(campaign.mark).border if campaign.mark is not None else theme.PPC.border
        if across and notes:  # side by side under their title
            notes = [side_by_side(notes)]
        frames.append(box([cell(row) for row in head] + notes, colour, fill=theme.CLUSTER_FILL))
    layout = f"<TR>{''.join(frames)}</TR>" if across else "".join(f"<TR>{frame}</TR>" for frame in frames)
    _plain(g, PPC, f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="10" CELLPADDING="0">{layout}</TABLE>>')


def _channel_edges(g: graphviz.Digraph, flow: Flow, w: Words) -> None:
    funnels = {f.key: f for f in flow.funnels}
    for group in flow.channel_groups:
        for channel in group.channels:
            funnel = funnels.get(channel.target)
            if funnel is None or not funnel.entry:
                continue
            tail = f"{CHANNELS}:{channel.key}:e"
            if channel.crm:
                _edge(g, tail, funnel.entry, lhead=f"cluster_{funnel.key}", color=theme.CHANNEL.border)
            else:
                _edge(
                    g,
                    tail,
                    funnel.entry,
                    lhead=f"cluster_{funnel.key}",
                    style="dashed",
                    color=theme.CHANNEL_MANUAL.border,
                    label=w.manual,
                    fontcolor=theme.CHANNEL_MANUAL.strong,
                )


def _funnel_edges(g: graphviz.Digraph, flow: Flow, w: Words) -> None:
    # Converted leads become deals of every pipeline.
    converted = next((s for s in flow.leads.chain if s.meaning == "success"), None) if flow.leads else None
    for pipeline in flow.pipelines:
        if converted and pipeline.entry:
            # back to the start of the pipeline's row: the rows' columns line up, so the edge sets no rank
            _edge(
                g,
                converted.key,
                pipeline.entry,
                lhead=f"cluster_{pipeline.key}",
                color=theme.LEADS.border,
                constraint="false",
            )
    funnels = {f.key: f for f in flow.pipelines}
    for pipeline in flow.pipelines:
        won = next((s for s in pipeline.chain if s.meaning == "success"), None)
        for other in pipeline.cross_sell:
            target = funnels.get(other)
            if target is None:  # drawn apart (a page of the PDF holds one pipeline)
                continue
            mutual = pipeline.key in target.cross_sell
            if not won or not target.chain or (mutual and other < pipeline.key):
                continue  # a pair that sells each other gets one edge with two arrows
            # aimed at the target's last stage and cut at its frame: a short edge across the gap between the
            # two rows, its label at its start (one to the target's first stage would cross the whole row)
            _edge(
                g,
                won.key,
                target.chain[-1].key,
                taillabel=escaped(w.cross_sell),
                labeldistance="4",
                labelangle="-60",
                style="dashed",
                color=theme.DEALS.border,
                constraint="false",
                lhead=f"cluster_{target.key}",
                dir="both" if mutual else "forward",
            )


def _site_after_funnels(g: graphviz.Digraph, flow: Flow) -> None:
    """Keep the site right of the funnels: no edge leads there from a stage now, so invisible ones do."""
    if not flow.pages:
        return
    for funnel in flow.funnels:
        for stage in funnel.chain[-1:]:
            g.edge(stage.key, SITE, style="invis", weight="0")


def _same_rank(g: graphviz.Digraph, keys: list[str], rank: str = "same") -> None:
    if keys:
        with g.subgraph() as column:
            column.attr(rank=rank)
            for key in keys:
                column.node(key)


def _edge(g: graphviz.Digraph, tail: str, head: str, label: str = "", **attributes: str) -> None:
    if label:
        attributes["label"] = table([text(label)], padding=1)
    g.edge(tail, head, **attributes)

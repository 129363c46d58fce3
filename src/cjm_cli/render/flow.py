"""Stage 6, render: the sales-system flow as Graphviz DOT, drawn left to right.

channels (grouped by kind) -> leads -> one cluster per deal pipeline (automations hang off their stages) ->
site pages <- paid campaigns. Blocks keep that order because every edge points rightwards: a campaign's
edge to its landing page is drawn from the page with the arrow reversed.

A flow built with a diff's marks (`cjm diff --render`) gets a legend under its title and marked nodes and
frames (see `render_marks.py`), with removed automations as ghosts beside their stage; a flow without marks is
drawn exactly as `cjm render` draws it.
"""

from __future__ import annotations

import itertools

import graphviz

from ..views import theme
from ..views.shapes import AutomationView, CampaignView, ChannelGroup, Flow, Funnel, Mark, PageView, StageView
from ..views.theme import FONT, Swatch
from ..views.words import Words
from . import marks as render_marks
from .dot import block, digraph, escaped, font, table, text

_WRAP = 28  # characters per line in a node
_LEFT_BREAK = '<BR ALIGN="LEFT"/>'


def flow_dot(flow: Flow, title: str, w: Words) -> str:
    """The DOT source of the flow view."""
    heading = [font(block(title, 90, 3), 20, theme.TEXT, bold=True)]
    if flow.legend:
        lines = render_marks.legend_rows(flow.legend, 110)
        heading.append("".join(markup + _LEFT_BREAK for markup, _height in lines))
    g = digraph(
        "flow",
        {
            "rankdir": "LR",
            "newrank": "true",
            "compound": "true",
            "fontname": FONT,
            "fontsize": "12",
            "fontcolor": theme.TEXT,
            "bgcolor": theme.BACKGROUND,
            "pad": "0.4",
            "nodesep": "0.18",
            "ranksep": "0.55",
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

    if flow.channel_groups:
        with g.subgraph(name="cluster_channels") as block_graph:
            _cluster_style(block_graph, w.channels, theme.CHANNEL, flow.channels_note)
            for i, group in enumerate(flow.channel_groups):
                _channel_group(block_graph, i, group, bool(flow.funnels), w)
    for funnel, swatch in [(f, theme.LEADS if f.key == "leads" else theme.DEALS) for f in flow.funnels]:
        _funnel(g, funnel, swatch, w)
    if flow.pages:
        with g.subgraph(name="cluster_site") as site:
            _cluster_style(site, w.site, theme.SITE)
            for page in flow.pages:
                _page(site, page, w)
    for campaign in flow.campaigns:
        _campaign(g, campaign, w)
    # Each block in a column of its own: every channel at the left edge, pages and ad groups in two columns
    # to the right of the funnels, whatever stage they link to.
    _same_rank(g, [c.key for group in flow.channel_groups for c in group.channels], "min")
    _same_rank(g, [p.key for p in flow.pages])
    _same_rank(g, [group.key for campaign in flow.campaigns for group in campaign.groups])

    _channel_edges(g, flow, w)
    _funnel_edges(g, flow, w)
    funnels = {f.key: f for f in flow.funnels}
    for page in flow.pages:
        for source in page.served_by:
            # a whole pipeline serves the page: the edge leaves the pipeline's frame
            whole = funnels.get(source)
            tail, frame = (whole.entry, {"ltail": f"cluster_{source}"}) if whole else (source, {})
            if tail:
                _edge(g, tail, page.key, style="dotted", color=theme.SITE.border, **frame)
    for campaign in flow.campaigns:
        for ad_group in campaign.groups:
            for landing in ad_group.landing_keys:
                # drawn from the page, arrow reversed: keeps campaigns to the right of the site
                _edge(g, landing, ad_group.key, dir="back", color=theme.PPC.border)
    return str(g.source)


def _cluster_style(
    g: graphviz.Digraph,
    title: str,
    swatch: Swatch,
    subtitle: str = "",
    notes: tuple[str, ...] = (),
    mark: Mark | None = None,
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
    g.attr(
        label=table(rows),
        labeljust="l",
        style="rounded,filled",
        fillcolor=theme.CLUSTER_FILL,
        **attributes,
        margin="14",
    )


def _marked(rows: list[str], mark: Mark | None) -> list[str]:
    """A node's rows with its mark's marker and word first and what it was last."""
    if mark is None:
        return rows
    return [render_marks.tag(mark, 8), *rows, *render_marks.notes(mark, 34, 8)]


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


def _channel_group(g: graphviz.Digraph, index: int, group: ChannelGroup, funnels: bool, w: Words) -> None:
    with g.subgraph(name=f"cluster_channels{index}") as kind:
        kind.attr(
            label=table([font(text(group.title), 10, theme.MUTED, bold=True)]),
            style="rounded,dashed",
            color=theme.GRID_LINE,
            penwidth="1",
            margin="8",
        )
        for channel in group.channels:
            swatch = theme.CHANNEL if channel.crm else theme.CHANNEL_MANUAL if channel.target else theme.CHANNEL_IDLE
            rows = [font(block(channel.name, _WRAP, 3), bold=True)]
            if channel.crm:
                rows.append(font(text(w.crm), 8, swatch.strong, bold=True))
            elif funnels:  # without funnels in the map, where requests go is simply not described
                note = w.manual if channel.target else w.not_processed
                rows.append(font(text(note), 8, swatch.strong))
            else:
                swatch = theme.CHANNEL
            rows += [font(block(x, 34, 3), 8, theme.MUTED) for x in (channel.figures, channel.returns) if x]
            attributes = {
                "fillcolor": swatch.fill,
                "color": swatch.border,
                "style": "rounded,filled" if swatch is theme.CHANNEL else "rounded,filled,dashed",
            }
            kind.node(channel.key, table(_marked(rows, channel.mark)), **_mark_attributes(attributes, channel.mark))


def _funnel(g: graphviz.Digraph, funnel: Funnel, swatch: Swatch, w: Words) -> None:
    with g.subgraph(name=f"cluster_{funnel.key}") as cluster:
        _cluster_style(cluster, funnel.title, swatch, funnel.subtitle, (funnel.overall, funnel.money), funnel.mark)
        for stage in (*funnel.chain, *funnel.failures):
            _stage(cluster, stage, swatch, funnel.key)
            for automation in stage.automations:
                _automation(cluster, automation)
                _edge(
                    cluster, stage.key, automation.key, style="dashed", color=theme.AUTOMATION.border, arrowhead="none"
                )
        for before, after in itertools.pairwise(funnel.chain):
            if after.drop_off:
                _drop_off_edge(cluster, before.key, after, w)
            else:
                _edge(
                    cluster,
                    before.key,
                    after.key,
                    label=after.conversion,
                    color=swatch.border,
                    penwidth="1.4",
                    weight="8",
                )
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


def _drop_off_edge(g: graphviz.Digraph, tail: str, stage: StageView, w: Words) -> None:
    """The step that loses the largest share: thick, red and labelled, so that it is not told by colour alone."""
    label = table(
        [
            font(text(stage.conversion), 10, theme.DROP_OFF.strong, bold=True),
            font(text(f"{w.biggest_drop_off} {stage.drop_off}"), 8, theme.DROP_OFF.strong, bold=True),
        ],
        padding=1,
        bgcolor=theme.BACKGROUND,
    )
    g.edge(tail, stage.key, label=label, color=theme.DROP_OFF.border, penwidth="3.2", arrowsize="0.9", weight="8")


def _stage(g: graphviz.Digraph, stage: StageView, funnel_swatch: Swatch, funnel_key: str) -> None:
    swatch = {"success": theme.SUCCESS, "failure": theme.FAILURE}.get(stage.meaning, funnel_swatch)
    rows = [
        font(text(stage.id), 7, theme.MUTED),
        font(block(stage.name, _WRAP, 4), bold=True),
    ]
    if stage.count:
        rows.append(font(text(stage.count), 9, swatch.strong))
    fill = swatch.fill if stage.meaning != "progress" else "#ffffff"
    # One `group` per funnel keeps its chain on a straight line.
    group = funnel_key if stage.meaning != "failure" else ""
    attributes = {"fillcolor": fill, "color": swatch.border, "group": group}
    g.node(stage.key, table(_marked(rows, stage.mark)), **_mark_attributes(attributes, stage.mark))


def _automation(g: graphviz.Digraph, automation: AutomationView) -> None:
    head = automation.action + (f" · {automation.delay}" if automation.delay else "")
    rows = [font(text(head), 8, theme.AUTOMATION.strong, bold=True)]
    if automation.text:
        rows.append(font(block(automation.text, _WRAP, 4), 9))
    if automation.trigger:
        rows.append(font(block(f"⟵ {automation.trigger}", _WRAP, 2), 8, theme.MUTED))
    if automation.mark is not None and automation.mark.kind == "removed":
        rows = [render_marks.struck(row) for row in rows]
    attributes = {
        "fillcolor": theme.AUTOMATION.fill,
        "color": theme.AUTOMATION.border,
        "style": "filled",
        "fontsize": "9",
    }
    g.node(automation.key, table(_marked(rows, automation.mark)), **_mark_attributes(attributes, automation.mark))


def _page(g: graphviz.Digraph, page: PageView, w: Words) -> None:
    swatch = theme.UNPROMOTED if page.unpromoted_flag else theme.SITE
    rows = [font(block(page.title, _WRAP, 3), bold=True), font(block(page.url, 36, 2), 8, theme.MUTED)]
    if page.journey_stages:
        rows.append(font(block(f"{w.journey_stages}: " + ", ".join(page.journey_stages), 36, 3), 8, theme.MUTED))
    if page.unpromoted_flag:
        rows.append(font(text(w.not_promoted), 8, swatch.strong, bold=True))
    link = {"URL": page.href, "target": "_blank"} if page.href else {}
    attributes = {
        "fillcolor": swatch.fill,
        "color": swatch.border,
        "style": "rounded,filled,dashed" if page.unpromoted_flag else "rounded,filled",
        "penwidth": "1.8" if page.unpromoted_flag else "1.2",
        **link,
    }
    g.node(page.key, table(_marked(rows, page.mark)), **_mark_attributes(attributes, page.mark))


def _campaign(g: graphviz.Digraph, campaign: CampaignView, w: Words) -> None:
    with g.subgraph(name=f"cluster_{campaign.key}") as cluster:
        notes = (campaign.figures, campaign.returns)
        _cluster_style(cluster, campaign.title, theme.PPC, campaign.subtitle, notes, mark=campaign.mark)
        for group in campaign.groups:
            rows = [font(block(group.name, _WRAP, 3), bold=True)]
            rows += [font(block(group.figures, 34, 2), 8, theme.MUTED)] if group.figures else []
            rows += _listed(w.keywords, group.keywords, 6)
            rows += _listed(w.ads, group.ads, 3)
            rows += [font(block(f"→ {url}", 36, 2), 8, theme.MUTED) for url in group.landing_urls]
            attributes = {"fillcolor": theme.PPC.fill, "color": theme.PPC.border}
            cluster.node(group.key, table(_marked(rows, group.mark)), **_mark_attributes(attributes, group.mark))
        if not campaign.groups:  # an empty campaign still shows as a box
            cluster.node(f"{campaign.key}empty", " ", shape="point", style="invis")


def _listed(title: str, items: tuple[str, ...], limit: int) -> list[str]:
    if not items:
        return []
    shown = [font(block(f"• {item}", 34, 2), 8) for item in items[:limit]]
    if len(items) > limit:
        shown.append(font(text(f"+{len(items) - limit}"), 8, theme.MUTED))
    return [font(text(title), 7, theme.MUTED), *shown]


def _channel_edges(g: graphviz.Digraph, flow: Flow, w: Words) -> None:
    funnels = {f.key: f for f in flow.funnels}
    for group in flow.channel_groups:
        for channel in group.channels:
            funnel = funnels.get(channel.target)
            if funnel is None or not funnel.entry:
                continue
            if channel.crm:
                _edge(g, channel.key, funnel.entry, lhead=f"cluster_{funnel.key}", color=theme.CHANNEL.border)
            else:
                _edge(
                    g,
                    channel.key,
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
            _edge(g, converted.key, pipeline.entry, lhead=f"cluster_{pipeline.key}", color=theme.LEADS.border)
    funnels = {f.key: f for f in flow.pipelines}
    for pipeline in flow.pipelines:
        won = next((s for s in pipeline.chain if s.meaning == "success"), None)
        for other in pipeline.cross_sell:
            target = funnels[other]
            mutual = pipeline.key in target.cross_sell
            if not won or not target.entry or (mutual and other < pipeline.key):
                continue  # a pair that sells each other gets one edge with two arrows
            _edge(
                g,
                won.key,
                target.entry,
                label=w.cross_sell,
                style="dashed",
                color=theme.DEALS.border,
                constraint="false",
                lhead=f"cluster_{target.key}",
                dir="both" if mutual else "forward",
            )
    for funnel in flow.funnels:
        for stage in (*funnel.chain, *funnel.failures):
            for automation in stage.automations:
                if automation.page_key:
                    _edge(g, automation.key, automation.page_key, style="dotted", color=theme.AUTOMATION.border)


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

"""The default theme: one font and one colour family per block, shared by the pictures and the HTML report.

DejaVu Sans is named because it has Cyrillic and ships with Graphviz on most Linux systems (Debian package
`fonts-dejavu-core`); where it is missing, Graphviz and browsers fall back to another sans-serif font.
Colours are written as #rrggbb: Graphviz does not read the short #rgb form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from ..core.lanes import ITEM_LANES

FONT: Final = "DejaVu Sans"
FONT_STACK: Final = '"DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif'


@dataclass(frozen=True)
class Swatch:
    """A block's colours: fill, border and the stronger tone used for its titles."""

    fill: str
    border: str
    strong: str


TEXT: Final = "#263238"
MUTED: Final = "#607d8b"
GRID_LINE: Final = "#cfd8dc"
BACKGROUND: Final = "#ffffff"

CHANNEL = Swatch("#e3f2fd", "#1e88e5", "#0d47a1")
CHANNEL_MANUAL = Swatch("#ffffff", "#e65100", "#bf360c")  # not connected to the CRM: someone retypes requests
CHANNEL_IDLE = Swatch("#f5f5f5", "#9e9e9e", "#616161")  # requests go nowhere
CRM = Swatch("#f7f9fb", "#546e7a", "#263238")  # the frame around the leads and the deals
LEADS = Swatch("#ede7f6", "#5e35b1", "#311b92")
DEALS = Swatch("#e8f5e9", "#43a047", "#1b5e20")
SUCCESS = Swatch("#c8e6c9", "#2e7d32", "#1b5e20")
FAILURE = Swatch("#ffebee", "#e53935", "#b71c1c")
DROP_OFF = Swatch("#fde0dc", "#c62828", "#b71c1c")  # the step of a funnel that loses the largest share
AUTOMATION = Swatch("#fff59d", "#f9a825", "#6d4c00")  # yellow, as automated steps are marked in the seed maps
SITE = Swatch("#e0f7fa", "#00838f", "#005662")
UNPROMOTED = Swatch("#fff8e1", "#d84315", "#bf360c")  # a page no campaign brings anyone to
PPC = Swatch("#fff3e0", "#ef6c00", "#8f3f00")
CLUSTER_FILL: Final = "#fafbfc"

# Journey grid lanes.
STAGE_HEAD = Swatch("#37474f", "#37474f", "#ffffff")
LANE_TITLE = Swatch("#eceff1", "#cfd8dc", "#37474f")
LANE: Final[dict[str, Swatch]] = {lane.key: Swatch(*lane.colours) for lane in ITEM_LANES}
"""The colours of each lane of cards, from the lane table (`core.lanes`)."""
GOOD: Final = "#2e7d32"
BAD: Final = "#c62828"
VISIBILITY_LINE: Final = "#e53935"

# `cjm diff --render`: what was added, changed or removed, in bluish green, orange and vermillion from the
# Okabe-Ito palette (told apart with colour-vision deficiencies too). Colour is never the only sign: every
# mark also has its marker (+, ~, −) and its word, and what was removed is struck through and dashed.
DIFF_ADDED = Swatch("#e6f5ef", "#009e73", "#00664a")
DIFF_CHANGED = Swatch("#fdf1d8", "#e69f00", "#7a5000")
DIFF_REMOVED = Swatch("#fbe9df", "#d55e00", "#a63f00")
DIFF: Final[dict[str, Swatch]] = {"added": DIFF_ADDED, "changed": DIFF_CHANGED, "removed": DIFF_REMOVED}
# The cells of a stage column added or removed as a whole, lightly tinted.
DIFF_COLUMN: Final[dict[str, str]] = {"added": "#f2faf6", "removed": "#fdf5f0"}

# One colour, marker and line per persona, in the order personas are listed, so that curves are told apart
# without colour too. The colours are the Okabe-Ito palette with a dark brown in place of its grey (which people
# with deuteranopia cannot tell from the reddish purple): every two of them stay apart under protanopia,
# deuteranopia and tritanopia (tests/test_palette.py simulates them). The first six personas have six lines;
# the seventh and eighth repeat the first lines with their own colour and marker.
PERSONA_COLOURS: Final = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#6b3e26")
Marker = Literal["circle", "square", "triangle", "diamond", "invtriangle", "pentagon", "hexagon", "star"]
PERSONA_MARKERS: Final[tuple[Marker, ...]] = (
    "circle",
    "square",
    "triangle",
    "diamond",
    "invtriangle",
    "pentagon",
    "hexagon",
    "star",
)
MARKER_GLYPHS: Final[Mapping[Marker, str]] = {
    "circle": "\u25cf",
    "square": "\u25a0",
    "triangle": "\u25b2",
    "diamond": "\u25c6",
    "invtriangle": "\u25bc",
    "pentagon": "\u2b1f",
    "hexagon": "\u2b22",
    "star": "\u2605",
}
"""Each marker as a character of DejaVu Sans, where a marker stands in a line of text (legends, feelings)."""
Line = Literal["solid", "dashed", "dotted", "double", "double-dashed", "double-dotted"]
PERSONA_LINES: Final[tuple[Line, ...]] = ("solid", "dashed", "dotted", "double", "double-dashed", "double-dotted")


def persona_colour(index: int) -> str:
    return PERSONA_COLOURS[index % len(PERSONA_COLOURS)]


def persona_marker(index: int) -> Marker:
    return PERSONA_MARKERS[index % len(PERSONA_MARKERS)]


def persona_line(index: int) -> Line:
    return PERSONA_LINES[index % len(PERSONA_LINES)]


# The report in a dark theme (`prefers-color-scheme: dark`): the page's own colours, and the theme's colours
# made readable on it by `on_dark`. The pictures stay as drawn, on a light sheet of their own.
@dataclass(frozen=True)
class Page:
    background: str
    text: str
    muted: str
    line: str
    head: str
    surface: str
    """Panels: the switches, the diff's summary."""
    cell: str
    """The journey grid's cells."""
    lane_head: str
    card: str
    good: str
    bad: str
    link: str


LIGHT_PAGE = Page(
    BACKGROUND,
    TEXT,
    "#4e6570",
    GRID_LINE,
    "#37474f",
    "#f5f7f8",
    CLUSTER_FILL,
    "#eceff1",
    "#ffffff",
    GOOD,
    BAD,
    "#1565c0",
)
DARK_PAGE = Page(
    "#121719",
    "#e3e9ec",
    "#b0bec5",
    "#3a4950",
    "#2b3940",
    "#1c2428",
    "#182023",
    "#253035",
    "#1f292d",
    "#8fd19e",
    "#ff9e9e",
    "#90caf9",
)


def mix(colour: str, other: str, share: float) -> str:
    """`share` of `colour` and the rest of `other`, as #rrggbb."""
    a, b = _rgb(colour), _rgb(other)
    return "#" + "".join(f"{round(x * share + y * (1 - share)):02x}" for x, y in zip(a, b, strict=True))


def contrast(colour: str, other: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((_luminance(colour), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: str, backgrounds: tuple[str, ...], ratio: float = 4.5) -> str:
    """`colour` darkened (on light backgrounds) or lightened (on dark ones), as little as it takes to be read on
    each of `backgrounds`: a persona's or a block's colour as the colour of text."""
    towards = "#000000" if _luminance(backgrounds[0]) > 0.2 else "#ffffff"
    for step in range(21):
        shown = mix(towards, colour, step / 20)
        if all(contrast(shown, background) >= ratio for background in backgrounds):
            return shown
    return towards


def tint(fill: str, background: str = DARK_PAGE.card, share: float = 0.14) -> str:
    """A light fill as a tint of a dark `background`: a block's colour that still holds light text."""
    return mix(fill, background, share)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b

"""The personas' colours stay apart for people with a colour-vision deficiency.

Each colour is seen as a dichromat sees it (Machado, Oliveira and Fernandes 2009, severity 1.0, on linear
sRGB: protanopia, deuteranopia, tritanopia), and every two colours of a palette, and each colour and the
background it is drawn on, must stay at least a given CIEDE2000 distance apart (Sharma, Wu and Dalal 2005,
checked here against their reference pairs). Markers and line patterns tell personas apart too; the colours
are the first thing the eye goes by, so they should not merge for anyone.
"""

from __future__ import annotations

import itertools
import math

import pytest

from cjm_cli.views import theme

Matrix = tuple[tuple[float, float, float], ...]
SIMULATIONS: dict[str, Matrix] = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
NORMAL: Matrix = ((1, 0, 0), (0, 1, 0), (0, 0, 1))

PALETTES = {"light": (theme.PERSONA_COLOURS, theme.BACKGROUND)}
"""Every palette of persona colours with the background it is drawn on. The report's dark theme draws its
emotion charts on the same light sheet as the pictures (report.css.j2), so there is no other."""
APART = 10.0
"""The least CIEDE2000 distance between two personas as a dichromat sees them: clearly two colours."""
APART_NORMAL = 20.0
"""The same for normal colour vision."""
FROM_BACKGROUND = 20.0
"""The least distance of a persona's colour from the background, as anyone sees it."""

Lab = tuple[float, float, float]


def seen(colour: str, matrix: Matrix = NORMAL) -> Lab:
    """`#rrggbb` as CIELAB (D65), after `matrix` acts on its linear RGB."""
    linear = [_linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5)]
    r, g, b = (min(1.0, max(0.0, sum(row[j] * linear[j] for j in range(3)))) for row in matrix)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in (x, y, z))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def ciede2000(one: Lab, other: Lab) -> float:
    """The CIEDE2000 colour difference (kL = kC = kH = 1)."""
    (l1, a1, b1), (l2, a2, b2) = one, other
    mean_c = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(mean_c**7 / (mean_c**7 + 25**7)))
    c1, c2 = math.hypot((1 + g) * a1, b1), math.hypot((1 + g) * a2, b2)
    h1, h2 = (math.degrees(math.atan2(b, (1 + g) * a)) % 360 for a, b in ((a1, b1), (a2, b2)))
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    big_dh = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    mean_l, mean_cp = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        mean_h = h1 + h2
    elif abs(h1 - h2) <= 180:
        mean_h = (h1 + h2) / 2
    else:
        mean_h = (h1 + h2 + (360 if h1 + h2 < 360 else -360)) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(mean_h - 30))
        + 0.24 * math.cos(math.radians(2 * mean_h))
        + 0.32 * math.cos(math.radians(3 * mean_h + 6))
        - 0.20 * math.cos(math.radians(4 * mean_h - 63))
    )
    rotation = -2 * math.sqrt(mean_cp**7 / (mean_cp**7 + 25**7))
    rotation *= math.sin(math.radians(60 * math.exp(-(((mean_h - 275) / 25) ** 2))))
    s_l = 1 + 0.015 * (mean_l - 50) ** 2 / math.sqrt(20 + (mean_l - 50) ** 2)
    s_c, s_h = 1 + 0.045 * mean_cp, 1 + 0.015 * mean_cp * t
    dl, dc, dh_ = (l2 - l1) / s_l, (c2 - c1) / s_c, big_dh / s_h
    return math.sqrt(dl**2 + dc**2 + dh_**2 + rotation * dc * dh_)


@pytest.mark.parametrize(
    ("one", "other", "expected"),
    [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
        ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ],
)
def test_the_distance_is_ciede2000(one: Lab, other: Lab, expected: float) -> None:
    """Pairs of Sharma, Wu and Dalal's table of reference values."""
    assert round(ciede2000(one, other), 4) == expected


@pytest.mark.parametrize(
    ("deficiency", "one", "other"),
    [
        ("protanopia", "#ff0000", "#606000"),  # red and olive
        ("deuteranopia", "#e02020", "#6a8a00"),  # red and green
        ("tritanopia", "#ff40c0", "#ff8000"),  # pink and orange, which differ in blue only
    ],
)
def test_colours_far_apart_merge_for_a_dichromat(deficiency: str, one: str, other: str) -> None:
    assert ciede2000(seen(one), seen(other)) > 45
    assert ciede2000(seen(one, SIMULATIONS[deficiency]), seen(other, SIMULATIONS[deficiency])) < APART


def test_the_grey_of_okabe_and_ito_is_lost_beside_their_purple_under_deuteranopia() -> None:
    """Why cjm's eighth colour is a dark brown and not the grey of the palette it takes the others from."""
    grey, purple, brown = "#999999", "#cc79a7", theme.PERSONA_COLOURS[7]
    deuteranopia = SIMULATIONS["deuteranopia"]
    assert ciede2000(seen(grey, deuteranopia), seen(purple, deuteranopia)) < APART
    assert ciede2000(seen(brown, deuteranopia), seen(purple, deuteranopia)) >= APART


@pytest.mark.parametrize("palette", sorted(PALETTES))
@pytest.mark.parametrize("deficiency", sorted(SIMULATIONS))
def test_every_two_personas_stay_apart_for_a_dichromat(palette: str, deficiency: str) -> None:
    colours, background = PALETTES[palette]
    matrix = SIMULATIONS[deficiency]
    close = [
        (a, b, round(distance, 1))
        for a, b in itertools.combinations(colours, 2)
        if (distance := ciede2000(seen(a, matrix), seen(b, matrix))) < APART
    ]
    assert close == []
    faint = [c for c in colours if ciede2000(seen(c, matrix), seen(background, matrix)) < FROM_BACKGROUND]
    assert faint == []


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_every_two_personas_stay_well_apart_for_normal_vision(palette: str) -> None:
    colours, background = PALETTES[palette]
    assert len(set(colours)) == len(colours) == len(theme.PERSONA_MARKERS)
    close = [(a, b) for a, b in itertools.combinations(colours, 2) if ciede2000(seen(a), seen(b)) < APART_NORMAL]
    assert close == []
    assert all(ciede2000(seen(c), seen(background)) >= FROM_BACKGROUND for c in colours)

"""What a map says about itself, as its report shows it under the title: its goal and scenario, who keeps it and
when it was last checked, and the research it is built on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.model import JourneyMap, after, interval_parts
from .plan import evidence_lines
from .shapes import EvidenceLine
from .words import words


@dataclass(frozen=True)
class About:
    facts: tuple[tuple[str, str], ...]
    """(label, value): goal, scenario, owner, the review."""
    research_title: str
    research: tuple[EvidenceLine, ...]

    def __bool__(self) -> bool:
        return bool(self.facts or self.research)


def about(journey_map: JourneyMap) -> About:
    w = words(journey_map.lang)
    m = journey_map
    facts = [(w.goal, m.goal or ""), (w.scenario, m.scenario or ""), (w.map_owner, m.owner or "")]
    if m.reviewed or m.review_every:
        review = [m.reviewed or ""]
        if m.review_every:
            number, unit = interval_parts(m.review_every)
            review.append(f"{w.review_every} {number} {w.interval_units[unit]}")
            if m.reviewed:
                # the day the next review is due, not whether it is overdue: the report stays the same every day
                due = after(date.fromisoformat(m.reviewed), m.review_every)
                review.append(f"{w.next_review} {due.isoformat()}")
        facts.append((w.reviewed, " · ".join(part for part in review if part)))
    return About(tuple(f for f in facts if f[1]), w.research, evidence_lines(m.research, w))

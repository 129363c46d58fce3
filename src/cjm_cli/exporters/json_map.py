"""The validated map out as JSON, for other programs.

The shape is the map format's (docs/format.md, schemas/cjm.schema.json), normalised: keys in the format's
order; every list and default present (`type`, `lang`, `meaning`, `crm`, `network`, `better`; `[]` and `{}`
for empty lists and mappings); texts written in short form expanded (`- Slow delivery` becomes
`{"text": "Slow delivery"}`); optional values the map does not give left out, never `null`; numbers of
`count` are whole, other figures (`amount`, `target`, `actual`) numbers with a fraction (`1300.0`).
UTF-8, two-space indentation, one newline at the end. A map's shared definitions are in its lists, as they are
in the checked map, and `include` is left out: the JSON stands on its own.
"""

from __future__ import annotations

import json

from ..core.model import JourneyMap


def to_json(journey_map: JourneyMap) -> str:
    data = journey_map.model_dump(mode="json", exclude_none=True, exclude={"include"})
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

"""Importers: other tools' files in, a valid map out (`cjm import KIND FILE`).

Each importer reads one kind of file into plain map data and the problems it found; the data is written as
YAML and checked like any map file before it is handed out, so an import never gives an invalid map.
`import_file` makes a new map; `import_into` fills the blocks of an existing one and keeps the rest of its
text as written (see `merge` and `splice`).

    from cjm_cli.importers.run import import_file
    converted = import_file("bitrix24", "statuses.json")
    converted.text       # the map's YAML, or None when problems stopped the import
    converted.problems   # what was wrong or lost, with file:line:col
"""

from __future__ import annotations

from ..core.choices import Choice, names
from ..core.i18n import N_

IMPORT_KINDS: tuple[Choice, ...] = (
    Choice("mermaid", N_("a Mermaid journey diagram (or Markdown or HTML holding one)")),
    Choice("bitrix24", N_("the JSON of crm.status.list (its pages, a batch, crm.category.list)")),
    Choice("google-ads", N_("a Google Ads Editor export or web report (CSV or XLSX)")),
    Choice("yandex-direct", N_("a Direct Commander export or the web interface's XLSX")),
)
"""What `cjm import` reads; `run.KINDS` holds each one's reader. Light to import: the command line reads it."""
KINDS = names(IMPORT_KINDS)

"""cjm: customer journey maps as code."""

__version__ = "0.1.0"

REPOSITORY = "https://github.com/cjm-cli/cjm"
"""Where cjm is developed and released (pyproject.toml's project.urls say the same; tests/test_release.py checks)."""
SCHEMA_ID = "https://raw.githubusercontent.com/cjm-cli/cjm/main/schemas/cjm.schema.json"
"""The `$id` of the map format's JSON Schema: the committed copy's address, the same for every version."""

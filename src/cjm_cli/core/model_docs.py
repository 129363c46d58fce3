"""The documentation of the models' fields, read from the attribute docstrings in the `model` package.

pydantic can collect these itself (`use_attribute_docstrings`), but it does so by re-reading the source of
every class at import time, which costs more than the rest of the validation of a large map. Only the JSON
Schema and some hints need them, so they are read here, once, when asked for.
"""

from __future__ import annotations

import ast
import functools
import importlib.resources


@functools.cache
def field_docs() -> dict[str, dict[str, str]]:
    """`{class name: {field name: docstring}}` for the classes of the `model` package."""
    docs: dict[str, dict[str, str]] = {}
    try:
        package = importlib.resources.files("cjm_cli.core.model")
        sources = [entry.read_text(encoding="utf-8") for entry in package.iterdir() if entry.name.endswith(".py")]
    except OSError:  # installed without sources (bytecode only): hints and schema go without descriptions
        return docs
    nodes = [node for source in sorted(sources) for node in ast.parse(source).body]
    for node in nodes:
        if not isinstance(node, ast.ClassDef):
            continue
        fields = docs.setdefault(node.name, {})
        for statement, following in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                fields[statement.target.id] = " ".join(following.value.value.split())
    return docs


def field_doc(model: type, field: str) -> str:
    """The docstring of one field of a model class (or of the base class that declares it), or ''."""
    return next((doc for cls in model.__mro__ if (doc := field_docs().get(cls.__name__, {}).get(field))), "")

"""The factory must stay independent of the product it measures: no module under
factory/ may import the checklists, the extractors or the pipeline, or the test data
would be drawn from the very vocabulary and rules it is supposed to test."""

from __future__ import annotations

import ast
from pathlib import Path

FACTORY = Path(__file__).resolve().parents[1] / "factory"
FORBIDDEN = ("checklists", "extractors", "pipeline")


def imported_packages(source: str) -> set[str]:
    """Top-level package of every import in `source` (relative imports excluded)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def test_no_factory_module_imports_the_product():
    modules = sorted(FACTORY.rglob("*.py"))
    assert len(modules) >= 15 and any("wild" in m.parts for m in modules)
    offending = {str(m.relative_to(FACTORY.parent)): sorted(imported_packages(m.read_text("utf-8")) & set(FORBIDDEN))
                 for m in modules}
    assert not {k: v for k, v in offending.items() if v}


def test_the_guard_sees_every_import_form():
    source = ("import pipeline.review\nfrom extractors.common import x\nimport os, checklists as c\n"
              "from . import sibling\nimportlib.import_module('pipeline.ocr')\n")
    assert imported_packages(source) == {"pipeline", "extractors", "os", "checklists"}

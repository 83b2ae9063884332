"""The dependency rule of docs/architecture.md, checked on every module's imports.

Layers, top to bottom: flows → orchestrator → the stages (pipeline, extractors, outputs) →
checklists → kernel. A module imports its own package and lower layers only; the stages
never import each other; the kernel imports nothing of the project; nothing below the
orchestrator imports Prefect; the product never imports the factory, except the command
line's `synth` and `demo` commands. The issued documents (`documents`) are made from an
officer's decisions only: the case file (`casefile`) and the flows may import them, nothing else.
The case file sits beside the orchestrator: the flows file every report into it. The web
workbench sits above both (it reviews uploaded files and shows the case file); `dossier web`
in the flows serves it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYER = {
    "kernel": 0, "checklists": 1, "pipeline": 2, "extractors": 2, "outputs": 2, "documents": 2, "orchestrator": 3,
    "casefile": 3, "workbench": 4, "flows": 5,
}
# Packages only the named ones may import, whatever their layer.
ONLY_IMPORTED_BY = {"documents": {"casefile", "flows"}}
PROJECT = set(LAYER) | {"factory"}
FACTORY_USERS = {"flows/commands.py", "flows/cli.py"}  # synth and demo


def imports(path: Path) -> list[str]:
    """Top-level package names a module imports (absolute imports only; the project uses no others)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module.split(".")[0])
    return names


def violations(root: Path = ROOT) -> list[str]:
    found = []
    for package, layer in LAYER.items():
        for path in sorted((root / package).rglob("*.py")):
            where = str(path.relative_to(root))
            for name in imports(path):
                if name == "prefect" and layer < LAYER["flows"]:
                    found.append(f"{where} imports prefect below the flows")
                if name not in PROJECT or name == package:
                    continue
                if name in ONLY_IMPORTED_BY and package not in ONLY_IMPORTED_BY[name]:
                    found.append(f"{where} ({package}) imports {name}, which only {' and '.join(sorted(ONLY_IMPORTED_BY[name]))} may import")
                    continue
                if name == "factory":
                    if where not in FACTORY_USERS:
                        found.append(f"{where} imports the factory")
                elif LAYER[name] >= layer:
                    found.append(f"{where} ({package}) imports {name}, which is not below it")
    return found


def test_dependencies_point_down_only():
    assert violations() == []


def test_the_check_sees_a_sideways_import(tmp_path):
    """The rule above can fail: a stage importing a sibling stage is reported, and so is the kernel importing a stage."""
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "pipeline" / "x.py").write_text("from extractors.common import read_form\n", encoding="utf-8")
    (tmp_path / "kernel").mkdir()
    (tmp_path / "kernel" / "y.py").write_text("import pipeline.reader\nimport prefect\n", encoding="utf-8")
    (tmp_path / "orchestrator").mkdir()
    (tmp_path / "orchestrator" / "z.py").write_text("from documents.content import correction_notice\n", encoding="utf-8")
    assert sorted(violations(tmp_path)) == [
        "kernel/y.py (kernel) imports pipeline, which is not below it",
        "kernel/y.py imports prefect below the flows",
        "orchestrator/z.py (orchestrator) imports documents, which only casefile and flows may import",
        "pipeline/x.py (pipeline) imports extractors, which is not below it",
    ]


@pytest.mark.parametrize("entry", ["pipeline.workers", "flows.review_flow", "outputs.thumbnails", "extractors.lookalike"])
def test_pdf_code_runs_without_pymupdfs_layout_model(entry):
    """A page worker or a command that opens PDFs does not load PyMuPDF's layout analyser (an
    ONNX model, ~0.9 s and ~50 MB per process, which no stage uses)."""
    probe = f"import {entry}, sys; pdf = sys.modules['pymupdf']; print(pdf._get_layout is None, sys.modules.get('pymupdf.layout') is None)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.split() == ["True", "True"]

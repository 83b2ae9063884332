"""The shared kernel: result models (the report contract), text normalisation, what may be
said to an applicant (`wording`), run-time settings and the PDF safety guard. It imports
nothing of the project, so every stage can depend on it and nothing here can pull a stage
in sideways (docs/architecture.md)."""

import sys

# PyMuPDF 2.0 imports its layout analyser whenever that is installed (and it is PyMuPDF's own
# dependency), which loads an ONNX model at import: about 0.9 s and 50 MB in every process that
# opens a PDF (the command and each page worker) for an analysis no stage uses. A None entry
# makes that optional import fail the way PyMuPDF expects when the analyser is absent. Every
# package that imports PyMuPDF imports `kernel` first (its __init__), so this runs before it.
sys.modules.setdefault("pymupdf.layout", None)

"""The print view of a document: one HTML page laid out like its Word file.

For the officer to read and print without opening Word. It renders the same
`DocumentContent` as the Word file, so the two cannot disagree. The only thing it adds is
the officer's hint next to a cited page (the PDF's page index), shown on screen and never
printed: the applicant's copy cites the printed page numbers only. Applicants' names can
contain anything, `<script>` included, so escaping is forced on.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from documents.content import DocumentContent

_TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_print_view(content: DocumentContent, docx_name: str | None = None) -> str:
    """The page; `docx_name` links the editable Word file next to it."""
    return _environment().get_template("print.html.j2").render(d=content, docx_name=docx_name)

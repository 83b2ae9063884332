"""The one Jinja2 environment for every HTML output.

Unit names, file names and OCR'd text come from applicants and can contain anything,
`<script>` included; autoescaping is therefore forced on for every template, not left to
the file extension, and undefined variables fail instead of printing nothing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

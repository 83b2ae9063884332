"""index.html: the batch at a glance, linking every report.

The office opens it first: how many dossiers can be accepted, how many need a notice,
which files could not be read, and a click to each report. It sorts in the browser
(a few lines of inline script, no network) and masks ID numbers like the register.
"""

from __future__ import annotations

from datetime import datetime

from outputs.batch_rows import BatchRow
from outputs.labels import VERDICT_ORDER, VERDICTS
from outputs.templating import environment


def render_index_html(rows: list[BatchRow], now: datetime | None = None) -> str:
    ordered = sorted(rows, key=lambda r: (r.verdict_rank, -r.errors, r.unit_name))
    counts = [(v, VERDICTS[v], sum(r.verdict == v for r in rows)) for v in VERDICT_ORDER]
    return environment().get_template("index.html.j2").render(
        rows=ordered,
        counts=counts,
        generated_at=(now or datetime.now()).strftime("%Y-%m-%d %H:%M"),
    )

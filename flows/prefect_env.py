"""Prefect settings this tool needs, set before `prefect` is first imported.

Prefect reads its settings from the environment when it is imported, so every module that
imports prefect imports this one first. Only defaults are set: an operator's own
environment (e.g. `PREFECT_API_URL` pointing at the district server) always wins.
"""

from __future__ import annotations

import os

DEFAULTS = {
    # No network on the bureau's machines: the server must not phone home.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The temporary server of ephemeral mode takes 11–21 s to start on a busy 2-core
    # machine; Prefect's default 20 s timeout fails there now and then.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # The console belongs to our own Chinese progress and status lines; Prefect's run logs
    # still reach its API (and UI) at INFO.
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
}

for _name, _value in DEFAULTS.items():
    os.environ.setdefault(_name, _value)

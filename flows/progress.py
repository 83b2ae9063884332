"""Progress of the running review, from the tasks to whoever draws it.

Flow parameters travel as JSON to the Prefect API, so a callback cannot be one. The
command line registers a listener for its own process instead; on a remote worker nobody
listens and `emit` costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Listener = Callable[[str, str, float], None]  # (file name, stage, fraction of this file)

_listener: Listener | None = None


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    global _listener
    previous, _listener = _listener, listener
    try:
        yield
    finally:
        _listener = previous


def emit(filename: str, stage: str, fraction: float) -> None:
    if _listener is not None:
        _listener(filename, stage, fraction)

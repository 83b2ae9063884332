"""How long page workers live: one pool for a whole run of files, not one per file.

A page worker is a spawned interpreter that imports onnxruntime and OpenCV and loads the OCR
models before its first page: seconds of CPU and ~300 MB each, more once the detector is
loaded (BENCHMARKS.md, memory notes). A pool per PDF paid that for every file of a batch or
of a watched folder, on the two cores the pages need. So a command that reviews several
files (`dossier batch`, `watch`, `check` of several files, the batch flow) holds
`run_pool(settings)` for its run: every reader opened meanwhile (pipeline/reader.py, through
`pool_for`) sends its pages to that one pool, and its workers end when the run does. A reader
opened outside a run (one review from the workbench, a test, a benchmark) gets a pool of its
own, ended with the reader. This module is the only place that decides either.

The run's pool is a process global, not a context variable: Prefect runs flows and tasks on
threads of its own, and each of them must find it. Only a reader whose settings are the
pool's uses it (its workers were started with those settings: engine, resolution, limits);
any other gets a pool of its own. A run opened inside another (the demo's batch) uses the
outer run's pool and leaves it to the outer run to end.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kernel.settings import Settings
from pipeline.workers import PagePool

_run: PagePool | None = None
_lock = threading.Lock()


@contextmanager
def run_pool(settings: Settings) -> Iterator[PagePool]:
    """One pool for every file reviewed until the block ends; its workers end with the block."""
    global _run
    with _lock:
        outer = _run
        if outer is None:
            _run = PagePool(settings)
    if outer is not None:
        yield outer
        return
    try:
        yield _run
    finally:
        with _lock:
            pool, _run = _run, None
        pool.close()


@contextmanager
def pool_for(settings: Settings, pages: int) -> Iterator[PagePool]:
    """The pool a reader of a `pages`-page PDF sends its pages to while the block lasts: the
    run's, or one of its own that ends with the block."""
    with _lock:
        run = _run
    if run is not None and run.settings == settings:
        yield run
        return
    own = PagePool(settings, pages)
    try:
        yield own
    finally:
        own.close()

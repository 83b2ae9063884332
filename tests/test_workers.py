"""The page pool's worker processes live as long as the pool, whichever thread started them."""

from __future__ import annotations

import logging
import threading
import time

import psutil

from kernel.settings import Settings
from pipeline.workers import PagePool


def test_workers_outlive_the_thread_that_started_them(tmp_path, make_pdf, caplog):
    pdf = make_pdf(tmp_path / "a.pdf", pages=3, text="page")
    pool = PagePool(Settings(use_cache=False, ocr_workers=2), pages=3)
    try:
        first = threading.Thread(target=lambda: [f.result() for f in pool.scan(pdf, [1, 2])])
        first.start()
        first.join()
        time.sleep(2.5)  # a worker told to die with its starting thread would be gone by now

        workers = psutil.Process().children()
        assert workers and all(w.is_running() and w.status() != psutil.STATUS_ZOMBIE for w in workers)
        with caplog.at_level(logging.WARNING, logger="pipeline.workers"):
            [result] = [f.result() for f in pool.scan(pdf, [3])]
        assert result["index"] == 3
        assert not [r for r in caplog.records if "处理失败" in r.getMessage()]
    finally:
        pool.close()


def test_workers_end_when_their_parent_process_is_gone(tmp_path, make_pdf):
    import subprocess
    import sys

    pdf = make_pdf(tmp_path / "a.pdf", pages=1, text="page")
    script = (
        "import time\n"
        "from kernel.settings import Settings\n"
        "from pipeline.workers import PagePool\n"
        "if __name__ == '__main__':\n"
        f"    pool = PagePool(Settings(use_cache=False, ocr_workers=1), pages=1)\n"
        f"    [f.result() for f in pool.scan({str(pdf)!r}, [1])]\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline().strip() == "ready"
        workers = psutil.Process(parent.pid).children(recursive=True)
        assert workers
        parent.kill()
        parent.wait()
        gone, alive = psutil.wait_procs(workers, timeout=10)
        assert not alive
    finally:
        parent.kill()

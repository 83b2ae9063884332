"""One set of page workers for a run of files (pipeline/page_pools.py), not one per file.

The workers are real processes with the real engine; the only stand-in is a counting
subclass of `ProcessPoolExecutor`, which counts how often a pool of processes is started.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import psutil
import pymupdf
import pytest

import pipeline.workers
from kernel.settings import Settings
from pipeline.page_pools import run_pool
from pipeline.reader import PageReader
from pipeline.workers import worker_count
from test_pagescan_real import degraded_page


def _scan(path, footer: str, seed: int):
    doc = pymupdf.open()
    degraded_page(doc, title="一、营业执照复印件", footer=footer, body=4, seed=seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


@pytest.fixture
def pools_started(monkeypatch):
    """How many process pools were started (each one spawns workers that load the engine)."""
    started = []

    class CountingProcessPoolExecutor(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pipeline.workers, "ProcessPoolExecutor", CountingProcessPoolExecutor)
    return started


def _workers(pools: list[ProcessPoolExecutor]) -> list[psutil.Process]:
    """The live worker processes of the pools started (CPython keeps them by pid)."""
    return [psutil.Process(pid) for pool in pools for pid in (pool._processes or {})]


def test_files_of_one_run_are_read_by_the_same_workers(tmp_path, pools_started):
    settings = Settings(use_cache=False, ocr_workers=1)
    first, second = _scan(tmp_path / "a.pdf", "- 3 -", 1), _scan(tmp_path / "b.pdf", "- 8 -", 2)
    with run_pool(settings):
        with PageReader(first, settings) as reader:
            assert reader.scan_pages()[0].printed_number == 3
        workers = _workers(pools_started)
        with PageReader(second, settings) as reader:
            assert reader.scan_pages()[0].printed_number == 8
        assert _workers(pools_started) == workers and len(workers) == 1
    assert len(pools_started) == 1
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive  # the run's workers end with the run


def test_a_started_run_has_its_workers_up_before_the_first_page(tmp_path, pools_started):
    """`check` and `batch` start the run's workers first, so that their engines load while the
    command itself starts; the first file's pages then go to those same workers."""
    settings = Settings(use_cache=False, ocr_workers=2)
    with run_pool(settings) as pool:
        pool.start()
        workers = _workers(pools_started)
        assert len(workers) == worker_count(settings) and all(w.is_running() for w in workers)
        with PageReader(_scan(tmp_path / "a.pdf", "- 3 -", 1), settings) as reader:
            assert reader.scan_pages()[0].printed_number == 3
        assert _workers(pools_started) == workers and len(pools_started) == 1


def test_a_command_starts_its_workers_first_for_a_new_file_and_not_for_one_already_read(tmp_path, pools_started):
    """`check`/`batch` start the workers before the stages load when a file has pages to scan;
    a re-run on a file the OCR cache holds starts none (they would cost it seconds)."""
    from flows.commands import _page_workers
    from orchestrator.config import load_run_config

    config = load_run_config()
    pdf = _scan(tmp_path / "a.pdf", "- 3 -", 1)
    with _page_workers(config, [pdf]):
        assert len(_workers(pools_started)) == worker_count(config.settings)
        with PageReader(pdf, config.settings) as reader:
            reader.scan_pages()  # the first run: its scan is cached now
    pools_started.clear()
    with _page_workers(config, [pdf, tmp_path / "missing.pdf"]):
        assert pools_started == []


def test_each_file_starts_its_own_workers_outside_a_run(tmp_path, pools_started):
    settings = Settings(use_cache=False, ocr_workers=1)
    for name, footer in (("a.pdf", "- 3 -"), ("b.pdf", "- 8 -")):
        with PageReader(_scan(tmp_path / name, footer, 1), settings) as reader:
            reader.scan_pages()
    assert len(pools_started) == 2


def test_a_reader_with_other_settings_does_not_use_the_runs_workers(tmp_path, pools_started):
    pdf = _scan(tmp_path / "a.pdf", "- 3 -", 1)
    with run_pool(Settings(use_cache=False, ocr_workers=1)) as pool:
        with PageReader(pdf, Settings(use_cache=False, ocr_workers=1, scan_dpi=150)) as reader:
            assert reader._pool is not pool
            reader.scan_pages()
        assert len(pools_started) == 1  # the reader's own; the run's never started a process


def test_a_file_replaced_under_the_same_name_is_read_afresh(tmp_path):
    """The watched folder may receive a new version under the same name: a worker that kept
    the old one open must not read it again."""
    settings = Settings(use_cache=False, ocr_workers=1)
    path = tmp_path / "inbox" / "申报材料.pdf"
    with run_pool(settings):
        _scan(path, "- 3 -", 1)
        with PageReader(path, settings) as reader:
            assert reader.scan_pages()[0].printed_number == 3
        os.replace(_scan(tmp_path / "new.pdf", "- 6 -", 1), path)
        with PageReader(path, settings) as reader:
            assert reader.scan_pages()[0].printed_number == 6


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_a_batch_of_two_factory_dossiers_starts_its_page_workers_once(tmp_path, pools_started):
    from factory import DossierSpec
    from factory.dossier import generate_dossier
    from flows.review_flow import review_batch

    inbox = tmp_path / "inbox"
    reserved: set[str] = set()
    for seed, carrier_type in ((5101, "master_studio"), (5102, "rural_station")):
        generate_dossier(DossierSpec(carrier_type, seed=seed, defects=[], pages=12, dpi=120), inbox, reserved)

    outcome = review_batch(inbox, tmp_path / "out")

    assert outcome.files == 2 and len(outcome.reports) == 2 and outcome.failed == {}
    assert all(r.report.carrier_type for r in outcome.reports)  # really read, not given up
    assert len(pools_started) == 1

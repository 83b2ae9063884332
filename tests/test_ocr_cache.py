"""The OCR cache: values survive reopening and are shared between processes."""

import multiprocessing

from pipeline.ocr.cache import OcrCache, cache_key


def _write_from_child(directory, key, value):
    cache = OcrCache(directory)
    cache.put(key, value)
    cache.close()


def test_value_written_by_another_process_is_read_back(tmp_path):
    key = cache_key("page-hash", "engine", "scan")
    reader = OcrCache(tmp_path)  # open before the writer: WAL readers see later commits
    child = multiprocessing.get_context("spawn").Process(
        target=_write_from_child, args=(tmp_path, key, {"printed_number": 5, "text": "第5页"})
    )
    child.start()
    child.join(60)
    assert child.exitcode == 0
    assert reader.get(key) == {"printed_number": 5, "text": "第5页"}
    reader.close()


def test_missing_keys_are_absent_and_keys_differ_by_every_part(tmp_path):
    cache = OcrCache(tmp_path)
    cache.put(cache_key("a", "rapidocr", "scan"), [1])
    assert cache.get(cache_key("a", "rapidocr", "read")) is None
    assert cache.get(cache_key("a", "paddle", "scan")) is None
    assert cache.get_many([cache_key("a", "rapidocr", "scan"), cache_key("b", "rapidocr", "scan")]) == {
        cache_key("a", "rapidocr", "scan"): [1]
    }
    cache.close()

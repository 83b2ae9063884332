"""A bad setting, checklist or district file stops check, batch and watch before any file
is read or moved, with a Chinese message naming the source and what is allowed."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from orchestrator.config import ConfigError, load_run_config, run_config

BUNDLED_CHECKLISTS = Path(__file__).resolve().parent.parent / "checklists"


def _console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=200), buffer


@pytest.fixture
def broken_checklists(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "checklists"
    folder.mkdir()
    for yaml_file in BUNDLED_CHECKLISTS.glob("*.yaml"):
        shutil.copy(yaml_file, folder / yaml_file.name)
    text = (folder / "master_studio.yaml").read_text(encoding="utf-8")
    (folder / "master_studio.yaml").write_text(text.replace("    required: true", "    required: ture", 1), encoding="utf-8")
    monkeypatch.setenv("DOSSIER_CHECKLIST_DIR", str(folder))
    run_config.cache_clear()
    return folder / "master_studio.yaml"


@pytest.mark.parametrize("variable,value,expected", [
    ("DOSSIER_OCR_WORKERS", "abc", "设置 DOSSIER_OCR_WORKERS 的值“abc”无效：应为整数（不小于 1、不大于 64）"),
    ("DOSSIER_OCR_ENGINE", "tesseract", "可选值为 rapidocr、paddle"),
    ("DOSSIER_REVIEW_DATE", "2023-13-01", "应为日期"),
    ("DOSSIER_PAGE_TIMEOUT_S", "0", "大于 0"),
])
def test_a_bad_setting_is_named_in_chinese(monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=expected):
        load_run_config()


def test_a_bad_checklist_names_its_file_and_place(broken_checklists):
    with pytest.raises(ConfigError) as raised:
        load_run_config()
    assert str(broken_checklists) in str(raised.value) and "required" in str(raised.value)


def test_a_bad_district_file_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / "district.yaml"
    bad.write_text("district: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("DOSSIER_DISTRICT_CONFIG", str(bad))
    with pytest.raises(ConfigError, match="区级配置"):
        load_run_config()


def test_check_batch_and_watch_stop_before_touching_a_file(broken_checklists, tmp_path, make_pdf):
    from flows.commands import run_batch, run_check, run_watch

    inbox = tmp_path / "inbox"
    pdf = make_pdf(inbox / "深圳市某某科技有限公司.pdf", pages=1)
    before = pdf.read_bytes()
    for run in (
        lambda console: run_check([pdf], tmp_path / "out-check", console),
        lambda console: run_batch(inbox, tmp_path / "out-batch", console),
        lambda console: run_watch(inbox, tmp_path / "out-watch", console, stable_seconds=0, once=True),
    ):
        console, said = _console()
        assert run(console) == 2
        assert "配置有误，未处理任何文件" in said.getvalue() and "master_studio.yaml" in said.getvalue()
    assert pdf.read_bytes() == before and list(inbox.iterdir()) == [pdf]
    assert not any((tmp_path / name).exists() for name in ("out-check", "out-batch", "out-watch", "archive", "failed"))

"""The Word files, the district's own templates, the 汇总表, and files that are never overwritten."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest
from documents_samples import ACCEPTANCE, CITY_REPORT, CORRECTION, DISTRICT, ITEMS, PUBLICITY, STUDIO

from documents.content import KINDS
from documents.model import DistrictInfo
from documents.summary_table import COLUMNS
from documents.templates.build_templates import KINDS as BUILT_KINDS
from documents.templates.build_templates import main as build_templates
from documents.word import BUNDLED_TEMPLATES, TemplateProblem
from documents.writers import (
    write_acceptance_notice,
    write_city_report,
    write_correction_notice,
    write_publicity,
)
from kernel.settings import get_settings


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_correction_docx_carries_the_items_without_the_officers_hints(tmp_path):
    written = write_correction_notice(STUDIO, DISTRICT, CORRECTION, tmp_path)
    assert written.docx.name == "补正材料通知书-深福人社补字〔2023〕17号-深圳市鹏程精密模具有限公司.docx"
    text = _text(written.docx)
    for expected in (
        "深圳市福田区人力资源局", "深福人社补字〔2023〕17号", "补正材料通知书", f"{STUDIO.unit_name}：",
        "一、材料不齐全", "二、不符合法定形式", "2．营业执照（见第7页）：营业执照复印件未加盖单位公章。补正要求：",
        "3．领办人职业资格证书（见第21-23页）", "深圳市福田区人力资源局（盖章）", "2023年7月12日", "签收人（签名）",
    ):
        assert expected in text, expected
    assert "PDF第" not in text and "OCR" not in text and "{{" not in text and "{%" not in text
    assert docx.Document(str(written.docx)).core_properties.title == f"补正材料通知书（{STUDIO.unit_name}）"
    assert written.html.read_text(encoding="utf-8").count("补正要求：") == len(ITEMS)


def test_publicity_docx_has_one_table_row_per_candidate(tmp_path):
    document = docx.Document(str(write_publicity(DISTRICT, PUBLICITY, tmp_path).docx))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["序号", "申报单位", "载体类型", "载体名称"]
    assert [r[1] for r in rows[1:]] == [c.unit_name for c in PUBLICITY.candidates]


def test_an_issued_document_is_never_overwritten(tmp_path):
    first = write_acceptance_notice(STUDIO, DISTRICT, ACCEPTANCE, tmp_path)
    before = first.docx.read_bytes()
    with pytest.raises(FileExistsError, match="不得覆盖"):
        write_acceptance_notice(STUDIO, DISTRICT, ACCEPTANCE, tmp_path)
    assert first.docx.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.docx.name, first.html.name])  # no temp files left


def _district_template(folder: Path, kind: str, edit) -> None:
    folder.mkdir(exist_ok=True)
    document = docx.Document(str(BUNDLED_TEMPLATES / f"{kind}.docx"))
    edit(document)
    document.save(str(folder / f"{kind}.docx"))


def test_a_districts_own_template_is_used_and_the_bundled_one_fills_in(tmp_path):
    own = tmp_path / "templates"

    def letterhead(document):
        document.paragraphs[0].runs[0].text = "{{ bureau }}文件"
        document.paragraphs[1].insert_paragraph_before("福田区红头版式 第二行")

    _district_template(own, "correction", letterhead)
    district = DistrictInfo(**{**DISTRICT.__dict__, "template_dir": str(own)})
    notice = _text(write_correction_notice(STUDIO, district, CORRECTION, tmp_path / "out").docx)
    assert "深圳市福田区人力资源局文件" in notice and "福田区红头版式 第二行" in notice
    accepted = _text(write_acceptance_notice(STUDIO, district, ACCEPTANCE, tmp_path / "out").docx)
    assert "受理通知书" in accepted and "红头版式" not in accepted  # no own template for it: the bundled one


def test_the_template_folder_can_be_a_setting(tmp_path, monkeypatch):
    own = tmp_path / "templates"
    _district_template(own, "acceptance", lambda d: d.paragraphs[1].insert_paragraph_before("设置指定的版式"))
    monkeypatch.setenv("DOSSIER_DOCUMENT_TEMPLATES", str(own))
    get_settings.cache_clear()
    assert "设置指定的版式" in _text(write_acceptance_notice(STUDIO, DISTRICT, ACCEPTANCE, tmp_path / "out").docx)


def test_a_template_with_an_unknown_variable_is_refused_before_writing(tmp_path):
    own = tmp_path / "templates"
    _district_template(own, "acceptance", lambda d: d.add_paragraph("{{ seal_image }}"))
    district = DistrictInfo(**{**DISTRICT.__dict__, "template_dir": str(own)})
    with pytest.raises(TemplateProblem, match=r"acceptance\.docx 使用了未知的变量：seal_image"):
        write_acceptance_notice(STUDIO, district, ACCEPTANCE, tmp_path / "out")
    assert not list((tmp_path / "out").glob("*.docx"))


def test_a_template_that_is_not_a_word_file_is_refused(tmp_path):
    own = tmp_path / "templates"
    own.mkdir()
    (own / "acceptance.docx").write_text("not a zip", encoding="utf-8")
    district = DistrictInfo(**{**DISTRICT.__dict__, "template_dir": str(own)})
    with pytest.raises(TemplateProblem, match="无法打开"):
        write_acceptance_notice(STUDIO, district, ACCEPTANCE, tmp_path / "out")
    with pytest.raises(TemplateProblem, match="不存在"):
        write_acceptance_notice(STUDIO, DistrictInfo(**{**DISTRICT.__dict__, "template_dir": str(tmp_path / "nope")}),
                                ACCEPTANCE, tmp_path / "out")


def test_city_report_summary_table(tmp_path):
    report = write_city_report(DISTRICT, CITY_REPORT, tmp_path)
    assert report.summary.suffix == ".xlsx" and report.summary.stem.endswith("-汇总表")
    table = pd.read_excel(report.summary, header=3, dtype=str).fillna("")
    assert tuple(table.columns) == COLUMNS
    assert table["申报单位名称"].tolist() == [c.unit_name for c in CITY_REPORT.candidates]
    assert table["统一社会信用代码"].tolist() == [c.credit_code for c in CITY_REPORT.candidates]
    assert table["技能大师工作室领办人"].tolist() == ["", "周海峰", ""]
    head = pd.read_excel(report.summary, header=None, nrows=2, dtype=str)
    assert head.iloc[0, 0] == "福田区2023年度深圳市终身职业技能培训载体认定候选名单汇总表"
    assert "本区名额：7家" in head.iloc[1, 0] and "候选：3家" in head.iloc[1, 0]
    assert "附件：福田区2023年度" in _text(report.letter.docx)


def test_bundled_templates_are_what_the_build_script_makes(tmp_path):
    assert set(BUILT_KINDS) == set(KINDS)
    build_templates(tmp_path)
    for kind in KINDS:
        made, bundled = zipfile.ZipFile(tmp_path / f"{kind}.docx"), zipfile.ZipFile(BUNDLED_TEMPLATES / f"{kind}.docx")
        names = [n for n in made.namelist() if n != "docProps/core.xml"]  # creation time
        assert names == [n for n in bundled.namelist() if n != "docProps/core.xml"], kind
        for name in names:
            assert made.read(name) == bundled.read(name), (kind, name)


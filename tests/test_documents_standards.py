"""The standard each material must meet: one per carrier type and item, narrowed per finding,
thresholds as the checklists apply them, and a broken file refused at load."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checklists.loader import load_all_checklists
from documents.standards import STANDARDS_FILE, StandardNotFound, StandardsError, bundled_standards, load_standards


@pytest.fixture(scope="module")
def standards():
    return bundled_standards()


def test_every_catalog_item_of_every_type_has_a_standard_of_its_own(standards):
    for carrier_type, checklist in load_all_checklists().items():
        texts = [standards.standard_for(carrier_type, item.id) for item in checklist.items]
        for item, text in zip(checklist.items, texts):
            assert "{" not in text and len(text) >= 12, (carrier_type, item.id)
            assert standards.material_for(carrier_type, item.id) == item.title
        assert len(set(texts)) == len(texts), carrier_type  # not one generic sentence for every material


def test_thresholds_in_the_wording_are_the_checklists(standards):
    checklists = load_all_checklists()
    base = checklists["training_base"].thresholds
    text = standards.standard_for("training_base", "training_records")
    assert f"不少于{base['trainees_per_year_min']}人次" in text
    assert f"不低于{round(float(base['senior_share_min']) * 100)}%" in text
    studio = checklists["master_studio"].thresholds
    assert f"{studio['master_level_min']}及以上" in standards.standard_for("master_studio", "master_certificate")
    assert f"不少于{studio['venue_area_min']}平方米" in standards.standard_for("master_studio", "venue_proof")
    assert "平方米" not in standards.standard_for("training_base", "venue_proof")  # the base has no area threshold


def test_a_finding_narrows_the_standard(standards):
    general = standards.standard_for("master_studio", "legal_rep_id")
    invalid = standards.standard_for("master_studio", "legal_rep_id", "field.invalid")
    inconsistent = standards.standard_for("master_studio", "legal_rep_id", "field.inconsistent")
    assert len({general, invalid, inconsistent}) == 3
    assert "有效期" in invalid and "营业执照" in inconsistent
    # a code the item has no entry for falls back to the item's own standard
    assert standards.standard_for("master_studio", "legal_rep_id", "seal.missing") == general
    # a missing material is asked for by its own standard
    assert standards.standard_for("rural_station", "work_plan", "item.missing") == standards.standard_for("rural_station", "work_plan")


def test_defects_of_the_dossier_form_have_their_own_material_and_standard(standards):
    assert standards.material_for("training_base", None, "pages.gap") == "申报材料页码"
    assert "不得跳号" in standards.standard_for("training_base", None, "pages.gap")
    # a 目录 entry whose page is wrong concerns the 目录, not the material it lists
    assert standards.material_for("training_base", "entity_certificate", "toc.page_mismatch") == "申报材料目录"
    assert "起始页码一致" in standards.standard_for("training_base", "entity_certificate", "toc.page_mismatch")
    # ... but a listed material that is absent is asked for as itself
    assert standards.material_for("training_base", "commitment_letter", "toc.entry_not_found") == "承诺书"
    # a 目录 that could not be read entry by entry, once an officer confirms it is illegible
    assert standards.material_for("training_base", None, "toc.unread") == "申报材料目录"
    assert "逐项列明" in standards.standard_for("training_base", None, "toc.unread")


def test_unknown_requests_say_the_officer_must_write_the_standard(standards):
    with pytest.raises(StandardNotFound, match="请审核人员填写"):
        standards.standard_for("training_base", None, "seal.unread")
    with pytest.raises(StandardNotFound):
        standards.standard_for("training_base", "master_certificate")  # a studio's item, not a base's


def _broken(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(STANDARDS_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "standards.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["common"].pop("work_plan"), "缺少.*工作方案"),
    (lambda d: d["types"]["master_studio"]["team_roster"].update(standard="成员不少于{team_min}人"), "没有的指标：team_min"),
    (lambda d: d["types"].update(studio={}), "未知的载体类型：studio"),
    (lambda d: d["types"]["training_base"].update(master_id={"standard": "x"}), "不在“高技能人才培训基地”检查清单中：master_id"),
    (lambda d: d["dossier"]["pages.gap"].pop("material"), "dossier.pages.gap.material"),
])
def test_a_broken_standards_file_is_refused_in_chinese(tmp_path, edit, message):
    with pytest.raises(StandardsError, match=message):
        load_standards(_broken(tmp_path, edit))

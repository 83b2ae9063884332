"""The checklist files load and validate, a broken one is refused with a clear Chinese
message, and part titles are matched to catalog items as real dossiers write them."""

import shutil
from pathlib import Path

import pytest
import yaml

from checklists.loader import CARRIER_TYPES, ChecklistError, load_all_checklists, load_checklist
from checklists.matching import match_item

BUNDLED = Path(__file__).resolve().parents[1] / "checklists"


@pytest.fixture(scope="module")
def checklists():
    return load_all_checklists()


def test_bundled_checklists_hold_the_catalog(checklists):
    assert set(checklists) == set(CARRIER_TYPES)
    studio = checklists["master_studio"]
    assert studio.name == "技能大师工作室"
    assert studio.thresholds["venue_area_min"] == 50
    assert studio.thresholds["master_level_min"] == "技师"
    assert studio.item("master_honors").required is False
    assert studio.item("master_certificate").required is True
    assert studio.item("training_records") is None
    base = checklists["training_base"]
    assert base.thresholds["trainees_per_year_min"] == 3000
    assert base.thresholds["senior_share_min"] == 0.20
    assert base.thresholds["instructor_senior_share_min"] == 0.45
    assert base.thresholds["partnerships_min"] == 5
    assert base.item("partnership_agreements").required is False
    rural = checklists["rural_station"]
    assert rural.item("equipment_list").required is False
    assert rural.item_for_field("cooperation_counterpart") == "cooperation_agreement"
    for checklist in checklists.values():
        assert checklist.items[0].id == "application_form"
        assert {"application_form", "entity_certificate", "legal_rep_id", "work_plan"} <= {i.id for i in checklist.items}


def _broken(tmp_path: Path, carrier_type: str, edit) -> Path:
    for name in CARRIER_TYPES:
        shutil.copy(BUNDLED / f"{name}.yaml", tmp_path / f"{name}.yaml")
    path = tmp_path / f"{carrier_type}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_district_can_change_a_threshold_and_add_an_item(tmp_path):
    def edit(data):
        data["thresholds"]["venue_area_min"] = 80
        data["items"].append({"id": "site_photos", "title": "实训场地照片", "synonyms": ["实景照片"], "required": True})
        data["items"][5]["synonyms"].remove("场地照片")  # venue_proof gives this wording up

    _broken(tmp_path, "master_studio", edit)
    studio = load_checklist("master_studio", tmp_path)
    assert studio.thresholds["venue_area_min"] == 80
    assert match_item("实训场地实景照片", studio)[0] == "site_photos"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["items"][2].pop("id"), "items[3].id：缺少必填项"),
        (lambda d: d["items"][3].update(id=d["items"][1]["id"]), "材料编号“entity_certificate”重复"),
        (lambda d: d.update(carrier_type="skills_lab"), "未知的载体类型“skills_lab”"),
        (lambda d: d["thresholds"].update(venue_area_min="五十"), "阈值“venue_area_min”应为数字"),
        (lambda d: d["thresholds"].update(team_size_min=4.5), "阈值“team_size_min”应为非负整数"),
        (lambda d: d["thresholds"].update(venue_area_mn=50), "未知的阈值“venue_area_mn”"),
        (lambda d: d["thresholds"].update(master_level_min="大师"), "阈值“master_level_min”应为技能等级"),
        (lambda d: d["items"][0].update(requred=True), "items[1].requred：未知的配置项"),
        (lambda d: d["items"][0].update(fields=["unit_nam"]), "字段“unit_nam”"),
        (lambda d: d["items"][0].update(synonyms=["表"]), "同义标题“表”太短"),
        (lambda d: d["items"][0].update(content=["表"]), "内容特征词“表”太短"),
        (lambda d: d["items"][0].update(content=["单位名称", "单位名称"]), "内容特征词“单位名称”重复"),
        (lambda d: d["items"][0].update(keywords=["申报表"]), "items[1].keywords：未知的配置项"),
        (lambda d: d["items"][3]["synonyms"].append("营业执照"), "同义标题“营业执照”同时列在材料“entity_certificate”和“commitment_letter”下"),
    ],
)
def test_a_broken_file_is_refused_naming_file_and_problem(tmp_path, edit, expected):
    path = _broken(tmp_path, "master_studio", edit)
    with pytest.raises(ChecklistError) as caught:
        load_all_checklists(tmp_path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_a_share_threshold_must_be_a_fraction(tmp_path):
    _broken(tmp_path, "training_base", lambda d: d["thresholds"].update(senior_share_min=20))
    with pytest.raises(ChecklistError, match="0 到 1 之间的比例"):
        load_checklist("training_base", tmp_path)


def test_file_that_is_not_yaml_or_is_missing(tmp_path):
    for name in CARRIER_TYPES:
        shutil.copy(BUNDLED / f"{name}.yaml", tmp_path / f"{name}.yaml")
    (tmp_path / "rural_station.yaml").write_text("items: [unclosed", encoding="utf-8")
    with pytest.raises(ChecklistError, match="不是有效的 YAML"):
        load_all_checklists(tmp_path)
    (tmp_path / "rural_station.yaml").unlink()
    with pytest.raises(ChecklistError, match="找不到检查清单文件"):
        load_all_checklists(tmp_path)
    with pytest.raises(ChecklistError, match="未知的载体类型"):
        load_checklist("workshop", tmp_path)


@pytest.mark.parametrize(
    ("title", "item"),
    [
        ("营业执照副本复印件", "entity_certificate"),
        ("营业执照（副本）", "entity_certificate"),
        ("主体资格证明", "entity_certificate"),
        ("附件2 事业单位法人证书", "entity_certificate"),
        ("（三）法定代表人身份证复印件", "legal_rep_id"),
        ("三、法定代表人身分证", "legal_rep_id"),  # one character slipped
        ("营业执熙副本", "entity_certificate"),  # one character slipped
        ("2023年度深圳市技能大师工作室认定申请表", "application_form"),
        ("领办人身份证复印件", "master_id"),  # longer keyword beats the legal rep's 身份证
        ("领办人技师证书复印件", "master_certificate"),
        ("师带徒计划及学徒名册", "apprenticeship_plan"),
        ("带徒传艺工作安排", "apprenticeship_plan"),  # named by its core word 带徒 alone
        ("诚信承诺书", "commitment_letter"),
        ("信用中国查询记录", "credit_record"),
        ("场地租赁合同及场地照片", "venue_proof"),
    ],
)
def test_title_variants_match_their_item(checklists, title, item):
    found = match_item(title, checklists["master_studio"])
    assert found is not None and found[0] == item
    assert 0.7 <= found[1] <= 1.0


def test_a_bare_id_copy_names_no_item_where_the_catalog_asks_for_two_ids(checklists):
    """A 技能大师工作室 asks for the legal representative's ID and the master's: "身份证复印件",
    or the master's title with 领办 dropped by OCR (领人身份证复印件), says neither for sure and is
    left to the part's own heading and content. Where only one ID is asked for, it is that one."""
    assert match_item("身份证复印件", checklists["master_studio"]) is None
    assert match_item("领人身份证复印件", checklists["master_studio"]) is None
    assert match_item("身份证复印件", checklists["training_base"])[0] == "legal_rep_id"


def test_shared_keywords_resolve_by_type(checklists):
    assert match_item("合作协议", checklists["training_base"])[0] == "partnership_agreements"
    assert match_item("合作协议", checklists["rural_station"])[0] == "cooperation_agreement"
    assert match_item("培训花名册", checklists["training_base"])[0] == "training_records"
    assert match_item("培训花名册", checklists["rural_station"])[0] == "rural_training_records"
    assert match_item("校企合作协议", checklists["master_studio"]) is None


def test_copy_marks_do_not_lower_the_score_but_extra_words_do(checklists):
    studio = checklists["master_studio"]
    assert match_item("营业执照", studio)[1] == 1.0
    assert match_item("营业执照副本复印件", studio)[1] == 1.0
    assert match_item("公司营业执照", studio)[1] < 1.0


@pytest.mark.parametrize(
    "title",
    [
        "本单位始终坚持以人为本的发展理念",
        "关于加强学员管理的方法",
        "2023年度深圳市终身职业技能培训载体认定申报材料",
        "目录",
        "第一条 甲方将位于深圳市南山区的房屋出租给乙方使用，租赁面积120平方米，用途为办公及培训。",
        "",
    ],
)
def test_prose_and_unrelated_headings_match_nothing(checklists, title):
    assert match_item(title, checklists["master_studio"]) is None


def test_every_title_the_factory_draws_matches_its_item(checklists):
    from factory.content import TITLES

    for carrier_type, checklist in checklists.items():
        for item_id, titles in TITLES.items():
            if checklist.item(item_id) is None:
                continue
            for title in titles:
                for numbered in (title, f"附件3：{title}", f"（十二）{title}"):
                    assert match_item(numbered, checklist)[0] == item_id, (carrier_type, numbered)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["fillers"].append("清单"), "词“清单”不能既是中心词又是虚词"),
        (lambda d: d.pop("head_nouns"), "head_nouns：缺少必填项"),
        (lambda d: d["words"].append("设备 清单"), "词“设备 清单”不能为空或含空格"),
        (lambda d: d.update(stopwords=["的"]), "stopwords：未知的配置项"),
        (lambda d: d["same_as"].update(社会保障=["社保"]), "same_as.社会保障：应为文字"),
        (lambda d: d["same_as"].update(社保="社"), "“社会保险”的简称“社保”自身又有简称"),
    ],
)
def test_a_broken_domain_dictionary_is_refused_naming_file_and_problem(tmp_path, edit, expected):
    from checklists.loader import load_domain_words

    data = yaml.safe_load((BUNDLED / "domain_words.yaml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "domain_words.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_domain_words(path)
    assert str(path) in str(caught.value) and expected in str(caught.value)
    assert load_domain_words().head_nouns  # the bundled one is valid

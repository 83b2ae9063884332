"""The seal rules: which parts must be sealed or signed (the checklists' `seal` and
`signature`, raised by a 目录 remark), and which finding each case gives. The pages' seals
come from a fake reader here (what pipeline/sealpage.py would report), so every case can be
set up exactly; reading real scans is tested in test_seals_detect/text/signatures."""

from __future__ import annotations

import pytest

from pathlib import Path

from checklists import loader
from checklists.loader import ChecklistError, load_all_checklists, load_checklist
from kernel.models import OcrLine, PageSeals, Seal, SignatureField, TocEntry
from pipeline.sealcheck import check_seals, seal_requirements
from pipeline.toc import parse_toc_lines

APPLICANT = "深圳市鹏程电子科技有限公司"
PAGES = {"application_form": [3, 4], "commitment_letter": [7], "entity_certificate": [5], "legal_rep_id": [6]}


class FakeSealReader:
    """Stands in for PageReader.read_seals and .red_patches: returns the given pages' seals
    and fields, and the patches of red ink given for a page (none by default)."""

    def __init__(self, pages: dict[int, PageSeals], red: dict[int, list] | None = None) -> None:
        self.pages = pages
        self.red = red or {}
        self.asked: list[int] = []

    def read_seals(self, indices, signed=None, names=(), signers=()):
        self.asked, self.names = list(indices), list(names)
        return {i: self.pages.get(i, PageSeals(index=i)).model_copy(deep=True) for i in indices}

    def red_patches(self, index):
        return self.red.get(index, [])


def seal(page: int, text: str | None, *, edge: bool = False, shape: str = "round", confidence: float = 0.95) -> Seal:
    return Seal(page=page, box=(300, 400, 400, 500), shape=shape, colour="red", confidence=0.9, edge=edge, text=text,
                text_confidence=confidence if text else None)


def signed(page: int, present: bool) -> SignatureField:
    return SignatureField(page=page, label="法定代表人（签字）", box=(400, 420, 500, 460), present=present, confidence=0.9)


def sealed_dossier(**changes: PageSeals) -> dict[int, PageSeals]:
    """Every part sealed and signed as it should be; `changes` replace pages (p4=…)."""
    pages = {
        4: PageSeals(index=4, seals=[seal(4, APPLICANT)], signatures=[signed(4, True)]),
        5: PageSeals(index=5, seals=[seal(5, "深圳市市场监督管理局南山区"), seal(5, APPLICANT)]),
        6: PageSeals(index=6, seals=[seal(6, "深圳市鹏程电子科技有限公")]),
        7: PageSeals(index=7, seals=[seal(7, APPLICANT)], signatures=[signed(7, True)]),
    }
    pages.update({int(k[1:]): v for k, v in changes.items()})
    return pages


def run(pages: dict[int, PageSeals], toc: list[TocEntry] = (), names=(APPLICANT,), red=None):
    reader = FakeSealReader(pages, red)
    result = check_seals(reader, load_checklist("training_base"), PAGES, list(toc), list(names))
    return result, reader


def codes(result) -> list[tuple[str, str, list[int]]]:
    return [(f.code, f.item, f.pages) for f in result.findings]


def test_a_correctly_sealed_and_signed_dossier_gives_no_finding_with_fake_reader():
    result, reader = run(sealed_dossier())
    assert codes(result) == []
    assert reader.asked == [3, 4, 5, 6, 7]  # only the parts that must be sealed or signed
    assert result.report.pages == [3, 4, 5, 6, 7]
    assert {s.matches_applicant for s in result.report.seals} == {True, False}


def test_a_form_without_seal_is_seal_missing_with_fake_reader():
    result, _ = run(sealed_dossier(p4=PageSeals(index=4, signatures=[signed(4, True)])))
    [finding] = result.findings
    assert (finding.code, finding.severity, finding.item, finding.pages) == ("seal.missing", "error", "application_form", [3, 4])
    assert "申报表" in finding.message and "未加盖申报单位公章" in finding.message


def test_a_form_without_seal_but_with_a_seal_sized_red_patch_is_for_review_with_fake_reader():
    """A faint seal crossed by print may leave no rim to fit: the red ink is still there,
    so a person is asked, on the page that shows it."""
    result, _ = run(sealed_dossier(p4=PageSeals(index=4, signatures=[signed(4, True)])), red={4: [(380, 560, 490, 650)]})
    [finding] = result.findings
    assert (finding.code, finding.severity, finding.item, finding.pages) == ("seal.missing", "review", "application_form", [4])
    assert "红色印迹" in finding.message


def test_a_red_patch_a_found_name_seal_explains_leaves_the_form_unsealed_with_fake_reader():
    name_seal = seal(4, "阎东之印", shape="square")
    result, _ = run(sealed_dossier(p4=PageSeals(index=4, seals=[name_seal], signatures=[signed(4, True)])),
                    red={4: [(310, 410, 390, 490)]})
    [finding] = result.findings
    assert (finding.code, finding.severity, finding.pages) == ("seal.missing", "error", [3, 4])


def test_a_form_without_seal_on_a_black_and_white_page_is_for_review_with_fake_reader():
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, signatures=[signed(7, True)], grey=True)))
    [finding] = result.findings
    assert (finding.code, finding.severity, finding.item) == ("seal.missing", "review", "commitment_letter")


def test_another_units_seal_on_the_commitment_letter_is_a_name_mismatch_with_fake_reader():
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[seal(7, "深圳市汇丰达企业管理咨询有限公司")],
                                                signatures=[signed(7, True)])))
    [finding] = result.findings
    assert (finding.code, finding.severity, finding.item, finding.pages) == ("seal.name_mismatch", "error",
                                                                           "commitment_letter", [7])
    assert "OCR" not in finding.message


@pytest.mark.parametrize("print_under, code", [("委托汇丰达企业管理咨询机构开展培训", "seal.unread"),
                                              ("本单位承诺所提交的申报材料真实有效", "seal.name_mismatch")])
def test_a_ring_whose_other_words_are_the_print_under_it_is_for_review_with_fake_reader(print_under, code):
    """A line of the letter over the ring's 字号 is read into the ring: the reading's words
    that are not the applicant's stand in that line, so they name no other unit."""
    ring = seal(7, "深圳市汇丰达企业管理咨询有限公司")
    ring.print_under = print_under
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[ring], signatures=[signed(7, True)])))
    assert [c for c, _, _ in codes(result)] == [code]


def test_a_dossier_showing_no_seal_anywhere_is_one_review_not_an_error_per_part_with_fake_reader():
    result, _ = run({4: PageSeals(index=4, signatures=[signed(4, True)]), 7: PageSeals(index=7, signatures=[signed(7, True)])})
    [finding] = [f for f in result.findings if f.severity != "warning"]
    assert (finding.code, finding.severity, finding.pages) == ("seal.missing", "review", [3, 4, 7])
    assert "申报表" in finding.message and "承诺书" in finding.message
    assert {(f.item, f.severity) for f in result.findings if f.severity == "warning"} == {
        ("entity_certificate", "warning"), ("legal_rep_id", "warning")}


def test_a_copy_with_only_the_issuers_seal_is_seal_missing_with_fake_reader():
    result, _ = run(sealed_dossier(p5=PageSeals(index=5, seals=[seal(5, "深圳市市场监督管理局南山区")])))
    assert codes(result) == [("seal.missing", "entity_certificate", [5])]
    assert "复印件" in result.findings[0].message and result.findings[0].severity == "warning"


def test_a_copy_with_a_seal_too_poorly_read_to_judge_gives_no_finding_with_fake_reader():
    """A copy's seal stamped over the licence's print reads poorly: a seal is there that may
    be the applicant's, so the copy is not said to lack it (wild 8317: 13 such warnings)."""
    poor = seal(5, "深圳市鹏电孑料技有限公司", confidence=0.6)
    result, _ = run(sealed_dossier(p5=PageSeals(index=5, seals=[seal(5, "深圳市市场监督管理局南山区"), poor])))
    assert codes(result) == []


def test_a_seal_whose_name_cannot_be_read_is_for_review_with_fake_reader():
    for unread in (seal(7, None), seal(7, "深圳市华强电子科技有限公司"), seal(7, "深圳市鹏程电子科技", edge=True)):
        result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[unread], signatures=[signed(7, True)])))
        [finding] = result.findings
        assert (finding.code, finding.severity) == ("seal.unread", "review"), unread


def test_a_ring_read_poorly_that_supports_the_applicants_name_is_accepted_and_the_names_are_asked_with_fake_reader():
    worn = seal(7, "深圳市鹏荐屯马料技有限公司", confidence=0.6)
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[worn], signatures=[signed(7, True)])))
    assert codes(result) == [("seal.unread", "commitment_letter", [7])]
    worn.name_support = -1.2  # what the reader says when asked about the applicant's name
    result, reader = run(sealed_dossier(p7=PageSeals(index=7, seals=[worn], signatures=[signed(7, True)])))
    assert codes(result) == [] and reader.names == [APPLICANT]


def test_a_blank_signature_field_is_signature_missing_with_fake_reader():
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[seal(7, APPLICANT)], signatures=[signed(7, False)])))
    assert codes(result) == [("signature.missing", "commitment_letter", [7])]
    assert "法定代表人（签字）处未签字" in result.findings[0].message


def test_no_signature_anywhere_is_one_review_not_an_error_per_part_with_fake_reader():
    result, _ = run(sealed_dossier(p4=PageSeals(index=4, seals=[seal(4, APPLICANT)], signatures=[signed(4, False)]),
                                   p7=PageSeals(index=7, seals=[seal(7, APPLICANT)], signatures=[signed(7, False)])))
    [finding] = result.findings
    assert (finding.code, finding.severity, finding.pages) == ("signature.missing", "review", [4, 7])


def test_no_signature_field_on_the_page_is_not_judged_with_fake_reader():
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[seal(7, APPLICANT)])))
    assert codes(result) == []


def test_a_name_seal_is_not_the_units_seal_with_fake_reader():
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[seal(7, "王建国印", shape="square")],
                                                signatures=[signed(7, True)])))
    assert codes(result) == [("seal.missing", "commitment_letter", [7])]


def test_without_the_applicants_name_a_seal_counts_as_there_with_fake_reader():
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[seal(7, "深圳市汇丰达企业管理咨询有限公司")],
                                                signatures=[signed(7, True)])), names=(None,))
    assert codes(result) == []


def test_a_toc_remark_asking_for_the_seal_makes_the_part_need_it():
    checklist = load_checklist("training_base")
    toc = [TocEntry(title="设备清单", printed_page=9, found_page=11, status="ok", item="equipment_list", remark="加盖公章"),
           TocEntry(title="租赁合同", printed_page=5, found_page=7, status="ok", item="venue_proof", remark="复印件加盖公章"),
           TocEntry(title="申报表", printed_page=1, found_page=3, status="ok", item="application_form", remark="复印件"),
           TocEntry(title="管理制度", printed_page=12, found_page=14, status="ok", item="management_rules", remark="原件")]
    rules = seal_requirements(checklist, toc)
    assert rules["equipment_list"] == "remark" and rules["venue_proof"] == "on_copies"
    assert rules["application_form"] == "required" and "management_rules" not in rules
    reader = FakeSealReader(sealed_dossier())
    result = check_seals(reader, checklist, {**PAGES, "equipment_list": [11, 12]}, toc, [APPLICANT])
    assert 11 in reader.asked and ("seal.missing", "equipment_list", [11, 12]) in codes(result)
    remarked = next(f for f in result.findings if f.item == "equipment_list")
    assert remarked.severity == "warning" and "目录备注" in remarked.message


def test_a_long_remarked_part_sealed_once_on_its_last_page_is_sealed_with_fake_reader():
    """A nine-page equipment list sealed only at its end: its last page is looked at as well
    as its first six, and nothing between them."""
    toc = [TocEntry(title="设备清单", printed_page=9, found_page=11, status="ok", item="equipment_list", remark="加盖公章")]
    reader = FakeSealReader({**sealed_dossier(), 19: PageSeals(index=19, seals=[seal(19, APPLICANT)])})
    result = check_seals(reader, load_checklist("training_base"), {**PAGES, "equipment_list": list(range(11, 20))},
                         toc, [APPLICANT])
    assert {11, 16, 19} <= set(reader.asked) and not {17, 18} & set(reader.asked)
    assert not [f for f in result.findings if f.item == "equipment_list"]


def test_the_toc_keeps_the_remark_column():
    def ln(text, x0, y):
        return OcrLine(text=text, box=(x0, y, x0 + 12 * len(text), y + 14), confidence=0.95)

    lines = [ln("目 录", 270, 60), ln("序号", 60, 80), ln("材料名称", 150, 80), ln("页码", 400, 80), ln("备注", 470, 80)]
    for k, (title, page, remark) in enumerate([("申报表", "1", "原件"), ("营业执照", "4", "复印件加盖公章"), ("设备清单", "9", None)]):
        y = 105 + 25 * k
        lines += [ln(str(k + 1), 64, y), ln(title, 110, y), ln(page, 400, y)] + ([ln(remark, 470, y)] if remark else [])
    entries = parse_toc_lines(lines, 2)
    assert [(e.title, e.remark) for e in entries] == [("申报表", "原件"), ("营业执照", "复印件加盖公章"), ("设备清单", None)]


def test_checklists_say_which_parts_are_sealed_and_signed(tmp_path):
    for checklist in load_all_checklists().values():
        items = {item.id: item for item in checklist.items}
        assert items["application_form"].seal == items["commitment_letter"].seal == "required"
        assert items["application_form"].signature == items["commitment_letter"].signature == "required"
        assert items["entity_certificate"].seal == "on_copies" and items["work_plan"].seal == "none"
    source = (Path(loader.__file__).parent / "training_base.yaml").read_text(encoding="utf-8")
    (tmp_path / "training_base.yaml").write_text(source.replace("seal: on_copies", "seal: stamped", 1), encoding="utf-8")
    with pytest.raises(ChecklistError, match="盖章要求“stamped”应为 required"):
        load_checklist("training_base", tmp_path)


def test_a_page_that_could_not_be_looked_at_is_for_review_not_an_error_with_fake_reader():
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, unread=True)))
    [finding] = result.findings
    assert (finding.code, finding.severity, finding.pages) == ("seal.unread", "review", [7])


def test_a_blank_field_under_the_units_seal_is_for_review_with_fake_reader():
    covered = SignatureField(page=7, label="法定代表人（签字）", box=(400, 420, 500, 460), present=False, confidence=0.5)
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[seal(7, APPLICANT)], signatures=[covered])))
    [finding] = result.findings
    assert (finding.code, finding.severity) == ("signature.missing", "review")


def test_a_poorly_read_seal_like_the_applicants_read_well_elsewhere_is_the_applicants_with_fake_reader():
    poor = seal(7, "深圳市鹏翟屯子科技有腿公司")  # too many slips to judge alone, the same stamp as page 4's
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[poor], signatures=[signed(7, True)])))
    assert codes(result) == []
    other = seal(7, "深圳市华强电子科技有限公司")  # same size, but another unit's 字号
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[other], signatures=[signed(7, True)])))
    assert codes(result) == [("seal.unread", "commitment_letter", [7])]


def test_a_ring_of_the_applicants_trade_words_in_another_legal_form_is_not_taken_for_its_own_with_fake_reader():
    """Another unit sharing the applicant's trade words (an association named by its trade):
    its ring keeps the applicant's own words, but ends in a form the applicant's name has not."""
    association = "深圳市汽车服务行业协会"
    page = {4: PageSeals(index=4, seals=[seal(4, association)], signatures=[signed(4, True)]),
            5: PageSeals(index=5, seals=[seal(5, association)]), 6: PageSeals(index=6, seals=[seal(6, association)])}
    for read, accepted in (("深圳市优才汽车服务有限公司", False), ("深圳市汽车服务行业协", True), ("深圳市汽车服务行会", True)):
        pages = {**page, 7: PageSeals(index=7, seals=[seal(7, read)], signatures=[signed(7, True)])}
        result, _ = run(pages, names=(association,))
        assert (codes(result) == []) is accepted, read


def test_a_ring_named_with_its_trade_name_read_otherwise_is_judged_by_its_support_with_fake_reader():
    """深圳市鹏城电子科技 on the 承诺书 of 鹏程电子科技: one character off, the same stamp size as
    the applicant's read well on page 4. Where the ring, asked, supports 鹏程 as a slip leaves
    it, it is the applicant's; where it does not, another unit's."""
    ring = seal(7, "深圳市鹏城电子科技有限公司").model_copy(update={"name_support": -4.0})
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[ring], signatures=[signed(7, True)])))
    assert codes(result) == []
    ring = ring.model_copy(update={"name_support": -25.0})
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[ring], signatures=[signed(7, True)])))
    assert codes(result) == [("seal.name_mismatch", "commitment_letter", [7])]


def test_another_units_seal_beside_a_riding_seal_is_a_name_mismatch_when_far_from_the_applicants_name_with_fake_reader():
    """The 申报表 sealed by another unit, the applicant's riding seal (骑缝章) cut by the page's
    edge beside it: the riding seal cannot be read, but a ring that does not come near the
    applicant's name is another unit's whatever the riding seal is. A ring called another
    unit's that all but reads as the applicant's (a 字号 misread) leaves it to a person."""
    def form(support: float) -> PageSeals:
        other = seal(4, "深圳市盛达新能源有限公司").model_copy(update={"name_support": support})
        return PageSeals(index=4, seals=[other, seal(4, None, edge=True)], signatures=[signed(4, True)])

    result, _ = run(sealed_dossier(p4=form(-105.0)))
    assert [(f.code, f.severity, f.item, f.pages) for f in result.findings] == [
        ("seal.name_mismatch", "error", "application_form", [4])]
    result, _ = run(sealed_dossier(p4=form(-20.0)))
    assert [(f.code, f.severity) for f in result.findings] == [("seal.unread", "review")]


def test_a_ring_print_crosses_is_the_applicants_where_what_shows_beside_the_print_fits_with_fake_reader():
    """The 承诺书's ring with a line of the letter over its 字号, read as noise: where what print
    leaves of it fits the applicant's name well and the unit's seal reads as its own on the
    other pages, it is the applicant's; where it fits poorly, or no seal reads as the
    applicant's anywhere, a person looks."""
    school = "深圳市鹏程职业技能培训学校"

    def pages(elsewhere: str, beside: float) -> dict[int, PageSeals]:
        ring = seal(7, "深圳形為程职生仁變第用", confidence=0.5).model_copy(
            update={"name_support": -30.0, "name_support_beside_print": beside})
        return {4: PageSeals(index=4, seals=[seal(4, elsewhere)], signatures=[signed(4, True)]),
                5: PageSeals(index=5, seals=[seal(5, elsewhere)]), 6: PageSeals(index=6, seals=[seal(6, elsewhere)]),
                7: PageSeals(index=7, seals=[ring], signatures=[signed(7, True)])}

    result, _ = run(pages(school, -5.4), names=(school,))
    assert codes(result) == []
    result, _ = run(pages(school, -30.0), names=(school,))
    assert codes(result) == [("seal.unread", "commitment_letter", [7])]
    result, _ = run(pages("深圳形程职业技什么", -5.4), names=(school,))  # no seal reads as the applicant's
    assert ("seal.unread", "commitment_letter", [7]) in codes(result)


def _resized(s: Seal, scale: float) -> Seal:
    x0, y0, x1, y1 = s.box
    return s.model_copy(update={"box": (x0, y0, x0 + (x1 - x0) * scale, y0 + (y1 - y0) * scale)})


@pytest.mark.parametrize(("read", "accepted"), [
    ("深圳鹏程电子科司", True),  # a smaller stamp (or a photographed page), 字号 whole
    ("现泰市鹏程屯子科技有限公司", True),
    ("深圳市程屯子科技有腿公司", False),  # the 字号 not read whole: a person looks
    ("深圳市程达电子科技有限公司", False),  # another unit's 字号 sharing a character
    ("深圳市鹏程电子科技有限公司南山分公司", False),  # the applicant's branch
])
def test_a_poorly_read_seal_of_another_size_is_the_applicants_only_with_its_trade_name_whole_with_fake_reader(read, accepted):
    poor = _resized(seal(7, read), 0.8)
    result, _ = run(sealed_dossier(p7=PageSeals(index=7, seals=[poor], signatures=[signed(7, True)])))
    assert (codes(result) == []) is accepted

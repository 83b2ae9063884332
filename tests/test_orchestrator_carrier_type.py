"""Which pages the review reads to find the carrier type: the cover and the 申报表 first, then
the other front pages, then a few more — a separator sheet ("附件1") may stand before a 申报表
whose title no catalog wording names. The pages come from a fake reader here."""

from __future__ import annotations

from checklists.loader import load_all_checklists
from kernel.models import OcrLine, PageScan, PageText
from orchestrator.review import _carrier_type


def line(text: str, y: float) -> OcrLine:
    return OcrLine(text=text, box=(60, y, 60 + 14 * len(text), y + 14), confidence=0.98)


class FakePageReader:
    """Stands in for PageReader.read_pages: the given pages' lines, and which were asked for."""

    def __init__(self, pages: dict[int, list[str]]) -> None:
        self.pages = pages
        self.asked: list[int] = []

    def read_pages(self, indices):
        self.asked += list(indices)
        return {i: PageText(index=i, lines=[line(t, 80 + 20 * k) for k, t in enumerate(self.pages.get(i, []))])
                for i in indices}


def test_the_type_is_found_on_a_form_after_a_separator_sheet_with_fake_reader():
    texts = {1: ["2023年度", "职业技能培训载体认定", "申报书", "单位名称：深圳市鹏城职业技能培训学校"],
             3: ["附件1"],
             4: ["情况一览", "机构名称：深圳市鹏城职业技能培训学校", "申报方向：高技能人才培训基地"],
             5: ["培训开展情况"]}
    scans = [PageScan(index=i, heading_lines=[line(t, 80 + 20 * k) for k, t in enumerate(texts.get(i, ["正文"])[:2])])
             for i in range(1, 12)]
    reader = FakePageReader(texts)
    carrier_type, finding = _carrier_type(reader, scans, None, load_all_checklists())
    assert (carrier_type, finding) == ("training_base", None)
    assert 4 in reader.asked and max(reader.asked) <= 6  # a few pages more, not the whole file


def test_a_form_page_is_known_by_its_title_line_alone_with_fake_reader():
    from orchestrator.review import _heading_pages

    scans = [PageScan(index=4, heading_lines=[line("基本情况表", 80), line("机构名称：深圳市鹏城职业技能培训学校", 100)])]
    assert _heading_pages(scans, "application_form", load_all_checklists()["training_base"]) == [4]


def test_no_type_anywhere_in_front_is_type_unknown_with_fake_reader():
    scans = [PageScan(index=i, heading_lines=[line("正文", 80)]) for i in range(1, 12)]
    carrier_type, finding = _carrier_type(FakePageReader({}), scans, None, load_all_checklists())
    assert carrier_type is None and finding.code == "type.unknown"

"""Which pages the review reads whole for fields: every page of a part up to its bound,
rosters up to the longer one their catalog item sets (`read_pages`), a part that sets
`read_first` (the training ledger) beyond those pages only while its fields are unread, and
the reference read of a part's pages only while one of its required fields is."""

from checklists.loader import PART_PAGES, load_checklist
from kernel.models import OcrLine, PageText
from orchestrator.review import _read_fields


class _ReaderRecordingPages:
    """Fake PageReader (isolates the page choice from OCR): records what it was asked to read;
    its pages are blank but for those given (`at_once`: what the reference read of a page gives)."""

    def __init__(self, pages: dict[int, PageText] | None = None, at_once: dict[int, PageText] | None = None) -> None:
        self.asked: list[int] = []
        self.asked_at_once: list[int] = []
        self.pages = pages or {}
        self.at_once = at_once or {}

    def read_pages(self, indices):
        self.asked += indices
        return {i: self.pages.get(i, PageText(index=i, lines=[], rotation=0)) for i in indices}

    def read_pages_at_once(self, indices):
        self.asked_at_once += indices
        return {i: self.at_once.get(i, self.pages.get(i, PageText(index=i, lines=[], rotation=0))) for i in indices}


def _yearly_table(index: int) -> PageText:
    cells = [[("年度", 100), ("培训人数", 200), ("高级工及以上人数", 300)],
             [("2021", 100), ("5200", 200), ("1300", 300)], [("2022", 100), ("6100", 200), ("1700", 300)]]
    lines = [OcrLine(text=text, box=(x, 100 + 30 * row, x + 14 * len(text), 116 + 30 * row), confidence=0.98)
             for row, cells_of_row in enumerate(cells) for text, x in cells_of_row]
    return PageText(index=index, lines=lines, rotation=0)


def test_fake_reader_is_asked_for_every_page_of_the_parts_with_fields():
    reader = _ReaderRecordingPages()
    item_pages = {"application_form": [3, 4, 5], "entity_certificate": [6, 7], "commitment_letter": [8, 9],
                  "instructor_roster": [20, 21, 22], "equipment_list": [30, 31]}
    fields = _read_fields(reader, load_checklist("training_base"), item_pages)
    assert sorted(reader.asked) == [3, 4, 5, 6, 7, 8, 9, 20, 21, 22]  # the equipment list has no key field
    assert {f.id: f.page for f in fields}["instructor_count"] is None  # blank pages: nothing read


def test_fake_reader_a_ledger_without_its_yearly_table_first_is_read_up_to_its_bound():
    reader = _ReaderRecordingPages()
    ledger = list(range(40, 40 + PART_PAGES + 30))
    _read_fields(reader, load_checklist("training_base"), {"training_records": ledger})
    assert reader.asked == ledger[:PART_PAGES]  # its first page, then the rest of its bound


def test_fake_reader_a_ledger_whose_first_page_holds_the_yearly_table_is_not_read_further():
    reader = _ReaderRecordingPages({40: _yearly_table(40)})
    ledger = list(range(40, 46))
    fields = {f.id: f for f in _read_fields(reader, load_checklist("training_base"), {"training_records": ledger})}
    assert reader.asked == [40]
    assert fields["trainees_per_year"].value == 6100 and round(fields["senior_share"].value, 3) == 0.279


def test_fake_reader_a_very_long_team_roster_is_read_up_to_its_catalog_bound():
    checklist = load_checklist("master_studio")
    bound = checklist.item("team_roster").read_pages
    assert bound and bound > PART_PAGES
    reader = _ReaderRecordingPages()
    roster = list(range(30, 30 + bound + 5))
    _read_fields(reader, checklist, {"team_roster": roster})
    assert reader.asked == roster[:bound]


def test_fake_reader_a_district_can_change_a_part_bound_in_the_checklist():
    checklist = load_checklist("training_base")
    widened = checklist.model_copy(update={"items": [
        item.model_copy(update={"read_pages": 10, "read_first": None}) if item.id == "training_records" else item
        for item in checklist.items
    ]})
    reader = _ReaderRecordingPages()
    ledger = list(range(40, 70))
    _read_fields(reader, widened, {"training_records": ledger})
    assert reader.asked == ledger[:10]


def _commitment(index: int, dated: bool) -> PageText:
    rows = ["本单位承诺所提交的申报材料真实、准确、完整。", "申报单位：深圳市甲科技有限公司", "法定代表人签章：张三"]
    rows += ["2023年6月7日"] if dated else []
    lines = [OcrLine(text=text, box=(100, 100 + 30 * k, 100 + 14 * len(text), 116 + 30 * k), confidence=0.99)
             for k, text in enumerate(rows)]
    return PageText(index=index, lines=lines, rotation=0)


def test_fake_reader_a_date_the_first_read_lost_is_found_in_the_reference_read_of_its_part():
    reader = _ReaderRecordingPages({8: _commitment(8, dated=False), 9: _commitment(9, dated=False)},
                                   at_once={9: _commitment(9, dated=True)})
    fields = {f.id: f for f in _read_fields(reader, load_checklist("training_base"), {"commitment_letter": [8, 9]})}
    assert sorted(reader.asked_at_once) == [8, 9]
    assert (fields["commitment_date"].value, fields["commitment_date"].page) == ("2023-06-07", 9)


def test_fake_reader_a_part_whose_required_fields_were_read_is_not_read_again():
    reader = _ReaderRecordingPages({8: _commitment(8, dated=True)})
    fields = {f.id: f for f in _read_fields(reader, load_checklist("training_base"), {"commitment_letter": [8]})}
    assert fields["commitment_date"].value == "2023-06-07" and reader.asked_at_once == []

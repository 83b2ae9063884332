"""Which pages the review reads whole for fields: every page of a part up to its bound,
rosters up to the longer one their catalog item sets (`read_pages`), and a part that sets
`read_first` (the training ledger) beyond those pages only while its fields are unread."""

from checklists.loader import PART_PAGES, load_checklist
from kernel.models import OcrLine, PageText
from orchestrator.review import _read_fields


class _ReaderRecordingPages:
    """Fake PageReader (isolates the page choice from OCR): records what it was asked to read;
    its pages are blank but for those given."""

    def __init__(self, pages: dict[int, PageText] | None = None) -> None:
        self.asked: list[int] = []
        self.pages = pages or {}

    def read_pages(self, indices):
        self.asked += indices
        return {i: self.pages.get(i, PageText(index=i, lines=[], rotation=0)) for i in indices}


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

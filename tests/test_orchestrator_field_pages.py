"""Which pages the review reads whole for fields: every page of a part up to its bound,
rosters up to the longer one their catalog item sets (`read_pages`)."""

from checklists.loader import load_checklist
from kernel.models import PageText
from checklists.loader import PART_PAGES
from orchestrator.review import _read_field_pages


class _ReaderRecordingPages:
    """Fake PageReader (isolates the page choice from OCR): records what it was asked to read."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def read_pages(self, indices):
        self.asked += indices
        return {i: PageText(index=i, lines=[], rotation=0) for i in indices}


def test_fake_reader_is_asked_for_every_page_of_the_parts_with_fields():
    reader = _ReaderRecordingPages()
    item_pages = {"application_form": [3, 4, 5], "entity_certificate": [6, 7], "commitment_letter": [8, 9],
                  "instructor_roster": [20, 21, 22], "equipment_list": [30, 31]}
    texts = _read_field_pages(reader, load_checklist("training_base"), item_pages)
    assert sorted(reader.asked) == [3, 4, 5, 6, 7, 8, 9, 20, 21, 22]  # the equipment list has no key field
    assert [t.index for t in texts["commitment_letter"]] == [8, 9]
    assert [t.index for t in texts["instructor_roster"]] == [20, 21, 22]


def test_fake_reader_a_long_part_is_read_up_to_its_bound():
    reader = _ReaderRecordingPages()
    ledger = list(range(40, 40 + PART_PAGES + 30))
    texts = _read_field_pages(reader, load_checklist("training_base"), {"training_records": ledger})
    assert reader.asked == ledger[:PART_PAGES] and len(texts["training_records"]) == PART_PAGES


def test_fake_reader_a_very_long_team_roster_is_read_up_to_its_catalog_bound():
    checklist = load_checklist("master_studio")
    bound = checklist.item("team_roster").read_pages
    assert bound and bound > PART_PAGES
    reader = _ReaderRecordingPages()
    roster = list(range(30, 30 + bound + 5))
    _read_field_pages(reader, checklist, {"team_roster": roster})
    assert reader.asked == roster[:bound]


def test_fake_reader_a_district_can_change_a_part_bound_in_the_checklist():
    checklist = load_checklist("training_base")
    widened = checklist.model_copy(update={"items": [
        item.model_copy(update={"read_pages": 10}) if item.id == "training_records" else item for item in checklist.items
    ]})
    reader = _ReaderRecordingPages()
    ledger = list(range(40, 70))
    _read_field_pages(reader, widened, {"training_records": ledger})
    assert reader.asked == ledger[:10]

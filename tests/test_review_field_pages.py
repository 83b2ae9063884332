"""Which pages the review reads whole for fields: rosters over all their pages."""

from checklists.loader import load_checklist
from pipeline.models import PageText
from pipeline.review import ROSTER_PAGES, _read_field_pages


class _ReaderRecordingPages:
    """Fake PageReader (isolates the page choice from OCR): records what it was asked to read."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def read_pages(self, indices):
        self.asked += indices
        return {i: PageText(index=i, lines=[], rotation=0) for i in indices}


def test_fake_reader_is_asked_for_every_roster_page_but_one_licence_page():
    reader = _ReaderRecordingPages()
    item_pages = {"application_form": [3, 4, 5], "entity_certificate": [6, 7], "instructor_roster": [20, 21, 22]}
    texts = _read_field_pages(reader, load_checklist("training_base"), item_pages)
    assert sorted(reader.asked) == [3, 4, 6, 20, 21, 22]
    assert [t.index for t in texts["instructor_roster"]] == [20, 21, 22]


def test_fake_reader_a_very_long_team_roster_is_read_up_to_the_cap():
    reader = _ReaderRecordingPages()
    roster = list(range(30, 30 + ROSTER_PAGES + 5))
    _read_field_pages(reader, load_checklist("master_studio"), {"team_roster": roster})
    assert reader.asked == roster[:ROSTER_PAGES]

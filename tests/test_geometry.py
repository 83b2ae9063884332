"""One row grouping for every stage (kernel/geometry.py): boxes on one baseline are one row,
a skewed line stays one row, and a tall box (a seal's ring text over a signature block) does
not chain the lines it spans into one; two boxes overlap only where they share area."""

from kernel.geometry import boxes_overlap, group_rows, union
from kernel.models import OcrLine


def line(text, box):
    return OcrLine(text=text, box=box, confidence=1.0)


def texts(rows):
    return [[item.text for item in row] for row in rows]


def test_label_and_value_boxes_on_one_baseline_are_one_row_left_to_right():
    rows = group_rows([line("王五", (150, 81, 190, 97)), line("联系人", (60, 80, 110, 96)), line("电话", (60, 110, 100, 126))])
    assert texts(rows) == [["联系人", "王五"], ["电话"]]


def test_a_skewed_line_is_followed_box_by_box():
    # each box sits 6 points lower than the one before: the first and last do not overlap at all
    boxes = [line(f"词{k}", (60 + 60 * k, 100 + 6 * k, 110 + 60 * k, 116 + 6 * k)) for k in range(4)]
    assert texts(group_rows(boxes)) == [["词0", "词1", "词2", "词3"]]


def test_a_tall_seal_box_does_not_join_the_lines_it_spans():
    rows = group_rows([
        line("承诺单位（盖", (288, 419, 360, 435)),
        line("有限司", (433, 407, 458, 457)),  # the seal's ring text, three lines tall
        line("法定代表人（签字）：赵凯斌", (286, 438, 437, 458)),
    ])
    assert ["法定代表人（签字）：赵凯斌"] in texts(rows)
    assert all(len(row) == 1 for row in rows)


def test_union_holds_every_box():
    assert union([(1, 2, 3, 4), (0, 5, 2, 9)]) == (0, 2, 3, 9)


def test_boxes_overlap_only_where_they_share_area():
    assert boxes_overlap((0, 0, 10, 10), (5, 5, 20, 20))
    assert boxes_overlap((0, 0, 10, 10), (2, 2, 4, 4))  # one inside the other
    assert not boxes_overlap((0, 0, 10, 10), (10, 0, 20, 10))  # touching edges share none
    assert not boxes_overlap((0, 0, 10, 10), (0, 12, 10, 20))

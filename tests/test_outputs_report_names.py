"""Report folder names: a file name can never steer a report outside `out_dir`."""

from __future__ import annotations

import pytest

from outputs.report_names import MAX_NAME_BYTES, batch_dir_names, first_free, report_dir_name


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("深圳市某某科技有限公司.pdf", "深圳市某某科技有限公司"),
        ("申报材料.PDF", "申报材料"),
        ("../../etc/passwd.pdf", "passwd"),
        ("/abs/path/x.pdf", "x"),
        ("C:\\Users\\x\\y.pdf", "y"),
        ("..", "未命名"),
        (".pdf", "未命名"),
        (".hidden.pdf", "hidden"),
        ('a<b>:"c"|?*.pdf', "a_b___c____"),
        ("tab\tname.pdf", "tab_name"),
    ],
)
def test_names_are_single_safe_components(filename, expected):
    assert report_dir_name(filename) == expected


def test_long_names_are_cut_and_told_apart_by_a_hash():
    a = report_dir_name("深" * 120 + "甲.pdf")
    b = report_dir_name("深" * 120 + "乙.pdf")
    assert a != b
    assert len(a.encode()) <= MAX_NAME_BYTES and len(b.encode()) <= MAX_NAME_BYTES
    assert a.startswith("深" * 50)


def test_batch_names_are_unique_also_by_case():
    assert batch_dir_names(["x/a.pdf", "y/a.pdf", "A.pdf", "b.pdf"]) == ["a", "a__2", "A__3", "b"]


def test_first_free_counts_up():
    taken = {"r", "r__v2"}
    assert first_free("r", taken.__contains__, "__v{n}") == "r__v3"
    assert first_free("s", taken.__contains__, "__v{n}") == "s"

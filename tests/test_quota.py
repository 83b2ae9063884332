import pytest

from checklists.quota import check_candidates, load_quota

DISTRICTS = ["福田区", "罗湖区", "南山区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区", "盐田区", "大鹏新区", "深汕特别合作区"]


def test_bundled_table_covers_every_district_and_sums_to_73():
    table = load_quota()
    assert sorted(table.districts) == sorted(DISTRICTS)
    assert table.total == 73 == sum(table.districts.values())


def test_table_not_adding_up_is_refused(tmp_path):
    path = tmp_path / "quota.yaml"
    path.write_text("year: 2023\nsource: x\ntotal: 73\ndistricts:\n  福田区: 70\n  罗湖区: 2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="72"):
        load_quota(path)


def test_candidates_against_cap():
    table = load_quota()
    cap = table.cap("南山区")
    assert check_candidates("南山区", cap, table).within
    over = check_candidates("南山区", cap + 2, table)
    assert not over.within
    assert "多 2 家" in over.message


def test_unknown_district_is_named():
    with pytest.raises(KeyError, match="前海"):
        check_candidates("前海", 1)

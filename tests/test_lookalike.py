"""Characters drawn alike (a misread's shape) against characters merely of the same density."""

import pytest

from extractors.lookalike import characters_look_alike, one_lookalike_apart


@pytest.mark.parametrize("pair", ["宇字", "己已", "未末", "土士", "侯候", "冶治", "王玉", "千干", "责贵", "陈阵"])
def test_characters_differing_by_a_stroke_look_alike(pair):
    assert characters_look_alike(*pair)


@pytest.mark.parametrize("pair", ["张李", "三叁", "华创", "达鹏", "盛通", "信海", "科新", "平萍", "军俊"])
def test_unrelated_characters_do_not(pair):
    assert not characters_look_alike(*pair)


def test_only_one_lookalike_place_is_the_shape_of_a_misread():
    assert one_lookalike_apart("侯超宇", "侯超字")
    assert not one_lookalike_apart("侯超宇", "候超字")      # two places
    assert not one_lookalike_apart("侯超宇", "侯超")        # a character lost is not a look-alike
    assert not one_lookalike_apart("张三", "李三")
    assert not one_lookalike_apart("侯超宇", "侯超宇")      # no difference at all

"""Characters the recogniser returns in place of Chinese ones of the same shape (katakana,
Japanese forms of simplified characters) are read as the Chinese ones, so a title or a
name read with one still matches."""

from checklists.loader import load_all_checklists
from checklists.matching import match_item
from kernel.textnorm import nfkc, unit_name_key, written_name_key


def test_japanese_forms_and_katakana_read_as_the_chinese_characters():
    assert nfkc("帯头人居民身份证") == "带头人居民身份证"
    assert nfkc("ー、営业执照") == "一、营业执照"
    assert nfkc("乡村エ匠") == "乡村工匠"


def test_a_title_read_with_a_japanese_form_names_its_item():
    studio = load_all_checklists()["master_studio"]
    assert match_item("九、帯头人居民身份证", studio)[0] == "master_id"


def test_names_are_compared_in_simplified_characters_and_shown_as_read():
    """A traditional form the recogniser returned (賀, 粵, 華) is folded for comparison only:
    the name as written keeps it, for the report to show what the page was read as."""
    assert unit_name_key("深圳市粵海（集团）有限公司") == unit_name_key("深圳市粤海(集团)有限公司")
    assert unit_name_key("賀福英") == unit_name_key("贺福英") != unit_name_key("贺福美")
    assert written_name_key("深圳市粵海有限公司") == "深圳市粵海有限公司"

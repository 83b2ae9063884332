"""Characters the recogniser returns in place of Chinese ones of the same shape (katakana,
Japanese forms of simplified characters) are read as the Chinese ones, so a title or a
name read with one still matches."""

from checklists.loader import load_all_checklists
from checklists.matching import match_item
from kernel.textnorm import nfkc


def test_japanese_forms_and_katakana_read_as_the_chinese_characters():
    assert nfkc("帯头人居民身份证") == "带头人居民身份证"
    assert nfkc("ー、営业执照") == "一、营业执照"
    assert nfkc("乡村エ匠") == "乡村工匠"


def test_a_title_read_with_a_japanese_form_names_its_item():
    studio = load_all_checklists()["master_studio"]
    assert match_item("九、帯头人居民身份证", studio)[0] == "master_id"

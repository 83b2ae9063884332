"""Reading seals with the project's OCR engine (RapidOCR, real models) on scanned pages the
factory draws: the ring text unrolled and read, the applicant's seal accepted whatever way
it was turned, another unit's seal rejected, the centre line and the seal code read; and
the name judgement's rules on their own."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from factory.seals import SealLook
from kernel.settings import Settings
from pipeline.ocr import make_engine
from pipeline.seals import find_seals
from pipeline.sealtext import (BESIDE_PRINT_SUPPORTED, NAME_SUPPORTED, _own_trade_name_put_back, alignment,
                               names_applicant, read_seal, ring_names_applicant)
from seal_pages import APPLICANT, prose_sheet, scan

OTHER = "深圳市汇丰达企业管理咨询有限公司"


@pytest.fixture(scope="module")
def engine():
    return make_engine(Settings())


def read(engine, look: SealLook, colour: bool = True, seed: int = 5):
    page = scan(prose_sheet(), colour=colour, seals=[(320, 250, 54, look)], seed=seed, dpi=200)
    [seal] = find_seals(page.image)
    return read_seal(page.image, seal, engine)


@pytest.mark.parametrize("rotation", [0, 25, -40])
def test_the_applicants_seal_reads_as_the_applicant_whichever_way_it_was_stamped(engine, rotation):
    reading = read(engine, SealLook(text=APPLICANT, rotation=rotation, strength=0.9, texture_seed=rotation % 7))
    assert names_applicant(reading.text, reading.confidence, [APPLICANT]) is True, reading


def test_a_seal_on_a_grey_scan_reads_as_the_applicant(engine):
    reading = read(engine, SealLook(text=APPLICANT, rotation=8, strength=0.8, texture_seed=4), colour=False)
    assert names_applicant(reading.text, reading.confidence, [APPLICANT]) is True, reading


@pytest.mark.parametrize(("seed", "rotation"), [(2, 12), (3, -20)])
def test_a_grey_seal_whose_ring_print_runs_through_keeps_the_strokes_beside_the_print(engine, seed, rotation):
    """On a black-and-white scan, a seal stamped over lines of prose: the print painted out of
    the ring must not take the ring's strokes beside it along (a wider margin lost 鹏程, 科技)."""
    page = scan(prose_sheet(), colour=False, seed=seed, dpi=200,
                seals=[(320, 200, 54, SealLook(text=APPLICANT, rotation=rotation, strength=0.75, texture_seed=seed))])
    [seal] = find_seals(page.image)
    reading = read_seal(page.image, seal, engine)
    assert names_applicant(reading.text, reading.confidence, [APPLICANT]) is True, reading


@pytest.mark.parametrize(("seed", "rotation", "strength"), [(2, 0, 0.6), (3, -25, 0.85)])
def test_a_red_seal_on_a_coarse_colour_scan_is_read_once_more_with_a_wider_red_margin(engine, seed, rotation, strength):
    """150 dpi, JPEG: the colour at half resolution leaves the strokes' edges outside the usual
    red margin and the ring misreads; the reading with the wider margin names the applicant."""
    page = scan(prose_sheet(), colour=True, seed=seed, dpi=150,
                seals=[(320, 200, 54, SealLook(text=APPLICANT, rotation=rotation, strength=strength, texture_seed=seed))])
    [seal] = find_seals(page.image)
    reading = read_seal(page.image, seal, engine)
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [APPLICANT]) is True, reading


def test_a_faint_grey_seal_over_prose_is_read_once_more_with_the_print_painted_out_wider(engine):
    """A blurred black-and-white scan: the prose's grey halo round its strokes, as grey as the
    seal's, reads into the ring as blots where print crosses it; the reading with the print
    painted out wider names the applicant."""
    page = scan(prose_sheet(), colour=False, seed=9, dpi=200,
                seals=[(320, 200, 54, SealLook(text=APPLICANT, rotation=15, strength=0.55, texture_seed=9))])
    [seal] = [s for s in find_seals(page.image) if s.shape != "square"]
    reading = read_seal(page.image, seal, engine)
    assert names_applicant(reading.text, reading.confidence, [APPLICANT]) is not True
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [APPLICANT]) is True, reading


def test_another_units_seal_is_not_the_applicants(engine):
    reading = read(engine, SealLook(text=OTHER, rotation=-6, texture_seed=3))
    assert names_applicant(reading.text, reading.confidence, [APPLICANT]) is False, reading
    assert names_applicant(reading.text, reading.confidence, [OTHER]) is True, reading


def test_another_units_seal_read_again_never_names_the_applicant(engine):
    reading = read(engine, SealLook(text=OTHER, rotation=-6, texture_seed=3))
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [APPLICANT]) is False


def test_a_ring_is_the_applicants_when_a_further_reading_names_it():
    name = "深圳市天工技工学校"
    assert names_applicant("深圳市夫二技工学校", 0.96, [name]) is None  # its 字号 misread: not sure
    assert ring_names_applicant("深圳市夫二技工学校", 0.96, ["深圳市天工核工校"], [name]) is True
    assert ring_names_applicant("深圳市夫二技工学校", 0.96, ["深圳市夫三技工学校"], [name]) is None
    # one reading says another unit, another the applicant: a person looks
    assert ring_names_applicant("深圳市市场监督管理局", 1.0, ["深圳市市场监督管理局"], [name]) is False
    assert ring_names_applicant("深圳市华强电子商务学校", 0.95, [name], [name]) is None


def test_a_ring_whose_first_reading_misread_the_trade_name_is_the_applicants_when_a_further_one_names_it():
    """A red ring over print: the first reading sees 龍經 for 鹏程 and 1司 for 工程 (another unit,
    read alone), a further one the name short of two characters. The first still shows the
    applicant's trade (建筑, 集团有限公司): the 字号 was misread, not another name read."""
    name = "深圳市鹏程建筑工程（集团）有限公司"
    assert names_applicant("圳市龍經建筑1司集团有限公司", 0.9, [name]) is False
    assert ring_names_applicant("圳市龍經建筑1司集团有限公司", 0.9, ["圳市程建筑工程集团有限公司"], [name]) is True
    # without a reading that names it, a person looks
    assert ring_names_applicant("圳市龍經建筑1司集团有限公司", 0.9, ["圳市龍經建筑1器集团有限公司"], [name]) is None


def test_a_ring_called_another_units_is_for_review_when_a_further_reading_cannot_say_so():
    """The applicant's grey ring read 深市东方加地缘 (another unit, surely) and then 深圳市东方加缘
    (too close to call): the readings disagree, so no error goes to the applicant."""
    name = "深圳市东方明新能源有限公司"
    assert names_applicant("深市东方加地缘有限公司", 0.83, [name]) is False
    assert ring_names_applicant("深市东方加地缘有限公司", 0.83, ["深圳市东方加缘有限公司"], [name]) is None
    assert ring_names_applicant("深圳市汇丰达贸易有限公司", 0.95, ["深圳市汇丰达贸易有限公司"], [name]) is False
    assert ring_names_applicant("深圳市汇丰达贸易有限公司", 0.95, [], [name]) is False


def test_readings_whose_noise_only_looks_alike_after_a_district_do_not_agree_on_another_unit():
    """The applicant's red oval read four ways, each with its 字号 as a different "…区"
    (fresh wild seed 6301): what is left after the district looks alike (区机…奇限), but the
    characters that are not the applicant's differ from reading to reading: noise, for a
    person, not another unit's seal. Another unit's ring read twice keeps its own words."""
    name = "深圳市宏图精密机械有限公司"
    first, again = "深圳市空配是区机球奇限公司", ["深圳市经出县区机株专限公司", "深圳市发画幕区机教奇限公司"]
    assert names_applicant(first, 0.64, [name]) is False
    assert ring_names_applicant(first, 0.64, again, [name]) is None
    assert ring_names_applicant("深圳市华强电子商务有限公司", 0.9, ["深圳市华强电子商贸有限公司"], [name]) is False


def test_a_ring_that_supports_the_applicants_name_is_the_applicants_unless_its_readings_name_a_branch():
    """Readings too poor to judge (its 字号 misread), but the recogniser found the applicant's
    name nearly as likely as what it read: the applicant's seal. Readings that call it another
    unit's and a ring that supports the name contradict each other: a person looks. A reading
    that names a branch is never made the applicant's by support."""
    name = "深圳市云帆新能源有限公司"
    poor = "深圳市云机新施丽有限公司"
    assert ring_names_applicant(poor, 0.6, [], [name]) is None
    assert ring_names_applicant(poor, 0.6, [], [name], support=-1.5) is True
    assert ring_names_applicant(poor, 0.6, [], [name], support=-40.0) is None  # not supported: unchanged
    # a ring print crosses: two characters of its 字号 close seconds (measured -9.5 to -11.4);
    # another brand's name with the same trade scored -15.5 on such a ring at best
    assert ring_names_applicant("深圳市承桃职业技能培设学校", 0.78, [], ["深圳市卓越职业技能培训学校"], support=-9.5) is True
    assert ring_names_applicant("深圳市承桃职业技能培设学校", 0.78, [], ["深圳市卓越职业技能培训学校"], support=-15.5) is None
    assert ring_names_applicant("深圳市汇丰达贸易有限公司", 0.95, [], [name], support=-1.0) is None
    assert ring_names_applicant("深圳市云帆新能源有限公司南山分公司", 0.9, [], [name], support=-1.0) is not True


def test_a_ring_whose_readings_disagree_and_that_all_but_says_the_applicants_name_is_the_applicants():
    """The 承诺书's seal with a line of the letter over its 字号 (held-out default corpus, seed
    5737): the first, unsure reading shows none of the applicant's own words and calls it
    another unit's, a further one shows its 字号; the ring supports the applicant's name at
    -1.26, closer than a name with one 字号 character changed ever came. Less support leaves it
    to a person, and so does a reading that names a branch."""
    name = "深圳市科达电子科技有限公司"
    first, again = "深圳市科上了科汉有限公", ["深圳市科上海了稱泛有限公", "深圳市科上B了R泛有限公", "深圳市科达市子有限公"]
    assert names_applicant(first, 0.801, [name]) is False
    assert ring_names_applicant(first, 0.801, again, [name]) is None
    assert ring_names_applicant(first, 0.801, again, [name], support=-1.26) is True
    assert ring_names_applicant(first, 0.801, again, [name], support=-10.0) is None
    assert ring_names_applicant(first, 0.801, [*again, "深圳市科达电子科技有限公司南山分公司"], [name], support=-1.26) is not True


def test_a_worn_ring_is_asked_to_support_the_name_only_where_its_readings_do_not_name_it(engine):
    """Well read, no support is asked for (it costs a second pass of the recogniser); another
    unit's seal asked about the applicant's name supports it not at all."""
    look = SealLook(text=APPLICANT, rotation=-6, texture_seed=3)
    page = scan(prose_sheet(), colour=True, seals=[(320, 250, 54, look)], seed=5, dpi=200)
    [seal] = find_seals(page.image)
    assert read_seal(page.image, seal, engine, [APPLICANT]).support is None
    page = scan(prose_sheet(), colour=True, seals=[(320, 250, 54, SealLook(text=OTHER, rotation=-6, texture_seed=3))],
                seed=5, dpi=200)
    [seal] = find_seals(page.image)
    reading = read_seal(page.image, seal, engine, [APPLICANT])
    assert reading.support is not None and reading.support < -20
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [APPLICANT],
                                reading.support) is False


def test_a_ring_whose_trade_name_is_a_character_apart_from_the_applicants_is_another_units(engine):
    """深圳市鹏城电子科技 stamped on the papers of 深圳市鹏程电子科技: read word for word, it is one
    character off the applicant's name, as a slip would leave it; asked, the ring does not
    support 鹏程 as a slip leaves the right character a close second."""
    other = "深圳市鹏城电子科技有限公司"
    page = scan(prose_sheet(), colour=True, seals=[(320, 250, 54, SealLook(text=other, rotation=-6, texture_seed=3))],
                seed=5, dpi=200)
    [seal] = find_seals(page.image)
    reading = read_seal(page.image, seal, engine, [APPLICANT])
    assert names_applicant(reading.text, reading.confidence, [APPLICANT]) is True, reading  # the reading alone
    assert reading.support is not None and reading.support < NAME_SUPPORTED, reading
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [APPLICANT],
                                reading.support) is False


def test_a_ring_named_with_its_trade_name_read_otherwise_is_asked_about_that_reading_with_the_trade_name_put_back():
    """Only the 字号 is in question: the reading's other slips (a bracket lost) stay as read,
    so that they cost the ring's support nothing; a 字号 read short is not asked about."""
    name = "深圳市德技信息技术（集团）有限公司"
    assert _own_trade_name_put_back(["深圳市德政信息技术(集团有限公司"], [name]) == "深圳市德技信息技术(集团有限公司"
    assert _own_trade_name_put_back(["深圳技信息技术(集团)有限公司"], [name]) is None
    assert _own_trade_name_put_back(["深圳市鹏城电子科技有限公司"], [APPLICANT]) == APPLICANT


def test_a_ring_named_with_its_trade_name_read_otherwise_is_judged_by_its_support():
    read = "深圳市鹏城电子科技有限公司"
    assert ring_names_applicant(read, 0.95, [], [APPLICANT]) is True  # not asked: named
    assert ring_names_applicant(read, 0.95, [], [APPLICANT], support=-2.0) is True  # 程 a close second: a slip
    assert ring_names_applicant(read, 0.95, [], [APPLICANT], support=-9.5) is True
    assert ring_names_applicant(read, 0.95, [], [APPLICANT], support=-20.0) is False
    # The 字号 read right: a slip elsewhere is no question of whose the ring is.
    assert ring_names_applicant("深圳市鹏程电子科枝有限公司", 0.95, [], [APPLICANT], support=-20.0) is True


def test_the_applicants_branch_seal_does_not_support_the_applicants_name(engine):
    """A branch's ring holds the whole of the applicant's name and more: the name is there,
    but the characters after it are more than a seal's star or code would add."""
    branch = APPLICANT + "南山分公司"
    page = scan(prose_sheet(), colour=True, seals=[(320, 250, 58, SealLook(text=branch, rotation=10, texture_seed=2))],
                seed=6, dpi=200)
    [seal] = find_seals(page.image)
    reading = read_seal(page.image, seal, engine, [APPLICANT])
    assert reading.support is None or reading.support < -20, reading
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [APPLICANT],
                                reading.support) is not True


def test_what_print_hides_of_a_ring_showing_the_applicants_trade_name_is_no_evidence_either_way(engine):
    """A crop of a 承诺书 the factory drew (tests/data, scanned in colour): the applicant's red
    seal with a line of the letter (担任兼职教师) over its trade words, pasted on its paper at a
    page's size and turned 1° as a sheet is fed. The ring reads 龙腾 and (集团)有限公司 but not
    医疗器械 (保圳市龙腾色专器松、集团)有限公司): what the print hides is left out, and the rest
    supports the name. A name with the same 字号 that the visible words do not fit (no 集团), or
    another 字号 with the same trade, is not supported."""
    crop = cv2.imread(str(Path(__file__).parent / "data" / "seal_whose_trade_words_lie_under_print.jpg"))
    h, w = crop.shape[:2]
    paper = np.median(crop.reshape(-1, 3), axis=0).astype(np.uint8)
    turned = cv2.warpAffine(crop, cv2.getRotationMatrix2D((w / 2, h / 2), 1.0, 1.0), (w, h),
                            borderValue=tuple(int(v) for v in paper))
    page = np.empty((2339, 1653, 3), np.uint8)
    page[:] = paper
    page[1000:1000 + h, 900:900 + w] = turned
    [seal] = find_seals(page)
    applicant = "深圳市龙腾医疗器械（集团）有限公司"
    reading = read_seal(page, seal, engine, [applicant])
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [applicant]) is not True
    assert reading.support is not None and reading.support >= NAME_SUPPORTED, reading
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [applicant],
                                reading.support) is True
    for other in ("深圳市龙腾科技有限公司", "深圳市鼎盛医疗器械（集团）有限公司"):
        assert read_seal(page, seal, engine, [other]).support < NAME_SUPPORTED, other


def test_a_ring_read_as_another_units_only_where_print_crosses_it_is_left_to_a_person(engine):
    """The applicant's 承诺书 seal (tests/data: a held-out default-profile page, where it lay)
    with a line of the letter across 达精密机: every reading agrees on 深圳市科制中心技有限公司,
    words that are not the applicant's, so the ring was called another unit's. Beside the
    print, what shows fits the applicant's name: not sure, never another unit's. Rings of
    units whose visible words differ (another 字号, another legal form) stay another unit's."""
    crop = cv2.imread(str(Path(__file__).parent / "data" / "seal_whose_trade_words_print_crosses_read_as_others.png"))
    h, w = crop.shape[:2]
    page = np.empty((2339, 1653, 3), np.uint8)
    page[:] = np.median(crop.reshape(-1, 3), axis=0).astype(np.uint8)
    page[1000:1000 + h, 900:900 + w] = crop
    [seal] = [s for s in find_seals(page) if s.shape != "square"]
    applicant = "深圳市科达精密机械有限公司"
    reading = read_seal(page, seal, engine, [applicant])
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [applicant],
                                reading.support) is False, reading
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [applicant],
                                reading.support, reading.support_beside_print) is None, reading
    for other in ("深圳市鼎盛精密机械有限公司", "深圳市科达精密机械行业协会"):
        reading = read_seal(page, seal, engine, [other])
        assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [other],
                                    reading.support, reading.support_beside_print) is False, (other, reading)


def test_a_ring_whose_trade_name_print_hides_is_asked_how_well_what_shows_beside_the_print_fits(engine):
    """A crop of a held-out 承诺书 (wild factory, tests/data, as scanned in colour): the
    applicant's faint red ring with the line 承诺单位（盖章）：深圳市鹏程职业技能培训学校 over its
    字号, read 深圳形為程职生仁變第用?, which names no one. What print leaves of the ring fits the
    applicant's name well; it does not fit a unit of the same 字号 and another trade."""
    crop = cv2.imread(str(Path(__file__).parent / "data" / "seal_whose_trade_name_print_hides.jpg"))
    h, w = crop.shape[:2]
    page = np.empty((2339, 1653, 3), np.uint8)
    page[:] = np.median(crop.reshape(-1, 3), axis=0).astype(np.uint8)
    page[1000:1000 + h, 900:900 + w] = crop
    [seal] = find_seals(page)
    applicant = "深圳市鹏程职业技能培训学校"
    reading = read_seal(page, seal, engine, [applicant])
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [applicant],
                                reading.support) is not True, reading
    assert reading.support_beside_print is not None and reading.support_beside_print >= BESIDE_PRINT_SUPPORTED, reading
    other = read_seal(page, seal, engine, ["深圳市鹏程电子科技有限公司"])
    assert other.support_beside_print is None or other.support_beside_print < BESIDE_PRINT_SUPPORTED, other


def test_an_oval_whose_ring_text_runs_out_of_the_stretched_band_is_read_along_its_own_rim(engine):
    """A born-digital 财务专用章 on a form (tests/data: a wild-profile dossier's, where it lay on
    its page, whose outline fitted there a little long): stretched into a circle, the oval's
    深圳市创 lies outside the band the ring text is looked for in and the ring reads
    新祺业技能培训学校; unrolled along its own rim it reads the whole name. That reading names
    no one else: for another unit's name the ring stays not that unit's."""
    crop = cv2.imread(str(Path(__file__).parent / "data" / "electronic_oval_seal_on_a_form.png"))
    h, w = crop.shape[:2]
    page = np.full((2339, 1653, 3), 255, np.uint8)
    page[931:931 + h, 931:931 + w] = crop
    [seal] = [s for s in find_seals(page) if s.shape == "oval"]
    applicant = "深圳市创新职业技能培训学校"
    reading = read_seal(page, seal, engine, [applicant])
    assert names_applicant(reading.text, reading.confidence, [applicant]) is not True, reading
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [applicant],
                                reading.support) is True, reading
    other = "深圳市华信职业技能培训学校"
    reading = read_seal(page, seal, engine, [other])
    assert ring_names_applicant(reading.text, reading.confidence, list(reading.again), [other],
                                reading.support) is not True, reading


def test_the_centre_line_and_the_seal_code_are_read(engine):
    reading = read(engine, SealLook(text=APPLICANT, centre="合同专用章", code="4403051234567", texture_seed=1,
                                    strength=1.0))
    assert reading.centre == "合同专用章"
    assert reading.code is None or reading.code == "4403051234567"  # digits this small are often not sure
    assert names_applicant(reading.text, reading.confidence, [APPLICANT]) is True


def test_a_seal_without_centre_line_reads_none_there(engine):
    reading = read(engine, SealLook(text=APPLICANT, texture_seed=2))
    assert reading.centre is None and reading.code is None


def test_name_judgement_tolerates_ocr_slips_but_not_another_name():
    name = APPLICANT
    assert names_applicant("深圳市鹏程电子科技有限公司", 0.99, [name]) is True
    assert names_applicant("深圳市鹏程电子科技有公司", 0.9, [name]) is True  # a dropped character
    assert names_applicant("深圳市鹏程电干科技有限公司", 0.9, [name]) is True  # one misread
    assert names_applicant("深圳市华鹏电子科技有限公司", 0.99, [name]) is not True  # another brand
    assert names_applicant("深圳市鹏程电子科技有限公司南山分公司", 0.99, [name]) is not True  # a branch
    assert names_applicant("深圳市万和物流有限公司", 0.99, [name]) is False
    assert names_applicant("深圳市万和物流有限公司", 0.5, [name]) is False  # none of its own words, however read
    assert names_applicant("深圳市鹏程物流有限公司", 0.5, [name]) is None  # some of them: not read surely enough
    assert names_applicant("第公市鹏程办子技展有限公司", 0.9, [name]) is None  # its own seal, badly read
    assert names_applicant(None, None, [name]) is None and names_applicant("深圳市", 0.9, []) is None
    assert names_applicant("深圳市鹏程电子科技有限公司", 0.9, ["深圳市某某公司", name]) is True  # its licence's name
    # The star and the seal code's digits read at the ring's ends, a stray character inside.
    assert names_applicant("日81深圳市鹏程电子科技有限公司", 0.9, [name]) is True
    assert names_applicant("目9深圳川市鹏程电子科技有限公司", 0.9, [name]) is True
    assert names_applicant("分深圳市鹏程电子科技有限公司", 0.9, ["深圳市鹏程电子科技有限公司南山分公司"]) is not True
    # its own words whole, single slips in the region and the legal form
    assert names_applicant("澳圳市鹏程电子科技有屬公子", 0.8, [name]) is True
    assert names_applicant("深圳市鹏程电子科技股份有限公司", 0.9, [name]) is not True  # another legal form


def test_brackets_read_as_characters_are_not_part_of_the_name():
    """A ring's brackets round a name's region (鹏程电子科技（深圳）有限公司) are often read as
    characters of their own; those are dropped where they stand between the bracketed words
    and the name's characters either side, and nowhere else."""
    name = "鹏程电子科技(深圳)有限公司"
    assert names_applicant("鹏程电子料技心深圳厂有限公司", 0.8, [name]) is True  # a slip, both brackets read
    assert names_applicant("鹏程电子科技C深圳有限公司", 0.8, ["鹏程电子科技（深圳）有限公司"]) is True
    assert names_applicant("华信物流设备心深圳厂有限公司", 0.9, [name]) is False  # another unit's, brackets or not
    assert names_applicant("鹏程电子科技心深圳厂南山分公司", 0.9, [name]) is not True  # its branch


def test_alignment_counts_misread_missing_and_extra_characters():
    a = alignment("日8日深圳市鹏程科技有限公司", APPLICANT)
    assert (a.substituted, a.missing, a.extra, a.outside) == (0, 2, 0, 3)
    a = alignment("深圳市鹏程电子科技集团有限公司", APPLICANT)
    assert (a.substituted, a.missing, a.extra, a.outside) == (0, 0, 2, 0)


def test_a_ring_whose_readings_each_name_another_unit_is_for_a_person():
    """The applicant's faded seal on a 承诺书 read four ways at 0.7, each a different non-name:
    noise, not another unit's name. A foreign ring read twice keeps its own words."""
    name = "深圳市智汇数控技术有限公司"
    noise = ["深圳車營紅哲管美术有限公司", "深圳市合系哲管义术有限公司", "地圳市省艺市术有限公司"]
    assert names_applicant("深圳市合紅管管文术有限公司", 0.695, [name]) is False
    assert ring_names_applicant("深圳市合紅管管文术有限公司", 0.695, noise, [name]) is None
    assert ring_names_applicant("集圳市市场监督管理局光明区", 0.95, ["圳市市场监督管理局光明区"], [name]) is False
    assert ring_names_applicant("深圳市汇丰达贸易有限公司", 0.95, ["深圳市汇丰达贸品有限公司"], [name]) is False

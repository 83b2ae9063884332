"""Which way up a page is, from text direction: real RapidOCR on rendered, degraded scans.

Photo pages and sheets with one word must never be called upside down (too little text
to tell: orientation unknown, no turn); pages of text turned by 180° must be.
"""

import cv2
import numpy as np
import pymupdf
import pytest

from kernel.models import PageScan
from pipeline.ocr import make_engine
from pipeline.ocr.base import OcrEngine
from pipeline.pagescan import scan_image
from pipeline.render import render_page
from kernel.settings import Settings
from test_pagescan_real import degraded_page


@pytest.fixture(scope="module")
def engine():
    return make_engine(Settings())


def scanned(page_drawer, *, turn=0, seed=0) -> np.ndarray:
    """A page drawn by `page_drawer(page)`, scanned: noisy, JPEG, turned clockwise by `turn`."""
    sheet = pymupdf.open()
    page = sheet.new_page(width=595, height=842)
    page_drawer(page)
    pix = page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    image = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    noise = np.random.default_rng(seed).normal(0, 7, image.shape)
    image = np.clip(image * 0.94 + noise, 0, 255).astype(np.uint8)
    if turn == 180:
        image = cv2.rotate(image, cv2.ROTATE_180)
    return cv2.imdecode(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 65])[1], cv2.IMREAD_GRAYSCALE)


def photo_page(seed: int, caption: str | None):
    """Two photo-like images (textured blocks, like a venue or activity photo) and a caption."""
    rng = np.random.default_rng(seed)

    def draw(page):
        for top in (90, 450):
            w, h = 320, 220
            base = rng.uniform(90, 220, (h // 8, w // 8)).astype(np.float32)
            img = cv2.resize(base, (w, h), interpolation=cv2.INTER_CUBIC)
            for _ in range(8):  # furniture, people, windows
                x, y = rng.integers(0, w - 40), rng.integers(0, h - 30)
                img[y : y + rng.integers(10, 60), x : x + rng.integers(10, 120)] *= rng.uniform(0.2, 0.7)
            img += rng.normal(0, 12, img.shape)
            data = np.clip(np.repeat(img[..., None], 3, axis=2), 0, 255).astype(np.uint8)
            page.insert_image(pymupdf.Rect(80, top, 515, top + 300), pixmap=pymupdf.Pixmap(pymupdf.csRGB, w, h, data.tobytes(), 0))
        if caption:
            page.insert_text((150, 780), caption, fontname="china-s", fontsize=11)
        page.insert_text((290, 815), "- 8 -", fontname="china-s", fontsize=10)

    return draw


@pytest.mark.parametrize("turn", [0, 180])
@pytest.mark.parametrize("seed", [1, 2])
def test_real_rapidocr_never_calls_a_photo_page_upside_down(engine, turn, seed):
    image = scanned(photo_page(seed, "图为培训场地实训室全景照片"), turn=turn, seed=seed)
    result = scan_image(1, image, engine, 595)
    assert result.rotation == 0
    assert result.orientation_confidence is None  # one caption is too little text to tell


def separator_sheet(number: str | None):
    def draw(page):
        page.insert_text((250, 420), "附件3", fontname="china-s", fontsize=26)
        if number:
            page.insert_text((480, 815), number, fontname="china-s", fontsize=10)

    return draw


@pytest.mark.parametrize("number", [None, "·11·", "- 1 -"])
def test_real_rapidocr_leaves_a_separator_sheet_unjudged_when_no_number_tells(engine, number):
    """No number, or one that reads the same turned over: nothing says which way is up."""
    for turn in (0, 180):
        result = scan_image(1, scanned(separator_sheet(number), turn=turn), engine, 595)
        assert (result.rotation, result.orientation_confidence) == (0, None)


@pytest.mark.parametrize("turn", [0, 180])
def test_real_rapidocr_turns_a_separator_sheet_by_its_page_number(engine, turn):
    """"附件3" alone is too little text to tell which way is up; its page number, read surely
    only one way up, tells."""
    result = scan_image(1, scanned(separator_sheet("第 27 页"), turn=turn, seed=turn), engine, 595)
    assert (result.rotation, result.printed_number) == (turn, 27)
    assert (result.orientation_confidence is not None) == (turn == 180)


def test_real_rapidocr_turns_a_text_page_by_its_lines_direction(engine):
    doc = pymupdf.open()
    degraded_page(doc, title="关于培训管理制度的说明", footer="第 14 页", turn=180, seed=3)
    result = scan_image(1, render_page(doc, 1, 200, 60_000_000), engine, 595)
    assert (result.rotation, result.printed_number) == (180, 14)
    assert result.orientation_confidence >= 0.9


def test_real_rapidocr_is_sure_an_upright_text_page_is_upright(engine):
    doc = pymupdf.open()
    degraded_page(doc, title="培训场地情况说明", footer="- 3 -", seed=5)
    result = scan_image(1, render_page(doc, 1, 200, 60_000_000), engine, 595)
    assert (result.rotation, result.printed_number) == (0, 3)
    assert result.orientation_confidence >= 0.9


class FakeDirectionEngine(OcrEngine):
    """Reads every crop as well-read text and classifies lines with scripted votes."""

    name = "fake-directions"

    def __init__(self, votes):
        self.votes = votes

    def recognise(self, image, region=None):
        return []

    def recognise_crops(self, crops):
        return [("培训场地情况说明", 0.95)] * len(crops)

    def line_directions(self, crops):
        return [self.votes[i % len(self.votes)] for i in range(len(crops))]


def text_page() -> np.ndarray:
    doc = pymupdf.open()
    degraded_page(doc, title="培训场地情况说明", seed=6)
    return render_page(doc, 1, 200, 60_000_000)


@pytest.mark.parametrize(
    ("votes", "rotation", "known"),
    [
        ([(180, 0.99)], 180, True),
        ([(0, 0.99)], 0, True),
        ([(180, 0.99), (0, 0.99)], 0, False),  # lines disagree: unknown, left as it is
        ([(180, 0.6)], 0, False),  # no line is sure: unknown
    ],
)
def test_fake_classifier_votes_decide_or_leave_the_page_unjudged(votes, rotation, known):
    result: PageScan = scan_image(1, text_page(), FakeDirectionEngine(votes), 595)
    assert result.rotation == rotation
    assert (result.orientation_confidence is not None) == known



class RecognitionOnly(OcrEngine):
    """The real engine's recogniser without its direction classifier (as PaddleOCR here)."""

    name = "rapidocr-without-classifier"

    def __init__(self, inner):
        self.inner = inner

    def recognise(self, image, region=None):
        return self.inner.recognise(image, region)

    def recognise_crops(self, crops):
        return self.inner.recognise_crops(crops)


@pytest.mark.parametrize("turn", [0, 180])
def test_real_recognition_without_classifier_does_not_judge_a_photo_page(engine, turn):
    image = scanned(photo_page(3, "图为培训场地实训室全景照片"), turn=turn, seed=3)
    result = scan_image(1, image, RecognitionOnly(engine), 595)
    assert (result.rotation, result.orientation_confidence) == (0, None)


def test_real_recognition_without_classifier_still_turns_an_upside_down_text_page(engine):
    doc = pymupdf.open()
    degraded_page(doc, title="关于培训管理制度的说明", footer="第 14 页", turn=180, seed=3)
    result = scan_image(1, render_page(doc, 1, 200, 60_000_000), RecognitionOnly(engine), 595)
    assert (result.rotation, result.printed_number) == (180, 14)


def test_a_number_that_reads_the_same_turned_over_cannot_tell_which_way_is_up_unit():
    """Unit test of the rule alone: a photo page's "·11·" read surely only upside down had
    turned the page over (fresh wild seed 2027)."""
    from pipeline.pagescan import _reads_turned_over

    assert all(_reads_turned_over(text) for text in ("·11·", "- 1 -", "(9)", "1/8", "69", "- 10 -", "一6一", "－9－"))
    assert not any(_reads_turned_over(text) for text in ("第 27 页", "P5", "·7·", "- 12 -", "3/28", "页码：11"))


UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"  # a font the factory draws tables in (bench/system-deps.sh)


def masked_id_roster(page, rows: int = 12, pitch: float = 26.0):
    """A roster's continuation page: its widest pieces are masked ID numbers (digits and
    stars, which the direction classifier votes upside down), its words in narrower cells."""
    rng = np.random.default_rng(11)
    names = ["江华鹏", "贾英", "韩洋兰", "张桂芳", "黎晨", "孙振东", "徐荣远", "叶林凯", "肖洋超", "朱佳霞", "宋健", "曾娟"]
    jobs = ["家政服务员", "计算机程序设计员", "钳工", "电子设备装接工", "电工", "茶艺师"]
    columns = (55, 90, 140, 175, 320, 420, 480, 560)
    top_of_table = 95 if rows <= 12 else 60
    page.insert_text((60, top_of_table - 15), "（续表）", fontname="uming", fontfile=UMING, fontsize=10)
    for row in range(rows):
        top = top_of_table + pitch * row
        number = f"44{rng.integers(1000, 9999)}********{rng.integers(1000, 9999)}"
        cells = (str(521 + row), names[row % len(names)], "男" if row % 2 else "女", number, jobs[row % len(jobs)],
                 f"2022.{row % 12 + 1}", "三级/高级工")
        for (left, right), text in zip(zip(columns, columns[1:]), cells):
            page.insert_text((left + 6, top + pitch * 0.65), text, fontname="uming", fontfile=UMING, fontsize=10)
        page.draw_line((columns[0], top), (columns[-1], top), width=0.6)
    bottom = top_of_table + pitch * rows
    for x in columns:
        page.draw_line((x, top_of_table), (x, bottom), width=0.6)
    page.draw_line((columns[0], bottom), (columns[-1], bottom), width=0.6)
    page.insert_text((520, 800), "40", fontname="uming", fontfile=UMING, fontsize=10)


def long_masked_id_roster(page):
    """A roster page with more rows than the classifier's voters: its widest pieces, many times
    over, are masked ID numbers; its words are far down the list of widest pieces."""
    masked_id_roster(page, rows=34, pitch=20.0)


class FooledByDigits(RecognitionOnly):
    """The real engine, whose direction classifier is scripted to vote every line of digits
    and marks upside down (as it voted a factory roster's masked ID numbers, 0.96–0.99) and
    left to vote on lines of words."""

    name = "rapidocr-fooled-by-digits"

    def line_directions(self, crops):
        votes = self.inner.line_directions(crops)
        texts = self.inner.recognise_crops(crops)
        return [(180, 0.99) if not any("\u4e00" <= ch <= "\u9fff" for ch in text) else vote
                for vote, (text, _) in zip(votes, texts)]


@pytest.mark.parametrize("turn", [0, 180])
def test_masked_id_numbers_voted_upside_down_do_not_turn_a_roster_page_scripted_classifier(engine, turn):
    result = scan_image(1, scanned(masked_id_roster, turn=turn, seed=4), FooledByDigits(engine), 595)
    assert result.rotation == turn and result.printed_number == 40


@pytest.mark.parametrize("turn", [0, 180])
def test_a_long_rosters_words_are_looked_for_beyond_its_many_id_numbers_scripted_classifier(engine, turn):
    """34 rows: the widest 30 pieces are all ID numbers; the words that decide are in the
    narrower cells further down the list (a factory roster upside down was left unturned)."""
    result = scan_image(1, scanned(long_masked_id_roster, turn=turn, seed=4), FooledByDigits(engine), 595)
    assert result.rotation == turn and result.printed_number == 40


def letter_end_numbered_with_a_faint_bracket(page):
    """The last page of a 承诺书: two clauses at the top, and a small "(7)" whose closing
    bracket is printed so pale (a phone photo's shading) that the ink mask keeps only "(7"."""
    page.insert_text((80, 110), "7．本单位申报所涉及的人员信息均已取得本人同意，并对信息的真实性负责。",
                     fontname="uming", fontfile=UMING, fontsize=9)
    page.insert_text((80, 130), "8．本单位同意主管部门通过公共信用信息平台查询本单位的信用状况。",
                     fontname="uming", fontfile=UMING, fontsize=9)
    page.insert_text((480, 770), "(7", fontname="uming", fontfile=UMING, fontsize=8)
    page.insert_text((489.5, 770), ")", fontname="uming", fontfile=UMING, fontsize=8, color=(0.7, 0.7, 0.7))


def test_real_a_number_whose_faint_bracket_is_lost_is_kept_for_the_neighbours_to_confirm(engine):
    result = scan_image(1, scanned(letter_end_numbered_with_a_faint_bracket, seed=3), engine, 595)
    assert result.rotation == 0
    assert (result.printed_number, result.unsure_number) == (None, 7)


def test_a_page_is_not_turned_over_on_a_number_read_less_surely_than_its_bands_upright_fake_turned_scan(monkeypatch):
    """Unit test of the rule alone, the page read turned over faked: a photographed "(7)" read
    "(7" at 0.99 upright had turned the page over on "(2)" read at 0.74 (fresh wild seed 5519)."""
    from pipeline import pagescan

    turned = PageScan(index=1, printed_number=2, number_text="(2)", number_confidence=0.744)
    monkeypatch.setattr(pagescan, "_scan", lambda *args, **kwargs: turned)
    gray = np.full((100, 70), 255, np.uint8)
    assert pagescan._numbered_upside_down(1, gray, None, 595, upright_read=0.995) is None
    over = pagescan._numbered_upside_down(1, gray, None, 595, upright_read=0.5)
    assert over is not None and (over.rotation, over.printed_number) == (180, 2)

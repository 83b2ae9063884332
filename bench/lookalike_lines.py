"""Lines printed with one of two look-alike characters: how well each line's image supports
the other one, the measurement behind pipeline/printed_apart.py.

    .venv/bin/python bench/lookalike_lines.py --seed 11 --pairs 132 [--small]

Pairs of GB2312 level-1 characters that extractors/lookalike.py calls alike are drawn at
random (three in four sharing at least 0.65 of their ink, the rest fewer), each printed in
two lines that differ only there ("法定代表人：李间" and "法定代表人：李阎"), in one of the
factory's fonts per page (10.5–14 pt, or 9–11 pt with `--small`), and scanned by the
factory's scanner (skew, noise, blur, JPEG, 150–200 dpi). Each line is read, and its image
asked how well it supports the line with either character (pipeline/ocr/ctc.py).

Printed: for the pairs whose two lines were read differently (the ones the consistency
check sees), how well the *same* name fits both images, against the two names read: the
larger of the two lines' support for the other line's character less its own. A line that
prefers the other character (above 0) would make two names printed apart pass for one.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

import numpy as np
import pymupdf

LABELS = ["法定代表人：", "姓名：", "负责人：", "持证人姓名：", "领办人："]
PER_PAGE = 11  # pairs per page


def _gb2312_level1() -> list[str]:
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars[:3755]


def _pairs(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Look-alike pairs, three in four sharing at least 0.65 of their ink."""
    from extractors.lookalike import _ink, characters_look_alike

    def shared(a: str, b: str) -> float:
        x, y = _ink(a), _ink(b)
        return float((x & y).sum() / (x | y).sum())

    chars = _gb2312_level1()
    tight, loose = [], []
    while len(tight) < count * 3 // 4 or len(loose) < count - count * 3 // 4:
        a, b = rng.sample(chars, 2)
        if not characters_look_alike(a, b):
            continue
        (tight if shared(a, b) >= 0.65 else loose).append((a, b))
    return tight[:count * 3 // 4] + loose[:count - count * 3 // 4]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--pairs", type=int, default=132)
    parser.add_argument("--small", action="store_true", help="9–11 pt instead of 10.5–14 pt")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from factory.scan import PageScan, Scanner, ScanSettings
    from factory.sheet import available_fonts, font
    from kernel.settings import Settings
    from pipeline.ocr import make_engine
    from pipeline.reader import PageReader

    rng = random.Random(args.seed)
    pairs = _pairs(rng, args.pairs)
    common = _gb2312_level1()[:700]
    sizes = (9, 10, 10.5, 11) if args.small else (10.5, 11, 12, 14)
    doc, drawn = pymupdf.open(), []
    for start in range(0, len(pairs), PER_PAGE):
        sheet = pymupdf.open()
        page = sheet.new_page(width=595, height=842)
        size = rng.choice(sizes)
        page.insert_font(fontname="F0", fontbuffer=font(rng.choice(available_fonts())).buffer)
        y, lines = 90.0, []
        for a, b in pairs[start:start + PER_PAGE]:
            label, before = rng.choice(LABELS), rng.choice(common)
            for printed in (a, b):
                page.insert_text((80 + rng.uniform(0, 60), y), label + before + printed, fontname="F0", fontsize=size)
                lines.append((y, before, printed, a, b))
                y += size * 2.6
        jpeg = Scanner(ScanSettings.random(rng), rng).scan(page, PageScan.random(rng))
        doc.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842), stream=jpeg)
        drawn.append((lines, size))
    path = Path(tempfile.mkdtemp(prefix="lookalike-")) / "lines.pdf"
    doc.save(path)

    settings = Settings(use_cache=False)
    by_pair: dict[tuple[str, str, int], list[tuple[str, float]]] = {}
    with PageReader(path, settings, engine=make_engine(settings)) as reader:
        reader.scan_pages()
        for number, (lines, size) in enumerate(drawn, start=1):
            read = reader.read_page(number).lines
            for y, before, printed, a, b in lines:
                near = [ln for ln in read if abs((ln.box[1] + ln.box[3]) / 2 - (y - size * 0.35)) < size * 0.9
                        and before in ln.text]
                if len(near) != 1:
                    continue
                text = near[0].text
                at = text.find(before) + 1
                if at >= len(text):
                    continue
                other = b if printed == a else a
                own, theirs = reader.text_support(number, near[0].box,
                                                  [text[:at] + printed + text[at + 1:], text[:at] + other + text[at + 1:]])
                if own is not None and theirs is not None:
                    by_pair.setdefault((a, b, number), []).append((text[at], theirs - own))
    read_apart = [max(d for _, d in both) for both in by_pair.values()
                  if len(both) == 2 and both[0][0] != both[1][0]]
    fits = np.array(read_apart)
    print(f"pairs asked: {len(by_pair)}; read differently on both lines: {len(fits)}")
    for threshold in (0, -1, -2, -5, -12):
        print(f"  one name fits at {threshold} or better: {(fits >= threshold).sum()}")
    print(f"  closest: {fits.max():.2f}" if len(fits) else "  none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

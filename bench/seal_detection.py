"""How many of a corpus's seals the seal finder finds, and how many it makes up: recall and
precision of `pipeline/seals.py find_seals` alone, with no OCR, on generated corpora.

    nice python bench/seal_detection.py --corpus DIR [--corpus DIR ...] [--root CHECKOUT]
                                        [--only-sealed] [--files N]

Every page of every file in each corpus's truth.json is rendered as the pipeline's seal
check renders it (pipeline/workers.py `read_seals`: colour, `Settings().scan_dpi`, the page's
/Rotate applied) and turned upright by the truth's `rotation` (an upside-down scan; the
pipeline's page scan finds that itself). The scan's small skew is left in: the truth's seal
boxes are where the seals lie on the skewed scan. Each found seal is matched to the nearest
unmatched truth seal whose centre is within half that seal's radius of the found seal's
centre or of its box's middle (a seal the page's edge cuts: the truth's box is its visible
part); a found seal matching none is a false seal, a truth seal matched by none a miss. Electronic seals on born-digital
pages are drawn into the page and so rendered: they are counted like the others.

Recall is split by colour, shape and strength (ink strength in the truth: low is faint);
precision by the colour the finder gave. `--root` runs another checkout's finder on the
same pages (the code before and after a change). One process, one core: run it `nice`.
The seal check looks for seals on the page before it turns it back by its skew, as here
(pipeline/sealpage.py `deskewed_seals`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402


def strength_bucket(strength: float) -> str:
    if strength < 0.5:
        return "strength <0.5"
    if strength < 0.7:
        return "strength 0.5-0.7"
    return "strength >=0.7"


def match(truth: list[dict], found: list, points_per_pixel: float) -> tuple[list[dict], list[dict], list]:
    """(matched truth seals, missed truth seals, false found seals)."""
    pairs = []
    for t, seal in enumerate(truth):
        x0, y0, x1, y1 = seal["box"]
        tx, ty, radius = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, y1 - y0) / 2
        for f, got in enumerate(found):
            # A seal cut by the page's edge: the truth's box is its visible part, the found
            # seal's centre the whole circle's (off that part's middle), its box the visible part.
            bx, by = (got.box[0] + got.box[2]) / 2 * points_per_pixel, (got.box[1] + got.box[3]) / 2 * points_per_pixel
            d = min(math.hypot(got.cx * points_per_pixel - tx, got.cy * points_per_pixel - ty), math.hypot(bx - tx, by - ty))
            if d < 0.5 * radius:
                pairs.append((d, t, f))
    used_t, used_f = set(), set()
    for _, t, f in sorted(pairs):
        if t not in used_t and f not in used_f:
            used_t.add(t)
            used_f.add(f)
    return ([s for t, s in enumerate(truth) if t in used_t], [s for t, s in enumerate(truth) if t not in used_t],
            [g for f, g in enumerate(found) if f not in used_f])


def page_as_seal_check_sees_it(doc, page: dict) -> tuple[np.ndarray, float] | None:
    """A truth page rendered as the seal check renders it (colour, `Settings().scan_dpi`),
    turned upright by the truth's quarter turns, still askew; with points per pixel. None
    when the page is too large to render. Call after the checkout's root is on sys.path."""
    from kernel.settings import Settings
    from kernel.scan_jpeg import PageTooLarge
    from pipeline.render import render_page

    settings = Settings()
    try:
        image = render_page(doc, page["index"], settings.scan_dpi, settings.max_page_pixels, colour=True)
    except PageTooLarge:
        return None
    if page.get("rotation") == 180:
        image = np.ascontiguousarray(image[::-1, ::-1])
    return image, doc[page["index"] - 1].rect.width / image.shape[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, action="append", required=True)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--only-sealed", action="store_true", help="only pages whose truth has a seal (no precision on text pages)")
    parser.add_argument("--files", type=int, default=0, help="at most this many files per corpus (0: all)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    import cv2
    import pymupdf

    cv2.setNumThreads(1)
    from pipeline.seals import find_seals

    started = time.perf_counter()
    for corpus in args.corpus:
        truth_path = corpus / "truth.json"
        if not truth_path.exists():
            print(f"{corpus}: no truth.json, skipped")
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # [found, in truth]
        precision: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # [true, reported]
        misses, false_seals = [], []
        pages_seen = seconds = 0
        entries = [e for e in truth["files"] if e.get("pages")]
        if not any("seals" in p for e in entries for p in e["pages"]):
            print(f"{corpus}: its truth lists no seals per page (an older factory), skipped")
            continue
        if args.files:
            entries = entries[: args.files]
        for entry in entries:
            path = corpus / entry["filename"]
            if not path.exists():
                continue
            doc = pymupdf.open(path)
            for page in entry["pages"]:
                if args.only_sealed and not page["seals"]:
                    continue
                seen = page_as_seal_check_sees_it(doc, page)
                if seen is None:
                    continue
                image, points_per_pixel = seen
                t0 = time.perf_counter()
                found = find_seals(image)
                seconds += time.perf_counter() - t0
                pages_seen += 1
                hit, missed, false = match(page["seals"], found, points_per_pixel)
                for seal, ok in [(s, 1) for s in hit] + [(s, 0) for s in missed]:
                    kinds = ["all", seal["colour"], f"{seal['colour']} {seal['shape']}",
                             f"{seal['colour']} {strength_bucket(seal['strength'])}"]
                    if seal.get("electronic"):
                        kinds.append("electronic")
                    if seal.get("edge"):
                        kinds.append(f"{seal['colour']} cut by the edge")
                    for kind in kinds:
                        recall[kind][0] += ok
                        recall[kind][1] += 1
                where = f"{entry['filename']} p{page['index']}"
                source = f"{page.get('capture', 'scan')}, {page.get('item') or page['role']}"
                for seal in missed:
                    misses.append(f"{where} {seal['colour']} {seal['shape']} strength {seal['strength']:.2f}"
                                  f"{' edge' if seal.get('edge') else ''} ({source})")
                for got in found:
                    real = got not in false
                    for kind in ("all", got.colour):
                        precision[kind][0] += real
                        precision[kind][1] += 1
                for got in false:
                    false_seals.append(f"{where} {got.colour} {got.shape} confidence {got.confidence:.2f} "
                                       f"({source}, {len(page['seals'])} seals in truth)")
            doc.close()
        print(f"\n== {corpus} ({truth.get('profile')}, seed {truth.get('seed')}): {pages_seen} pages, "
              f"find_seals {1000 * seconds / max(pages_seen, 1):.0f} ms/page")
        print("recall:")
        for kind in sorted(recall, key=lambda k: (k != "all", k)):
            got, total = recall[kind]
            print(f"  {kind:32s} {got:4d}/{total:<4d} {got / total:6.1%}")
        print("precision:")
        for kind in sorted(precision, key=lambda k: (k != "all", k)):
            true, reported = precision[kind]
            print(f"  {kind:32s} {true:4d}/{reported:<4d} {true / reported:6.1%}")
        print(f"misses ({len(misses)}):")
        for line in misses:
            print("  " + line)
        print(f"false seals ({len(false_seals)}):")
        for line in false_seals:
            print("  " + line)
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

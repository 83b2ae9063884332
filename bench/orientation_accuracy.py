"""How often the page scan gets a page's way up right, on factory pages as stored and turned over.

    .venv/bin/python bench/orientation_accuracy.py --dir CORPUS [--per-file 12] [--root DIR]

Each chosen page of a generated corpus (with truth.json) is scanned as stored and again
turned by 180°; the scan must say which way up it is, or, for a page with too little
text, leave it alone. Counted separately: pages of text (each should be turned right) and
picture pages (the venue photos, the separator sheets, the ID cards: every turn other than
the truth's is a false "upside down" report). `--root` runs another checkout's page scan
(the same corpus, code before and after a change).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--per-file", type=int, default=12, help="pages taken from each file, spread over it")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    sys.path.insert(0, str(args.root))
    import pymupdf

    from pipeline.ocr import make_engine
    from pipeline.pagescan import scan_image
    from pipeline.render import render_page
    from kernel.settings import Settings

    engine = make_engine(Settings())
    truth = json.loads((args.dir / "truth.json").read_text(encoding="utf-8"))
    tally = {"text": [0, 0], "picture": [0, 0]}  # [right, trials]
    false_turns, misses, started = 0, [], time.perf_counter()
    for entry in truth["files"]:
        pages = [p for p in entry.get("pages") or [] if p["role"] != "blank"]
        if not pages:
            continue
        step = max(1, len(pages) // args.per_file)
        picked = pages[::step][: args.per_file] + [p for p in pages if p["rotation"] == 180 and p not in pages[::step]]
        doc = pymupdf.open(args.dir / entry["filename"])
        for page in picked:
            gray = render_page(doc, page["index"], 200, 60_000_000)
            kind = "picture" if page["role"] == "separator" or page.get("item") in ("venue_proof", "legal_rep_id", "master_id") else "text"
            for extra in (0, 180):
                image = np.ascontiguousarray(gray[::-1, ::-1]) if extra else gray
                scan = scan_image(page["index"], image, engine, doc[page["index"] - 1].rect.width)
                expected = (page["rotation"] + extra) % 360
                right = scan.rotation == expected or (kind == "picture" and scan.rotation == 0)
                tally[kind][0] += right
                tally[kind][1] += 1
                if kind == "picture" and scan.rotation != 0 and scan.rotation != expected:
                    false_turns += 1
                if not right:
                    misses.append(f"{entry['filename']} p{page['index']} ({page.get('item') or page['role']}, "
                                  f"turned {extra}): expected {expected}, read {scan.rotation}")
    for kind, (right, trials) in tally.items():
        rule = "turned right" if kind == "text" else "not called upside down when upright"
        print(f"{kind} pages ({rule}): {right}/{trials}" + (f" = {right / trials:.1%}" if trials else ""))
    print(f"picture pages turned the wrong way: {false_turns}; {time.perf_counter() - started:.0f} s")
    for miss in misses:
        print("  miss:", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())

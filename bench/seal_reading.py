"""How well the seal check reads the applicant's seals: for every whole round or oval seal a
corpus's truth puts on a page, whether the seal finder finds it and whether its ring, read
as the pipeline reads it (`pipeline/sealtext.py read_seal`, the product's OCR engine), is
judged the applicant's, another unit's, or too poor to tell — with no other page of the
dossier to lean on (`pipeline/sealcheck.py` may still accept a poor reading by the
dossier's other seals; this bench measures the reading itself).

    nice python bench/seal_reading.py --corpus DIR [--corpus DIR ...] [--root CHECKOUT] [--files N]

Pages are rendered and their seals found as the seal check does (colour, `Settings().scan_dpi`,
found on the page as scanned, then read on it turned back by the truth's skew, as the page
scan would find it: `pipeline/sealpage.py deskewed_seals`, and read on the page as scanned,
where they were found). Seals are matched to
the truth as in bench/seal_detection.py. Counts are split by capture (scan, photo,
born-digital) and colour; every applicant's seal not accepted is listed with its reading,
and any other unit's seal accepted (the error that must not happen) is listed too. One
process, one core: run it `nice`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seal_detection import match, page_as_seal_check_sees_it  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, action="append", required=True)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--files", type=int, default=0, help="at most this many files per corpus (0: all)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    import cv2
    import pymupdf

    cv2.setNumThreads(1)
    from kernel.settings import Settings
    from pipeline.ocr import make_engine
    from pipeline.sealtext import read_seal, ring_names_applicant
    from pipeline.sealpage import deskewed_seals
    from pipeline.seals import find_seals

    settings = Settings()
    engine = make_engine(settings)
    started = time.perf_counter()
    for corpus in args.corpus:
        truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
        # kind → [accepted, unsure, rejected, not found]
        own: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        others = [0, 0]  # [accepted, read]
        poor, wrongly_accepted = [], []
        read_seconds, readings = 0.0, 0
        entries = [e for e in truth["files"] if e.get("pages") and e.get("unit_name")]
        if args.files:
            entries = entries[: args.files]
        for entry in entries:
            path = corpus / entry["filename"]
            if not path.exists():
                continue
            doc = pymupdf.open(path)
            names = [entry["unit_name"]]
            for page in entry["pages"]:
                wanted = [s for s in page.get("seals", []) if s["shape"] != "square" and not s.get("edge")]
                if not wanted:
                    continue
                seen = page_as_seal_check_sees_it(doc, page)
                if seen is None:
                    continue
                image, points_per_pixel = seen
                scanned = find_seals(image)
                _, found = deskewed_seals(image, scanned, -(page.get("skew_deg") or 0.0))  # the truth turns the other way
                hit, missed, _ = match(wanted, found, points_per_pixel)
                kinds = lambda seal: ["all", page.get("capture", "scan"), seal["colour"]]  # noqa: E731
                for seal in missed:
                    if seal["is_applicant"]:
                        for kind in kinds(seal):
                            own[kind][3] += 1
                for seal in hit:
                    got = scanned[found.index(_nearest(seal, found, points_per_pixel))]  # read where it was found
                    t0 = time.perf_counter()
                    reading = read_seal(image, got, engine, names)
                    read_seconds += time.perf_counter() - t0
                    readings += 1
                    judged = ring_names_applicant(reading.text, reading.confidence, list(reading.again), names,
                                                  reading.support)
                    where = f"{entry['filename']} p{page['index']} ({page.get('capture', 'scan')}, {seal['colour']})"
                    if seal["is_applicant"]:
                        slot = 0 if judged else 1 if judged is None else 2
                        for kind in kinds(seal):
                            own[kind][slot] += 1
                        if not judged:
                            poor.append(f"{where}: {reading.text!r} {list(reading.again)} → {judged}")
                    else:
                        others[1] += 1
                        if judged:
                            others[0] += 1
                            wrongly_accepted.append(f"{where}: {seal['text']} read {reading.text!r}")
            doc.close()
        print(f"\n== {corpus} ({truth.get('profile')}, seed {truth.get('seed')}): "
              f"{readings} rings read, {1000 * read_seconds / max(readings, 1):.0f} ms each")
        print(f"{'applicant seals':24s} accepted   unsure  another  not found")
        for kind in sorted(own, key=lambda k: (k != "all", k)):
            a, u, r, m = own[kind]
            total = a + u + r + m
            print(f"  {kind:22s} {a:4d} {a / total:6.1%} {u:5d} {r:8d} {m:10d}   of {total}")
        print(f"other units' seals accepted: {others[0]} of {others[1]} read")
        print(f"applicant seals not accepted ({len(poor)}):")
        for line in poor:
            print("  " + line)
        for line in wrongly_accepted:
            print("  ACCEPTED ANOTHER UNIT'S: " + line)
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


def _nearest(seal: dict, found: list, points_per_pixel: float):
    x0, y0, x1, y1 = seal["box"]
    tx, ty = (x0 + x1) / 2, (y0 + y1) / 2
    return min(found, key=lambda f: (f.cx * points_per_pixel - tx) ** 2 + (f.cy * points_per_pixel - ty) ** 2)


if __name__ == "__main__":
    raise SystemExit(main())

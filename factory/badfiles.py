"""Files that are not readable dossiers: what a watched inbox also receives.

The service must turn each into an `unreadable` report instead of crashing, so the corpus
carries one of each kind the contract names (corrupt, encrypted, not a PDF, empty).
"""

from __future__ import annotations

import random
from pathlib import Path

import pymupdf

from factory.frontmatter import cover
from factory.identity import make_applicant
from factory.layout import Style
from factory.scan import PageScan, Scanner, ScanSettings
from factory.sheet import A4, BUILTIN_FONT, draw

BAD_KINDS = ("truncated", "encrypted_user_password", "jpeg_renamed", "empty")


def _scanned_cover(rng: random.Random) -> tuple[str, bytes]:
    """A unit name and the JPEG of its scanned cover: the raw material of the bad files."""
    app = make_applicant(rng, rng.choice(("training_base", "master_studio", "rural_station")))
    style = Style(BUILTIN_FONT, BUILTIN_FONT, 11.0, 16.0, True, 1.7, A4)
    vector = pymupdf.open()
    page = vector.new_page(width=A4[0], height=A4[1])
    draw(cover(app, style, rng, True), page)
    settings = ScanSettings(dpi=100, color=False, quality=60, noise_sigma=4, blur=False)
    return app.unit_name, Scanner(settings, rng).scan(page, PageScan.random(rng))


def _pdf_bytes(jpeg: bytes, pages: int = 3) -> bytes:
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=A4[0], height=A4[1])
        page.insert_image(page.rect, stream=jpeg)
    return doc.tobytes()


def _truncated(data: bytes) -> bytes:
    """Cut the file short enough that it no longer opens: MuPDF repairs a PDF that lost
    its tail (pages then render blank), so halve the length until repair fails too."""
    size = len(data) // 2
    while size > 64:
        try:
            pymupdf.open(stream=data[:size], filetype="pdf")
        except Exception:  # noqa: BLE001 - any failure to open is the point
            return data[:size]
        size //= 2
    return data[:64]


def make_bad_files(out_dir: Path, seed: int, reserved: set[str]) -> list[tuple[Path, dict]]:
    """One file of each bad kind, named like an applicant's dossier (a name not in
    `reserved`, which grows), with truth entries."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for kind in BAD_KINDS:
        name, jpeg = _scanned_cover(rng)
        while f"{name}.pdf" in reserved:
            name, jpeg = _scanned_cover(rng)
        reserved.add(f"{name}.pdf")
        path = out_dir / f"{name}.pdf"
        if kind == "truncated":
            path.write_bytes(_truncated(_pdf_bytes(jpeg)))
        elif kind == "encrypted_user_password":
            doc = pymupdf.open(stream=_pdf_bytes(jpeg), filetype="pdf")
            doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=f"{rng.randrange(10**6):06d}",
                     owner_pw="owner-" + str(rng.randrange(10**6)))
        elif kind == "jpeg_renamed":
            path.write_bytes(jpeg)
        else:
            path.write_bytes(b"")
        results.append((path, {
            "filename": path.name, "kind": "bad_file", "bad_kind": kind, "carrier_type": None,
            "unit_name": name, "credit_code": None, "fields": {}, "defects": [],
            "expected_findings": [{"code": "file.unreadable", "severity": "error", "pages": [], "item": None}],
            "expected_verdict": "unreadable", "page_count": None, "pages": [],
            "toc": {"pages": [], "entries": []}, "parts": [],
        }))
    return results


def restrict_permissions(path: Path, seed: int) -> None:
    """Re-save a dossier encrypted with an owner password only (empty user password, printing
    and copying forbidden), as office scanners often do. Anyone can open and read it, so it
    must be reviewed like any other dossier, not refused as unreadable."""
    doc = pymupdf.open(path)
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="", owner_pw=f"owner-{seed % 10**6:06d}",
                       permissions=pymupdf.PDF_PERM_ACCESSIBILITY)
    doc.close()
    path.write_bytes(data)

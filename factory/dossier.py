"""Assembling one dossier: parts in 目录 order, defects applied, pages numbered, the 目录
written, every page scanned, and the truth entry that records what was really drawn.

The truth is taken from the same values that drew the pages (never recomputed), so
whatever later stages are measured against is exactly what the scanner saw.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from factory import defects as defect_kinds
from factory.content import (
    REQUIRED_DROPPABLE, SIZES, Part, build_part, catalog_items, item_title, optional_item,
)
from factory.frontmatter import TITLE_NUMBERINGS, NumberStyle, TocEntry, cover, numbered_title, toc_sheets
from factory.identity import broken_credit_code, make_applicant, near_miss_name, unit_name
from factory.layout import Style
from factory.scan import PageScan, Scanner, ScanSettings
from factory.sheet import A4, LETTER, Sheet, available_fonts, draw
from factory.stamping import Medium, StampPage, stamp

GENERATOR = "dossier.synth/1"


@dataclass
class DossierSpec:
    """One dossier to make. `pages` ≈ total physical pages (None: 18–45 at random);
    `dpi` overrides the scanner's resolution (low values make quick test fixtures)."""

    carrier_type: str
    seed: int
    defects: list[str] = field(default_factory=list)
    pages: int | None = None
    dpi: int | None = None


@dataclass
class GeneratedFile:
    path: Path
    truth: dict


@dataclass
class _Page:
    role: str
    sheet: Sheet
    item: str | None = None
    title: str | None = None
    number: int | None = None  # the count this page has in the numbering (printed or not)
    printed: bool = False
    number_text: str | None = None
    number_box: tuple | None = None
    rotation: int = 0


def _allocate(items: list[str], budget: int, rng: random.Random) -> dict[str, int]:
    """Pages per part: each part's minimum, the rest spread by each part's growth weight."""
    counts = {item: SIZES[item][0] for item in items}
    growable = [item for item in items if SIZES[item][1] > 0]
    extra = budget - sum(counts.values())
    if extra > 0 and growable:
        for item in rng.choices(growable, [SIZES[i][1] for i in growable], k=extra):
            counts[item] += 1
    return counts


def _finding(code: str, pages: list[int] | None = None, item: str | None = None, **extra) -> dict:
    """One expected finding; pages of parts that a second defect removed are left out."""
    return {"code": code, "severity": defect_kinds.SEVERITY[code], "pages": sorted(p for p in pages or [] if p),
            "item": item, **extra}


class NameTaken(ValueError):
    """The dossier's file name is already used in this corpus (two random applicants
    drew the same name); the caller retries with another seed."""


def generate_dossier(spec: DossierSpec, out_dir: Path, reserved: set[str] | None = None) -> list[GeneratedFile]:
    """Make one dossier PDF (two with `file.split`) in `out_dir`; returns each file with
    its truth entry. Deterministic for a given spec. File names in `reserved` are refused
    (`NameTaken`) before any page is scanned; the names used are added to it."""
    defect_kinds.validate(spec.defects)
    wanted = set(spec.defects)
    if "file.split" in wanted and len(wanted) > 1:
        raise ValueError("file.split 只能单独注入")
    if spec.carrier_type not in ("training_base", "master_studio", "rural_station"):
        raise ValueError(f"未知的载体类型：{spec.carrier_type}")
    rng = random.Random(spec.seed)
    app = make_applicant(rng, spec.carrier_type, below_threshold="field.below_threshold" in wanted)
    if "field.invalid" in wanted:
        app.credit_code = app.licence_credit_code = broken_credit_code(app.credit_code)
    if "field.inconsistent" in wanted:
        app.licence_name = near_miss_name(rng, app.unit_name)
    fonts = available_fonts()
    style = Style(font=rng.choice(fonts), title_font=rng.choice(fonts), body_size=rng.choice((10.5, 11.0, 12.0)),
                  title_size=rng.choice((15.0, 16.0, 18.0)), title_centered=rng.random() < 0.5,
                  line_gap=rng.uniform(1.6, 1.95), size=LETTER if "file.not_a4" in wanted else A4)
    type_known = "type.unknown" not in wanted

    # Which parts, in 目录 order; the phantom is listed in the 目录 but not in the file.
    toc_items = catalog_items(spec.carrier_type, rng, optional=True if "toc.entry_not_found" in wanted else None)
    phantom = optional_item(spec.carrier_type) if "toc.entry_not_found" in wanted else None
    missing = rng.choice([i for i in REQUIRED_DROPPABLE if i in toc_items]) if "item.missing" in wanted else None
    toc_items = [i for i in toc_items if i != missing]
    present = [i for i in toc_items if i != phantom]
    numbering = rng.choice(TITLE_NUMBERINGS)
    bare_titles = {item: item_title(item, app, rng) for item in toc_items}
    toc_titles = {item: numbered_title(k + 1, bare_titles[item], numbering) for k, item in enumerate(toc_items)}
    bare_headings = rng.random() < 0.2  # headings on the pages without the 目录's numbering
    target = spec.pages or rng.randrange(18, 46)
    fixed = 1 + (0 if "toc.missing" in wanted else 1) + (1 if "pages.blank" in wanted else 0)
    counts = _allocate(present, target - fixed, rng)

    parts: list[tuple[str, list[Sheet], str]] = []
    for item in present:
        head = bare_titles[item] if bare_headings else toc_titles[item]
        sheets = build_part(item, Part(app, style, rng, head, counts[item], type_known))
        parts.append((item, sheets, head))

    swapped: tuple[str, str] | None = None
    if "pages.order" in wanted:
        j = rng.randrange(1, len(parts) - 1)
        swapped = (parts[j][0], parts[j + 1][0])  # (A, B): A came first in the 目录
        parts[j], parts[j + 1] = parts[j + 1], parts[j]

    body: list[_Page] = []
    for item, sheets, head in parts:
        for k, sheet in enumerate(sheets):
            body.append(_Page("part", sheet, item, head if k == 0 else None))
    part_starts = {i for i, p in enumerate(body) if p.title is not None}
    if "pages.blank" in wanted:
        at = rng.choice(sorted(part_starts - {0}))
        body.insert(at, _Page("blank", style.sheet()))
        part_starts = {i for i, p in enumerate(body) if p.title is not None}

    # Numbering: every non-blank body page counts; defects bend the count or hide it.
    count = 0
    for page in body:
        if page.role != "blank":
            count += 1
            page.number, page.printed = count, True
    numbered = [i for i, p in enumerate(body) if p.number is not None]
    inner = [i for i in numbered if i not in part_starts and i > 0 and body[i - 1].number is not None]
    gap_at = dup_at = None
    if "pages.gap" in wanted:
        gap_at = rng.choice(numbered[1:])
        skip = rng.randrange(1, 4)
        for i in numbered:
            if i >= gap_at:
                body[i].number += skip
    if "pages.duplicate" in wanted:
        dup_at = rng.choice(inner)
        for i in numbered:
            if i >= dup_at:
                body[i].number -= 1
    unnumbered: list[int] = []
    if "pages.unnumbered" in wanted:
        pool = [i for i in inner if i != dup_at] or numbered[1:]
        unnumbered = sorted(rng.sample(pool, min(len(pool), rng.choice((2, 3)))))
        for i in unnumbered:
            body[i].printed = False
    rotated_at = rng.choice([i for i in numbered if body[i].printed]) if "pages.rotated" in wanted else None
    if rotated_at is not None:
        body[rotated_at].rotation = 180

    # The 目录 entries: printed pages as the applicant computed them (before any swap).
    start = {body[i].item: body[i].number for i in sorted(part_starts)}
    length = {item: sum(1 for p in body if p.item == item and p.number is not None) for item in present}
    toc_start = dict(start)
    if swapped:
        a, b = swapped
        toc_start[a], toc_start[b] = start[b], start[b] + length[a]
    use_ranges = rng.random() < 0.25
    entries: list[TocEntry] = []
    for k, item in enumerate(toc_items):
        if item == phantom:
            later = [toc_start[i] for i in toc_items[k + 1:] if i in toc_start]
            first = later[0] if later else max(p.number or 0 for p in body) + 1
            entries.append(TocEntry(toc_titles[item], item, first, None))
            continue
        end = toc_start[item] + length[item] - 1 if use_ranges and length[item] > 1 else None
        entries.append(TocEntry(toc_titles[item], item, toc_start[item], end))
    mismatched = None
    if "toc.page_mismatch" in wanted:
        candidates = [e for e in entries[1:] if e.item != phantom]
        entry = rng.choice(candidates)
        delta = rng.choice([d for d in (-3, -2, -1, 1, 2, 3) if entry.printed_page + d >= 1])
        entry.printed_page += delta
        if entry.printed_page_end is not None:
            entry.printed_page_end += delta
        mismatched = entry.item

    number_style = NumberStyle.random(rng, app)
    total = max(p.number or 0 for p in body)
    for page in body:
        if page.printed:
            page.number_text, page.number_box = number_style.draw(page.sheet, page.number, total)

    front = [_Page("cover", cover(app, style, rng, type_known))]
    if "toc.missing" not in wanted:
        front += [_Page("toc", s) for s in toc_sheets(entries, style, rng)]
    pages = front + body
    phys = {id(p): k + 1 for k, p in enumerate(pages)}

    def phys_start(item: str) -> int | None:
        return next((phys[id(p)] for p in pages if p.item == item and p.title is not None), None)

    # Expected findings, in physical page numbers.
    findings: list[dict] = []
    if missing:
        findings.append(_finding("item.missing", [], missing))
    if mismatched:
        findings.append(_finding("toc.page_mismatch", [phys_start(mismatched)], mismatched))
    if phantom:
        findings.append(_finding("toc.entry_not_found", [], phantom))
    if "toc.missing" in wanted:
        findings.append(_finding("toc.missing"))
    if unnumbered:
        findings.append(_finding("pages.unnumbered", [phys[id(body[i])] for i in unnumbered]))
    if gap_at is not None:
        findings.append(_finding("pages.gap", [phys[id(body[gap_at])]]))
    if dup_at is not None:
        findings.append(_finding("pages.duplicate", [phys[id(body[dup_at - 1])], phys[id(body[dup_at])]]))
    if swapped:
        a, b = swapped
        findings.append(_finding("pages.order", [phys_start(a), phys_start(b)], b))
        findings += [_finding("toc.page_mismatch", [phys_start(i)], i) for i in swapped]
    form_page, licence_page = phys_start("application_form"), phys_start("entity_certificate")
    if "field.invalid" in wanted:
        # the same bad code on the form and on the licence: each is a finding of its own
        findings.append(_finding("field.invalid", [form_page], "application_form", field="credit_code"))
        findings.append(_finding("field.invalid", [licence_page], "entity_certificate", field="licence_credit_code"))
    if "field.inconsistent" in wanted:
        findings.append(_finding("field.inconsistent", [form_page, licence_page], "entity_certificate",
                                 field="unit_name"))
    if "field.below_threshold" in wanted:
        if spec.carrier_type == "training_base":
            findings.append(_finding("field.below_threshold", [phys_start("training_records")], "training_records",
                                     field="trainees_per_year", threshold=3000))
        else:
            findings.append(_finding("field.below_threshold", [form_page, phys_start("venue_proof")], "venue_proof",
                                     field="venue_area", threshold=50))
    if rotated_at is not None:
        findings.append(_finding("pages.rotated", [phys[id(body[rotated_at])]]))
    if "pages.blank" in wanted:
        findings.append(_finding("pages.blank", [phys[id(p)] for p in body if p.role == "blank"]))
    if "file.not_a4" in wanted:
        findings.append(_finding("file.not_a4"))
    if "type.unknown" in wanted:
        findings.append(_finding("type.unknown"))
    for code in ("file.name_mismatch", "file.name_extra", "file.split"):
        if code in wanted:
            findings.append(_finding(code))

    stem = app.unit_name
    if "file.name_mismatch" in wanted:
        stem = unit_name(random.Random(spec.seed + 7919))[0]
    elif "file.name_extra" in wanted:
        stem += rng.choice(["申报材料", "（2023年6月）", "扫描件", "_20230615", " 申报材料扫描件"])

    halves = [(0, len(pages))]
    suffixes = [""]
    if "file.split" in wanted:
        cut = phys_start(present[len(present) // 2]) - 1
        halves = [(0, cut), (cut, len(pages))]
        suffixes = list(rng.choice([("（上）", "（下）"), ("-1", "-2")]))
    names = [stem + suffix + ".pdf" for suffix in suffixes]
    if reserved is not None:
        if any(name in reserved for name in names):
            raise NameTaken(names[0])
        reserved.update(names)

    settings = ScanSettings.random(rng)
    if spec.dpi:
        settings.dpi = spec.dpi
    scanner = Scanner(settings, rng)
    scans = [PageScan.random(rng, p.rotation) for p in pages]
    stamped = stamp([StampPage(p.sheet, p.item, Medium("scan", settings.color)) for p in pages], app.unit_name,
                    random.Random(f"{spec.seed}-seals"), wanted, app.district)
    findings += [_finding(code, [k + 1 for k in at], item) for code, at, item in stamped.defects]
    jpegs = []
    vector = pymupdf.open()
    for page, scan in zip(pages, scans):
        vpage = vector.new_page(width=style.size[0], height=style.size[1])
        draw(page.sheet, vpage)
        jpegs.append(scanner.scan(vpage, scan))

    base = {
        "kind": "dossier", "bad_kind": None, "carrier_type": spec.carrier_type, "seed": spec.seed,
        "unit_name": app.unit_name, "credit_code": app.credit_code, "fields": app.fields(),
        "defects": sorted(wanted), "expected_findings": findings,
        "expected_verdict": defect_kinds.verdict(sorted(wanted)),
        "page_size": list(style.size), "scan": {"dpi": settings.dpi, "color": settings.color,
                                                "jpeg_quality": settings.quality},
        "style": {"font": style.font, "title_font": style.title_font, "title_numbering": numbering,
                  "page_numbers": number_style.kind, "page_number_position": number_style.position,
                  "footer_extra": number_style.footer_extra, "toc_ranges": use_ranges},
    }
    toc_truth = [{"title": e.title, "item": e.item, "printed_page": e.printed_page,
                  "printed_page_end": e.printed_page_end, "actual_page": phys_start(e.item)} for e in entries] \
        if "toc.missing" not in wanted else []

    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for h, (lo, hi) in enumerate(halves):
        name = names[h]
        doc = pymupdf.open()
        page_truth = []
        for k in range(lo, hi):
            page, scan = pages[k], scans[k]
            out = doc.new_page(width=style.size[0], height=style.size[1])
            out.insert_image(out.rect, stream=jpegs[k])
            page_truth.append({
                "index": k - lo + 1, "role": page.role, "item": page.item, "title": page.title,
                "printed_number": page.number if page.printed else None, "number_text": page.number_text,
                "number_box": list(scan.map_box(page.number_box, style.size)) if page.printed else None,
                "rotation": page.rotation, "skew_deg": scan.skew_deg,
                "font": page.sheet.font,
                "seals": [dict(seal, box=list(scan.map_box(seal["box"], style.size))) for seal in stamped.seals[k]],
                "signatures": [dict(sig, box=list(scan.map_box(sig["box"], style.size)))
                               for sig in stamped.signatures[k]],
            })
        path = out_dir / name
        doc.save(path, garbage=3)
        truth = dict(base, filename=name, page_count=hi - lo, pages=page_truth)
        in_half = {p["item"] for p in page_truth}
        truth["toc"] = {"pages": [p["index"] for p in page_truth if p["role"] == "toc"],
                        "entries": [dict(e, actual_page=e["actual_page"] if (e["actual_page"] or 0) <= hi else None)
                                    for e in toc_truth] if h == 0 else []}
        truth["parts"] = [{"item": item, "title": head, "pages": [p["index"] for p in page_truth if p["item"] == item]}
                          for item, _, head in parts if item in in_half]
        if len(halves) > 1:
            truth["split"] = {"group": app.unit_name, "part": h + 1, "of": len(halves)}
        files.append(GeneratedFile(path, truth))
    return files


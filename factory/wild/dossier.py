"""Assembling one wild dossier: the applicant's own order, titles and numbering, pages
captured the ways real files mix them (flatbed scans, phone photos, a born-digital page,
landscape pages, some stored sideways with /Rotate), page numbers printed or stamped by a
PDF tool, and a truth entry shaped exactly like the default profile's.

The truth is taken from the values that drew the pages, never recomputed, so whatever is
measured against it is what the pages really show.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import cv2
import numpy as np
import pymupdf

from factory.dossier import DossierSpec, GeneratedFile, NameTaken
from factory.identity import ROUND_RECEIVED, cn_date_padded, make_applicant, near_miss_name, random_date, unit_name
from factory.layout import LEFT, TOP, Style
from factory.scan import PageScan, Scanner, ScanSettings
from factory.sheet import A4, Sheet, available_fonts, draw
from factory.stamping import Medium, StampPage, stamp
from factory.wild import defects as wild_defects
from factory.wild import vocabulary as V
from factory.wild.camera import Shot
from factory.wild.contents import Entry, toc_sheets
from factory.wild.materials import Ctx, Drawn, build
from factory.wild.numbering import Numbering

GENERATOR = "dossier.synth-wild/1"
TYPES = ("training_base", "master_studio", "rural_station")

# Catalog item ids and their marks per type (B, M, R), from the domain spec's table.
CATALOG: dict[str, tuple[str, str, str]] = {
    "application_form": ("r", "r", "r"), "entity_certificate": ("r", "r", "r"), "legal_rep_id": ("r", "r", "r"),
    "commitment_letter": ("r", "r", "r"), "credit_record": ("r", "r", "r"), "venue_proof": ("r", "r", "r"),
    "equipment_list": ("r", "r", "o"), "management_rules": ("r", "r", "r"), "training_records": ("r", "", ""),
    "instructor_roster": ("r", "", ""), "partnership_agreements": ("o", "", ""), "master_id": ("", "r", ""),
    "master_certificate": ("", "r", ""), "master_honors": ("", "o", ""), "employment_proof": ("", "r", ""),
    "team_roster": ("", "r", ""), "apprenticeship_plan": ("", "r", ""), "cooperation_agreement": ("", "", "r"),
    "rural_training_records": ("", "", "r"), "work_plan": ("r", "r", "r"),
}
# Pages per part: (fewest, most).
PAGES: dict[str, tuple[int, int]] = {
    "application_form": (2, 3), "entity_certificate": (1, 1), "legal_rep_id": (1, 1), "commitment_letter": (1, 2),
    "credit_record": (1, 1), "venue_proof": (2, 4), "equipment_list": (1, 3), "management_rules": (1, 4),
    "training_records": (2, 5), "instructor_roster": (1, 2), "partnership_agreements": (1, 4), "master_id": (1, 1),
    "master_certificate": (1, 2), "master_honors": (1, 2), "employment_proof": (1, 2), "team_roster": (1, 2),
    "apprenticeship_plan": (1, 2), "cooperation_agreement": (1, 2), "rural_training_records": (1, 4),
    "work_plan": (1, 4),
}
UNBOUNDED = ("management_rules", "training_records", "rural_training_records", "work_plan", "instructor_roster",
             "team_roster", "equipment_list")
DROPPABLE = ("commitment_letter", "credit_record", "management_rules", "work_plan", "venue_proof", "legal_rep_id")
PHOTOGRAPHABLE = ("entity_certificate", "legal_rep_id", "commitment_letter", "credit_record", "master_honors")
HEADLESS = ("entity_certificate", "legal_rep_id", "credit_record", "master_id")
TITLE_FORMS = ("{cn}、{t}", "{n}. {t}", "（{cn}）{t}", "附件{n} {t}", "{t}", "{n}、{t}")
CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    return CN[n - 1] if n <= 10 else ("" if n < 20 else CN[n // 10 - 1]) + "十" + (CN[n % 10 - 1] if n % 10 else "")


@dataclass
class _Page:
    role: str
    drawn: Drawn
    item: str | None = None
    title: str | None = None
    number: int | None = None
    capture: str = "scan"  # scan, photo (phone camera), digital (born-digital vector page)
    page_rotate: int = 0  # /Rotate of a landscape page stored sideways
    rotation: int = 0  # 180: the sheet went through the scanner upside down
    number_text: str | None = None
    number_box: tuple | None = None
    skew: float = 0.0

    @property
    def sheet(self) -> Sheet:
        return self.drawn.sheet


def _finding(code: str, pages: list[int] | None = None, item: str | None = None, **extra) -> dict:
    return {"code": code, "severity": wild_defects.SEVERITY[code], "pages": sorted(pages or []), "item": item, **extra}


def _items(carrier_type: str, rng: random.Random) -> list[str]:
    col = TYPES.index(carrier_type)
    items = [i for i, marks in CATALOG.items() if marks[col] == "r" or (marks[col] == "o" and rng.random() < 0.5)]
    for _ in range(rng.randrange(0, 3)):  # applicants reorder a little
        k = rng.randrange(2, len(items) - 1)
        items[k], items[k + 1] = items[k + 1], items[k]
    return items


def _counts(items: list[str], target: int, rng: random.Random) -> dict[str, int]:
    """Pages per part: each part's fewest, grown at random up to its most; a dossier asked
    to be longer than that grows its lists, records and rules without bound."""
    counts = {i: PAGES[i][0] for i in items}
    growable = [i for i in items if PAGES[i][1] > PAGES[i][0]]
    while sum(counts.values()) < target and growable:
        i = rng.choice(growable)
        counts[i] += 1
        if counts[i] == PAGES[i][1]:
            growable.remove(i)
    bulky = [i for i in items if i in UNBOUNDED]
    while sum(counts.values()) < target and bulky:
        counts[rng.choice(bulky)] += 1
    return counts


def _cover(app, style: Style, rng: random.Random) -> Sheet:
    sheet = style.sheet()
    y = TOP + 120
    type_name = V.TYPE_WORDS[app.carrier_type][0]
    for line in rng.choice(V.COVER_LINES):
        sheet.text_center(y, line.format(type=type_name), style.title_size + 10, face=style.title_font, bold=True)
        y += (style.title_size + 10) * 2
    unit_label, date_label = rng.choice(V.COVER_FIELDS)
    y = sheet.height - 240
    size = style.body_size + 3
    sheet.text(LEFT + 60, y, f"{unit_label}：{app.unit_name}", size)
    sheet.text(LEFT + 60, y + size * 2.6, f"{date_label}：{app.application_date.year}年{app.application_date.month}月", size)
    sheet.seal(LEFT + 60 + sheet.measure(unit_label + app.unit_name, size) * 0.7, y - 10, 52, app.unit_name)
    return sheet


def _separator(style: Style, rng: random.Random, word: str, n: int) -> Drawn:
    """A sheet with nothing but "附件3" (in the dossier's wording) before a part."""
    sheet = style.sheet()
    sheet.text_center(sheet.height * rng.uniform(0.3, 0.45), word.format(n=n), style.title_size + 14,
                      face=style.title_font, bold=True)
    return Drawn(sheet)


def _seal_as_remarked(entries: list[Entry], body: list[_Page], unit: str, rng: random.Random) -> None:
    """A part whose 目录 remark asks for the unit's seal (加盖公章) carries it: on its last
    page, low on the right, above the footer, where it was not sealed already."""
    for entry in entries:
        own = [p for p in body if p.item == entry.item and p.role == "part"]
        if "盖" not in entry.remark or not own:  # 加盖公章, 复印件加盖公章
            continue
        if any(op[0] == "seal" and op[4] == unit for p in own for op in p.sheet.ops):
            continue
        sheet = own[-1].sheet
        r = rng.uniform(46, 54)
        sheet.seal(sheet.width - 72 - r * 0.8 + rng.uniform(-15, 5), sheet.height - 80 - r - rng.uniform(2, 20), r, unit)


def _typed(sheet: Sheet) -> Sheet:
    """The sheet as a word processor exports it: its text once, with no overprinted
    fake bold (a scan hides the doubled stroke, a text layer would repeat the words)."""
    ops = [op[:6] + (False,) + op[7:] if op[0] == "text" else op for op in sheet.ops]
    return dataclasses.replace(sheet, ops=ops)


def _expired_term(app, rng: random.Random) -> str:
    end = random_date(rng, date(2021, 1, 1), ROUND_RECEIVED - timedelta(days=60))
    return f"{cn_date_padded(app.established)}至{cn_date_padded(end)}"


def generate_wild_dossier(spec: DossierSpec, out_dir: Path, reserved: set[str] | None = None) -> list[GeneratedFile]:
    """Make one wild dossier PDF in `out_dir`; returns it with its truth entry.
    Deterministic for a given spec; names in `reserved` are refused (`NameTaken`)."""
    wild_defects.validate(spec.defects)
    if spec.carrier_type not in TYPES:
        raise ValueError(f"未知的载体类型：{spec.carrier_type}")
    wanted = set(spec.defects)
    # Three independent streams, so that rewording a material does not move the layout or the
    # capture of the pages: what the pages say, how the dossier is put together, the scanner.
    rng = random.Random(spec.seed)
    plan = random.Random(spec.seed * 1_000_003 + 17)
    scanning = random.Random(spec.seed * 1_000_003 + 29)
    app = make_applicant(rng, spec.carrier_type)
    if "licence.expired" in wanted:
        app.business_term = _expired_term(app, rng)
    if "field.inconsistent" in wanted:
        app.licence_name = near_miss_name(rng, app.unit_name)
    # Fonts come from their own stream: how many a machine has installed must not move the
    # layout a seed draws (a test machine with Debian's CJK fonts and one without). The layout
    # stream still makes the two draws it made when fonts were chosen from it on a machine
    # with one font, so every seed keeps the layout it has always drawn.
    fonts, typeface = available_fonts(), random.Random(spec.seed * 131 + 17)
    plan.choice(fonts[:1]), plan.choice(fonts[:1])
    style = Style(font=typeface.choice(fonts), title_font=typeface.choice(fonts), body_size=plan.choice((10.0, 10.5, 11.0, 12.0)),
                  title_size=plan.choice((14.0, 16.0, 18.0, 22.0)), title_centered=plan.random() < 0.7,
                  line_gap=plan.uniform(1.5, 2.0), size=A4)

    items = _items(spec.carrier_type, plan)
    droppable = [i for i in DROPPABLE if i in items and not (i == "credit_record" and "credit.serious" in wanted)]
    missing = plan.choice(droppable) if "item.missing" in wanted else None
    items = [i for i in items if i != missing]
    title_form = plan.choice(TITLE_FORMS)
    bare = {i: plan.choice(V.TITLES[i]) for i in items}
    if "entity_certificate" in bare and plan.random() < 0.3:
        bare["entity_certificate"] = app.certificate_kind + plan.choice(["（副本）", "复印件", ""])
    titled = {i: title_form.format(n=k + 1, cn=_cn(k + 1), t=bare[i]) for k, i in enumerate(items)}
    separators = plan.random() < 0.3
    separator_word = plan.choice(V.SEPARATOR_WORDS)
    target = spec.pages or plan.randrange(26, 42)
    counts = _counts(items, target - 2 - (len(items) if separators else 0), plan)

    body: list[_Page] = []
    heads: dict[str, str | None] = {}  # the heading each part's first page shows (None: none)
    for k, item in enumerate(items):
        head = None if item in HEADLESS and plan.random() < 0.5 else plan.choice((titled[item], bare[item]))
        heads[item] = head
        drawn = build(item, Ctx(app, style, rng, head, counts[item],
                                credit_hit="credit.serious" in wanted, landscape=plan.random() < 0.4))
        if separators:
            body.append(_Page("separator", _separator(style, rng, separator_word, k + 1), item, None))
        body += [_Page("part", d, item, head if j == 0 else None) for j, d in enumerate(drawn)]

    # How each page is captured.
    for page in body:
        if page.drawn.sheet.size[0] > page.drawn.sheet.size[1]:
            page.page_rotate = 90 if plan.random() < 0.5 else 0
        elif page.item in PHOTOGRAPHABLE and page.role == "part" and plan.random() < 0.15:
            page.capture = "photo"
    if plan.random() < 0.45:
        form_pages = [p for p in body if p.item == "application_form" and p.drawn.can_be_digital]
        for p in form_pages[:1] if plan.random() < 0.6 else form_pages:
            p.capture = "digital"

    numbering = Numbering.random(plan)
    from_cover = numbering.source == "stamp" and plan.random() < 0.4  # the tool numbered every page from 1
    ranges = plan.random() < 0.4
    unnumbered: list[int] = []
    if "pages.unnumbered" in wanted:
        pool = [i for i, p in enumerate(body) if i > 2 and p.capture == "scan" and p.page_rotate == 0]
        unnumbered = sorted(plan.sample(pool, plan.choice((2, 3))))
    upside = None
    if "pages.rotated" in wanted:
        upside = plan.choice([i for i, p in enumerate(body) if p.capture == "scan" and p.page_rotate == 0
                             and not p.drawn.photo and i not in unnumbered])
        body[upside].rotation = 180
    mismatch = None
    if "toc.page_mismatch" in wanted:
        mismatch = (plan.randrange(1, len(items)), plan.choice((-3, -2, -1, 1, 2, 3)))

    def entries_for(offset: int) -> list[Entry]:
        """Number the body from `offset` + 1 and write the 目录 the applicant computed."""
        for i, page in enumerate(body):
            page.number = offset + i + 1
        starts = {p.item: p.number for p in reversed(body)}
        lengths = {i: sum(1 for p in body if p.item == i) for i in items}
        entries = [Entry(titled[i], i, starts[i], starts[i] + lengths[i] - 1 if ranges and lengths[i] > 1 else None)
                   for i in items]
        if mismatch:
            e, delta = entries[mismatch[0]], mismatch[1]
            delta = delta if e.first + delta >= 1 else -delta
            e.first, e.last = e.first + delta, None if e.last is None else e.last + delta
        return entries

    toc_len = 1
    while True:  # when the tool numbers from the cover, the 目录's own length moves every number
        entries = entries_for(1 + toc_len if from_cover else 0)
        sheets, toc_layout = toc_sheets(entries, style, random.Random(spec.seed * 31 + 7))
        if len(sheets) == toc_len or not from_cover:
            break
        toc_len = len(sheets)
    front = [_Page("cover", Drawn(_cover(app, style, rng)))] + [_Page("toc", Drawn(s)) for s in sheets]
    pages = front + body
    for k, page in enumerate(front):
        page.number = k + 1 if from_cover else None
    for i in unnumbered:
        body[i].number = None
    total = max(p.number or 0 for p in pages)
    if numbering.source == "image":
        for page in pages:
            if page.number is not None:
                page.number_text, page.number_box = numbering.print_on(page.sheet, page.number, total)

    stem = app.unit_name
    if "file.name_mismatch" in wanted:
        stem = unit_name(random.Random(spec.seed + 7919))[0]
    name = stem + ".pdf"
    if reserved is not None:
        if name in reserved:
            raise NameTaken(name)
        reserved.add(name)

    settings = ScanSettings.random(scanning)
    if spec.dpi:
        settings.dpi = spec.dpi
    scanner = Scanner(settings, scanning)
    sealing = random.Random(f"{spec.seed}-seals")  # seals and signatures: a stream of their own
    # The remarked parts' seals come from a stream of their own too, so every other seal keeps its look.
    _seal_as_remarked(entries, body, app.unit_name, random.Random(f"{spec.seed}-remarked"))
    media = {"scan": Medium("scan", settings.color), "photo": Medium("photo"), "digital": Medium("digital")}
    stamped = stamp([StampPage(p.sheet, p.item if p.role == "part" else None, media[p.capture]) for p in pages],
                    app.unit_name, sealing, wanted, app.district)
    doc = pymupdf.open()
    page_truth = []
    for k, page in enumerate(pages):
        sheet = page.sheet
        w, h = sheet.size
        vector = pymupdf.open()
        vpage = vector.new_page(width=w, height=h)
        draw(sheet, vpage)
        box = page.number_box
        where = lambda b: b  # noqa: E731 - where a box drawn on the sheet lies on the page
        if page.capture == "digital":
            out = doc.new_page(width=w, height=h)
            draw(_typed(sheet), out)
        elif page.capture == "photo":
            shot = Shot.random(scanning)
            out = doc.new_page(width=w, height=h)
            out.insert_image(out.rect, stream=shot.take(vpage, settings.dpi, scanning.randrange(2**31)))
            where = lambda b, shot=shot, size=sheet.size: shot.map_box(b, size)  # noqa: E731
            box = where(box) if box else None
        else:
            scan = PageScan.random(scanning, page.rotation)
            page.skew = scan.skew_deg
            jpeg = scanner.scan(vpage, scan)
            where = lambda b, scan=scan, size=sheet.size: scan.map_box(b, size)  # noqa: E731
            box = where(box) if box else None
            if page.page_rotate:
                img = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_UNCHANGED)
                ok, buf = cv2.imencode(".jpg", cv2.rotate(img, cv2.ROTATE_90_COUNTERCLOCKWISE),
                                       [cv2.IMWRITE_JPEG_QUALITY, settings.quality])
                out = doc.new_page(width=h, height=w)
                out.insert_image(out.rect, stream=buf.tobytes())
                out.set_rotation(page.page_rotate)
            else:
                out = doc.new_page(width=w, height=h)
                out.insert_image(out.rect, stream=jpeg)
        source = None
        if page.number is not None:
            if numbering.source == "stamp":
                page.number_text, box = numbering.stamp(out, page.number, total)
                source = "stamp"
            elif page.number_text is not None:
                source = "text_layer" if page.capture == "digital" else "image"
        page_truth.append({
            "index": k + 1, "role": page.role, "item": page.item, "title": page.title,
            "printed_number": page.number, "number_text": page.number_text if page.number is not None else None,
            "number_box": list(box) if box and page.number is not None else None,
            "rotation": page.rotation, "skew_deg": page.skew, "font": sheet.font,
            "number_source": source, "capture": page.capture, "page_rotate": page.page_rotate,
            "size": [w, h], "photo": page.drawn.photo, "fields": page.drawn.fields,
            "seals": [dict(seal, box=list(where(seal["box"]))) for seal in stamped.seals[k]],
            "signatures": [dict(sig, box=list(where(sig["box"]))) for sig in stamped.signatures[k]],
        })
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / name
    doc.subset_fonts()
    doc.save(path, garbage=3, deflate=True)

    phys = {id(p): k + 1 for k, p in enumerate(pages)}
    start = {p.item: phys[id(p)] for p in reversed(body)}
    findings: list[dict] = []
    if missing:
        findings.append(_finding("item.missing", [], missing))
    if mismatch:
        item = entries[mismatch[0]].item
        findings.append(_finding("toc.page_mismatch", [start[item]], item))
    if unnumbered:
        findings.append(_finding("pages.unnumbered", [phys[id(body[i])] for i in unnumbered]))
    if "file.name_mismatch" in wanted:
        findings.append(_finding("file.name_mismatch"))
    if upside is not None:
        findings.append(_finding("pages.rotated", [phys[id(body[upside])]]))
    licence_page = next(phys[id(p)] for p in body if p.item == "entity_certificate" and p.role == "part")
    form_page = next(phys[id(p)] for p in body if p.item == "application_form" and p.role == "part")
    if "licence.expired" in wanted:
        findings.append(_finding("field.invalid", [licence_page], "entity_certificate", field="licence_valid_until"))
    if "field.inconsistent" in wanted:
        findings.append(_finding("field.inconsistent", [form_page, licence_page], "entity_certificate",
                                 field="unit_name"))
    findings += [_finding(code, [k + 1 for k in at], item) for code, at, item in stamped.defects]
    if "credit.serious" in wanted:
        credit_page = next(phys[id(p)] for p in body if p.item == "credit_record" and p.role == "part")
        findings.append(_finding("eligibility.failed", [credit_page], "credit_record", field="credit_record"))

    truth = {
        "kind": "dossier", "bad_kind": None, "profile": "wild", "carrier_type": spec.carrier_type, "seed": spec.seed,
        "unit_name": app.unit_name, "credit_code": app.credit_code, "fields": app.fields(),
        "defects": sorted(wanted), "expected_findings": findings,
        "expected_verdict": wild_defects.verdict([f["code"] for f in findings]),
        "page_size": list(style.size), "scan": {"dpi": settings.dpi, "color": settings.color,
                                                "jpeg_quality": settings.quality},
        "style": {"font": style.font, "title_font": style.title_font, "title_numbering": title_form,
                  "page_numbers": numbering.form, "page_number_position": numbering.place, "footer_extra": None,
                  "toc_ranges": ranges, "number_source": numbering.source, "numbered_from_cover": from_cover,
                  "toc_layout": toc_layout, "separators": separators},
        "filename": name, "page_count": len(pages), "pages": page_truth,
        "toc": {"pages": [phys[id(p)] for p in front if p.role == "toc"],
                "entries": [{"title": e.title, "item": e.item, "printed_page": e.first, "printed_page_end": e.last,
                             "actual_page": start[e.item], "remark": e.remark} for e in entries]},
        "parts": [{"item": i, "title": heads[i], "pages": [phys[id(p)] for p in body if p.item == i]} for i in items],
    }
    return [GeneratedFile(path, truth)]

"""What each material looks like in a wild dossier: the applicant's own forms, licences,
letters, leases, lists and photos, worded from the wild vocabulary.

Each builder returns the part's pages as `Drawn` pages, which record beside the sheet
which key fields really appear on it (a lease's area and term are on its second page, a
two-page letter is signed and dated on the second) and how the page was made (a photo
page, a landscape table, a page fit to be born-digital).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from factory.identity import Applicant, cn_date, cn_date_padded, person_name, random_date
from factory.layout import LEFT, TOP, Column, FormRow, Style, form_table, heading, prose_pages, table_pages
from factory.sheet import RED, Sheet
from factory.wild import vocabulary as V
from factory.wild.pictures import PhotoSheet

LANDSCAPE = (842.0, 595.0)


@dataclass
class Drawn:
    """One page of a part: the sheet, the key fields drawn on it, how it is made."""

    sheet: Sheet
    fields: list[str] = field(default_factory=list)
    photo: bool = False  # mostly photographs: no text direction to judge
    can_be_digital: bool = False  # a typed page that may go in as born-digital vector text


@dataclass
class Ctx:
    app: Applicant
    style: Style
    rng: random.Random
    title: str | None  # the heading on the first page (None: the part starts without one)
    n_pages: int
    credit_hit: bool = False  # the credit printout lists the unit as seriously dishonest
    landscape: bool = False  # wide tables are laid out on landscape pages


def _pages(sheets: list[Sheet], fields: dict[int, list[str]] | None = None, **kw) -> list[Drawn]:
    return [Drawn(s, list((fields or {}).get(k, [])), **kw) for k, s in enumerate(sheets)]


def _start(ctx: Ctx, sheet: Sheet) -> float:
    return heading(sheet, ctx.title, ctx.style) if ctx.title else TOP + ctx.style.body_size


def _prose(rng: random.Random, heads: list[str], lead: list[tuple[str, str]] | None = None) -> Iterator[tuple[str, str]]:
    yield from lead or []
    deck: list[str] = []
    while True:
        for head in heads:
            yield "h", head
            for _ in range(rng.randrange(1, 4)):
                text = ""
                for _ in range(rng.randrange(2, 4)):
                    if not deck:
                        deck = rng.sample(V.PROSE, len(V.PROSE))
                    text += deck.pop()
                yield "p", text


def _seal(sheet: Sheet, rng: random.Random, x: float, y: float, name: str) -> None:
    sheet.seal(x + rng.uniform(-15, 15), y + rng.uniform(-12, 8), rng.uniform(46, 56), name)


def _fill_filler(app: Applicant, rng: random.Random) -> list[tuple[str, str]]:
    values = {"established": cn_date(app.established), "nature": rng.choice(V.NATURES),
              "staff": rng.randrange(20, 900), "bank": rng.choice(["工商", "建设", "农业", "招商"]),
              "mail": "hr" + str(rng.randrange(100, 999)), "host": rng.choice(["163", "qq", "126"]),
              "business": rng.choice(V.BUSINESSES), "zip": f"{rng.randrange(0, 200):03d}"}
    return [(label, value.format(**values)) for label, value in rng.sample(V.FORM_FILLERS, 4)]


def application_form(ctx: Ctx) -> list[Drawn]:
    """The form in one of three layouts: a ruled grid, labels above boxed values, or
    label：value lines. Identity on page 1, signature and date on the last page."""
    app, style, rng = ctx.app, ctx.style, ctx.rng
    labels = {key: rng.choice(words) for key, words in V.FORM_LABELS.items()}
    type_text = rng.choice(V.TYPE_WORDS[app.carrier_type])
    key = [("unit_name", app.unit_name), ("credit_code", app.credit_code), ("carrier_type", type_text),
           ("legal_representative", app.legal_representative), ("address", app.address),
           ("contact_person", app.contact_person), ("phone", app.phone)]
    if app.carrier_type != "training_base":
        key.append(("venue_area", f"{app.venue_area}"))
    size = style.body_size
    first = style.sheet()
    y = _start(ctx, first)
    layout = rng.choice(("grid", "grid4", "stacked", "lines"))
    if layout == "grid":
        rows = [FormRow([labels[k], v], [0.3, 0.7]) for k, v in key]
        rows += [FormRow([a, b], [0.3, 0.7]) for a, b in _fill_filler(app, rng)[:2]]
        y = form_table(first, y + 6, rows, size, style.right)
    elif layout == "grid4":  # long values get a full row, short ones share a row in pairs
        long_keys = {"unit_name", "credit_code", "address", "carrier_type"}
        rows = [FormRow([labels[k], v], [0.26, 0.74]) for k, v in key if k in long_keys]
        short = [(labels[k], v) for k, v in key if k not in long_keys] + _fill_filler(app, rng)[:1]
        rows += [FormRow([a, b, c, d], [0.2, 0.3, 0.2, 0.3]) for (a, b), (c, d) in zip(short[::2], short[1::2])]
        y = form_table(first, y + 6, rows, size, style.right)
    elif layout == "stacked":
        for k, v in key:
            first.text(LEFT, y + size, labels[k] + "：" if rng.random() < 0.3 else labels[k], size - 1)
            y += size * 1.5
            first.rect(LEFT, y, style.right, y + size * 2.0, 0.6)
            first.text(LEFT + 6, y + size * 1.4, v, size)
            y += size * 2.8
    else:
        for k, v in key:
            first.text(LEFT, y + size, f"{labels[k]}：{v}", size)
            y += size * 2.1
    if y + 60 < style.bottom:
        first.text(LEFT, min(style.bottom - 10, y + 40), rng.choice(V.FORM_NOTES), size - 2)
    drawn = [Drawn(first, [k for k, _ in key], can_be_digital=True)]
    for k in range(1, ctx.n_pages):
        sheet = style.sheet()
        y = TOP + size
        last = k == ctx.n_pages - 1
        if not last:
            rows = [FormRow([a, b], [0.3, 0.7]) for a, b in _fill_filler(app, rng)]
            rows.append(FormRow(["单位简介", "".join(rng.sample(V.PROSE, 3))], [0.3, 0.7], 160))
            form_table(sheet, y, rows, size, style.right)
            drawn.append(Drawn(sheet, can_be_digital=True))
            continue
        rows = [FormRow(["培训开展情况", "".join(rng.sample(V.PROSE, 2))], [0.3, 0.7], 120),
                FormRow(["申报单位意见", "以上情况属实，同意申报。"], [0.3, 0.7], 150)]
        y = form_table(sheet, y, rows, size, style.right) + 40
        sheet.text(style.right - 260, y, f"{labels['unit_name'].replace('（盖章）', '')}（盖章）：", size)
        sheet.text(style.right - 260, y + size * 2.4, f"{labels['application_date']}：{cn_date(app.application_date)}", size)
        _seal(sheet, rng, style.right - 120, y, app.unit_name)
        drawn.append(Drawn(sheet, ["application_date"], can_be_digital=True))
    return drawn


def entity_certificate(ctx: Ctx) -> list[Drawn]:
    """The licence face: double frame, spaced head, labelled lines, the registrar's seal."""
    app, style, rng = ctx.app, ctx.style, ctx.rng
    sheet = style.sheet()
    top = _start(ctx, sheet) if ctx.title else TOP
    x0, x1, y1 = LEFT - 10, style.right + 10, min(style.bottom, top + 560)
    sheet.rect(x0, top, x1, y1, 2.2)
    sheet.rect(x0 + 6, top + 6, x1 - 6, y1 - 6, 0.6)
    size = style.body_size
    sheet.text_center(top + 60, V.LICENCE_HEADS.get(app.certificate_kind, app.certificate_kind), size + 14, bold=True)
    sheet.text_center(top + 86, "（副　本）", size + 1)
    sheet.text(x0 + 30, top + 116, f"{rng.choice(V.LICENCE_LABELS['code'])}  {app.licence_credit_code}", size)
    sheet.rect(x1 - 96, top + 96, x1 - 30, top + 162, 0.8)  # the QR code's frame
    lines = [(rng.choice(V.LICENCE_LABELS["name"]), app.licence_name),
             (rng.choice(V.LICENCE_LABELS["rep"]), app.legal_representative),
             (rng.choice(V.LICENCE_LABELS["address"]), app.address),
             (rng.choice(V.LICENCE_LABELS["established"]), cn_date_padded(app.established)),
             (rng.choice(V.LICENCE_LABELS["term"]), app.business_term)]
    y = top + 190
    for label, value in lines:
        wrapped = sheet.wrap(value, size, x1 - x0 - 150)
        sheet.text(x0 + 30, y, label, size)
        for line in wrapped:
            sheet.text(x0 + 130, y, line, size)
            y += size * 1.9
        y += size * 0.6
    sheet.text(x0 + 30, y + 10, rng.choice(V.LICENCE_EXTRA), size - 3)
    sheet.text(x1 - 210, y1 - 50, "登记机关", size)
    sheet.text(x1 - 210, y1 - 26, cn_date(app.established), size - 1)
    sheet.seal(x1 - 130, y1 - 70, 44, "深圳市市场监督管理局")
    if rng.random() < 0.5:
        sheet.text_center(y1 + 30, "与原件一致", size + 2, color=RED)
        _seal(sheet, rng, sheet.width / 2 + 40, y1 + 20, app.unit_name)
    else:  # the copy is sealed all the same (复印件加盖公章)
        sheet.seal(sheet.width / 2 + 40, y1 + 20, 50, app.unit_name)
    drawn = [Drawn(sheet, ["licence_name", "licence_credit_code", "established", "business_term"])]
    return drawn + _pages([_note_sheet(ctx, "（营业执照正本复印件）") for _ in range(ctx.n_pages - 1)])


def _note_sheet(ctx: Ctx, note: str) -> Sheet:
    sheet = ctx.style.sheet()
    sheet.rect(LEFT, TOP + 20, ctx.style.right, TOP + 460, 1.4)
    sheet.text_center(TOP + 240, note, ctx.style.body_size + 2)
    return sheet


def _id_card(sheet: Sheet, rng: random.Random, y: float, name: str, number: str, born, address: str) -> float:
    """Both sides of an ID card copy, one under the other; returns the y below them."""
    w, h = 250.0, 158.0
    x = (sheet.width - w) / 2
    sheet.rect(x, y, x + w, y + h, 0.8)
    rows = [("姓名", name), ("性别", rng.choice("男女")), ("出生", cn_date(born)), ("住址", address[:13])]
    for k, (label, value) in enumerate(rows):
        sheet.text(x + 12, y + 28 + k * 24, label, 8, color=(0.3, 0.3, 0.5))
        sheet.text(x + 42, y + 28 + k * 24, value, 9)
    sheet.text(x + 12, y + h - 14, "公民身份号码", 8, color=(0.3, 0.3, 0.5))
    sheet.text(x + 78, y + h - 14, number, 10)
    sheet.rect(x + w - 80, y + 20, x + w - 14, y + 100, 0.5, fill=(0.82, 0.82, 0.85))
    y2 = y + h + 24
    sheet.rect(x, y2, x + w, y2 + h, 0.8)
    sheet.text(x + 40, y2 + 50, "中华人民共和国", 14, bold=True)
    sheet.text(x + 60, y2 + 80, "居民身份证", 15, bold=True)
    sheet.text(x + 12, y2 + h - 36, f"签发机关  深圳市公安局{rng.choice(['福田', '南山', '宝安', '龙岗'])}分局", 8)
    start = random_date(rng, date(2014, 1, 1), date(2022, 12, 31))  # a card in force: 20 years, 长期 from 46
    end = "长期" if start.year - born.year >= 46 else f"{start.year + 20}.{start:%m.%d}"
    sheet.text(x + 12, y2 + h - 16, f"有效期限  {start:%Y.%m.%d}-{end}", 8)
    return y2 + h + 20


def _identity_page(ctx: Ctx, name: str, number: str, born, fields: list[str]) -> list[Drawn]:
    sheet = ctx.style.sheet()
    y = _start(ctx, sheet)
    y = _id_card(sheet, ctx.rng, y + 10, name, number, born, ctx.app.address[3:])
    if ctx.rng.random() < 0.6:
        sheet.text_center(y + 20, ctx.rng.choice(["仅供申报认定使用", "此复印件仅用于培训载体申报", "与原件核对无误"]),
                          ctx.style.body_size + 1, color=RED)
    sheet.seal(sheet.width / 2 + 100, y + 14, 48, ctx.app.unit_name)  # the copy is sealed
    return [Drawn(sheet, fields)] + _pages([_note_sheet(ctx, "（身份证明补充页）") for _ in range(ctx.n_pages - 1)])


def legal_rep_id(ctx: Ctx) -> list[Drawn]:
    app = ctx.app
    return _identity_page(ctx, app.legal_representative, app.legal_rep_id, app.legal_rep_born,
                          ["legal_representative", "legal_rep_id"])


def master_id(ctx: Ctx) -> list[Drawn]:
    app = ctx.app
    return _identity_page(ctx, app.master_name or "", app.master_id or "", app.master_born, ["master_name", "master_id"])


def commitment_letter(ctx: Ctx) -> list[Drawn]:
    """Numbered pledges; on two pages the signature, seal and date come on the second."""
    app, style, rng = ctx.app, ctx.style, ctx.rng
    clauses = rng.sample(V.COMMIT_CLAUSES, len(V.COMMIT_CLAUSES))
    per_page = len(clauses) if ctx.n_pages == 1 else max(3, len(clauses) - 2)  # the last page: a few + signature
    size = style.body_size + 1
    drawn = []
    k = 0
    for p in range(ctx.n_pages):
        sheet = style.sheet()
        y = _start(ctx, sheet) if p == 0 else TOP + size
        if p == 0:
            for line in sheet.wrap(f"深圳市人力资源和社会保障局：本单位{app.unit_name}自愿申报认定，郑重承诺如下：",
                                   size, style.right - LEFT):
                sheet.text(LEFT, y + size, line, size)
                y += size * 1.9
        chunk = clauses[k:k + per_page] if p < ctx.n_pages - 1 else clauses[k:]
        for i, clause in enumerate(chunk, start=k + 1):
            for j, line in enumerate(sheet.wrap(f"{i}. {clause}", size, style.right - LEFT - 2 * size)):
                sheet.text(LEFT + (2 * size if j == 0 else 0), y + size, line, size)
                y += size * 1.9
        k += len(chunk)
        fields = []
        if p == ctx.n_pages - 1:
            unit_label, sign_label = rng.choice(V.COMMIT_SIGN)
            y = max(y + 60, style.bottom - 200)
            x = min(style.right - 300, style.right - sheet.measure(unit_label + app.unit_name, size))
            sheet.text(x, y, unit_label + app.unit_name, size)
            end = sheet.text(x, y + size * 2.6, sign_label + app.legal_representative, size).x1
            sheet.signature_field(end + size * 1.2, y + size * 0.7, end + size * 1.2 + 96, y + size * 3.4,
                                  app.legal_representative)
            sheet.text(style.right - 200, y + size * 5.2, cn_date(app.application_date), size)
            _seal(sheet, rng, style.right - 140, y + 10, app.unit_name)
            fields = ["application_date"]
        drawn.append(Drawn(sheet, fields, can_be_digital=True))
    return drawn


def credit_record(ctx: Ctx) -> list[Drawn]:
    """A web printout: a coloured banner, query subject and date, a table of lists and
    results, worded as the site words "not listed" — or one serious-dishonesty hit."""
    app, style, rng = ctx.app, ctx.style, ctx.rng
    sheet = style.sheet()
    y = _start(ctx, sheet) if ctx.title else TOP - 20
    sheet.rect(LEFT - 20, y, style.right + 20, y + 36, 0, color=None, fill=(0.16, 0.36, 0.7))
    sheet.text(LEFT, y + 24, rng.choice(V.CREDIT_HEADS), 16, bold=True, color=(1, 1, 1))
    size = style.body_size
    y += 70
    query = random_date(rng, app.application_date.replace(day=1), app.application_date)
    for line in (f"查询对象：{app.unit_name}", f"统一社会信用代码：{app.credit_code}",
                 f"查询时间：{query:%Y-%m-%d} {rng.randrange(8, 18):02d}:{rng.randrange(60):02d}"):
        sheet.text(LEFT, y, line, size)
        y += size * 2
    rows = []
    for label, value in rng.sample(V.CREDIT_CLEAN, len(V.CREDIT_CLEAN)):  # each list once, in any wording
        if label not in {r[0] for r in rows} and len(rows) < 4:
            rows.append((label, value))
    if ctx.credit_hit:
        label, value = rng.choice(V.CREDIT_HIT)
        rows = [(label, value.format(date=cn_date(query.replace(day=1))))] + [r for r in rows if r[0] != label][:3]
    y += 10
    col = (style.right - LEFT) * 0.55
    for label, value in rows:
        sheet.line(LEFT, y, style.right, y, 0.6)
        sheet.text(LEFT + 8, y + size * 1.5, label, size)
        sheet.text(LEFT + col, y + size * 1.5, value, size, bold=ctx.credit_hit and value[0] in "1列")
        y += size * 2.4
    sheet.line(LEFT, y, style.right, y, 0.6)
    if ctx.credit_hit:
        y += 30
        for line in rng.sample(V.CREDIT_HIT_DETAIL, 2):
            sheet.text(LEFT + 8, y, line, size - 1)
            y += size * 1.8
    sheet.text(LEFT, style.bottom - 10, "https://www.creditchina.gov.cn/  打印时间：" + f"{query:%Y/%m/%d}", 8)
    return [Drawn(sheet)] + _pages([style.sheet() for _ in range(ctx.n_pages - 1)])


def _photo_page(ctx: Ctx, captions: list[str], head: str | None) -> Drawn:
    style, rng = ctx.style, ctx.rng
    sheet = PhotoSheet(font=style.font, size=style.size)
    y = heading(sheet, head, style) if head else TOP
    n = rng.choice((2, 3, 4))
    cols = 1 if n < 4 else 2
    rows = (n + cols - 1) // cols
    cell_w = (style.right - LEFT - (cols - 1) * 16) / cols
    cell_h = (style.bottom - y - rows * 30) / rows
    for i in range(n):
        r, c = divmod(i, cols)
        x0, y0 = LEFT + c * (cell_w + 16), y + r * (cell_h + 30)
        pic_h = min(cell_h - 10, cell_w * 0.72)
        sheet.picture(x0, y0, x0 + cell_w, y0 + pic_h, rng.randrange(2**31))
        sheet.text_center(y0 + pic_h + 18, rng.choice(captions), style.body_size - 1, cx=x0 + cell_w / 2)
    return Drawn(sheet, photo=True)


def venue_proof(ctx: Ctx) -> list[Drawn]:
    """A lease whose area and term clauses sit on its second page, sometimes the lessor's
    title deed, then photo pages of the site."""
    app, style, rng = ctx.app, ctx.style, ctx.rng
    size = style.body_size
    lease_pages = 2 if ctx.n_pages >= 2 else 1
    first = style.sheet()
    y = _start(ctx, first)
    first.text_center(y + size, rng.choice(V.LEASE_HEADS), size + 5, bold=True)
    y += size * 3.5
    lessor_label, lessee_label = rng.choice(V.LEASE_PARTIES)
    for line in (f"{lessor_label}：{app.lessor}", f"{lessee_label}：{app.unit_name}"):
        first.text(LEFT, y, line, size)
        y += size * 2
    clauses = rng.sample(V.LEASE_FILLER, len(V.LEASE_FILLER))
    area = rng.choice(V.LEASE_AREA).format(area=app.venue_area)
    term = rng.choice(V.LEASE_TERM).format(start=cn_date(app.lease_start), end=cn_date(app.lease_end))
    key = [f"第二条 租赁房屋位于{app.address}，{area}。", f"第三条 {term}。",
           f"第四条 月租金为人民币{rng.randrange(20, 400) * 100}元，按{rng.choice(['月', '季度'])}支付。"]
    body1 = [f"第一条 {clauses[0]}"] + ([] if lease_pages == 2 else key)
    body2 = key + [f"第{n}条 {c}" for n, c in zip("五六七八", clauses[1:4])] if lease_pages == 2 else []
    fields_first = ["lessor"] + ([] if lease_pages == 2 else ["venue_area", "lease_start", "lease_end"])

    def paragraphs(sheet: Sheet, y: float, texts: list[str]) -> float:
        for text in texts:
            for j, line in enumerate(sheet.wrap(text, size, style.right - LEFT - 2 * size)):
                sheet.text(LEFT + (2 * size if j == 0 else 0), y + size, line, size)
                y += size * 1.85
            y += size * 0.5
        return y

    y = paragraphs(first, y + 10, body1)
    drawn = [Drawn(first, fields_first)]
    last = first
    if lease_pages == 2:
        second = style.sheet()
        paragraphs(second, TOP, body2)
        drawn.append(Drawn(second, ["venue_area", "lease_start", "lease_end"]))
        last = second
    sy = style.bottom - 120
    last.text(LEFT, sy, f"{lessor_label}（签章）：", size)
    last.text(LEFT + 250, sy, f"{lessee_label}（签章）：", size)
    last.text(LEFT + 250, sy + size * 2.5, cn_date(app.lease_start), size)
    _seal(last, rng, LEFT + 340, sy, app.unit_name)
    extra = ctx.n_pages - lease_pages
    if extra and rng.random() < 0.35:  # the lessor's title deed after the lease
        drawn.append(_deed(ctx))
        extra -= 1
    for _ in range(extra):
        drawn.append(_photo_page(ctx, V.VENUE_CAPTIONS, rng.choice(V.VENUE_PAGE_HEADS) if rng.random() < 0.5 else None))
    return drawn


def _deed(ctx: Ctx) -> Drawn:
    """The lessor's 不动产权证书 copy: the whole building's area, not the leased area."""
    app, style, rng = ctx.app, ctx.style, ctx.rng
    sheet = style.sheet()
    top = TOP + 10
    sheet.rect(LEFT, top, style.right, top + 520, 1.4, color=(0.3, 0.45, 0.3))
    sheet.text_center(top + 50, "不动产权证书", 20, bold=True)
    sheet.text(LEFT + 20, top + 84, f"粤（{rng.randrange(2008, 2020)}）深圳市不动产权第{rng.randrange(10**6, 10**7)}号",
               style.body_size)
    values = [app.lessor, app.address, f"440{rng.randrange(10**9, 10**10)}GB{rng.randrange(10**4, 10**5)}F",
              rng.choice(["国有建设用地使用权/房屋所有权", "房屋所有权"]), rng.choice(["工业", "办公", "商业"]),
              f"房屋建筑面积{app.venue_area + rng.randrange(200, 4000)}㎡",
              f"{rng.randrange(1995, 2012)}年{rng.randrange(1, 13)}月{rng.randrange(1, 28)}日起50年"]
    y = top + 120
    for label, value in zip(V.DEED_LABELS, values):
        sheet.line(LEFT + 10, y - 18, style.right - 10, y - 18, 0.5)
        sheet.text(LEFT + 20, y, label, style.body_size)
        for line in sheet.wrap(value, style.body_size, style.right - LEFT - 150):
            sheet.text(LEFT + 120, y, line, style.body_size)
            y += style.body_size * 1.6
        y += 18
    sheet.seal(style.right - 110, top + 440, 44, "深圳市规划和自然资源局")
    return Drawn(sheet)


def _table(ctx: Ctx, heads: list[str], rows: Iterator[list[str]], intro: Callable | None = None,
           size: tuple[float, float] | None = None) -> list[Sheet]:
    style = ctx.style if size is None else Style(**{**ctx.style.__dict__, "size": size})
    widths = [1 / len(heads)] * len(heads)
    return table_pages(style, ctx.title, [Column(h, w) for h, w in zip(heads, widths)], rows, ctx.n_pages,
                       intro=intro, rng=ctx.rng)


def equipment_list(ctx: Ctx) -> list[Drawn]:
    rng = ctx.rng
    heads = rng.choice(V.EQUIPMENT_HEADS)

    def rows() -> Iterator[list[str]]:
        n = 0
        while True:
            n += 1
            cells = [str(n), rng.choice(V.EQUIPMENT_NAMES), f"{rng.choice('ABCDKXZ')}{rng.randrange(100, 9999)}",
                     str(rng.randrange(1, 40)), str(rng.randrange(8, 900) * 100),
                     f"{rng.randrange(2015, 2023)}.{rng.randrange(1, 13):02d}"]
            if heads[-1] == "存放地点":
                cells[-1] = rng.choice(V.EQUIPMENT_PLACES)
            if heads[-1] == "用途":
                cells = cells[:4] + [rng.choice(["教学", "实训", "考核", "办公"])]
            yield cells
    return _pages(_table(ctx, heads, rows(), size=LANDSCAPE if ctx.landscape else None))


def _prose_part(ctx: Ctx, chapters: list[str]) -> list[Drawn]:
    sheets = prose_pages(ctx.style, ctx.rng, ctx.title, _prose(ctx.rng, chapters), ctx.n_pages)
    return _pages(sheets, can_be_digital=True)


def management_rules(ctx: Ctx) -> list[Drawn]:
    return _prose_part(ctx, V.RULE_CHAPTERS)


def work_plan(ctx: Ctx) -> list[Drawn]:
    return _prose_part(ctx, V.PLAN_CHAPTERS)


def _people(rng: random.Random, heads: list[str]) -> Iterator[list[str]]:
    n = 0
    while True:
        n += 1
        values = {"序号": str(n), "编号": str(n), "姓名": person_name(rng), "学员姓名": person_name(rng),
                  "性别": rng.choice("男女"), "职称/技能等级": _instructor_grade(rng),
                  "专业": rng.choice(V.PROGRAMMES), "专兼职": rng.choice(["专职", "兼职"]),
                  "工种": rng.choice(V.PROGRAMMES), "技能等级": _instructor_grade(rng),
                  "从事年限": f"{rng.randrange(3, 30)}年", "证书等级": _instructor_grade(rng),
                  "任教课程": rng.choice(V.PROGRAMMES), "备注": "",
                  "身份证号码": _masked_id(rng), "证件号码": _masked_id(rng), "培训工种": rng.choice(V.PROGRAMMES),
                  "培训等级": rng.choice(V.LEVEL_WORDS[:4]), "结业时间": f"{rng.randrange(2020, 2023)}.{rng.randrange(1, 13)}",
                  "考核结果": rng.choice(["合格", "合格", "优秀"])}
        yield [values.get(h, "") for h in heads]


def _instructor_grade(rng: random.Random) -> str:
    """Mostly senior (技师 and up, senior titles): a recognised base's teachers are."""
    if rng.random() < 0.75:
        return rng.choice(V.SENIOR_GRADES)
    return rng.choice(V.OTHER_GRADES)


def _masked_id(rng: random.Random) -> str:
    return f"44{rng.randrange(1000, 9999)}********{rng.randrange(1000, 9999)}"


def instructor_roster(ctx: Ctx) -> list[Drawn]:
    heads = ctx.rng.choice(V.ROSTER_HEADS)
    return _pages(_table(ctx, heads, _people(ctx.rng, heads)))


def team_roster(ctx: Ctx) -> list[Drawn]:
    heads = ctx.rng.choice(V.ROSTER_HEADS)
    return _pages(_table(ctx, heads, _people(ctx.rng, heads)))


def training_records(ctx: Ctx) -> list[Drawn]:
    """A yearly summary table on the first page, then trainee lists, sometimes a page of
    activity photos last."""
    app, rng = ctx.app, ctx.rng
    photos = ctx.n_pages >= 3 and rng.random() < 0.5
    heads = rng.choice(V.TRAINING_HEADS)
    summary = []
    for t in app.training:
        cells = {"年份": f"{t['year']}年", "年度": str(t["year"]), "培训项目": "、".join(rng.sample(V.PROGRAMMES, 2)),
                 "培训人次": str(t["trainees"]), "培训人数（人次）": str(t["trainees"]),
                 "其中高级工及以上": str(t["senior"]), "高技能人才（人次）": str(t["senior"]),
                 "结业率": f"{rng.randrange(92, 100)}%", "主要工种": rng.choice(V.PROGRAMMES)}
        summary.append([cells[h] for h in heads])
    trainee_heads = rng.choice(V.TRAINEE_HEADS)
    people = _people(rng, trainee_heads)
    n_tables = ctx.n_pages - (1 if photos else 0)
    first = Ctx(**{**ctx.__dict__, "n_pages": 1})
    drawn = _pages(_table(first, heads, iter(summary)), {0: ["training"]})
    if n_tables > 1:
        rest = Ctx(**{**ctx.__dict__, "n_pages": n_tables - 1, "title": None})
        drawn += _pages(_table(rest, trainee_heads, people))
    if photos:
        drawn.append(_photo_page(ctx, V.ACTIVITY_CAPTIONS, rng.choice(V.ACTIVITY_PAGE_HEADS)))
    return drawn


def rural_training_records(ctx: Ctx) -> list[Drawn]:
    """A yearly summary first (each year's sessions and trainees: the figures the truth
    holds), then the ledger of sessions over the following pages, sometimes a page of
    activity photos last."""
    rng = ctx.rng
    heads = rng.choice(V.RURAL_SUMMARY_HEADS)
    place = rng.choice(V.RURAL_PLACES)
    photos = ctx.n_pages >= 3 and rng.random() < 0.5

    def summary() -> Iterator[list[str]]:
        for t in ctx.app.training:
            cells = {"年度": str(t["year"]), "年份": f"{t['year']}年", "培训期数": str(rng.randrange(12, 40)),
                     "参训人次": str(t["trainees"]), "涉农培训人数（人次）": str(t["trainees"]),
                     "覆盖村（社区）数": str(rng.randrange(3, 15))}
            yield [cells[h] for h in heads]

    def sessions() -> Iterator[list[str]]:
        n = 0
        while True:
            n += 1
            yield [str(n), rng.choice(V.RURAL_PROGRAMMES), f"{place[2]}县{rng.choice(V.VILLAGES)}村",
                   str(rng.randrange(20, 120)), f"{rng.randrange(2020, 2023)}年{rng.randrange(1, 13)}月"]
    drawn = _pages(_table(Ctx(**{**ctx.__dict__, "n_pages": 1}), heads, summary()), {0: ["training"]})
    n_ledger = ctx.n_pages - 1 - (1 if photos else 0)
    if n_ledger > 0:
        rest = Ctx(**{**ctx.__dict__, "n_pages": n_ledger, "title": None})
        drawn += _pages(_table(rest, ["序号", "培训项目", "培训地点", "培训人数", "培训时间"], sessions()))
    if photos:
        drawn.append(_photo_page(ctx, V.ACTIVITY_CAPTIONS, None))
    return drawn


def _agreement_pages(ctx: Ctx, clauses: list[str], parties: list[tuple[str, str]], heading_text: str) -> list[Drawn]:
    """One agreement per page: heading, parties, clauses, two signature blocks."""
    style, rng = ctx.style, ctx.rng
    size = style.body_size
    drawn = []
    for k, (a, b) in enumerate(parties):
        sheet = style.sheet()
        y = _start(ctx, sheet) if k == 0 else TOP + size
        sheet.text_center(y + size, heading_text, size + 4, bold=True)
        y += size * 3.4
        for line in (f"甲方：{a}", f"乙方：{b}"):
            sheet.text(LEFT, y, line, size)
            y += size * 2
        for text in rng.sample(clauses, min(len(clauses), 4)):
            for j, line in enumerate(sheet.wrap(text, size, style.right - LEFT - 2 * size)):
                if y > style.bottom - 150:
                    break
                sheet.text(LEFT + (2 * size if j == 0 else 0), y + size, line, size)
                y += size * 1.85
        sy = style.bottom - 90
        sheet.text(LEFT, sy, "甲方（盖章）：", size)
        sheet.text(LEFT + 250, sy, "乙方（盖章）：", size)
        sheet.text(LEFT + 250, sy + size * 2.4, cn_date(random_date(rng, ctx.app.application_date.replace(year=2021),
                                                                     ctx.app.application_date)), size)
        _seal(sheet, rng, LEFT + 60, sy, a)
        drawn.append(Drawn(sheet))
    return drawn


def partnership_agreements(ctx: Ctx) -> list[Drawn]:
    """A table of all partners first (five to eight: the notice asks for several), then
    the agreements themselves, one a page, as far as the part's pages go."""
    rng = ctx.rng
    places = rng.sample(V.PARTNER_PLACES, rng.randrange(5, 9))
    partners = [f"深圳{place}{rng.choice(V.PARTNER_KINDS)}" for place in places]
    rows = iter([[str(k), name, rng.choice(["校企合作", "订单培养", "共建实训基地", "产教融合"]),
                  f"{rng.randrange(2019, 2023)}年{rng.randrange(1, 13)}月"] for k, name in enumerate(partners, 1)])
    listing = table_pages(ctx.style, ctx.title, [Column(h, w) for h, w in
                                                 zip(rng.choice(V.PARTNER_LIST_HEADS), (0.1, 0.45, 0.25, 0.2))],
                          rows, 1)
    rest = Ctx(**{**ctx.__dict__, "title": None})
    agreements = _agreement_pages(rest, V.AGREEMENT_CLAUSES, [(ctx.app.unit_name, p) for p in partners[:ctx.n_pages - 1]],
                                  rng.choice(["校企合作协议书", "合作框架协议", "产教融合合作协议"]))
    return _pages(listing) + agreements


def cooperation_agreement(ctx: Ctx) -> list[Drawn]:
    rng = ctx.rng
    province, city, county = rng.choice(V.RURAL_PLACES)
    town, village = county + rng.choice(["城", "江", "山", "河"]), rng.choice(V.VILLAGES)
    body = rng.choice(V.VILLAGE_BODIES).format(town=f"{province}{city}{county}县{town}", village=f"{town}镇{village}")
    return _agreement_pages(ctx, V.AID_CLAUSES, [(ctx.app.unit_name, body)] * ctx.n_pages,
                            rng.choice(["结对帮扶协议书", "乡村振兴技能培训合作协议", "帮扶框架协议"]))


def _certificate(sheet: Sheet, rng: random.Random, y: float, name: str, occupation: str, level: str, number: str,
                 issued: str, height: float) -> None:
    x0, x1 = LEFT + 20, sheet.width - LEFT - 20
    sheet.rect(x0, y, x1, y + height, 1.6, color=(0.55, 0.35, 0.1))
    sheet.text_center(y + 40, rng.choice(V.CERT_HEADS), 17, bold=True)
    labels = rng.choice(V.CERT_LABELS)
    values = (name, occupation, level, number, issued)
    yy = y + 76
    for label, value in zip(labels, values):
        sheet.text(x0 + 40, yy, f"{label}：{value}", 11)
        yy += (height - 100) / 5
    sheet.seal(x1 - 80, y + height - 50, 34, "深圳市职业技能鉴定中心")


def master_certificate(ctx: Ctx) -> list[Drawn]:
    """Several certificates in ascending order of level, the master's highest one last."""
    app, style, rng = ctx.app, ctx.style, ctx.rng
    top = V.LEVEL_WORDS.index((app.skill_level or "技师").split("/")[-1])
    levels = [V.LEVEL_WORDS[i] for i in range(max(0, top - 2), top)]
    levels = levels[-max(0, 2 * ctx.n_pages - 1):] + [app.skill_level or "技师"]
    per_page = [levels[i:i + 2] for i in range(0, len(levels), 2)]
    while len(per_page) < ctx.n_pages:
        per_page.insert(0, [])
    per_page = per_page[-ctx.n_pages:] if len(per_page) > ctx.n_pages else per_page
    if len(sum(per_page, [])) < len(levels):  # too few pages: keep the highest
        per_page[-1] = [levels[-1]]
    drawn = []
    year = 2008
    for k, certs in enumerate(per_page):
        sheet = style.sheet()
        y = _start(ctx, sheet) if k == 0 else TOP
        height = (style.bottom - y - 20) / 2
        fields = []
        for level in certs or [None]:
            if level is None:
                sheet.text_center(y + 60, "（证书背面）", style.body_size)
                continue
            year += rng.randrange(2, 5)
            last = level == levels[-1] and k == len(per_page) - 1
            number = app.certificate_no if last else f"S{rng.randrange(10**15, 10**16)}"
            _certificate(sheet, rng, y, app.master_name or "", app.occupation or "", level, number or "",
                         f"{min(year, 2022)}年{rng.randrange(1, 13)}月", height - 10)
            if last:
                fields = ["master_name", "occupation", "skill_level", "certificate_no"]
            y += height + 10
        drawn.append(Drawn(sheet, fields))
    return drawn


def master_honors(ctx: Ctx) -> list[Drawn]:
    style, rng = ctx.style, ctx.rng
    drawn = []
    for k in range(ctx.n_pages):
        sheet = style.sheet()
        y = _start(ctx, sheet) if k == 0 else TOP
        sheet.rect(LEFT, y + 10, style.right, y + 330, 2.0, color=(0.7, 0.1, 0.1))
        sheet.text_center(y + 70, "荣 誉 证 书", 22, bold=True, color=(0.7, 0.1, 0.1))
        text = f"{ctx.app.master_name}同志：在{rng.randrange(2016, 2023)}年度工作中成绩突出，被授予“{rng.choice(V.HONOURS)}”称号。"
        yy = y + 130
        for line in sheet.wrap(text, 13, style.right - LEFT - 80):
            sheet.text(LEFT + 40, yy, line, 13)
            yy += 26
        sheet.seal(style.right - 110, y + 270, 42, rng.choice(["深圳市人力资源和社会保障局", "深圳市总工会"]))
        drawn.append(Drawn(sheet))
    return drawn


def employment_proof(ctx: Ctx) -> list[Drawn]:
    app, rng = ctx.app, ctx.rng
    heads = ["缴费年月", "单位名称", "养老", "医疗", "工伤", "失业"]

    def rows() -> Iterator[list[str]]:
        year, month = 2021, rng.randrange(1, 13)
        while True:
            yield [f"{year}{month:02d}", app.unit_name, "已缴", "已缴", "已缴", "已缴"]
            month += 1
            if month > 12:
                year, month = year + 1, 1

    def intro(sheet: Sheet, y: float) -> float:
        sheet.text(LEFT, y + 10, f"参保人：{app.master_name}    证件号码：{app.master_id}", ctx.style.body_size)
        return y + 30
    return _pages(table_pages(ctx.style, ctx.title, [Column(h, w) for h, w in zip(heads, (0.14, 0.42, 0.11, 0.11, 0.11, 0.11))],
                              rows(), ctx.n_pages, intro=intro, rng=rng))


def apprenticeship_plan(ctx: Ctx) -> list[Drawn]:
    app, rng = ctx.app, ctx.rng
    lead = [("p", f"领衔人{app.master_name}每年带徒不少于{app.apprentices_per_year}名，采取一对一、一对多等方式传授技艺。")]
    sheets = prose_pages(ctx.style, rng, ctx.title, _prose(rng, ["一、带徒目标", "二、培养方式", "三、考核办法"], lead),
                         ctx.n_pages, keep=1)
    return _pages(sheets, {0: ["apprentices_per_year"]})


BUILDERS: dict[str, Callable[[Ctx], list[Drawn]]] = {
    "application_form": application_form, "entity_certificate": entity_certificate, "legal_rep_id": legal_rep_id,
    "commitment_letter": commitment_letter, "credit_record": credit_record, "venue_proof": venue_proof,
    "equipment_list": equipment_list, "management_rules": management_rules, "training_records": training_records,
    "instructor_roster": instructor_roster, "partnership_agreements": partnership_agreements, "master_id": master_id,
    "master_certificate": master_certificate, "master_honors": master_honors, "employment_proof": employment_proof,
    "team_roster": team_roster, "apprenticeship_plan": apprenticeship_plan,
    "cooperation_agreement": cooperation_agreement, "rural_training_records": rural_training_records,
    "work_plan": work_plan,
}


def build(item: str, ctx: Ctx) -> list[Drawn]:
    """The part's pages, exactly `ctx.n_pages` of them."""
    drawn = BUILDERS[item](ctx)
    assert len(drawn) == ctx.n_pages, (item, len(drawn), ctx.n_pages)
    return drawn

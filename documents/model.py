"""What a document needs to say, as plain values: no database, no machine report.

An issued document is an administrative act made from an officer's decisions, so the
writers take these values and nothing else. The case service (`casefile`) fills them from
its store; a test fills them by hand. Everything here is frozen: a document, once its
values are settled, cannot be changed behind the writer's back.

Pages are cited as the applicant's paper copy prints them (`NoticeItem.printed_pages`,
labels such as "12" or "12-14"); the PDF's physical page index (`NoticeItem.pdf_pages`)
is only a hint for the officer and is never printed on a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

# The three carrier types of 深人社函〔2023〕110号, by the ids the checklists use.
CARRIER_TYPE_NAMES: dict[str, str] = {
    "training_base": "高技能人才培训基地",
    "master_studio": "技能大师工作室",
    "rural_station": "乡村振兴技能工作站",
}

RefusalKind = Literal["not_accepted", "ineligible"]


@dataclass(frozen=True)
class Applicant:
    """The unit applying, as its documents name it (one case: unit + type + master)."""

    unit_name: str
    credit_code: str
    carrier_type: str  # "training_base" | "master_studio" | "rural_station"
    carrier_type_name: str = ""  # filled from CARRIER_TYPE_NAMES when left empty
    master_name: str | None = None  # the master of a 技能大师工作室
    address: str = ""
    legal_representative: str = ""
    contact_person: str = ""
    contact_phone: str = ""

    def __post_init__(self) -> None:
        if self.carrier_type not in CARRIER_TYPE_NAMES:
            raise ValueError(f"未知的载体类型“{self.carrier_type}”，可选：{'、'.join(CARRIER_TYPE_NAMES)}")
        if not self.carrier_type_name:
            object.__setattr__(self, "carrier_type_name", CARRIER_TYPE_NAMES[self.carrier_type])

    @property
    def applied_for(self) -> str:
        """What was applied for, as a sentence names it: 深圳市终身职业技能培训载体（技能大师工作室）."""
        return f"深圳市终身职业技能培训载体（{self.carrier_type_name}）"

    @property
    def carrier_title(self) -> str:
        """The carrier's own name on a list: a studio is named after its master."""
        if self.master_name:
            return f"{self.master_name}{self.carrier_type_name}"
        return self.carrier_type_name


@dataclass(frozen=True)
class NoticeItem:
    """One point of a 补正材料通知书: a confirmed (or officer-added) defect.

    `material` is the catalog item's title, `problem` the officer-confirmed wording for the
    applicant, `standard` what that material must meet. `absent` puts the point under
    材料不齐全 (补齐) instead of 不符合法定形式 (补正).
    """

    material: str
    problem: str
    standard: str
    printed_pages: tuple[str, ...] = ()  # as printed on the paper copy: ("12",) or ("12-14",)
    pdf_pages: tuple[int, ...] = ()  # physical PDF pages: an officer's hint, never printed
    absent: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "printed_pages", tuple(str(p) for p in self.printed_pages))
        object.__setattr__(self, "pdf_pages", tuple(int(p) for p in self.pdf_pages))


@dataclass(frozen=True)
class DistrictInfo:
    """The issuing bureau, as its documents print it."""

    district: str  # 福田区 — the key of the 附件1 quota table
    bureau: str  # 深圳市福田区人力资源局
    address: str
    contact_person: str
    contact_phone: str
    seal: str = ""  # the wording over the seal; default: the bureau's name
    postcode: str = ""
    template_dir: str | None = None  # the district's own 红头 templates; None: the bundled ones

    def __post_init__(self) -> None:
        if not self.seal:
            object.__setattr__(self, "seal", self.bureau)


@dataclass(frozen=True)
class RoundInfo:
    """The recognition round a document belongs to: the city's notice and the rules it rests on."""

    year: int = 2023
    notice_title: str = "深圳市人力资源和社会保障局关于开展2023年度终身职业技能培训载体认定工作的通知"
    notice_number: str = "深人社函〔2023〕110号"
    rules_title: str = "深圳市终身职业技能培训载体认定和奖补管理办法"
    rules_number: str = "深人社规〔2022〕13号"
    city_bureau: str = "深圳市人力资源和社会保障局"
    report_by: date = date(2023, 8, 7)  # candidates reported to the city on or before this day


ROUND_2023 = RoundInfo()


@dataclass(frozen=True)
class CorrectionContext:
    """A 补正材料通知书: only the items given, each with its own standard.

    `deadline` is the last day to resubmit when known at issue; None when it runs from
    送达 (the text then says "自送达之日起N个工作日内").
    """

    doc_number: str  # 文号, assigned when the officer issues it
    issued_on: date
    received_on: date
    items: tuple[NoticeItem, ...]
    deadline: date | None = None
    deadline_working_days: int = 5
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))


@dataclass(frozen=True)
class AcceptanceContext:
    """A 受理通知书 for a complete submission."""

    doc_number: str
    issued_on: date
    received_on: date
    note: str = ""


@dataclass(frozen=True)
class RefusalContext:
    """A 不予受理告知书 (`not_accepted`) or 不符合申报条件告知书 (`ineligible`), with its reasons."""

    doc_number: str
    issued_on: date
    received_on: date
    kind: RefusalKind
    reasons: tuple[str, ...]
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "reasons", tuple(self.reasons))


@dataclass(frozen=True)
class PublicityContext:
    """The 公示 of the district's candidate list for `window_start`..`window_end` (working days)."""

    candidates: tuple[Applicant, ...]
    window_start: date
    window_end: date
    issued_on: date
    doc_number: str = ""  # a 公示 usually carries none
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "candidates", tuple(self.candidates))


@dataclass(frozen=True)
class CityReportContext:
    """The written report of the candidate list to the city (cover letter + 汇总表)."""

    candidates: tuple[Applicant, ...]
    quota: int  # the district's cap in 附件1
    district: str
    issued_on: date
    doc_number: str = ""
    publicity_start: date | None = None
    publicity_end: date | None = None
    objections: str = "公示期间未收到异议"
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "candidates", tuple(self.candidates))

"""Load and validate the per-type checklists (`checklists/<carrier_type>.yaml`).

The material catalog, its title variants and the eligibility thresholds are district data,
not code: a district changes a threshold or adds an item by editing YAML. Because a typo
there would silently switch a check off, every file is validated when it is loaded and a
broken one is refused with a Chinese message naming the file and the problem, so the
program stops at start-up instead of half-way through a batch.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kernel.textnorm import title_key

CARRIER_TYPES: tuple[str, ...] = ("training_base", "master_studio", "rural_station")

# The key fields the extractors produce; these ids go into report.json and never change.
COMMON_FIELDS: tuple[str, ...] = (
    "unit_name", "credit_code", "legal_representative", "address", "contact_person", "phone",
    "application_date", "licence_name", "licence_credit_code", "licence_legal_representative",
    "licence_address", "licence_valid_until", "legal_rep_id_name", "legal_rep_id_number",
    "venue_area", "lease_end", "commitment_signer", "commitment_date", "credit_query_date", "credit_result",
)
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "master_studio": (
        "master_name", "master_id_number", "master_skill_level", "master_occupation",
        "master_certificate_no", "master_certificate_name", "master_honours", "apprentices_per_year", "team_size",
        "employer_name", "insured_months",
    ),
    "training_base": (
        "trainees_per_year", "senior_share", "instructor_count", "instructor_senior_share",
        "partnership_count",
    ),
    "rural_station": ("rural_trainees", "cooperation_counterpart", "cooperation_end"),
}

# Skill levels low → high (GB: 五级 … 一级), with the titles above 一级 some cities award.
SKILL_LEVELS: tuple[str, ...] = (
    "五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师", "特级技师", "首席技师",
)

# Each threshold the validators read, and what kind of value it takes.
ThresholdKind = Literal["number", "count", "share", "level"]
THRESHOLD_KINDS: dict[str, ThresholdKind] = {
    "venue_area_min": "number",
    "trainees_per_year_min": "count",
    "senior_share_min": "share",
    "instructor_senior_share_min": "share",
    "partnerships_min": "count",
    "team_size_min": "count",
    "apprentices_per_year_min": "count",
    "rural_trainees_min": "count",
    "master_level_min": "level",
}

_ITEM_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Pages read whole per part for its fields: every page of the part up to a bound, because
# applicants put key fields on later pages (a 承诺书 signed and dated on page 2, a lease's area
# and term in its clauses, certificates in ascending order with the 技师 one last); an item
# may set its own bound (`read_pages`: rosters, whose counts are over all their rows).
# Full-page OCR is the dominant cost, so a long part (a 200-page training ledger) is still cut off.
PART_PAGES = 6

SealRule = Literal["required", "on_copies", "none"]
SignatureRule = Literal["required", "none"]
SEAL_RULES: tuple[str, ...] = ("required", "on_copies", "none")
SIGNATURE_RULES: tuple[str, ...] = ("required", "none")


class ChecklistError(ValueError):
    """A checklist file that cannot be used; the message is for the operator, in Chinese."""


def level_rank(level: str) -> int | None:
    """Rank (1 = 五级/初级工) of a level written as either half of its name, or None."""
    for rank, name in enumerate(SKILL_LEVELS, start=1):
        if level == name or level in name.split("/"):
            return rank
    return None


class CatalogItem(BaseModel):
    """One material of the catalog: how it is titled, whether it is required, what it carries."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    # Other wordings of the title applicants use; staff extend this list.
    synonyms: list[str] = Field(default_factory=list)
    # Words the part's pages show (table headers, clauses, labels): evidence when its title
    # is worded past recognition.
    content: list[str] = Field(default_factory=list)
    required: bool
    fields: list[str] = Field(default_factory=list)
    # Pages of the part read whole for its fields when it is longer than the review's default
    # bound (a roster's counts and shares are over all its rows).
    read_pages: int | None = Field(default=None, ge=1, le=40)
    # Pages read at first when the part's fields usually stand on its first pages (a yearly
    # table before a long list of trainees); the rest are read only when these leave one of
    # its fields unread. Not for fields counted over all rows (a roster's).
    read_first: int | None = Field(default=None, ge=1, le=40)
    rules: dict[str, Any] = Field(default_factory=dict)
    # The applicant's seal on the part: on the part itself (申报表, 承诺书), on the copies it
    # hands in (复印件加盖公章), or not asked for; a signature in its 签字 field, or not.
    seal: SealRule = "none"
    signature: SignatureRule = "none"

    @property
    def pages_to_read(self) -> int:
        """How many of the part's pages are read whole for its fields."""
        return self.read_pages or PART_PAGES

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ITEM_ID.match(value):
            raise ValueError(f"材料编号“{value}”只能由小写字母、数字和下划线组成")
        return value

    @field_validator("seal", mode="before")
    @classmethod
    def _seal_rule(cls, value: object) -> object:
        if value not in SEAL_RULES:
            raise ValueError(f"盖章要求“{value}”应为 required（须加盖申报单位公章）、on_copies（复印件须加盖公章）或 none")
        return value

    @field_validator("signature", mode="before")
    @classmethod
    def _signature_rule(cls, value: object) -> object:
        if value not in SIGNATURE_RULES:
            raise ValueError(f"签字要求“{value}”应为 required（须法定代表人签字）或 none")
        return value

    @field_validator("synonyms")
    @classmethod
    def _synonyms_not_trivial(cls, value: list[str]) -> list[str]:
        for synonym in value:
            if len(title_key(synonym)) < 2:
                raise ValueError(f"同义标题“{synonym}”太短（至少两个字），会误配其他材料")
        return value

    @field_validator("content")
    @classmethod
    def _content_terms_distinct(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        for term in value:
            if len(term.strip()) < 2:
                raise ValueError(f"内容特征词“{term}”太短（至少两个字），几乎每页都会出现")
            if term.strip() in seen:
                raise ValueError(f"内容特征词“{term}”重复")
            seen.add(term.strip())
        return value


class Checklist(BaseModel):
    """The catalog and thresholds of one carrier type."""

    model_config = ConfigDict(extra="forbid")

    carrier_type: str
    name: str
    type_keywords: list[str] = Field(min_length=1)
    thresholds: dict[str, float | int | str] = Field(default_factory=dict)
    items: list[CatalogItem] = Field(min_length=1)

    @field_validator("carrier_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in CARRIER_TYPES:
            raise ValueError(f"未知的载体类型“{value}”，应为 {'、'.join(CARRIER_TYPES)} 之一")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Checklist:
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise ValueError(f"材料编号“{item.id}”重复")
            seen.add(item.id)
        _check_shared_synonyms(self.items)
        allowed = set(COMMON_FIELDS) | set(TYPE_FIELDS[self.carrier_type])
        for item in self.items:
            for field_id in item.fields:
                if field_id not in allowed:
                    raise ValueError(f"材料“{item.id}”列出的字段“{field_id}”不是本类型可提取的字段")
        for key, value in self.thresholds.items():
            _check_threshold(key, value)
        return self

    def item(self, item_id: str) -> CatalogItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    def item_for_field(self, field_id: str) -> str | None:
        """The catalog item a field is read from (the first one that lists it)."""
        return next((item.id for item in self.items if field_id in item.fields), None)


class DomainWords(BaseModel):
    """The word list title matching segments with (`domain_words.yaml`, bundled)."""

    model_config = ConfigDict(extra="forbid")

    head_nouns: list[str] = Field(min_length=1)
    words: list[str] = Field(default_factory=list)
    fillers: list[str] = Field(default_factory=list)
    same_as: dict[str, str] = Field(default_factory=dict)  # full form → the short form it is compared as

    @model_validator(mode="after")
    def _consistent(self) -> DomainWords:
        for word in [*self.head_nouns, *self.words, *self.fillers, *self.same_as, *self.same_as.values()]:
            if not word.strip() or any(ch.isspace() for ch in word.strip()):
                raise ValueError(f"词“{word}”不能为空或含空格")
        both = set(self.head_nouns) & set(self.fillers)
        if both:
            raise ValueError(f"词“{'、'.join(sorted(both))}”不能既是中心词又是虚词")
        for full, short in self.same_as.items():
            if short in self.same_as:
                raise ValueError(f"same_as 中“{full}”的简称“{short}”自身又有简称，应直接写最终形式")
        return self


def _check_shared_synonyms(items: list[CatalogItem]) -> None:
    """A wording listed under two items could never decide between them."""
    owner: dict[str, str] = {}
    for item in items:
        for wording in dict.fromkeys(title_key(t) for t in [item.title, *item.synonyms]):
            if wording in owner and owner[wording] != item.id:
                raise ValueError(f"同义标题“{wording}”同时列在材料“{owner[wording]}”和“{item.id}”下，无法区分")
            owner[wording] = item.id


def _check_threshold(key: str, value: object) -> None:
    kind = THRESHOLD_KINDS.get(key)
    if kind is None:
        raise ValueError(f"未知的阈值“{key}”，可用的阈值有：{'、'.join(THRESHOLD_KINDS)}")
    if kind == "level":
        if not isinstance(value, str) or level_rank(value) is None:
            raise ValueError(f"阈值“{key}”应为技能等级（如“技师”），实际为“{value}”")
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"阈值“{key}”应为数字，实际为“{value}”")
    if kind == "count" and (not float(value).is_integer() or value < 0):
        raise ValueError(f"阈值“{key}”应为非负整数，实际为“{value}”")
    if kind == "share" and not 0 <= value <= 1:
        raise ValueError(f"阈值“{key}”应为 0 到 1 之间的比例（如 0.2 表示 20%），实际为“{value}”")
    if kind == "number" and value < 0:
        raise ValueError(f"阈值“{key}”不能为负数，实际为“{value}”")


_PYDANTIC_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "未知的配置项（可能拼写错误）",
    "string_type": "应为文字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为键值表",
    "too_short": "不能为空",
}


def _describe(error: dict[str, Any]) -> str:
    where = "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in error["loc"])
    where = where.lstrip(".") or "文件"
    message = _PYDANTIC_MESSAGES.get(error["type"])
    if message is None:
        message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}：{message}"


def _bundled_directory() -> Path:
    return Path(__file__).resolve().parent


def _validated(path: Path, model: type[BaseModel]) -> Any:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ChecklistError(f"找不到检查清单文件 {path}") from exc
    except yaml.YAMLError as exc:
        raise ChecklistError(f"检查清单文件 {path} 不是有效的 YAML：{exc}") from exc
    if not isinstance(raw, dict):
        raise ChecklistError(f"检查清单文件 {path} 有误：内容应为键值表")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "；".join(_describe(error) for error in exc.errors())
        raise ChecklistError(f"检查清单文件 {path} 有误：{problems}") from exc


def _parse(path: Path) -> Checklist:
    checklist = _validated(path, Checklist)
    if checklist.carrier_type != path.stem:
        raise ChecklistError(
            f"检查清单文件 {path} 有误：carrier_type 为“{checklist.carrier_type}”，与文件名不一致"
        )
    return checklist


def load_checklist(carrier_type: str, directory: Path | None = None) -> Checklist:
    """The checklist of one type, from `directory` or the bundled files."""
    if carrier_type not in CARRIER_TYPES:
        raise ChecklistError(f"未知的载体类型“{carrier_type}”，应为 {'、'.join(CARRIER_TYPES)} 之一")
    return _parse(Path(directory or _bundled_directory()) / f"{carrier_type}.yaml")


def load_domain_words(path: Path | None = None) -> DomainWords:
    """The title-matching word list, validated (the bundled `domain_words.yaml` by default)."""
    return _validated(path or _bundled_directory() / "domain_words.yaml", DomainWords)


def required_by_every_type(checklists: dict[str, Checklist]) -> set[str]:
    """The items every carrier type requires (the 申报表, the licence, the 承诺书, the credit
    record, …): what a dossier must contain even when its type cannot be told."""
    required = [{item.id for item in checklist.items if item.required} for checklist in checklists.values()]
    return set.intersection(*required) if required else set()


def load_all_checklists(directory: Path | None = None) -> dict[str, Checklist]:
    """Every type's checklist, each validated, and the matching word list; raises
    ChecklistError on the first bad file."""
    load_domain_words()
    return {carrier_type: load_checklist(carrier_type, directory) for carrier_type in CARRIER_TYPES}

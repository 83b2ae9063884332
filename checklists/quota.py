"""Per-district caps on new carriers (附件1) and the check of a candidate list against them.

The notice caps the city at 73 carriers and splits them per district; a district that
reports more candidates than its cap has its list sent back. The table is data
(`quota.yaml`), loaded and checked (caps add up to the city total) before use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, PositiveInt, model_validator

QUOTA_FILE = Path(__file__).with_name("quota.yaml")


class QuotaTable(BaseModel):
    year: int
    source: str
    total: PositiveInt
    districts: dict[str, PositiveInt]

    @model_validator(mode="after")
    def _caps_add_up(self) -> QuotaTable:
        if sum(self.districts.values()) != self.total:
            raise ValueError(
                f"各区名额合计 {sum(self.districts.values())} 家，与全市名额 {self.total} 家不符"
            )
        return self

    def cap(self, district: str) -> int:
        try:
            return self.districts[district]
        except KeyError:
            raise KeyError(f"名额表中没有“{district}”，可选：{'、'.join(self.districts)}") from None


@dataclass(frozen=True)
class QuotaCheck:
    district: str
    candidates: int
    cap: int

    @property
    def within(self) -> bool:
        return self.candidates <= self.cap

    @property
    def message(self) -> str:
        if self.within:
            return f"{self.district}候选 {self.candidates} 家，未超过名额 {self.cap} 家"
        return f"{self.district}候选 {self.candidates} 家，超过名额 {self.cap} 家（多 {self.candidates - self.cap} 家）"


def load_quota(path: Path | None = None) -> QuotaTable:
    """Load and validate the table; a bad table stops the program with a clear message."""
    source = path or QUOTA_FILE
    try:
        return QuotaTable.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
    except ValueError as exc:
        raise ValueError(f"名额表 {source} 有误：{exc}") from exc


def check_candidates(district: str, candidates: int, table: QuotaTable | None = None) -> QuotaCheck:
    if candidates < 0:
        raise ValueError("候选数量不能为负")
    table = table or load_quota()
    return QuotaCheck(district, candidates, table.cap(district))

"""The issuing district's details and the notice wording, as a validated config.

Each district bureau issues the 补正材料通知书 under its own name, 文号 and contact,
and its staff adjust the wording; keeping all of that in `district.yaml` lets them do
so without touching code. A missing key or a bad template stops the program at start-up
instead of producing a notice with a hole in it.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, PositiveInt, model_validator

DISTRICT_FILE = Path(__file__).with_name("district.yaml")


class DistrictConfig(BaseModel):
    model_config = {"extra": "forbid"}

    authority: str
    authority_short: str
    doc_number: str
    contact_person: str
    contact_phone: str
    address: str
    deadline_working_days: PositiveInt

    title: str
    legal_basis: str
    intro: str
    section_missing: str
    section_form: str
    resubmit: str
    resubmit_without_date: str
    consequence: str
    copies: str
    materials: dict[str, str]
    standards: dict[str, str]

    @model_validator(mode="after")
    def _templates_fill(self) -> DistrictConfig:
        """Fill every template once with sample values so a typo fails now, not mid-batch."""
        self.doc_number.format(short="X", year=2023)
        self.intro.format(received="", applied_for="", filename="", legal_basis="")
        self.resubmit.format(deadline="", days=5)
        self.resubmit_without_date.format(days=5)
        for text in self.standards.values():
            text.format(material="")
        if "default" not in self.materials or "default" not in self.standards:
            raise ValueError("materials 和 standards 均须有 default 项")
        return self

    def material_for(self, code: str) -> str:
        """The most specific entry: the whole code, then its prefix, then the default."""
        return self.materials.get(code) or self.materials.get(code.split(".")[0]) or self.materials["default"]

    def standard_for(self, code: str, material: str) -> str:
        return (self.standards.get(code) or self.standards["default"]).format(material=material)


def load_district_config(path: Path | None = None) -> DistrictConfig:
    source = path or DISTRICT_FILE
    try:
        return DistrictConfig.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
    except (ValueError, KeyError, IndexError) as exc:
        raise ValueError(f"区级配置 {source} 有误：{exc}") from exc

"""The standard each material must meet, as a 补正材料通知书 states it.

A notice must tell the applicant, point by point, what the corrected material has to
satisfy; one generic sentence for every defect tells it nothing. The wording is district
data (`checklists/standards.yaml`): per carrier type and catalog item, refined per finding
code where a defect calls for a narrower standard, and per code for the defects of the
dossier as a whole (file, 目录, 页码). Thresholds in the wording are filled from the type's
checklist, so the notice never states another number than the check applied. The file is
validated when loaded: a catalog item without a standard, an unknown item or a threshold
the checklist does not have stops the program at start-up.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from checklists.loader import CARRIER_TYPES, THRESHOLD_KINDS, Checklist, load_all_checklists

STANDARDS_FILE = Path(__file__).resolve().parent.parent / "checklists" / "standards.yaml"
# Codes about the dossier's form rather than one material's content.
DOSSIER_PREFIXES = ("file.", "toc.", "pages.")
# Codes meaning the material itself is absent: its own standard says what to hand in.
ABSENT_CODES = frozenset({"item.missing", "toc.entry_not_found"})
_CODE = re.compile(r"^[a-z]+\.[a-z0-9_]+$")


class StandardsError(ValueError):
    """A standards file that cannot be used; the message is for the operator, in Chinese."""


class StandardNotFound(LookupError):
    """No standard is defined for what was asked; the officer must write one."""


class _ItemEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    standard: str
    findings: dict[str, str] = {}


class _DossierEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    material: str
    standard: str


class _StandardsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    common: dict[str, _ItemEntry]
    types: dict[str, dict[str, _ItemEntry]]
    dossier: dict[str, _DossierEntry]


def _threshold_text(key: str, value: object) -> str:
    if THRESHOLD_KINDS.get(key) == "share":
        return f"{float(value):.0%}"
    return str(value)


def _filled(text: str, checklist: Checklist, where: str) -> str:
    names = [name for _, name, _, _ in string.Formatter().parse(text) if name]
    unknown = [n for n in names if n not in checklist.thresholds]
    if unknown:
        raise StandardsError(
            f"补正标准 {where} 引用了“{checklist.name}”检查清单中没有的指标：{'、'.join(unknown)}"
        )
    return text.format(**{n: _threshold_text(n, checklist.thresholds[n]) for n in names})


@dataclass(frozen=True)
class Standards:
    """Resolved standards: every (carrier type, item) has one, thresholds filled in."""

    items: dict[tuple[str, str], tuple[str, dict[str, str]]]  # (type, item) → (standard, by code)
    titles: dict[tuple[str, str], str]  # (type, item) → the catalog title
    dossier: dict[str, tuple[str, str]]  # code → (material, standard)

    def _about_dossier(self, item_id: str | None, code: str | None) -> bool:
        if code is None or code in ABSENT_CODES:
            return item_id is None
        return item_id is None or code.startswith(DOSSIER_PREFIXES)

    def standard_for(self, carrier_type: str, item_id: str | None, code: str | None = None) -> str:
        """What the material must meet: the item's standard for `code` if it has one, else the
        item's own; for a defect of the dossier's form, the standard of that code."""
        if self._about_dossier(item_id, code):
            if code in self.dossier:
                return self.dossier[code][1]
            if item_id is None:
                raise StandardNotFound(f"没有为问题类型“{code}”规定补正标准，请审核人员填写")
        key = (carrier_type, item_id or "")
        if key not in self.items:
            raise StandardNotFound(f"“{carrier_type}”的材料目录中没有材料“{item_id}”，请审核人员填写补正标准")
        standard, by_code = self.items[key]
        return by_code.get(code or "", standard)

    def material_for(self, carrier_type: str, item_id: str | None, code: str | None = None) -> str:
        """The material a notice names: the catalog title, or the dossier part a form defect concerns."""
        if self._about_dossier(item_id, code) and code in self.dossier:
            return self.dossier[code][0]
        key = (carrier_type, item_id or "")
        if key not in self.titles:
            raise StandardNotFound(f"“{carrier_type}”的材料目录中没有材料“{item_id}”")
        return self.titles[key]


def _resolve(raw: _StandardsFile, checklists: dict[str, Checklist], path: Path) -> Standards:
    unknown_types = set(raw.types) - set(CARRIER_TYPES)
    if unknown_types:
        raise StandardsError(f"补正标准文件 {path} 有未知的载体类型：{'、'.join(sorted(unknown_types))}")
    for code in [c for e in raw.common.values() for c in e.findings] + list(raw.dossier) + [
        c for t in raw.types.values() for e in t.values() for c in e.findings
    ]:
        if not _CODE.match(code):
            raise StandardsError(f"补正标准文件 {path} 中“{code}”不是问题类型编码（如 field.invalid）")
    items: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
    titles: dict[tuple[str, str], str] = {}
    for carrier_type, checklist in checklists.items():
        own = raw.types.get(carrier_type, {})
        ids = {item.id for item in checklist.items}
        strays = (set(own) | set(raw.common)) - {i.id for c in checklists.values() for i in c.items}
        if strays or set(own) - ids:
            raise StandardsError(
                f"补正标准文件 {path} 中的材料不在“{checklist.name}”检查清单中：{'、'.join(sorted(strays | (set(own) - ids)))}"
            )
        for item in checklist.items:
            entries = [e for e in (own.get(item.id), raw.common.get(item.id)) if e is not None]
            if not entries:
                raise StandardsError(f"补正标准文件 {path} 缺少“{checklist.name}”材料“{item.title}”（{item.id}）的补正标准")
            where = f"{carrier_type}.{item.id}"
            by_code: dict[str, str] = {}
            for entry in reversed(entries):  # the type's own entry wins over the common one
                by_code.update({c: _filled(t, checklist, f"{where}.{c}") for c, t in entry.findings.items()})
            items[(carrier_type, item.id)] = (_filled(entries[0].standard, checklist, where), by_code)
            titles[(carrier_type, item.id)] = item.title
    dossier = {code: (e.material, e.standard) for code, e in raw.dossier.items()}
    return Standards(items=items, titles=titles, dossier=dossier)


def load_standards(path: Path | None = None, checklist_dir: Path | None = None) -> Standards:
    """The standards of `path` (default `checklists/standards.yaml`) resolved against the
    checklists of `checklist_dir` (default the bundled ones); StandardsError when unusable."""
    path = Path(path or STANDARDS_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise StandardsError(f"无法读取补正标准文件 {path}：{exc}") from exc
    try:
        raw = _StandardsFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StandardsError(f"补正标准文件 {path} 格式有误：{where}：{first['msg']}") from exc
    return _resolve(raw, load_all_checklists(checklist_dir), path)


@lru_cache(maxsize=1)
def bundled_standards() -> Standards:
    """The bundled standards, loaded once."""
    return load_standards()

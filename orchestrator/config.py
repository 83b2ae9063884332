"""The run's configuration, checked once before any file is touched, then passed down.

Settings (environment / `.env`), the carrier-type checklists and the district file are all
district data that a person edits. A typo in any of them must stop `check`, `batch` and
`watch` at start-up with a Chinese message naming the file or variable, the place and what
is allowed — not fail every file one by one as 处理出错 and move every original to
`failed/`. So they are loaded here, together, into one `RunConfig`, and the stages receive
what they need from it instead of loading it themselves.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from checklists.loader import Checklist, ChecklistError, load_all_checklists
from outputs.district import DistrictConfig, load_district_config
from kernel.settings import Settings

ENV_PREFIX = "DOSSIER_"


class ConfigError(Exception):
    """A bad setting, checklist or district file; the message is for the operator (Chinese)."""


@dataclass(frozen=True)
class RunConfig:
    settings: Settings
    checklists: dict[str, Checklist]
    district: DistrictConfig


def load_run_config() -> RunConfig:
    """Read and check everything; raises ConfigError on the first bad source."""
    try:
        settings = Settings()
    except ValidationError as exc:
        raise ConfigError("；".join(_describe_setting(error) for error in exc.errors())) from exc
    try:
        checklists = load_all_checklists(settings.checklist_dir)
    except ChecklistError as exc:
        raise ConfigError(str(exc)) from exc
    try:
        district = load_district_config(settings.district_config)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"区级配置文件无法使用：{exc}") from exc
    return RunConfig(settings=settings, checklists=checklists, district=district)


@lru_cache(maxsize=1)
def run_config() -> RunConfig:
    """This process's configuration, loaded on first use.

    The command line loads it before touching any file (so a bad value stops it there);
    a Prefect worker running a deployment loads it when its first flow starts.
    """
    return load_run_config()


def _describe_setting(error: dict[str, Any]) -> str:
    """`设置 DOSSIER_OCR_WORKERS 的值“abc”无效：应为整数（不小于 1、不大于 64）`."""
    name = str(error["loc"][0]) if error["loc"] else ""
    variable = ENV_PREFIX + name.upper()
    return f"设置 {variable} 的值“{error.get('input')}”无效：{_allowed(name, error)}"


def _allowed(name: str, error: dict[str, Any]) -> str:
    field = Settings.model_fields.get(name)
    if field is None:
        return str(error.get("msg", ""))
    choices = typing.get_args(field.annotation)
    if choices and all(isinstance(choice, str) for choice in choices):
        return "可选值为 " + "、".join(choices)
    bounds = {type(m).__name__: m for m in field.metadata}
    kind = _KIND_WORDS.get(_base_type(field.annotation), "合法的值")
    limits = []
    if "Ge" in bounds:
        limits.append(f"不小于 {bounds['Ge'].ge:g}")
    if "Gt" in bounds:
        limits.append(f"大于 {bounds['Gt'].gt:g}")
    if "Le" in bounds:
        limits.append(f"不大于 {bounds['Le'].le:g}")
    return f"应为{kind}" + (f"（{'、'.join(limits)}）" if limits else "")


_KIND_WORDS = {int: "整数", float: "数字", bool: " true 或 false", str: "文字", date: "日期（如 2023-06-30）", Path: "文件或文件夹路径"}


def _base_type(annotation: Any) -> Any:
    """`int` for `int`, `date` for `date | None`."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if len(args) == 1 else annotation

"""Logging for the `dossier` command, set up once when the command starts.

The people who read these lines run the bureau's machines, not the code: each line says when,
how serious (in Chinese) and what, on standard error. `DOSSIER_LOG_LEVEL` picks how much is
shown (default INFO). The libraries the product uses talk a lot at INFO and DEBUG (HTTP
clients, PDF parsing, the OCR runtime, word segmentation); they are held at WARNING so an
operator sees the product's own messages. Prefect's loggers keep their own setting
(`PREFECT_LOGGING_LEVEL`): their flow-run lines are what operators read in the Prefect UI.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping

LEVEL_VARIABLE = "DOSSIER_LOG_LEVEL"
LEVEL_NAMES_ZH = {
    logging.DEBUG: "调试",
    logging.INFO: "信息",
    logging.WARNING: "警告",
    logging.ERROR: "错误",
    logging.CRITICAL: "严重",
}
_LEVELS = {
    **{logging.getLevelName(level): level for level in LEVEL_NAMES_ZH},
    **{name: level for level, name in LEVEL_NAMES_ZH.items()},
    "WARN": logging.WARNING,
}
LINE_FORMAT = "%(asctime)s [%(level_zh)s] %(name)s：%(message)s"
NOISY_LOGGERS = (
    "alembic", "asyncio", "charset_normalizer", "fontTools", "fsspec", "httpcore", "httpx", "jieba", "onnxruntime",
    "pdfminer", "pdfplumber", "PIL", "RapidOCR", "urllib3", "watchdog", "websockets",
)


class LogLevelError(ValueError):
    """DOSSIER_LOG_LEVEL holds a value that is not a level; the message is for the operator."""


class _ChineseLevelFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        record.level_zh = LEVEL_NAMES_ZH.get(record.levelno, record.levelname)
        return super().format(record)


class DossierLogHandler(logging.StreamHandler):
    """The one handler this module installs (so a second call finds it instead of adding
    another). It writes to `sys.stderr` as it is when a record is written, because test
    runners and Prefect swap it after start-up. Prefect's own logging set-up keeps a root
    handler whose class name does not start with "_" and replaces any other: hence the name."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def log_level(environ: Mapping[str, str] | None = None) -> int:
    """The level DOSSIER_LOG_LEVEL names (DEBUG/INFO/WARNING/ERROR/CRITICAL or 调试/信息/警告/错误/严重)."""
    raw = (os.environ if environ is None else environ).get(LEVEL_VARIABLE, "").strip()
    if not raw:
        return logging.INFO
    level = _LEVELS.get(raw.upper())
    if level is None:
        allowed = "、".join([*(logging.getLevelName(level) for level in LEVEL_NAMES_ZH), *LEVEL_NAMES_ZH.values()])
        raise LogLevelError(f"环境变量 {LEVEL_VARIABLE} 的值“{raw}”无效，可选值：{allowed}")
    return level


def configure_logging(environ: Mapping[str, str] | None = None) -> int:
    """Send log records to standard error in Chinese at the chosen level; returns the level.

    Calling it again changes the level and nothing else: there is only ever one handler.
    Raises LogLevelError on an unknown DOSSIER_LOG_LEVEL.
    """
    level = log_level(environ)
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, DossierLogHandler)), None)
    if handler is None:
        handler = DossierLogHandler()
        handler.setFormatter(_ChineseLevelFormatter(LINE_FORMAT, "%Y-%m-%d %H:%M:%S"))
        root.addHandler(handler)
    root.setLevel(level)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    return level

"""OCR engines behind one interface; `make_engine` picks the configured one.

Engine modules are imported only when chosen: PaddleOCR is an optional extra and even
RapidOCR costs a second of imports a process that only reads text layers never needs.
"""

from __future__ import annotations

import importlib

from pipeline.ocr.base import OcrEngine, OcrEngineUnavailable
from kernel.settings import Settings

__all__ = ["OcrEngine", "OcrEngineUnavailable", "engine_name", "make_engine"]


def make_engine(settings: Settings) -> OcrEngine:
    if settings.ocr_engine_factory:
        module, _, factory = settings.ocr_engine_factory.partition(":")
        return getattr(importlib.import_module(module), factory)(settings)
    if settings.ocr_engine == "paddle":
        from pipeline.ocr.paddle import PaddleEngine

        return PaddleEngine(settings)
    from pipeline.ocr.rapid import RapidEngine

    return RapidEngine(settings)


def engine_name(settings: Settings) -> str:
    """The name `make_engine(settings)` would report, without loading any model (cache keys)."""
    if settings.ocr_engine_factory:
        return settings.ocr_engine_factory
    if settings.ocr_engine == "paddle":
        from pipeline.ocr.paddle import paddle_name

        return paddle_name(settings)
    from pipeline.ocr.rapid import rapid_name

    return rapid_name(settings)

"""Replaying OCR results recorded from a real engine, for fast deterministic unit tests.

Parsing and layout logic is tested against what a real engine once returned, without
loading models: `RecordingEngine` wraps a real engine and stores each call's result under
a hash of the image it was given; `RecordedEngine` answers the same calls from that file.
An image that was never recorded is an error, not an empty answer, so a test cannot pass
by silently reading nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from kernel.models import OcrLine
from pipeline.ocr.base import OcrEngine, Region, crop_region


def image_hash(image: np.ndarray) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(str(image.shape).encode())
    digest.update(np.ascontiguousarray(image).tobytes())
    return digest.hexdigest()


class RecordingEngine(OcrEngine):
    """Passes calls to `inner` and remembers the answers; `save` writes them as JSON."""

    def __init__(self, inner: OcrEngine) -> None:
        self.inner = inner
        self.name = inner.name
        self.pages: dict[str, list[dict]] = {}
        self.crops: dict[str, tuple[str, float]] = {}
        self.directions: dict[str, tuple[int, float]] = {}

    def recognise(self, image: np.ndarray, region: Region | None = None) -> list[OcrLine]:
        part, dx, dy = crop_region(image, region)
        lines = self.inner.recognise(part)
        self.pages[image_hash(part)] = [line.model_dump() for line in lines]
        return [line.model_copy(update={"box": _shift(line.box, dx, dy)}) for line in lines]

    def recognise_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        results = self.inner.recognise_crops(crops)
        for crop, result in zip(crops, results):
            self.crops[image_hash(crop)] = result
        return results

    def line_directions(self, crops: list[np.ndarray]) -> list[tuple[int, float]] | None:
        results = self.inner.line_directions(crops)
        if results is not None:
            for crop, result in zip(crops, results):
                self.directions[image_hash(crop)] = result
        return results

    def save(self, path: Path) -> None:
        data = {"engine": self.name, "pages": self.pages, "crops": self.crops, "directions": self.directions}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")


class RecordedEngine(OcrEngine):
    def __init__(self, path: Path) -> None:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self.name = f"recorded:{data['engine']}"
        self._pages = data["pages"]
        self._crops = data["crops"]
        self._directions = data.get("directions")  # absent: the recorded engine had no classifier

    def recognise(self, image: np.ndarray, region: Region | None = None) -> list[OcrLine]:
        part, dx, dy = crop_region(image, region)
        key = image_hash(part)
        if key not in self._pages:
            raise KeyError(f"录制结果中没有这张图像（{key}），请重新录制")
        lines = [OcrLine.model_validate(line) for line in self._pages[key]]
        return [line.model_copy(update={"box": _shift(line.box, dx, dy)}) for line in lines]

    def recognise_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        results = []
        for crop in crops:
            key = image_hash(crop)
            if key not in self._crops:
                raise KeyError(f"录制结果中没有这个裁剪图像（{key}），请重新录制")
            text, confidence = self._crops[key]
            results.append((text, float(confidence)))
        return results

    def line_directions(self, crops: list[np.ndarray]) -> list[tuple[int, float]] | None:
        if self._directions is None:
            return None
        results = []
        for crop in crops:
            key = image_hash(crop)
            if key not in self._directions:
                raise KeyError(f"录制结果中没有这个文字方向判断（{key}），请重新录制")
            direction, confidence = self._directions[key]
            results.append((int(direction), float(confidence)))
        return results


def _shift(box: tuple[float, float, float, float], dx: int, dy: int) -> tuple[float, float, float, float]:
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)

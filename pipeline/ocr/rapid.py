"""RapidOCR with the PP-OCRv6 small models bundled in its wheel: the default engine.

Only the bundled models are used: naming any other model makes RapidOCR download it, which
fails on the bureaus' offline machines, so the model files are checked before the engine
is built and their absence is reported instead of attempted. Crops are recognised one at
a time (`rec_batch_num` 1): a batch pads every crop to the widest one, which on one CPU
thread costs more than it saves (a whole page: 2.9 s against 3.5 s with batches of 6).
Nor is a crop padded to RapidOCR's 320-pixel minimum width (PaddleOCR's training width):
the recogniser's time grows with the width it is given, most lines of a form or a roster are
short cells ("90", "高级工"), and padding them to 320 pixels was most of a table page's time.
`REC_MIN_WIDTH` pads to 160 instead: whole-page reads 0.78–0.82× the time on two factory
dossiers, 14 of 1420 lines read differently, none of them a key field's value (BENCHMARKS.md);
96 pixels began to misread short names.
The per-line 0/180
classifier is off inside whole-page reads: the page scan decides a page's orientation once
and pages are read upright, so classifying every line again would only cost time. The page
scan calls that classifier itself (`line_directions`), on a few of a page's lines, to make
that one decision; its model is the one bundled in the wheel, loaded on first use.
"""

from __future__ import annotations

import math
from importlib import metadata
from pathlib import Path

import cv2
import numpy as np

from kernel.models import OcrLine
from pipeline.ocr.base import OcrEngine, OcrEngineUnavailable, Region, crop_region
from pipeline.ocr.ctc import support
from kernel.settings import Settings

_BUNDLED = ("PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx")
_DIRECTION_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"  # text-line 0/180 classifier
_REC_HEIGHT = 48  # the recogniser's input height (PP-OCR's)
REC_MIN_WIDTH = 160  # pixels a short crop is padded to (RapidOCR's own default: 320)


def rapid_name(settings: Settings) -> str:
    """The engine's name in cache keys: the wheel's version, its bundled models, the
    detector's input size and the recogniser's minimum width (each changes what is read)."""
    version = ".".join(metadata.version("rapidocr").split(".")[:2])
    return f"rapidocr-{version}-ppocrv6-small-det{settings.det_max_side}-rec{REC_MIN_WIDTH}"


def _to_grid(length: int, unit: float) -> int:
    """The least whole number of pixels ≥ `length` that is a multiple of `unit` (rounded up)."""
    return math.ceil(math.ceil(length / unit) * unit)


def _bgr(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image


class RapidEngine(OcrEngine):
    def __init__(self, settings: Settings) -> None:
        try:
            import rapidocr
            from rapidocr import RapidOCR
        except ImportError as exc:  # pragma: no cover - rapidocr is a core dependency
            raise OcrEngineUnavailable("未安装 rapidocr，无法进行文字识别") from exc
        models = Path(rapidocr.__file__).parent / "models"
        missing = [name for name in _BUNDLED if not (models / name).is_file()]
        if missing:
            raise OcrEngineUnavailable(f"rapidocr 安装包中缺少模型文件：{'、'.join(missing)}（不会联网下载）")
        self._ocr = RapidOCR(
            params={
                # "error": a block of a page with marks but no text ("detection result is
                # empty") is an answer, not a problem worth a line in the officer's log
                "Global.log_level": "error",
                "Global.use_cls": False,
                "Cls.model_path": str(models / _DIRECTION_MODEL),
                "Rec.rec_batch_num": 1,
                "Rec.rec_img_shape": [3, _REC_HEIGHT, REC_MIN_WIDTH],
                "Det.limit_type": "max",
                "Det.limit_side_len": settings.det_max_side,
                "EngineConfig.onnxruntime.intra_op_num_threads": settings.ocr_threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )
        self.name = rapid_name(settings)
        self._det_max_side = settings.det_max_side
        self._has_direction_model = (models / _DIRECTION_MODEL).is_file()
        self._warm_up()

    def _warm_up(self) -> None:
        """Load the recogniser now (first call ≈ seconds), not inside the first page's timing.

        The detector loads lazily on the first `recognise`: a worker that only scans pages
        never pays for it in time or memory.
        """
        sample = np.full((48, 160), 255, np.uint8)
        cv2.putText(sample, "12", (40, 36), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
        self.recognise_crops([sample])

    def recognise(self, image: np.ndarray, region: Region | None = None) -> list[OcrLine]:
        part, dx, dy = crop_region(image, region)
        if part.size == 0:
            return []
        result = self._ocr(_bgr(part), use_cls=False)
        if result.boxes is None or result.txts is None:
            return []
        lines = []
        for polygon, text, score in zip(result.boxes, result.txts, result.scores):
            xs, ys = polygon[:, 0], polygon[:, 1]
            box = (float(xs.min()) + dx, float(ys.min()) + dy, float(xs.max()) + dx, float(ys.max()) + dy)
            lines.append(OcrLine(text=text, box=box, confidence=float(score)))
        return lines

    def recognise_blocks(self, image: np.ndarray, blocks: list[Region]) -> list[OcrLine]:
        """Each block read as the whole page's read would see it. RapidOCR first shrinks a page
        to its `max_side_len` (lines are cut from that image) and its detector then sees it
        shrunk to `det_max_side`; a block is cut from the same shrunk page, handed to the
        detector at the same factor, and padded with paper to the detector's 32-pixel grid
        rather than stretched to it."""
        page, record = self._ocr.preprocess_img(_bgr(image))
        to_image_y, to_image_x = record["preprocess"]["ratio_h"], record["preprocess"]["ratio_w"]
        factor = min(1.0, self._det_max_side / max(page.shape[:2]))
        unit = 32 / factor
        detector = self._ocr._load_det_model()  # RapidOCR's own lazy loader; no public accessor
        lines: list[OcrLine] = []
        try:
            for x0, y0, x1, y1 in blocks:
                left, top = int(x0 / to_image_x), int(y0 / to_image_y)
                part = page[top:math.ceil(y1 / to_image_y), left:math.ceil(x1 / to_image_x)]
                if part.size == 0:
                    continue
                height, width = part.shape[:2]
                part = cv2.copyMakeBorder(part, 0, _to_grid(height, unit) - height, 0, _to_grid(width, unit) - width,
                                          cv2.BORDER_CONSTANT, value=(255, 255, 255))
                detector.limit_side_len = max(part.shape[:2]) * factor
                result = self._ocr(part, use_cls=False)
                if result.boxes is None or result.txts is None:
                    continue
                for polygon, text, score in zip(result.boxes, result.txts, result.scores):
                    xs, ys = (polygon[:, 0] + left) * to_image_x, (polygon[:, 1] + top) * to_image_y
                    box = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
                    lines.append(OcrLine(text=text, box=box, confidence=float(score)))
        finally:
            detector.limit_side_len = self._det_max_side
        return lines

    def recognise_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        usable = [i for i, crop in enumerate(crops) if crop.size and min(crop.shape[:2]) >= 2]
        results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        if not usable:
            return results
        output = self._ocr.recognize_txt([_bgr(crops[i]) for i in usable])
        for i, text, score in zip(usable, output.txts, output.scores):
            results[i] = (text, float(score))
        return results

    def text_support(self, crops: list[np.ndarray], texts: list[str],
                     hidden: list[np.ndarray | None] | None = None) -> list[float | None]:
        recogniser = self._ocr._load_rec_model()  # RapidOCR's own lazy loader; no public accessor
        alphabet = recogniser.postprocess_op.dict
        _, height, width = recogniser.rec_image_shape
        results: list[float | None] = []
        for k, crop in enumerate(crops):
            if not crop.size or min(crop.shape[:2]) < 2:
                results.append(None)
                continue
            image = _bgr(crop)
            ratio = max(width / height, image.shape[1] / image.shape[0])
            line = recogniser.resize_norm_img(image, ratio)
            probabilities = recogniser.session(line[np.newaxis].astype(np.float32))[0]
            covered = hidden[k] if hidden is not None else None
            steps = None if covered is None else _hidden_steps(covered, len(probabilities), image.shape, ratio)
            scores = [s for text in texts if (s := support(probabilities, text, alphabet, hidden=steps)) is not None]
            results.append(max(scores, default=None))
        return results

    def line_directions(self, crops: list[np.ndarray]) -> list[tuple[int, float]] | None:
        if not self._has_direction_model:
            return None
        usable = [i for i, crop in enumerate(crops) if crop.size and min(crop.shape[:2]) >= 2]
        results: list[tuple[int, float]] = [(0, 0.0)] * len(crops)
        if usable:
            classifier = self._ocr._load_cls_model()  # RapidOCR's own lazy loader; no public accessor
            output = classifier([_bgr(crops[i]) for i in usable])
            for i, (label, score) in zip(usable, output.cls_res):
                results[i] = (180 if "180" in str(label) else 0, float(score))
        return results


def _hidden_steps(covered: np.ndarray, steps: int, shape: tuple[int, ...], ratio: float) -> np.ndarray:
    """The recogniser's steps over a line whose columns are `covered` (per column of the crop:
    True where it is hidden): a step is hidden when most of the columns it spans are. The
    line is resized to the recogniser's height and padded to `ratio` on the right."""
    height, width = shape[:2]
    resized = min(ratio, width / height)  # the crop's share of the padded line
    columns = (np.arange(steps + 1) / steps * ratio / resized * width).astype(int)
    return np.array([covered[a:b].mean() > 0.5 if b > a and a < width else False
                     for a, b in zip(columns[:-1], np.minimum(columns[1:], width))])

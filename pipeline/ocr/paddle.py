"""PaddleOCR proper, for sites that install the `[paddle]` extra and provide model dirs.

PaddleOCR ships no models and tries to download them at construction, which fails
offline; it runs when given, for detection and recognition, both a model name and a local
directory, with the document-level helpers off (design.md, "OCR is the cost"). Anything
missing is reported as `OcrEngineUnavailable` in words an operator can act on, before
PaddleOCR is ever asked to fetch something.
"""

from __future__ import annotations

import importlib.util
import os

import cv2
import numpy as np

from kernel.models import OcrLine
from pipeline.ocr.base import OcrEngine, OcrEngineUnavailable, Region, crop_region
from kernel.settings import Settings


class PaddleEngine(OcrEngine):
    def __init__(self, settings: Settings) -> None:
        for what, directory in (("检测", settings.paddle_det_model_dir), ("识别", settings.paddle_rec_model_dir)):
            if directory is None:
                raise OcrEngineUnavailable(f"未配置 PaddleOCR 文字{what}模型目录（DOSSIER_PADDLE_{'DET' if what == '检测' else 'REC'}_MODEL_DIR），不会联网下载模型")
            if not (directory / "inference.yml").is_file():
                raise OcrEngineUnavailable(f"PaddleOCR 文字{what}模型目录不存在或不完整：{directory}（缺少 inference.yml）")
        if importlib.util.find_spec("paddleocr") is None:
            raise OcrEngineUnavailable("未安装 PaddleOCR：请安装可选依赖 pip install 'dossier[paddle]'，或改用 rapidocr 引擎")
        os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
        from paddleocr import PaddleOCR, TextRecognition

        threads = settings.ocr_threads
        self._ocr = PaddleOCR(
            text_detection_model_name=settings.paddle_det_model_name,
            text_detection_model_dir=str(settings.paddle_det_model_dir),
            text_recognition_model_name=settings.paddle_rec_model_name,
            text_recognition_model_dir=str(settings.paddle_rec_model_dir),
            use_doc_orientation_classify=False,
            use_doc_unwarping=False,
            use_textline_orientation=False,
            text_det_limit_type="max",
            text_det_limit_side_len=settings.det_max_side,
            device="cpu",
            cpu_threads=threads,
        )
        # crops need recognition alone; the pipeline object offers no such call
        self._recogniser = TextRecognition(
            model_name=settings.paddle_rec_model_name, model_dir=str(settings.paddle_rec_model_dir), device="cpu"
        )
        self.name = paddle_name(settings)

    def recognise(self, image: np.ndarray, region: Region | None = None) -> list[OcrLine]:
        part, dx, dy = crop_region(image, region)
        if part.size == 0:
            return []
        lines = []
        for page in self._ocr.predict(_bgr(part)):
            for polygon, text, score in zip(page["rec_polys"], page["rec_texts"], page["rec_scores"]):
                xs, ys = np.asarray(polygon)[:, 0], np.asarray(polygon)[:, 1]
                box = (float(xs.min()) + dx, float(ys.min()) + dy, float(xs.max()) + dx, float(ys.max()) + dy)
                lines.append(OcrLine(text=text, box=box, confidence=float(score)))
        return lines

    def recognise_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        results = []
        for crop in crops:
            if crop.size == 0:
                results.append(("", 0.0))
                continue
            output = next(iter(self._recogniser.predict(_bgr(crop))))
            results.append((output["rec_text"], float(output["rec_score"])))
        return results


def paddle_name(settings: Settings) -> str:
    return f"paddleocr-{settings.paddle_det_model_name}-{settings.paddle_rec_model_name}-det{settings.det_max_side}".lower()


def _bgr(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image

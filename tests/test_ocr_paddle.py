"""PaddleOCR: a clear error instead of a download; a real run only where models are provided."""

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest

from pipeline.ocr import OcrEngineUnavailable, make_engine
from kernel.settings import Settings

HAVE_PADDLE = importlib.util.find_spec("paddleocr") is not None
DET = os.environ.get("DOSSIER_TEST_PADDLE_DET_DIR")
REC = os.environ.get("DOSSIER_TEST_PADDLE_REC_DIR")


@pytest.mark.skipif(HAVE_PADDLE, reason="paddleocr is installed: the not-installed error cannot occur")
def test_paddle_not_installed_is_a_clear_chinese_error(tmp_path):
    (tmp_path / "inference.yml").write_text("Global: {model_name: PP-OCRv5_mobile_det}\n")
    with pytest.raises(OcrEngineUnavailable, match="未安装 PaddleOCR"):
        make_engine(Settings(ocr_engine="paddle", paddle_det_model_dir=tmp_path, paddle_rec_model_dir=tmp_path))


def test_paddle_missing_model_dirs_are_a_clear_chinese_error_not_a_download(tmp_path):
    with pytest.raises(OcrEngineUnavailable, match="未配置 PaddleOCR 文字检测模型目录"):
        make_engine(Settings(ocr_engine="paddle", paddle_det_model_dir=None, paddle_rec_model_dir=tmp_path))
    with pytest.raises(OcrEngineUnavailable, match="模型目录不存在或不完整"):
        make_engine(Settings(ocr_engine="paddle", paddle_det_model_dir=tmp_path / "none", paddle_rec_model_dir=tmp_path))


@pytest.mark.skipif(
    not (HAVE_PADDLE and DET and REC),
    reason="needs paddleocr and local model dirs in DOSSIER_TEST_PADDLE_DET_DIR / DOSSIER_TEST_PADDLE_REC_DIR",
)
def test_paddle_reads_a_line():
    import cv2

    engine = make_engine(Settings(ocr_engine="paddle", paddle_det_model_dir=Path(DET), paddle_rec_model_dir=Path(REC)))
    image = np.full((120, 600), 255, np.uint8)
    cv2.putText(image, "PAGE 25", (40, 80), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    assert "25" in "".join(line.text for line in engine.recognise(image))
    assert "25" in engine.recognise_crops([image[20:110, 20:580]])[0][0]

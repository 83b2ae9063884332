"""Recording a (fake) engine's answers and replaying them without it."""

import numpy as np
import pytest

from kernel.models import OcrLine
from pipeline.ocr.base import OcrEngine
from pipeline.ocr.recorded import RecordedEngine, RecordingEngine


class FakeEngine(OcrEngine):
    """Answers from the image's mean grey level, so different images give different answers."""

    name = "fake-1"

    def recognise(self, image, region=None):
        return [OcrLine(text=f"grey{int(image.mean())}", box=(1.0, 2.0, 3.0, 4.0), confidence=0.9)]

    def recognise_crops(self, crops):
        return [(f"crop{int(c.mean())}", 0.8) for c in crops]


def test_fake_engine_answers_are_replayed_identically(tmp_path):
    page = np.full((40, 60), 200, np.uint8)
    page[10:20, 10:50] = 0
    crops = [np.full((8, 20), 10, np.uint8), np.full((8, 20), 250, np.uint8)]
    recording = RecordingEngine(FakeEngine())
    live_region = recording.recognise(page, region=(5, 5, 55, 35))
    live_crops = recording.recognise_crops(crops)
    recording.save(tmp_path / "rec.json")

    replay = RecordedEngine(tmp_path / "rec.json")
    assert replay.name == "recorded:fake-1"
    assert replay.recognise(page, region=(5, 5, 55, 35)) == live_region
    assert live_region[0].box == (6.0, 7.0, 8.0, 9.0)  # shifted back into page pixels
    assert replay.recognise_crops(crops) == live_crops


def test_fake_engine_recording_refuses_unrecorded_images(tmp_path):
    recording = RecordingEngine(FakeEngine())
    recording.recognise_crops([np.zeros((8, 8), np.uint8)])
    recording.save(tmp_path / "rec.json")
    replay = RecordedEngine(tmp_path / "rec.json")
    with pytest.raises(KeyError, match="录制结果中没有"):
        replay.recognise_crops([np.ones((8, 8), np.uint8)])
    with pytest.raises(KeyError):
        replay.recognise(np.zeros((8, 8), np.uint8))

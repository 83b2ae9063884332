"""The accuracy harness's comparison logic (bench/accuracy.py) on hand-written truth and
report dicts: a harness that scores wrongly makes every number in BENCHMARKS.md wrong."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import accuracy  # noqa: E402  (bench/ is a folder of scripts, not a package)
from accuracy import (  # noqa: E402
    Tally,
    compare,
    compare_fields,
    expected_verdict,
    finding_matches,
    pair_findings,
    render_table,
    scores,
    unmapped_truth_fields,
)


def _f(code, severity="error", item=None, pages=(), message="…"):
    return {"code": code, "severity": severity, "item": item, "pages": list(pages), "message": message}


def test_finding_matches_on_code_item_and_pages():
    truth = _f("toc.page_mismatch", item="venue_proof", pages=[9])
    assert finding_matches(truth, _f("toc.page_mismatch", item="venue_proof", pages=[8, 9]))
    assert not finding_matches(truth, _f("toc.page_mismatch", item="venue_proof", pages=[12]))  # other pages
    assert not finding_matches(truth, _f("toc.page_mismatch", item="equipment_list", pages=[9]))  # other item
    assert not finding_matches(truth, _f("toc.page_mismatch", item="venue_proof", pages=[]))  # no pages at all
    assert not finding_matches(truth, _f("toc.entry_not_found", item="venue_proof", pages=[9]))
    # Where the truth names no item or no pages, any does.
    assert finding_matches(_f("file.name_mismatch"), _f("file.name_mismatch", item="x", pages=[1]))


def test_pairing_is_one_to_one():
    expected = [_f("item.missing", item="commitment_letter")]
    reported = [_f("item.missing", item="commitment_letter"), _f("item.missing", item="commitment_letter")]
    found, correct = pair_findings(expected, reported)
    assert found == [0] and correct == [0]  # the second report of the same defect is a false one
    found, correct = pair_findings(expected * 2, reported[:1])
    assert found == [0] and correct == [0]  # one report cannot answer for two defects


def test_expected_verdict_is_ineligible_where_an_eligibility_error_is_expected():
    truth = {"expected_verdict": "correction", "expected_findings": [_f("eligibility.failed"), _f("item.missing")]}
    assert expected_verdict(truth) == "ineligible"
    assert expected_verdict({"expected_verdict": "accept", "expected_findings": []}) == "accept"


def test_fields_normalised_before_comparison_and_lacking_counted():
    truth = {
        "carrier_type": "training_base",
        "unit_name": "深圳市百川物流（集团）有限公司",
        "application_date": "2023-06-05",
        "venue_area": 1148,
        "business_term": "2017年03月18日至2047年03月18日",
        "skill_level": "一级/高级技师",
        "master_id": "44060419880620386x",
        "phone": "0755-76991670",
        "training": [{"year": 2021, "trainees": 5236, "senior": 1688}, {"year": 2022, "trainees": 3495, "senior": 1172}],
        "lessor": "钟英雪",  # the product does not extract it: neither scored nor unmapped
        "lease_end": "2026-06-11",
        "master_name": None,  # not held: not scored
    }
    report = {"carrier_type": "training_base", "fields": [
        {"id": "unit_name", "value": "深圳市百川物流(集团)有限公司"},
        {"id": "application_date", "value": "2023年6月5日"},
        {"id": "venue_area", "value": "1148 m²"},
        {"id": "licence_valid_until", "value": "2047-03-18"},
        {"id": "master_skill_level", "value": "高级技师"},
        {"id": "master_id_number", "value": "44060419880620386X"},
        {"id": "phone", "value": "075576991670"},
        {"id": "trainees_per_year", "value": 3495},
        {"id": "senior_share", "value": 0.3353},
        {"id": "lease_end", "value": "2026-06-12"},
    ]}
    outcomes = {field_id: outcome for field_id, outcome, _ in compare_fields(truth, report)}
    assert outcomes == {
        "carrier_type": "exact", "unit_name": "exact", "application_date": "exact", "venue_area": "exact", "licence_valid_until": "exact",
        "master_skill_level": "exact", "master_id_number": "exact", "phone": "exact", "trainees_per_year": "exact",
        "senior_share": "exact", "lease_end": "wrong",
    }
    report["fields"], report["carrier_type"] = [], None
    assert {o for _, o, _ in compare_fields(truth, report)} == {"lacking"}
    assert unmapped_truth_fields({**truth, "seal_text": "某某公司"}) == {"seal_text"}


def test_training_table_is_read_into_the_field_of_the_carrier_type():
    training = [{"year": 2022, "trainees": 6674, "senior": 2064}]
    rural = compare_fields({"carrier_type": "rural_station", "training": training},
                           {"carrier_type": "rural_station", "fields": [{"id": "rural_trainees", "value": 6674}]})
    assert [(f, o) for f, o, _ in rural] == [("carrier_type", "exact"), ("rural_trainees", "exact")]
    base = compare_fields({"carrier_type": "training_base", "training": training}, {"fields": []})
    assert [f for f, _, _ in base] == ["carrier_type", "trainees_per_year", "senior_share"]


def test_business_term_without_end_is_long_term():
    truth = {"business_term": "2016年05月03日至长期"}
    assert compare_fields(truth, {"fields": [{"id": "licence_valid_until", "value": "长期"}]})[0][1] == "exact"
    assert compare_fields(truth, {"fields": [{"id": "licence_valid_until", "value": "2046-05-03"}]})[0][1] == "wrong"


def _truth_file(**over):
    base = {
        "filename": "深圳市甲有限公司.pdf", "kind": "dossier", "unit_name": "深圳市甲有限公司",
        "credit_code": "91440300MA5F000000", "expected_verdict": "correction",
        "expected_findings": [_f("toc.page_mismatch", item="venue_proof", pages=[9]),
                              _f("field.below_threshold", severity="warning", item="venue_proof", pages=[9])],
        "fields": {"unit_name": "深圳市甲有限公司"},
        "pages": [{"index": 1, "role": "cover", "printed_number": None}, {"index": 2, "role": "part", "printed_number": 1},
                  {"index": 3, "role": "part", "printed_number": 2}],
    }
    return {**base, **over}


def _report(**over):
    base = {
        "verdict": "correction", "carrier_type": None,
        "applicant": {"unit_name": "深圳市甲有限公司", "credit_code": "91440300MA5F000000"},
        "fields": [{"id": "unit_name", "value": "深圳市甲有限公司"}],
        "findings": [_f("toc.page_mismatch", item="venue_proof", pages=[9]),
                     _f("field.unread", severity="review", item="commitment_letter", pages=[12])],
        "pagination": {"printed": [None, 1, 3]},
    }
    return {**base, **over}


def test_compare_scores_errors_reviews_pages_and_applicant():
    tally = Tally()
    compare(_truth_file(), _report(), tally)
    compare(_truth_file(filename="b.pdf", expected_verdict="accept", expected_findings=[]),
            _report(verdict="correction", findings=[_f("item.missing", item="equipment_list")]), tally)
    result = scores(tally)
    assert result["verdict_accuracy"] == 0.5
    assert (tally.error_expected, tally.error_found, tally.error_reported, tally.error_correct) == (1, 1, 2, 1)
    assert result["error_precision"] == 0.5 and result["error_recall"] == 1.0
    assert tally.reviews_per_file == [1, 0] and result["review_per_3_files"] == 1.5
    assert (tally.numbers_ok, tally.numbers_total) == (2, 4)  # page 3 read as 3, printed 2, in both files
    assert (tally.unnumbered_ok, tally.unnumbered_total) == (2, 2)
    assert result["unit_name"] == 1.0 and result["credit_code"] == 1.0
    assert tally.expected["field.below_threshold"] == 1 and tally.found["field.below_threshold"] == 0
    assert any("false error item.missing equipment_list" in m for m in tally.misses)


def test_a_file_without_report_misses_everything_it_expects():
    tally = Tally()
    compare(_truth_file(), None, tally)
    assert tally.verdict_ok == 0 and tally.error_expected == 1 and tally.error_found == 0
    assert tally.dossiers == 0 and tally.verdicts[("correction", "no report")] == 1


def test_later_part_of_a_split_dossier_is_not_scored_on_fields():
    tally = Tally()
    compare(_truth_file(split={"part": 2}), _report(applicant={"unit_name": None, "credit_code": None}, fields=[]), tally)
    assert tally.applicants == 0 and not tally.field_lacking


def test_table_names_the_profile_and_every_measure():
    tally = Tally()
    compare(_truth_file(), _report(), tally)
    table = render_table(tally, {"profile": "wild", "date": "2026-11-30", "machine": "m", "count": 1, "seed": 3,
                                 "defects": "mix", "seconds": 12.0})
    assert table.startswith("## Accuracy — wild profile")
    for measure in ("error precision", "error recall", "`review` findings", "printed page numbers", "unit name",
                    "credit code", "| `unit_name` |", "lacks", "`field.unread`"):
        assert measure in table, measure


@pytest.mark.parametrize("profile", accuracy.PROFILES)
def test_profile_passes_through_to_synth_fake_commands(profile, monkeypatch, tmp_path):
    """The run asks `dossier synth` for the profile and gives `dossier batch` a cache of its
    own (the two commands are faked: this checks what they are asked, not what they do)."""
    calls = []

    def fake_run(cmd, check, env=None):
        calls.append((cmd, env))
        if cmd[3] == "synth":
            inbox = Path(cmd[cmd.index("--out") + 1])
            inbox.mkdir(parents=True)
            (inbox / "truth.json").write_text('{"files": []}', encoding="utf-8")

    monkeypatch.setattr(accuracy, "subprocess", SimpleNamespace(run=fake_run))
    monkeypatch.setattr(sys, "argv", ["accuracy.py", "--profile", profile, "--count", "2", "--out", str(tmp_path),
                                      "--no-append"])
    assert accuracy.main() == 0
    synth, batch = calls
    assert synth[0][synth[0].index("--profile") + 1] == profile
    cache = Path(batch[1]["DOSSIER_CACHE_DIR"])
    assert cache.name.startswith("dossier-accuracy-cache-") and not cache.exists()  # fresh, and removed after


def test_rescore_scores_an_earlier_run_without_reviewing(monkeypatch, tmp_path):
    run_dir = tmp_path / "wild-seed3-n1"
    (run_dir / "inbox").mkdir(parents=True)
    (run_dir / "reports" / "甲").mkdir(parents=True)
    truth = _truth_file()
    (run_dir / "inbox" / "truth.json").write_text(json.dumps({"files": [truth]}, ensure_ascii=False), encoding="utf-8")
    report = {**_report(), "source": {"filename": truth["filename"]}}
    (run_dir / "reports" / "甲" / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["accuracy.py", "--profile", "wild", "--seed", "3", "--count", "1",
                                      "--out", str(tmp_path), "--no-append", "--rescore"])
    assert accuracy.main() == 0
    result = json.loads((run_dir / "scores.json").read_text(encoding="utf-8"))
    assert result["verdict_accuracy"] == 1.0 and result["error_recall"] == 1.0 and result["review_findings"] == 1
    assert "no report" not in (run_dir / "misses.txt").read_text(encoding="utf-8")


def test_seals_stamped_over_each_other_are_each_scored_against_their_own_report():
    """An authority's small seal under the applicant's large one overlaps the large one's
    report too: the report belongs to the seal it covers most, so the applicant's accepted
    seal is not counted as the authority's."""
    from accuracy import SealTally, compare_seals

    applicant = {"box": [435.0, 658.4, 536.4, 759.8], "is_applicant": True, "text": "甲", "colour": "grey",
                 "shape": "round"}
    authority = {"box": [393.5, 662.5, 461.8, 730.8], "is_applicant": False, "text": "乙", "colour": "grey",
                 "shape": "round"}
    truth = {"filename": "x.pdf", "pages": [{"index": 20, "seals": [authority, applicant]}]}
    report = {"seals": {"pages": [20], "signatures": [], "seals": [
        {"page": 20, "box": [435.9, 658.0, 534.9, 755.9], "shape": "round", "matches_applicant": True, "text": "甲"},
        {"page": 20, "box": [394.9, 662.7, 461.5, 728.9], "shape": "round", "matches_applicant": None, "text": "?"},
    ]}}
    tally, misses = SealTally(), []
    compare_seals(truth, report, tally, misses)
    assert (tally.found_seals, tally.applicant_accepted, tally.other_accepted) == (2, 1, 0), misses

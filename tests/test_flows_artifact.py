"""Each review shows in the Prefect UI as a markdown artifact: verdict, findings, link to report.html."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.artifact import artifact_key, report_link, review_markdown
from kernel.models import Applicant, Finding, Report, Source

SHA = "4b759011f52440b650b4a5aa0b3ebaea55e79c870444b03a458986869b7d01e1"


def _report(**changes) -> Report:
    findings = [
        Finding(code="toc.page_mismatch", severity="error", message="目录中“营业执照”的页码为5，实际在第7页", pages=[7],
                printed_pages=[7]),
        Finding(code="pages.unnumbered", severity="warning", message="以下页面未标注页码|请补充", pages=list(range(2, 12)),
                printed_pages=[None] * 10),
        Finding(code="field.unread", severity="review", message="未能读出场地面积", pages=[9], printed_pages=[None]),
    ]
    values = dict(
        source=Source(filename="深圳市某某科技有限公司.pdf", sha256=SHA, pages=15),
        carrier_type="training_base",
        applicant=Applicant(unit_name="深圳市某某科技有限公司"),
        verdict="correction",
        findings=findings,
    )
    return Report(**{**values, **changes})


def test_the_markdown_has_the_verdict_every_finding_and_the_pages_as_printed(tmp_path):
    text = review_markdown(_report(), tmp_path / "out" / "深圳市某某科技有限公司")

    assert text.startswith("## 深圳市某某科技有限公司.pdf：需补正")
    assert "高技能人才培训基地" in text and "页数：15" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 3
    assert rows[0].startswith("| 错误 | 目录页码不符 |") and "第7页（PDF第7页）" in rows[0]
    assert "PDF第2–11页" in rows[1]  # a long page list as ranges
    assert "以下页面未标注页码｜请补充" in rows[1]  # a "|" in a message does not break the table
    assert rows[2].startswith("| 待人工核对 |") and rows[2].endswith("| PDF第9页 |")


def test_the_link_opens_report_html_under_the_base_url_or_as_a_file(tmp_path):
    folder = tmp_path / "out" / "深圳市某某科技有限公司"

    assert report_link(folder, None) == (folder / "report.html").as_uri()
    assert report_link(folder, "http://files.example/reports/") == (
        "http://files.example/reports/%E6%B7%B1%E5%9C%B3%E5%B8%82%E6%9F%90%E6%9F%90%E7%A7%91%E6%8A%80%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8/report.html"
    )
    assert f"[report.html]({(folder / 'report.html').as_uri()})" in review_markdown(_report(), folder)


def test_a_clean_review_says_so_and_the_key_follows_the_files_content(tmp_path):
    text = review_markdown(_report(verdict="accept", findings=[]), tmp_path / "x")

    assert "## 深圳市某某科技有限公司.pdf：受理" in text and "未发现问题。" in text and "| 严重程度" not in text
    assert artifact_key(_report()) == "dossier-" + SHA[:24]
    assert artifact_key(_report(source=Source(filename="x.pdf"))) is None


@pytest.mark.usefixtures("prefect_harness")
def test_a_review_flow_publishes_its_artifact_to_prefect(tmp_path, make_pdf):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.review_flow import review_dossier

    pdf = make_pdf(tmp_path / "深圳市某某科技有限公司.pdf", pages=1)
    outcome = review_dossier(pdf, tmp_path / "out")

    key = artifact_key(outcome.report)
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))
    assert len(artifacts) == 1
    assert artifacts[0].type == "markdown" and artifacts[0].flow_run_id is not None
    assert artifacts[0].data.startswith("## 深圳市某某科技有限公司.pdf：")
    assert (Path(outcome.report_dir) / "report.html").as_uri() in artifacts[0].data

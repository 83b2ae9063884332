"""The one-file rule across a batch."""

from __future__ import annotations

from pipeline.batch_checks import apply_split_findings, find_split_files, name_base
from kernel.models import Finding

A = "深圳市鹏城智造科技有限公司"
B = "深圳市南山区华强职业培训学校"
CODE_A = "91440300MA5F000001"
CODE_B = "52440305MJL000002X"


def test_distinct_applicants_give_nothing():
    assert find_split_files([(f"{A}.pdf", A, CODE_A), (f"{B}.pdf", B, CODE_B)]) == {}


def test_split_halves_named_up_and_down_flag_each_other():
    result = find_split_files([(f"{A}（上）.pdf", A, CODE_A), (f"{A}（下）.pdf", None, None),
                               (f"{B}.pdf", B, CODE_B)])
    assert set(result) == {f"{A}（上）.pdf", f"{A}（下）.pdf"}
    finding = result[f"{A}（上）.pdf"][0]
    assert finding.code == "file.split" and finding.severity == "error"
    assert f"{A}（下）.pdf" in finding.message


def test_same_credit_code_under_different_file_names():
    result = find_split_files([("材料一.pdf", A, CODE_A), ("补充.pdf", "深圳市鹏城智造科枝有限公司", CODE_A)])
    assert set(result) == {"材料一.pdf", "补充.pdf"}


def test_label_text_read_as_the_code_ties_no_two_applicants():
    """A form reading that took the label for the value gives the same "code" in every file."""
    assert find_split_files([(f"{A}.pdf", A, "统一社会信用"), (f"{B}.pdf", B, "统一社会信用")]) == {}


def test_same_unit_name_key_without_codes():
    result = find_split_files([(f"{A}.pdf", A, None), ("另一份.pdf", "深圳市 鹏城智造科技有限公司", None)])
    assert len(result) == 2


def test_file_name_markers_tie_a_file_without_readable_fields():
    for second in (f"{A}-2.pdf", f"{A}附件.pdf", f"{A}(1).pdf", f"{A}_2.pdf", f"{A}申报材料（二）.pdf"):
        result = find_split_files([(f"{A}.pdf", A, CODE_A), (second, None, None)])
        assert set(result) == {f"{A}.pdf", second}, second


def test_different_codes_keep_similar_names_apart():
    assert find_split_files([(f"{A}.pdf", A, CODE_A), (f"{A}-2.pdf", A + "二", CODE_B)]) == {}


def test_three_parts_each_name_the_other_two():
    files = [(f"{A}（上）.pdf", A, CODE_A), (f"{A}（中）.pdf", None, None), (f"{A}（下）.pdf", None, None)]
    result = find_split_files(files)
    assert all(len(result[f[0]]) == 1 for f in files)
    message = result[f"{A}（中）.pdf"][0].message
    assert f"{A}（上）.pdf" in message and f"{A}（下）.pdf" in message


def test_name_base_strips_markers_and_extras():
    assert name_base(f"{A}申报材料（下）.pdf") == A
    assert name_base(f"{A}-2023年6月.pdf") == A


def test_a_split_part_keeps_page_defects_but_not_whole_dossier_ones():
    own = [
        Finding(code="toc.missing", severity="error", message="未找到目录"),
        Finding(code="item.missing", severity="error", message="缺少必备材料“承诺书”", item="commitment_letter"),
        Finding(code="pages.unnumbered", severity="error", message="第5页（PDF页）未标注页码", pages=[5]),
    ]
    split = [Finding(code="file.split", severity="error", message="与另一文件属于同一申报单位")]

    kept = apply_split_findings(own, split)

    assert [f.code for f in kept] == ["pages.unnumbered", "file.split"]


def test_an_unreadable_file_named_like_a_dossier_splits_nothing():
    """A photo renamed .pdf, named after a unit whose dossier is in the batch: it is reported
    unreadable, and neither it nor the dossier gets `file.split`."""
    from kernel.models import Finding, Report, Source
    from orchestrator.batch import settle_across_files

    dossier = Report(source=Source(filename=f"{A}申报材料.pdf"), applicant={"unit_name": A, "credit_code": CODE_A},
                     verdict="accept")
    unreadable = Report(source=Source(filename=f"{A}.pdf"), verdict="unreadable",
                        findings=[Finding(code="file.unreadable", severity="error", message="文件无法打开")])
    part = Report(source=Source(filename=f"{A}（下）.pdf"), verdict="accept")
    assert settle_across_files([dossier, unreadable]) == []
    assert (dossier.verdict, [f.code for f in dossier.findings]) == ("accept", [])
    assert settle_across_files([dossier, unreadable, part]) == [0, 2]  # a readable second part still splits
    assert unreadable.verdict == "unreadable" and [f.code for f in unreadable.findings] == ["file.unreadable"]

"""The command line speaks Chinese to district staff, including Typer's own help texts."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows.cli import app


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["synth", "--help"]])
def test_help_is_in_chinese(args):
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})

    assert result.exit_code == 0
    assert "显示此帮助信息并退出" in result.output and "选项" in result.output
    assert "Show this message" not in result.output


def test_every_contract_subcommand_is_offered():
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})

    for command in ("check", "batch", "watch", "synth", "demo"):
        assert f" {command} " in result.output

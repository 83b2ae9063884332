"""The command line speaks Chinese to district staff, including Typer's own help texts; it
tells its version and sets up logging once, at start."""

from __future__ import annotations

import logging
from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.logging_setup import LogLevelError, configure_logging, log_level


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["synth", "--help"]])
def test_help_is_in_chinese(args):
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})

    assert result.exit_code == 0
    assert "显示此帮助信息并退出" in result.output and "选项" in result.output
    assert "Show this message" not in result.output


def test_every_contract_subcommand_is_offered():
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})

    for command in ("check", "batch", "watch", "synth", "demo", "case", "web"):
        assert f" {command} " in result.output


def test_version_prints_the_distribution_version():
    result = CliRunner().invoke(app, ["--version"])

    assert result.exit_code == 0
    assert result.output.strip() == f"dossier（szhr-dossier）{version('szhr-dossier')}"


def test_version_is_offered_in_the_help():
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})

    assert "--version" in result.output and "显示版本号并退出" in result.output


def test_a_bad_log_level_stops_the_command_before_it_touches_a_file(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    result = CliRunner().invoke(app, ["check", str(pdf), "--out", str(tmp_path / "out")],
                                env={"DOSSIER_LOG_LEVEL": "loud", "COLUMNS": "200"})

    assert result.exit_code == 2
    assert "DOSSIER_LOG_LEVEL" in result.output and "“loud”无效" in result.output and "WARNING" in result.output
    assert not (tmp_path / "out").exists()


@pytest.fixture
def fresh_root_logger():
    """The root logger as the test found it, restored afterwards (the CLI configures it)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)


def test_logging_is_configured_once_in_chinese_at_the_chosen_level(fresh_root_logger, capsys):
    runner = CliRunner()
    for level in ("DEBUG", "warning"):
        # the start-up runs before the subcommand, so even `check --help` configures logging
        assert runner.invoke(app, ["check", "--help"], env={"DOSSIER_LOG_LEVEL": level}).exit_code == 0

    ours = [h for h in fresh_root_logger.handlers if type(h).__name__ == "DossierLogHandler"]
    assert len(ours) == 1 and fresh_root_logger.level == logging.WARNING
    logging.getLogger("pipeline.workers").warning("第%d页处理失败", 3)
    logging.getLogger("pipeline.workers").info("不应显示")
    err = capsys.readouterr().err
    assert "[警告] pipeline.workers：第3页处理失败" in err and "不应显示" not in err


def test_chinese_level_names_are_accepted(fresh_root_logger):
    assert configure_logging({"DOSSIER_LOG_LEVEL": "调试"}) == logging.DEBUG
    assert fresh_root_logger.level == logging.DEBUG


def test_noisy_libraries_are_held_at_warning_even_when_debugging(fresh_root_logger):
    configure_logging({"DOSSIER_LOG_LEVEL": "DEBUG"})

    assert fresh_root_logger.level == logging.DEBUG
    for name in ("httpx", "pdfminer", "RapidOCR", "jieba", "alembic"):
        assert logging.getLogger(name).getEffectiveLevel() == logging.WARNING, name
    assert logging.getLogger("pipeline.workers").getEffectiveLevel() == logging.DEBUG


def test_default_level_is_info():
    assert log_level({}) == logging.INFO
    assert log_level({"DOSSIER_LOG_LEVEL": " info "}) == logging.INFO
    with pytest.raises(LogLevelError, match="可选值"):
        log_level({"DOSSIER_LOG_LEVEL": "verbose"})


def test_prefect_logging_setup_keeps_ours(fresh_root_logger, capsys):
    from prefect.logging.configuration import setup_logging

    configure_logging({"DOSSIER_LOG_LEVEL": "INFO"})
    setup_logging(incremental=False)  # what Prefect does when a flow module is first imported

    names = [type(h).__name__ for h in fresh_root_logger.handlers]  # pytest adds its own
    # Whether Prefect also puts its own console handler on the root depends on the Prefect
    # settings of the process (a test harness earlier in the same worker installs one); ours
    # must survive either way.
    assert "DossierLogHandler" in names
    logging.getLogger("flows.watcher").info("已归档 %s", "a.pdf")
    assert "[信息] flows.watcher：已归档 a.pdf" in capsys.readouterr().err

"""Chinese words for the parts of `--help` and error output that Typer writes itself.

District staff read the command line's help; Typer and its vendored Click print their
panel titles and the help option's text in English, so these are replaced once, before
the app is built.
"""

from __future__ import annotations

from typer import rich_utils
from typer._click.core import Command

HELP_OPTION_TEXT = "显示此帮助信息并退出。"


def localise_typer() -> None:
    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.ABORTED_TEXT = "已中止。"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"
    if getattr(Command.get_help_option, "localised", False):
        return
    english = Command.get_help_option

    def get_help_option(self, ctx):
        option = english(self, ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    get_help_option.localised = True
    Command.get_help_option = get_help_option

"""The Word file of a document, from a template the district may replace (docxtpl).

Each kind of document has its template, `<kind>.docx` (correction, acceptance,
not_accepted, ineligible, publicity, city_report). A district lays out its own 红头 in Word
and saves its templates in a folder of its own (`DistrictInfo.template_dir`); a kind it has
no template for falls back to the bundled one. A template may only use the variables of
`DocumentContent` (templates/README.md): a misspelt one would print an empty gap in a
legal act, so it is refused with the template's name before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.exceptions import TemplateError

from documents.content import KINDS, DocumentContent

BUNDLED_TEMPLATES = Path(__file__).with_name("templates")
# What a template may name at its top level: the content's fields (and loop variables it makes itself).
ALLOWED_NAMES = frozenset(DocumentContent.__dataclass_fields__)


class TemplateProblem(ValueError):
    """A template that cannot be used; the message, in Chinese, names the file."""


def template_for(kind: str, template_dir: Path | str | None = None) -> Path:
    """The district's template of `kind` if its folder has one, else the bundled one."""
    if kind not in KINDS:
        raise ValueError(f"未知的文书类型“{kind}”，可选：{'、'.join(KINDS)}")
    if template_dir is not None:
        folder = Path(template_dir)
        if not folder.is_dir():
            raise TemplateProblem(f"文书模板文件夹 {folder} 不存在")
        own = folder / f"{kind}.docx"
        if own.is_file():
            return own
    return BUNDLED_TEMPLATES / f"{kind}.docx"


def _open(path: Path) -> DocxTemplate:
    try:
        template = DocxTemplate(str(path))
        template.init_docx()
    except Exception as exc:  # a damaged or non-Word file: python-docx raises many kinds
        raise TemplateProblem(f"文书模板 {path} 无法打开（须为 .docx 格式的 Word 文件）：{exc}") from exc
    return template


def check_template(path: Path) -> None:
    """Refuse a template that names a variable the documents do not have."""
    template = _open(path)
    try:
        names = template.get_undeclared_template_variables()
    except TemplateError as exc:
        raise TemplateProblem(f"文书模板 {path} 中的占位符有语法错误：{exc}") from exc
    unknown = sorted(set(names) - ALLOWED_NAMES)
    if unknown:
        raise TemplateProblem(
            f"文书模板 {path} 使用了未知的变量：{'、'.join(unknown)}；可用的变量：{'、'.join(sorted(ALLOWED_NAMES))}"
        )


def render_docx(content: DocumentContent, target: Path, template_dir: Path | str | None = None) -> Path:
    """Write `content` into `target` (a .docx) through the template of its kind."""
    path = template_for(content.kind, template_dir)
    check_template(path)
    template = _open(path)
    try:
        template.render(content.as_dict(), autoescape=True)
    except TemplateError as exc:
        raise TemplateProblem(f"文书模板 {path} 无法填写：{exc}") from exc
    properties = template.docx.core_properties
    properties.title = f"{content.title}（{content.applicant_name}）" if content.applicant_name else content.title
    properties.author = content.bureau
    template.save(str(target))
    return target

"""notice.html: the printable view of the 补正材料通知书.

For the reviewer to read and print straight from the report without opening Word; it
renders the same `NoticeContent` as notice.docx, so the two cannot disagree.
"""

from __future__ import annotations

from outputs.notice import DRAFT_BANNER, NoticeContent
from outputs.templating import environment


def render_notice_html(content: NoticeContent) -> str:
    return environment().get_template("notice.html.j2").render(n=content, draft_banner=DRAFT_BANNER)

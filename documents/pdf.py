"""Word → PDF through LibreOffice (`soffice --headless --convert-to pdf`).

What the applicant receives is the Word file as LibreOffice or Word lays it out, so that
is what is rendered, not a re-drawing of our own. LibreOffice starts slowly (seconds), so
several files go through one start. Each call uses a fresh user profile in a temporary
folder: a profile shared with a desktop session, or with another conversion running at
the same time, makes soffice exit without converting anything.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

SOFFICE_NAMES = ("soffice", "libreoffice")


class PdfConversionError(RuntimeError):
    """LibreOffice is missing, timed out or produced no PDF; the message is in Chinese."""


def find_soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def docx_to_pdf(documents: Sequence[Path], out_dir: Path, timeout_s: float = 180) -> list[Path]:
    """Convert each Word file into `out_dir/<stem>.pdf`, all in one LibreOffice run.

    Returns the PDFs in the order given. Raises PdfConversionError, naming the files it could
    not convert, when soffice is absent, runs past `timeout_s` or leaves a PDF out.
    """
    if not documents:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise PdfConversionError(
            "未找到 LibreOffice（soffice），无法将文书转换为 PDF；"
            "请安装 Debian 软件包 libreoffice-writer-nogui（见 bench/system-deps.sh）"
        )
    sources = [Path(d).resolve() for d in documents]
    missing = [str(s) for s in sources if not s.is_file()]
    if missing:
        raise PdfConversionError(f"要转换的文书不存在：{'、'.join(missing)}")
    if len({s.stem for s in sources}) < len(sources):
        raise PdfConversionError("要转换的文书中有同名文件，转换结果会互相覆盖，请分开转换")
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dossier-soffice-") as work:
        # Converted into a folder of its own first, so a PDF left from an earlier run in
        # out_dir is never taken for this run's.
        profile, converted = Path(work) / "profile", Path(work) / "pdf"
        command = [
            soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", "pdf", "--outdir", str(converted), *map(str, sources),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(f"LibreOffice 转换 PDF 超时（超过 {timeout_s:g} 秒）") from exc
        made = [converted / f"{s.stem}.pdf" for s in sources]
        failed = [s.name for s, pdf in zip(sources, made) if not pdf.is_file() or pdf.stat().st_size == 0]
        if failed:
            detail = (result.stderr or result.stdout).strip()[-500:]
            raise PdfConversionError(
                f"LibreOffice 未能将下列文书转换为 PDF：{'、'.join(failed)}（退出码 {result.returncode}）{detail}"
            )
        return [Path(shutil.move(str(pdf), out_dir / pdf.name)) for pdf in made]

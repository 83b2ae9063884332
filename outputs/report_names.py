"""Report folder names derived from submitted file names.

A file name comes from an applicant, so it is untrusted: it may hold `../`, an absolute
path, characters Windows shares refuse, or be longer than a file system allows. The folder
name keeps the readable stem (staff look for `深圳市某某有限公司/`), drops everything that
could leave `out_dir`, and is made unique with a suffix rather than ever reusing a folder.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable

# ext4 and NTFS allow 255 bytes per name; leave room for suffixes like `__v12`.
MAX_NAME_BYTES = 180
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_PDF_SUFFIX = re.compile(r"\.pdf$", re.IGNORECASE)


def report_dir_name(filename: str) -> str:
    """A safe, single path component for the report of `filename`."""
    name = re.split(r"[/\\]", filename)[-1]  # the last component, whatever the separator
    stem = _PDF_SUFFIX.sub("", unicodedata.normalize("NFC", name))
    safe = _FORBIDDEN.sub("_", stem).strip(" .")  # no hidden, `.`/`..` or trailing-dot names
    if not safe:
        safe = "未命名"
    if len(safe.encode("utf-8")) > MAX_NAME_BYTES:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        cut = safe.encode("utf-8")[: MAX_NAME_BYTES - 9].decode("utf-8", errors="ignore")
        safe = f"{cut}-{digest}"
    return safe


def first_free(base: str, taken: Callable[[str], bool], suffix: str) -> str:
    """`base`, or `base` + `suffix.format(n=2, 3, …)`, whichever is not `taken` first."""
    if not taken(base):
        return base
    n = 2
    while taken(candidate := base + suffix.format(n=n)):
        n += 1
    return candidate


def batch_dir_names(filenames: list[str]) -> list[str]:
    """One distinct folder name per file, in order; clashes (also by case) get `__2`, `__3`."""
    used: set[str] = set()
    names = []
    for filename in filenames:
        name = first_free(report_dir_name(filename), lambda n: n.casefold() in used, "__{n}")
        used.add(name.casefold())
        names.append(name)
    return names

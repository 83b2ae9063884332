"""Local officers' passwords: scrypt hashes (Python's hashlib) in one JSON file.

Roles are the case file's (`CaseService.officers()`): this file holds nothing but a salted
hash per name, so a district that logs in through its reverse proxy needs none of it. The
file is written whole to a temporary file and renamed, readable by its owner only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from pathlib import Path

# scrypt cost: n=2^14, r=8 takes ~50 ms and 16 MB here — slow for a guesser, quick at login.
_N, _R, _P, _LEN = 2**14, 8, 1, 32
MIN_LENGTH = 8


class PasswordError(ValueError):
    """A password that cannot be set; the message is for the officer (Chinese)."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=_LEN)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class PasswordBook:
    """name → scrypt hash, in `path`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _read(self) -> dict[str, str]:
        if not self.path.is_file():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def set(self, name: str, password: str) -> None:
        if len(password) < MIN_LENGTH:
            raise PasswordError(f"密码至少{MIN_LENGTH}位")
        hashes = self._read()
        hashes[name] = hash_password(password)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(hashes, handle, ensure_ascii=False, indent=1)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def check(self, name: str, password: str) -> bool:
        stored = self._read().get(name)
        if stored is None:
            hash_password(password)  # same time whether the name exists or not
            return False
        return verify_password(password, stored)

    def has(self, name: str) -> bool:
        return name in self._read()

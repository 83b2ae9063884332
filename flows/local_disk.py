"""SQLite files stay on this machine's own disk.

The OCR cache, the watched folders' state and Prefect's own database are SQLite files in
WAL mode. WAL keeps its index in shared memory next to the database, which works between
processes of one machine only: on an NFS or SMB share two hosts each see their own copy of
that index, and the database is corrupted without an error. A busy shared disk also makes
every commit as slow as the network. So a path for one of these files that lies on a
network file system stops the command at start-up, with a Chinese message naming the
setting. Which file system holds a path is read from the kernel's mount table.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

MOUNT_TABLE = Path("/proc/self/mounts")
NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre", "gpfs",
    "beegfs", "ocfs2", "gfs2", "davfs", "fuse.sshfs", "fuse.glusterfs", "fuse.rclone", "fuse.s3fs",
    "fuse.cephfs", "fuse.davfs2", "fuse.gcsfuse",
})


def mounts(table: str | None = None) -> list[tuple[Path, str]]:
    """(mount point, file system type) of every mount, from /proc/self/mounts (or `table`)."""
    if table is None:
        try:
            table = MOUNT_TABLE.read_text(encoding="utf-8", errors="replace")
        except OSError:  # not Linux: nothing known, nothing refused
            return []
    found = []
    for line in table.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            found.append((Path(_unescape(fields[1])), fields[2]))
    return found


def file_system(path: Path, table: Iterable[tuple[Path, str]] | None = None) -> str | None:
    """The type of the file system that holds (or would hold) `path`: its deepest mount."""
    path = _existing_ancestor(Path(path).expanduser().absolute())
    best: tuple[int, str] | None = None
    for point, kind in mounts() if table is None else table:
        if path == point or point in path.parents:
            depth = len(point.parts)
            if best is None or depth >= best[0]:
                best = (depth, kind)
    return best[1] if best else None


def network_share(path: Path, table: Iterable[tuple[Path, str]] | None = None) -> str | None:
    """The network file system `path` is on, or None when it is on a local disk."""
    kind = file_system(path, table)
    return kind if kind in NETWORK_FILE_SYSTEMS else None


def sqlite_paths_on_shares(named: dict[str, Path], table: Iterable[tuple[Path, str]] | None = None) -> list[str]:
    """A Chinese line for each SQLite location (setting name → path) on a network share."""
    table = list(mounts() if table is None else table)
    problems = []
    for setting, path in named.items():
        kind = network_share(path, table)
        if kind:
            problems.append(
                f"{setting}（{path}）位于网络共享盘（{kind}）上：SQLite 数据库只能放在本机磁盘，"
                "否则多台机器同时写入会损坏数据（见 docs/distributed.md）"
            )
    return problems


def _existing_ancestor(path: Path) -> Path:
    """The path itself or its nearest existing parent (a file not created yet is where its folder is)."""
    for candidate in (path, *path.parents):
        try:
            if candidate.exists():
                return Path(os.path.realpath(candidate))
        except OSError:
            continue
    return path


def _unescape(field: str) -> str:
    r"""Mount points escape space, tab, newline and backslash as \040, \011, \012, \134."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 4 <= len(field) and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)

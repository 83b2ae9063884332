"""SQLite files (OCR cache, watch state, Prefect's database) are refused on network shares."""

from __future__ import annotations

import io
import os
from pathlib import Path

from rich.console import Console

from flows import local_disk
from flows.local_disk import file_system, mounts, network_share, sqlite_paths_on_shares

def _fake_table(root: Path) -> str:
    """A mount table with a share, an NFS export under it (with a space), a local disk under that."""
    for folder in ("share/reports", "share/nfs dir", "share/local", "home/staff"):
        (root / folder).mkdir(parents=True)
    return (
        "/dev/vda / ext4 rw,relatime 0 0\n"
        f"//files/共享 {root}/share cifs rw,vers=3.0 0 0\n"
        f"files:/export {root}/share/nfs\\040dir nfs4 rw 0 0\n"
        f"tmpfs {root}/share/local tmpfs rw 0 0\n"
    )


def test_the_deepest_mount_decides_with_fake_mount_table(tmp_path):
    table = mounts(_fake_table(tmp_path))

    assert (tmp_path / "share" / "nfs dir", "nfs4") in table  # \040 is a space
    assert network_share(tmp_path / "share" / "reports" / "x" / "ocr.sqlite3", table) == "cifs"  # not created yet
    assert network_share(tmp_path / "share" / "nfs dir" / "state.sqlite3", table) == "nfs4"
    assert network_share(tmp_path / "share" / "local" / "cache", table) is None  # a local mount under the share
    assert network_share(tmp_path / "home" / "staff" / ".cache", table) is None
    assert file_system(tmp_path / "home" / "staff", table) == "ext4"


def test_each_setting_on_a_share_gets_a_chinese_line_with_fake_mount_table(tmp_path):
    table = mounts(_fake_table(tmp_path))

    problems = sqlite_paths_on_shares(
        {"DOSSIER_CACHE_DIR": tmp_path / "share" / "cache", "DOSSIER_WATCH_STATE_DB": tmp_path / "home" / "w.sqlite3"},
        table,
    )

    assert len(problems) == 1
    assert problems[0].startswith(f"DOSSIER_CACHE_DIR（{tmp_path / 'share' / 'cache'}）位于网络共享盘（cifs）上")
    assert "本机磁盘" in problems[0]


def test_this_machines_temporary_folder_is_local(tmp_path):
    assert file_system(tmp_path / "not-yet" / "ocr.sqlite3") is not None  # the real mount table
    assert network_share(tmp_path / "not-yet" / "ocr.sqlite3") is None


def test_check_refuses_an_ocr_cache_on_a_share_before_touching_a_file_with_fake_mount_table(
    tmp_path, make_pdf, monkeypatch
):
    from flows.commands import run_check

    share = tmp_path / "share"
    share.mkdir()  # a mount point exists
    monkeypatch.setattr(local_disk, "mounts", lambda table=None: [(Path("/"), "ext4"), (share, "cifs")])
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(share / "cache"))
    pdf = make_pdf(tmp_path / "深圳市某某科技有限公司.pdf", pages=1)
    before = (pdf.read_bytes(), pdf.stat().st_mtime_ns)
    said = io.StringIO()

    code = run_check([pdf], tmp_path / "out", Console(file=said, width=300))

    assert code == 2
    assert "DOSSIER_CACHE_DIR" in said.getvalue() and "网络共享盘（cifs）" in said.getvalue()
    assert not (tmp_path / "out").exists() and not (share / "cache").exists()
    assert (pdf.read_bytes(), pdf.stat().st_mtime_ns) == before


def test_watch_refuses_its_state_on_a_share_with_fake_mount_table(tmp_path, make_pdf, monkeypatch):
    from flows.commands import run_watch

    share = tmp_path / "share"
    share.mkdir()
    monkeypatch.setattr(local_disk, "mounts", lambda table=None: [(Path("/"), "ext4"), (share, "nfs")])
    monkeypatch.setenv("DOSSIER_WATCH_STATE_DB", str(share / "watch.sqlite3"))
    pdf = make_pdf(tmp_path / "inbox" / "a.pdf", pages=1)
    said = io.StringIO()

    assert run_watch(tmp_path / "inbox", tmp_path / "out", Console(file=said, width=300), once=True) == 2
    assert "DOSSIER_WATCH_STATE_DB" in said.getvalue() and "网络共享盘（nfs）" in said.getvalue()
    assert os.listdir(tmp_path / "inbox") == ["a.pdf"] and pdf.is_file()
    assert not (share / "watch.sqlite3").exists()


def test_the_watch_state_defaults_to_local_disk_one_file_per_inbox(tmp_path):
    from flows.watcher import default_state_db

    one = default_state_db(tmp_path / "state", Path("/mnt/share/收件/一科"))
    other = default_state_db(tmp_path / "state", Path("/mnt/share/收件2/一科"))

    assert one.parent == tmp_path / "state" and one.name.startswith("watch-一科-") and one.suffix == ".sqlite3"
    assert one != other  # same folder name, another inbox

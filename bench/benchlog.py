"""What every benchmark writes alongside its table: the machine it ran on, and the one place
the results go (BENCHMARKS.md, a section appended per run, newest last)."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import psutil

BENCHMARKS = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"


def machine() -> str:
    """The machine and how busy it was when the run started (times are only comparable within one run)."""
    return (f"`{' '.join(platform.uname())}`; {os.cpu_count()} cores; "
            f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM; load average at start "
            f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def append_section(section: str) -> None:
    if not BENCHMARKS.exists():
        BENCHMARKS.write_text("# Benchmarks\n\nOne section per run, newest last.\n\n", encoding="utf-8")
    with BENCHMARKS.open("a", encoding="utf-8") as handle:
        handle.write("\n" + section)

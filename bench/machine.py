"""What machine a benchmark ran on: figures from different CPUs are not comparable."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    """The processor's model name as the kernel reports it (``platform.processor()`` is empty
    on Linux), or the architecture when it is not known."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def described() -> str:
    """Cores and processor, e.g. ``2 cores (AMD EPYC)``."""
    return f"{os.cpu_count()} cores ({cpu_model()})"

"""Start-up stays light: the CLI (and so ``puente serve``) loads matplotlib only with a chart."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_cli_does_not_load_matplotlib() -> None:
    # A fresh interpreter: this test process may already have drawn a chart.
    probe = "import sys, puente.cli; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

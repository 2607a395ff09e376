"""Start-up stays light: the CLI (and so ``puente serve``) loads matplotlib only with a chart,
and creating the app loads no dataframe, analytics or linkage library before a route needs it.
"""

from __future__ import annotations

import subprocess
import sys

# Each several tenths of a second of CPU in every worker, for routes most workers never serve.
LOADED_ON_FIRST_USE = ("pandas", "pyarrow", "duckdb", "splink", "statsmodels", "openpyxl")


def loaded_by(code: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded after running ``code``."""
    # A fresh interpreter: this test process may already have drawn a chart or run a report.
    probe = f"{code}\nimport sys; print(' '.join(m for m in {modules!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_importing_the_cli_does_not_load_matplotlib() -> None:
    assert loaded_by("import puente.cli", ("matplotlib",)) == []


def test_creating_the_app_loads_no_dataframe_or_linkage_library() -> None:
    create = (
        "from puente.settings import load_settings\n"
        "from puente.web.app import create_app\n"
        "create_app(load_settings(database_url='sqlite://'))"
    )
    assert loaded_by(create, LOADED_ON_FIRST_USE) == []

"""Rolling-origin backtest of the monthly forecast: MAPE of the model beside seasonal naive.

Run: ``.venv/bin/python bench/stats_forecast.py`` (imports the shared public files into a
temporary store first). Two series: all CBP encounters at the southwest land border
(FY2020–FY2023, 48 months) and Border Patrol apprehensions there (FY2000–FY2020, 252 months).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from puente.settings import load_settings  # noqa: E402
from puente.stats.adapters.sources import SHARED_SOURCES, SourceKind, parser_for  # noqa: E402
from puente.stats.adapters.store import open_store  # noqa: E402
from puente.stats.domain.series import SOUTHWEST, Series  # noqa: E402
from puente.stats.services.forecasting import backtest_series, model_for  # noqa: E402
from puente.stats.services.imports import import_release  # noqa: E402

# (series, horizon, first training window, months between origins)
CASES = (
    (Series.CBP_ENCOUNTERS, 1, 24, 1),
    (Series.CBP_ENCOUNTERS, 6, 24, 1),
    (Series.CBP_ENCOUNTERS, 12, 24, 1),
    (Series.USBP_APPREHENSIONS, 1, 120, 6),
    (Series.USBP_APPREHENSIONS, 6, 120, 6),
    (Series.USBP_APPREHENSIONS, 12, 120, 6),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args()
    data = load_settings().shared_data_dir
    with tempfile.TemporaryDirectory() as name, open_store(Path(name) / "f.duckdb") as store:
        for kind, relative in SHARED_SOURCES:
            if kind is not SourceKind.REFUGEES:
                path = data / relative
                import_release(store, parser_for(kind, store.connection, path), path)
        print(f"{'series':20} {'model':54} {'h':>3} {'origins':>7} "
              f"{'model MAPE':>11} {'naive MAPE':>11} {'seconds':>8}")  # fmt: skip
        for series, horizon, min_train, step in CASES:
            started = time.perf_counter()
            result = backtest_series(store, series, SOUTHWEST, horizon, min_train, step)
            print(
                f"{series.value:20} {model_for(min_train).describe():54} {horizon:>3} "
                f"{result.origins:>7} {result.model_mape:>10.1f}% {result.baseline_mape:>10.1f}% "
                f"{time.perf_counter() - started:>8.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()

"""Children adapters: HHS daily-series importer, charts, the March 2021 scenario, the CLI."""

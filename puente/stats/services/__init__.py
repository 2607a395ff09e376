"""Use cases of the statistics context: imports, reports, forecasts and safe exports."""

"""Border statistics: public encounter and refugee data, reports, charts, forecasts and exports."""

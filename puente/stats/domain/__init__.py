"""Pure rules of the statistics context: calendars, series, disclosure control, forecast maths."""

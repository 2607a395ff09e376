"""Children use cases over a unit of work: custody, clock alerts, placement runs, sponsors."""

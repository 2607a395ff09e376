"""Pure case domain: state machine, events, hearings, deadlines; no I/O."""

"""Pure policy domain: the dated policy table, the rules function and the what-if replay."""

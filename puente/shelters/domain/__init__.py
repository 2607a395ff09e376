"""Pure shelter domain: kinds, licences, bed pools by sex and age band, occupancy; no I/O."""

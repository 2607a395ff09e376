"""Pure entry rules: ports, requests, the allocation policy and lottery, appointments, passes."""

"""SLA clocks of appointments (SPEC 10.4): the policy (policy.py), working-hours arithmetic
(hours.py), starting and stopping clocks inside transitions (clocks.py), the sweep job
(sweep.py) and the reads (selectors.py). docs/sla.md describes the defaults."""

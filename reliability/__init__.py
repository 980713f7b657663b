"""`make load` and `make faults`: how the site holds under traffic and faults, measured on this
machine and written to docs/reliability.md."""

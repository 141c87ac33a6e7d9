"""Writes of the tracing app, one module per concern: `requests` (family tracing and the steps
to reunification), `duplicates` (possible duplicate records) and `merges`."""

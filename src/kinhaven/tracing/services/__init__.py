"""Writes of the tracing app, one module per concern: `requests` (family tracing and the steps
to reunification), `duplicates` (possible duplicate records) and `merges`.

Each write takes its input model or its values (tracing.schemas), which checks their types and
limits for the API and the web forms alike; the rules of requests, matches and records are
checked here."""

"""The performance benchmark behind `make bench` (see docs/PERFORMANCE.md).

- ``bench.dataset`` builds a realistic data set quickly (bulk inserts, COPY on PostgreSQL);
  the query-count tests in tests/performance use it too, at two sizes.
- ``bench.run`` creates its own PostgreSQL database, serves the app with gunicorn under
  production settings and drives each page with wrk (``bench/wrk.lua``).
"""

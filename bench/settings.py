"""The production settings, as the load benchmark runs them (bench/load.py).

One change: every simulated resident comes from 127.0.0.1, so the per-address report limit
(5 an hour) would turn the submission run into a test of the limiter. The limiter still runs
and counts each request in Redis; only its ceiling is raised.
"""

from config.settings.production import *  # noqa: F401,F403

REPORT_RATE_LIMIT = (10**9, 3600)

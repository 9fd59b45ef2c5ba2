"""The production settings, as the load benchmark runs them (bench/load.py).

One change: every simulated resident comes from 127.0.0.1, so the per-address report limits
(5 reports, 30 submissions an hour) would turn the submission run into a test of the limiter.
The limiter still runs and counts each request in Redis; only its ceiling is raised (over a
one-second window, so that the count Redis keeps stays small, as with real traffic).
"""

from config.settings.production import *  # noqa: F401,F403

RATE_LIMITS = {"report": "1000000/1s/ip", "report_attempt": "1000000/1s/ip"}

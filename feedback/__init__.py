"""feedback (吹哨): whistle reports, their lifecycle and deadlines, photos in private storage,
status lookup, staff handling, retention, and the monthly figures shown on station and
department pages (a panel registered in units.extensions).

May import: accounts, units, handbook, search, core.
"""

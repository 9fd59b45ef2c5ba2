"""ratings (评议): residents' quarterly ratings of departments per station, moderation, burst
flagging, scorecards (the `scorecard/` route of station and department pages, registered in
units.extensions), the ranking and open data.

May import: feedback, accounts, units, handbook, search, core.
"""

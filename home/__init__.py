"""home: the home page, the district's site settings, the header's navigation, sitemaps,
`/healthz` and the elder-friendly mode switch.

May import: ratings, feedback, accounts, units, handbook, search, core.
"""

"""units (邻里之家): the directory (directory → town → community → station), departments and
their dispatched staff, notices, the station finder, vCard and door poster (routes of the
station page), the roster import/export, and teams (who works for a station or department).

Higher apps extend station and department pages through `units.extensions` (panels, routes).
May import: search, core. Must not import accounts or handbook (same layer).
"""

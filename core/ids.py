"""Database ids from URLs and query strings, bounded to what the database can hold.

Django's `<int:…>` and `str.isdigit()` accept numbers no database column holds ("99…9" with
twenty digits overflows PostgreSQL's bigint and SQLite's integer) and, for isdigit, characters
int() cannot read ("²"). Our URLs use the `id` converter (registered in core.apps) and our views
`parse_id()`; either way a hostile number is simply "not found".
"""

import re

MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def parse_id(value):
    """The id in `value` (ASCII digits, 1 … 2**63-1), or None."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # the pattern does not match: 404
        return number

    def to_url(self, value):
        return str(value)

"""search: site search (`/search/`), Chinese tokenisation and query handling, and the search
backends' settings (see search/README.md).

May import: core.
"""

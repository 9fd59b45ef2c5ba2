"""core: what every app shares, at the bottom of the layers (imports no app of ours).

Owns: phone numbers (`phones`), reporting periods (`periods`), the one locale rule and the
synced English tree (`locale`), the page cache and its generation (`cache`), one-query page
routing (`routing`), the Content Security Policy middleware (`csp`), rate limits
(`ratelimit`), role groups (`groups`), pinyin slugs (`slugs`), the personal-data registry
(`personal_data`), the site-wide template tags (`site_tags`) and the translation tooling.
"""

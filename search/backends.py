"""Search backend settings chosen from the environment.

Chinese analysis for Elasticsearch: the pages' text arrives pre-tokenised (CJK characters and
bigrams separated by spaces, see search/chinese.py) and queries are transformed the same way by
search.engines, so any analyzer that keeps those tokens apart would do. The default analyzer below
(standard tokenizer, which emits each CJK character as a token, then `cjk_bigram` with unigrams)
additionally makes raw Chinese text in models without `ChineseSearchable` (images, documents,
other page types) match the same transformed queries. `default` is used for indexing and for
searching every SearchField; `cjk_width` and `cjk_bigram` ship with Elasticsearch (analysis-common
module), no plugin needed. Autocomplete fields keep modelsearch's edge n-grams; Chinese
autocomplete queries are answered by a full search instead (search.engines).
"""

from urllib.parse import urlsplit

CHINESE_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "linli_cjk_bigram"],
                },
            },
            "filter": {
                "linli_cjk_bigram": {"type": "cjk_bigram", "output_unigrams": True},
            },
        },
    },
}

DATABASE_BACKEND = {"BACKEND": "search.engines", "AUTO_UPDATE": True}


def elasticsearch_backend_settings(url, index_prefix="linli_", alias="default"):
    """Elasticsearch 8 with Chinese queries for ELASTICSEARCH_URL (http[s]://[user:pass@]host[:port]).

    The port defaults to 9200; indexes are named <index_prefix><app>_<model>, e.g.
    linli_wagtailcore_page. `alias` is its name in WAGTAILSEARCH_BACKENDS (its failed index
    changes are queued under it); when it is away, searches go to the "database" backend.
    """
    parts = urlsplit(url)
    host = f"{parts.scheme}://{parts.hostname}:{parts.port or 9200}"
    options = {}
    if parts.username:
        options["basic_auth"] = (parts.username, parts.password or "")
    return {
        "BACKEND": "search.engines.Elasticsearch8SearchBackend",
        "URLS": [host],
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": 5,
        "OPTIONS": options,
        "AUTO_UPDATE": True,
        "ATOMIC_REBUILD": True,
        "INDEX_SETTINGS": CHINESE_INDEX_SETTINGS,
        "ALIAS": alias,
        "FALLBACK": "database",
    }


def search_backends(url):
    """WAGTAILSEARCH_BACKENDS: the database backend alone, or Elasticsearch with the database
    backend kept current beside it, to answer while Elasticsearch is away (search/fallback.py)."""
    if not url:
        return {"default": dict(DATABASE_BACKEND)}
    return {"default": elasticsearch_backend_settings(url), "database": dict(DATABASE_BACKEND)}

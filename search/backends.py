"""Search backend settings chosen from the environment."""

from urllib.parse import urlsplit


def elasticsearch_backend_settings(url):
    """Wagtail's Elasticsearch 8 backend for ELASTICSEARCH_URL (http[s]://[user:pass@]host:port)."""
    parts = urlsplit(url)
    host = f"{parts.scheme}://{parts.hostname}:{parts.port or 9200}"
    options = {"hosts": [host]}
    if parts.username:
        options["basic_auth"] = (parts.username, parts.password or "")
    return {
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "URLS": [host],
        "INDEX": "linli",
        "TIMEOUT": 5,
        "OPTIONS": options,
        "AUTO_UPDATE": True,
        "ATOMIC_REBUILD": True,
    }

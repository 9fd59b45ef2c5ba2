"""The site search's view of the search backend in use: see base.py."""

from modelsearch.backends import get_search_backend

from .base import Candidate, CandidateQuery, Deadline, Retriever, TypeGroup
from .database import database_retriever

__all__ = [
    "Candidate",
    "CandidateQuery",
    "Deadline",
    "Retriever",
    "TypeGroup",
    "database_retriever",
    "get_retriever",
]


def get_retriever():
    """The retriever for the default search backend: Elasticsearch when configured, else the
    database's own index (SQLite FTS5 or PostgreSQL)."""
    backend = get_search_backend("default")
    if hasattr(backend, "es"):
        from .elasticsearch import ElasticsearchRetriever  # needs the elasticsearch client

        return ElasticsearchRetriever(backend)
    return database_retriever(backend)

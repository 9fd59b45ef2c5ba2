"""The site search's view of the search backend in use: see base.py."""

from django.db import connection
from modelsearch.backends import get_search_backend

from .base import Candidate, CandidateQuery, Deadline, Retriever, TypeGroup
from .database import PostgresRetriever, SQLiteRetriever

__all__ = ["Candidate", "CandidateQuery", "Deadline", "Retriever", "TypeGroup", "get_retriever"]


def get_retriever():
    """The retriever for the default search backend: Elasticsearch when configured, else the
    database's own index (SQLite FTS5 or PostgreSQL)."""
    backend = get_search_backend("default")
    if hasattr(backend, "es"):
        from .elasticsearch import ElasticsearchRetriever  # needs the elasticsearch client

        return ElasticsearchRetriever(backend)
    if connection.vendor == "sqlite":
        return SQLiteRetriever()
    if connection.vendor == "postgresql":
        return PostgresRetriever(backend.config)
    raise NotImplementedError(f"Site search has no retriever for {connection.vendor}")

"""core.cache's one model: named generations; values kept per process under their number."""

import pytest
from django.core.cache import cache, caches

from core import cache as page_cache
from core.cache import CONTENT, Generation, forget_process_copies, generation_cached
from search.memo import Memo


class Builds:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return self.count


@pytest.fixture
def two_processes():
    """Two processes' views of one generation: the same shared number, their own values."""
    return Generation("test-one", key="generation:test"), Generation(
        "test-two", key="generation:test"
    )


def test_a_value_is_built_once_until_its_generation_moves_on(two_processes, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    here, there = two_processes
    build = Builds()
    assert here.value("answer", build) == 1
    assert here.value("answer", build) == 1
    there.bump()  # another process: an editor's change
    assert here.value("answer", build) == 2  # a local-memory cache is read every time


def test_with_a_shared_cache_a_process_reads_the_number_at_most_once_a_second(
    two_processes, monkeypatch
):
    monkeypatch.setattr(page_cache, "_shared_cache", lambda: True)
    here, there = two_processes
    build = Builds()
    here.value("answer", build)
    there.bump()
    assert here.value("answer", build) == 1  # within CHECK_SECONDS: the copy it has
    monkeypatch.setattr(page_cache, "CHECK_SECONDS", 0)
    assert here.value("answer", build) == 2


def test_generations_are_independent(two_processes):
    here, _there = two_processes
    build = Builds()
    here.value("answer", build)
    CONTENT.bump()
    assert here.value("answer", build) == 1


def test_a_page_hands_its_content_number_to_the_values_it_is_built_from(db, client, monkeypatch):
    """A publish on another app server: the page cache reads the new number with the page,
    and the values the page is built from (navigation, hidden paths) follow it at once, so a
    page stored under the new number is never built from the old values."""
    monkeypatch.setattr(page_cache, "_shared_cache", lambda: True)
    monkeypatch.setattr(page_cache, "CHECK_SECONDS", 3600)  # however slow the machine
    client.get("/")  # a first view creates the site's settings, which moves the number on
    build = Builds()
    generation_cached("test:value", build)
    cache.incr(page_cache.GENERATION_KEY)  # the other server's bump: no local forget here
    assert generation_cached("test:value", build) == 1  # this process has not looked yet
    assert client.get("/").status_code == 200
    assert generation_cached("test:value", build) == 2


def test_search_memos_are_generations_too():
    build = Builds()
    memo = Memo("test-memo", lambda: build())
    assert memo.get() == memo.get() == 1
    memo.invalidate()
    assert memo.get() == 2
    forget_process_copies()  # what a test does after rolling the database back
    assert memo.get() == 3


def test_a_cache_that_keeps_nothing_builds_every_time(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    generation = Generation("test-dummy")
    build = Builds()
    original = page_cache.cache
    page_cache.cache = caches.create_connection("default")
    try:
        assert generation.value("answer", build) == 1
        assert generation.value("answer", build) == 2
    finally:
        page_cache.cache = original

import pytest

from search.memo import reset_process_caches


@pytest.fixture(autouse=True)
def _fresh_search_caches():
    """The search keeps per-process copies that a rolled-back test database does not
    invalidate (no signal fires): start each test without them."""
    reset_process_caches()
    yield
    reset_process_caches()

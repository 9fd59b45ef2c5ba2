import pytest
from django.core.management import call_command
from django.utils.translation import trans_real


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    """The English catalogue compiled (as `make test` does), even when pytest runs alone."""
    call_command("compile_translations", verbosity=0)
    trans_real._translations = {}
    trans_real._active = trans_real.Local()

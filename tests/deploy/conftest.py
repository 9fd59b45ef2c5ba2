import pytest


@pytest.fixture
def site_settings(demo):
    """Create the district settings up front: the first page view would otherwise create
    them, and that save (rightly) makes the page it was rendering stale."""
    from wagtail.models import Site

    from home.models import DistrictSettings

    return DistrictSettings.for_site(Site.objects.get(is_default_site=True))

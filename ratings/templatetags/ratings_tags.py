from django import template

from ..views import scorecard_url as page_scorecard_url

register = template.Library()


@register.filter
def scorecard_url(page):
    """The `scorecard/` route of a station or department page."""
    return page_scorecard_url(page)

from django import template

from ..views import scorecard_url as page_scorecard_url

register = template.Library()


@register.filter
def reading_copy(page):
    """The copy of a station or department (a source page: figures belong to it) in the
    reader's language: set in bulk by the views, else Wagtail's `localized` (one query)."""
    return getattr(page, "reading_copy", None) or page.localized


@register.filter
def scorecard_url(page):
    """The `scorecard/` route of a station or department page, in the reader's language
    (set in bulk by the views' _in_reading_language)."""
    return getattr(page, "scorecard_link", None) or page_scorecard_url(reading_copy(page))


@register.filter
def with_periods(values, quarters):
    """[(period, value)] for a row of report rates (stats.report_rates) and its quarters."""
    periods = [q["period"] if isinstance(q, dict) else q.period for q in quarters]
    return list(zip(periods, values, strict=True))

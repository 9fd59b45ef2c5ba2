"""Tell editors when an admin search was answered by the database because the search engine
was away (search/fallback.py): the results may miss recent changes or rank differently."""

from django.contrib import messages
from django.urls import reverse

from .breaker import answered_by_fallback
from .views import DEGRADED_NOTICE


class SearchFallbackNoticeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = answered_by_fallback.set(False)
        try:
            return self.get_response(request)
        finally:
            answered_by_fallback.reset(token)

    def process_template_response(self, request, response):
        # Admin listings count their results in the view, before this runs.
        if answered_by_fallback.get() and request.path.startswith(reverse("wagtailadmin_home")):
            messages.warning(request, DEGRADED_NOTICE)
        return response

"""Wagtail's page and document password forms, rate limited.

A password that protects a page (or a collection of documents) is shared by everyone allowed
in, so it is guessed like any other: each POST counts against the "page_password" limit of
core.ratelimit, per client and per restriction, before Wagtail checks it. These views take the
place of Wagtail's own at the same addresses (config/urls.py)."""

from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views

from core.ratelimit import allow, too_many_requests


def _limited(request, restriction_id):
    return request.method == "POST" and not allow(
        request, "page_password", key=f"restriction:{restriction_id}"
    )


def page_password(request, page_view_restriction_id, page_id):
    if _limited(request, f"page:{page_view_restriction_id}"):
        return too_many_requests(request)
    return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)


def document_password(request, restriction_id):
    if _limited(request, f"collection:{restriction_id}"):
        return too_many_requests(request)
    return document_views.authenticate_with_password(request, restriction_id)

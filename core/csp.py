"""Content Security Policy: strict on the public site, looser where the Wagtail admin needs it.

The public policy (settings.CONTENT_SECURITY_POLICY) allows no inline script or style, so
templates must not use style="…", <script> without src, or on…= handlers (a test greps for
them). Wagtail 8's admin still writes inline initialisation scripts (date/time choosers,
InlinePanel), its editors set inline styles, upload previews are blob: images and the live
preview is an iframe of the admin itself: settings.CONTENT_SECURITY_POLICY_ADMIN allows that.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class PathCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, giving URLs under ADMIN_PREFIXES the admin policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PREFIXES)
        ):
            parts.config = dict(settings.CONTENT_SECURITY_POLICY_ADMIN)
        return parts

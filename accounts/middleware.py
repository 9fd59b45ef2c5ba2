"""Staff must enrol a TOTP authenticator before the Wagtail or Django admin opens."""

from django.urls import reverse

from .mfa import enrol_then_continue, has_mfa, needs_mfa


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._guards(request.path) and needs_mfa(request.user) and not has_mfa(request.user):
            return enrol_then_continue(request)
        return self.get_response(request)

    @staticmethod
    def _guards(path):
        admin_roots = (reverse("wagtailadmin_home"), reverse("admin:index"))
        return path.startswith(admin_roots) and not path.endswith("/login/")

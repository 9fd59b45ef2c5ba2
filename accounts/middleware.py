"""Staff reach the Wagtail or Django admin only with a second factor used in this session.

Whoever can open the admin (accounts.mfa.needs_mfa) must have enrolled a TOTP authenticator
and, in the session making the request, have passed it: allauth records each way a session
authenticated (its "authentication records"), and one of them must be "mfa". A password alone
never opens the admin, whichever view checked it (allauth's login, a login code, a page that
called django.contrib.auth.login, anything added later): such a session is asked for the TOTP
code first (allauth's MFA re-authentication), then sent on to where it was going.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .mfa import enrol_then_continue, has_mfa, needs_mfa, passed_mfa


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._guards(request.path) and needs_mfa(request.user):
            if not has_mfa(request.user):
                return enrol_then_continue(request)
            if not passed_mfa(request):
                target = reverse("mfa_reauthenticate")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _guards(path):
        admin_roots = (reverse("wagtailadmin_home"), reverse("admin:index"))
        # The two admin login addresses only redirect to the site's login: nothing else below
        # the admin roots goes unguarded, whatever its last segment.
        logins = (reverse("wagtailadmin_login"), reverse("admin:login"))
        return path.startswith(admin_roots) and path not in logins

"""The resident's account page, with the PIPL rights: download my data, delete my account."""

import json

from allauth.account.models import EmailAddress
from allauth.mfa.totp.views import activate_totp as allauth_activate_totp
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import personal_data as data_registry

from .forms import DeleteAccountForm
from .mfa import NEXT_KEY, has_mfa, needs_mfa, safe_next
from .models import PhoneNumber


def _to_site_login(request, default):
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return redirect_to_login(target, login_url=reverse("account_login"))


def admin_login(request):
    """Both admin login pages send people to the site's one login page: rate limited, and
    followed by the second factor for staff. Neither checks a password itself."""
    return _to_site_login(request, reverse("wagtailadmin_home"))


def frontend_login(request):
    """Wagtail's login for pages restricted to signed-in visitors (/_util/login/), likewise."""
    return _to_site_login(request, "/")


def activate_totp(request):
    """allauth's TOTP enrolment, then on to the page the member of staff was going to: at once,
    or from the recovery codes page when allauth shows those first (its "继续" button)."""
    target = safe_next(request, request.GET.get("next", ""))
    if target:
        request.session[NEXT_KEY] = target
    response = allauth_activate_totp(request)
    enrolled = request.method == "POST" and response.status_code == 302 and has_mfa(request.user)
    if enrolled and response["Location"] != reverse("mfa_view_recovery_codes"):
        return redirect(request.session.pop(NEXT_KEY, "") or response["Location"])
    return response


@login_required
def continue_after_enrolment(request):
    target = safe_next(request, request.session.pop(NEXT_KEY, ""))
    return redirect(target or "wagtailadmin_home")


@login_required
def profile(request):
    context = {
        "emails": EmailAddress.objects.filter(user=request.user),
        "phone": PhoneNumber.objects.filter(user=request.user).first(),
        "needs_mfa": needs_mfa(request.user),
        "has_mfa": has_mfa(request.user),
        "sections": data_registry.profile_sections(request.user),
    }
    return render(request, "account/profile.html", context)


def personal_data(user):
    """Everything the site holds about one person, as plain JSON-ready data: the account
    here, and each app's part (core.personal_data)."""
    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "emails": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "phone": [
            {"phone": p.phone, "verified": p.verified}
            for p in PhoneNumber.objects.filter(user=user)
        ],
        **data_registry.export(user),
    }


@login_required
def download_data(request):
    body = json.dumps(personal_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete_user(request.user)
        logout(request)
        messages.success(request, _("您的账户已删除。"))
        return redirect("/")
    return render(request, "account/delete.html", {"form": form})


def delete_user(user):
    """Delete the account, after each app has erased or anonymised its part (ratings: the
    scores stay in the published figures, but no longer point to a person)."""
    data_registry.erase(user)
    user.delete()

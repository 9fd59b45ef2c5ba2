"""Public pages: report a problem, follow it, confirm or reopen it, and see resolved cases."""

import random

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.cache import shared_page
from core.ratelimit import client_ip, hit

from . import conf
from .forms import ConfirmForm, LookupForm, ReopenForm, ReportForm
from .models import AccessLog, Report, ReportPhoto, Status
from .permissions import can_handle
from .services import TransitionError, confirm, reopen, submit_report

SESSION_KEY = "feedback_verified"


def _too_many(request):
    return TemplateResponse(request, "feedback/rate_limited.html", status=429)


def _receipt(request, report):
    return TemplateResponse(
        request,
        "feedback/report_done.html",
        {"tracking_number": report.tracking_number, "report": report},
    )


def _form_page(request, form):
    context = {"form": form, "retention_days": conf.get("REPORT_RETENTION_DAYS")}
    return TemplateResponse(request, "feedback/report_form.html", context)


@shared_page  # the empty form: the same for everyone but its tokens (personal slots)
def report(request):
    if request.method != "POST":
        # A station page links here with ?unit=<its id>: that station is offered, chosen.
        form = ReportForm(initial={"unit": request.GET.get("unit", "")})
        return _form_page(request, form)

    form = ReportForm(request.POST, request.FILES)
    if form.is_bot:
        fake = Report(
            tracking_number=f"JH-{timezone.localdate():%Y}-{random.randint(1, 999999):06d}"
        )
        return TemplateResponse(
            request, "feedback/report_done.html", {"tracking_number": fake.tracking_number}
        )
    if not form.is_valid():
        return _form_page(request, form)
    data = form.cleaned_data
    existing = Report.objects.filter(idempotency_token=data["token"]).first()
    if existing:
        return _receipt(request, existing)
    limit = conf.get("REPORT_RATE_LIMIT")
    if not hit("ip", client_ip(request), limit) or (
        data["phone"] and not hit("phone", data["phone"], limit)
    ):
        return _too_many(request)
    unit = data["unit"]
    saved, _created = submit_report(
        category=data["category"],
        description=data["description"],
        unit=unit,
        compound=data["compound"]
        or (unit.compound_names[0] if unit and unit.compound_names else ""),
        building=data["building"],
        name=data["name"],
        phone=data["phone"],
        consent=data["consent"],
        public_ok=data["public_ok"],
        photos=data["photos"],
        idempotency_token=data["token"],
    )
    return _receipt(request, saved)


def _verified(request):
    return request.session.get(SESSION_KEY, {})


def lookup(request):
    form = LookupForm(request.POST or None)
    failed = False
    if request.method == "POST":
        if not hit("lookup", client_ip(request), conf.get("REPORT_LOOKUP_RATE_LIMIT")):
            return _too_many(request)
        if form.is_valid():
            number, last4 = form.cleaned_data["tracking_number"], form.cleaned_data["last4"]
            found = Report.objects.filter(tracking_number=number).first()
            level = None
            if found and found.phone and last4 and found.phone_last4 == last4:
                level = "full"
            elif found and not found.phone and not last4:
                level = "status"
            if level:
                verified = _verified(request)
                verified[number] = level
                request.session[SESSION_KEY] = verified
                return redirect("feedback:status", tracking_number=number)
            failed = True
    return TemplateResponse(request, "feedback/lookup.html", {"form": form, "failed": failed})


def _timeline(report):
    events = list(report.events.select_related("department"))
    contacts = {}
    if report.unit_id:
        for person in report.unit.staff.all():
            contacts.setdefault(person.department_id, person)
    for event in events:
        event.contact = contacts.get(event.department_id)
    return events


def status(request, tracking_number, confirm_form=None, reopen_form=None, error=""):
    level = _verified(request).get(tracking_number)
    report = (
        Report.objects.filter(tracking_number=tracking_number)
        .select_related("category", "unit", "department")
        .first()
    )
    if not level or report is None:
        return redirect("feedback:lookup")
    context = {
        "report": report,
        "full": level == "full",
        "can_respond": level == "full" and report.status == Status.RESOLVED,
        "events": _timeline(report) if level == "full" else [],
        "confirm_form": confirm_form or ConfirmForm(),
        "reopen_form": reopen_form or ReopenForm(),
        "error": error,
    }
    return TemplateResponse(request, "feedback/status.html", context)


def _respond(request, tracking_number, form_class, action):
    if _verified(request).get(tracking_number) != "full":
        return redirect("feedback:lookup")
    report = Report.objects.filter(tracking_number=tracking_number).first()
    form = form_class(request.POST)
    if report and form.is_valid():
        try:
            action(report, form.cleaned_data)
        except TransitionError as exc:
            return status(request, tracking_number, error=str(exc))
        return redirect("feedback:status", tracking_number=tracking_number)
    key = "confirm_form" if form_class is ConfirmForm else "reopen_form"
    return status(request, tracking_number, **{key: form})


@require_POST
def confirm_view(request, tracking_number):
    return _respond(
        request, tracking_number, ConfirmForm, lambda r, d: confirm(r, d["satisfaction"])
    )


@require_POST
def reopen_view(request, tracking_number):
    return _respond(request, tracking_number, ReopenForm, lambda r, d: reopen(r, d["reason"]))


def photo(request, key):
    """A report photo, only for those who handle the report."""
    item = ReportPhoto.objects.select_related("report").filter(key=key).first()
    if item is None:
        raise Http404
    if not can_handle(request.user, item.report):
        if request.user.is_authenticated:
            AccessLog.objects.create(
                report=item.report, user=request.user, action=AccessLog.Action.PHOTO
            )
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


def resolved_cases(request):
    """Resolved reports whose residents agreed to show them: category, station, reply only."""
    reports = (
        Report.objects.filter(public_ok=True, status__in=[Status.RESOLVED, Status.CLOSED])
        .select_related("category", "unit", "department")
        .prefetch_related("events")[:30]
    )
    cases = []
    for item in reports:
        replies = [e.public_reply for e in item.events.all() if e.to_status == Status.RESOLVED]
        cases.append({"report": item, "reply": replies[-1] if replies else ""})
    return TemplateResponse(request, "feedback/resolved_cases.html", {"cases": cases})

"""Public pages: report a problem, follow it (by number and phone digits, or by the status
link), confirm or reopen it, and see resolved cases."""

import random

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.cache import shared_page
from core.ids import parse_id
from core.phones import mask_phones_in_text
from core.ratelimit import allow, exhausted, reset, too_many_requests
from units.finder import MAX_QUERY

from . import access, conf, links
from .forms import ConfirmForm, LookupForm, ReopenForm, ReportForm
from .models import AccessLog, Report, ReportPhoto, Status
from .permissions import can_handle
from .photos import reencode_photo
from .routing import route, stations
from .services import TransitionError, confirm, reopen, submit_report


def _too_many(request):
    return too_many_requests(request, "feedback/rate_limited.html")


def _receipt(request, report):
    """The receipt, with the status link to keep (it opens the report on any device)."""
    context = {
        "tracking_number": report.tracking_number,
        "report": report,
        "status_link": request.build_absolute_uri(links.path_for(report)),
    }
    return TemplateResponse(request, "feedback/report_done.html", context)


def _form_page(request, form, rate_limited=False):
    context = {
        "form": form,
        "retention_days": conf.get("REPORT_RETENTION_DAYS"),
        "preview": _offer_preview(form) if form.is_bound else None,
        "rate_limited": rate_limited,
    }
    if rate_limited:
        # The form comes back as typed, with the 429 status and headers of core.ratelimit.
        return too_many_requests(request, "feedback/report_form.html", context)
    return TemplateResponse(request, "feedback/report_form.html", context)


def _offer_preview(form):
    """The preview of a form sent back, with its stations offered in the select."""
    preview = _preview_of(form)
    if preview is not None:
        found = [preview.unit] if preview.unit else list(preview.candidates)
        form.fields["unit"].offer(stations(), [unit.pk for unit in found])
    return preview


def _preview_of(form):
    """Where the report would go, for a form sent back with errors (the script shows the
    same as the resident types)."""
    data = getattr(form, "cleaned_data", {})
    if data.get("unit"):
        return route(data["unit"])
    compound = form.data.get("compound", "")[:MAX_QUERY]
    return route(compound=compound) if compound.strip() else None


def station_preview(request):
    """JSON for the report form's "将提交给：…" line (static/js/report-station.js)."""
    compound = (request.GET.get("compound") or "").strip()[:MAX_QUERY]
    where = route(compound=compound) if compound else None
    return JsonResponse(
        {
            "status": where.how if where else "",
            "unit": {"id": where.unit.pk, "title": where.unit.title}
            if where and where.unit
            else None,
            "candidates": [{"id": u.pk, "title": u.title} for u in where.candidates]
            if where
            else [],
            "town": where.town.title if where and where.town else "",
        },
        json_dumps_params={"ensure_ascii": False},
    )


ASK_AGAIN_USED = gettext_lazy(
    "这张表单已经提交过一次。您填写的内容都已保留，如需反映这个问题，请再点一次“提交”。"
)


@shared_page  # the empty form: the same for everyone but its tokens (personal slots)
def report(request):
    """The report form. The order of the checks is the point: cheap ones first, and the only
    expensive step (decoding photos) after every limit has been counted."""
    if request.method != "POST":
        # A station page links here with ?unit=<its id>: that station is offered, chosen.
        # Drawn without the user: what is theirs (the e-mail checkbox, the ticket, the CSRF
        # token) goes in personal slots, so that every visitor's form is the shared copy.
        initial = {"unit": parse_id(request.GET.get("unit"))}
        return _form_page(request, ReportForm(initial=initial, unit_queryset=stations()))

    if not allow(request, "report_attempt"):
        return _too_many(request)
    form = ReportForm(request.POST, request.FILES, unit_queryset=stations(), user=request.user)
    if form.is_bot:
        number = random.randint(1, 999999)
        fake = Report(pk=number, tracking_number=f"JH-{timezone.localdate():%Y}-{number:06d}")
        context = {
            "tracking_number": fake.tracking_number,
            "status_link": request.build_absolute_uri(links.path_for(fake)),
        }
        return TemplateResponse(request, "feedback/report_done.html", context)
    if not form.is_valid():  # includes the ticket (feedback/tickets.py) and photo headers
        return _form_page(request, form)
    data = form.cleaned_data
    existing = Report.objects.filter(idempotency_token=data["token"]).first()
    if existing and _same_report(existing, data):
        return _receipt(request, existing)  # the same form sent again (a double tap, a retry)
    if existing:
        # The ticket was used for another report (a copied page, a shared phone): its receipt
        # is not this sender's to see. The form comes back as typed, with a fresh ticket.
        form.renew_ticket()
        form.add_error(None, ASK_AGAIN_USED)
        return _form_page(request, form)
    if not allow(request, "report") or (
        data["phone"] and not allow(request, "report_phone", key=data["phone"])
    ):
        # The form comes back as typed (photos aside), with a number to call instead.
        return _form_page(request, form, rate_limited=True)
    try:
        photos = [reencode_photo(upload) for upload in data["photos"]]
    except ValidationError as error:
        form.photo_rejected(error)
        return _form_page(request, form)
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
        photos=photos,
        idempotency_token=data["token"],
        user=request.user,
        notify_sms=data["notify_sms"],
        notify_email=data.get("notify_email", False),
    )
    return _receipt(request, saved)


def _same_report(report, data):
    return (report.description, report.phone, report.category_id) == (
        data["description"],
        data["phone"],
        data["category"].pk,
    )


def lookup(request):
    """Tracking number and the last four digits of the phone given with the report. Wrong
    guesses are counted per tracking number, from whatever address they come: after
    report_lookup_failed (core.ratelimit) the number is locked for a while, even for the
    right digits, so the four digits cannot be guessed by spreading tries over addresses."""
    form = LookupForm(request.POST or None)
    failed = locked = False
    if request.method == "POST":
        if not allow(request, "report_lookup"):
            return _too_many(request)
        if form.is_valid():
            number, last4 = form.cleaned_data["tracking_number"], form.cleaned_data["last4"]
            budget = {"action": "report_lookup_failed", "key": number}
            if exhausted(request, **budget):
                locked = True
            elif level := _lookup_level(number, last4):
                reset(request, **budget)
                access.grant(request, level[0], level[1])
                return redirect("feedback:status", tracking_number=number)
            else:
                allow(request, **budget)
                failed = True
    context = {"form": form, "failed": failed, "locked": locked}
    return TemplateResponse(request, "feedback/lookup.html", context)


def _lookup_level(number, last4):
    """(report, access level) when the digits fit the report, else None."""
    found = Report.objects.filter(tracking_number=number).first()
    if found and found.phone and last4 and found.phone_last4 == last4:
        return found, access.FULL
    if found and not found.phone and not last4:
        return found, access.STATUS
    return None


def status_link(request, token):
    """A status link from a receipt, text message or e-mail: opens the report on any device.
    Links are signed, so they cannot be guessed; a client that keeps sending broken ones is
    still counted against the lookup limit, as wrong digits on the lookup form are."""
    try:
        report = links.report_for(token)
    except links.LinkError as error:
        if not allow(request, "report_lookup"):
            return _too_many(request)
        if error.expired:
            messages.warning(
                request, _("这个查看链接已过期或已被撤销，请用工单编号和手机号后四位查询。")
            )
        else:
            messages.error(request, _("这个查看链接不完整或有误，请用工单编号和手机号后四位查询。"))
        return redirect("feedback:lookup")
    access.grant_link(request, report)
    return redirect("feedback:status", tracking_number=report.tracking_number)


def _timeline(report):
    events = [
        event for event in report.events.select_related("department", "unit") if event.is_public
    ]
    contacts = {}
    if report.unit_id:
        for person in report.unit.staff.all():
            contacts.setdefault(person.department_id, person)
    for event in events:
        event.contact = contacts.get(event.department_id)
    return events


def status(request, tracking_number, confirm_form=None, reopen_form=None, error=""):
    report = (
        Report.objects.filter(tracking_number=tracking_number)
        .select_related("category", "unit", "department", "proposed_department")
        .first()
    )
    level = access.level(request, report) if report else None
    if not level:
        return redirect("feedback:lookup")
    full = level == access.FULL
    context = {
        "report": report,
        "full": full,
        "can_respond": full and report.status == Status.RESOLVED,
        "events": _timeline(report) if full else [],
        "photos": list(report.photos.all()) if full else [],
        "status_link": request.build_absolute_uri(links.path_for(report)) if full else "",
        "confirm_form": confirm_form or ConfirmForm(),
        "reopen_form": reopen_form or ReopenForm(),
        "error": error,
    }
    response = TemplateResponse(request, "feedback/status.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def _respond(request, tracking_number, form_class, action):
    report = Report.objects.filter(tracking_number=tracking_number).first()
    if report is None or not access.has_full(request, report):
        return redirect("feedback:lookup")
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


def photo(request, key, size=""):
    """A report photo (or its thumbnail), only for those who handle the report and for its
    verified owner (feedback.access)."""
    item = ReportPhoto.objects.select_related("report").filter(key=key).first()
    if item is None:
        raise Http404
    if not (access.has_full(request, item.report) or can_handle(request.user, item.report)):
        if request.user.is_authenticated:
            AccessLog.objects.create(
                report=item.report, user=request.user, action=AccessLog.Action.PHOTO
            )
        raise Http404
    file = item.thumbnail if size == "thumb" and item.thumbnail else item.file
    try:
        handle = file.open("rb")
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
        # Published: any phone number a member of staff typed into the reply is masked.
        reply = mask_phones_in_text(replies[-1]) if replies else ""
        cases.append({"report": item, "reply": reply})
    return TemplateResponse(request, "feedback/resolved_cases.html", {"cases": cases})

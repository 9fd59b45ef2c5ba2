"""Tell the station's staff that a report arrived. Sent only after the report is committed,
and never with the resident's name or phone number in it."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from units import teams

from .models import Report


def staff_emails(report):
    if report.unit_id is None:
        return []
    return teams.station_team_emails(report.unit_id)


def notify_new_report(report_id):
    report = Report.objects.select_related("category", "unit").filter(pk=report_id).first()
    recipients = staff_emails(report) if report else []
    if not recipients:
        return 0
    url = settings.WAGTAILADMIN_BASE_URL + reverse("feedback_admin_detail", args=[report.pk])
    body = f"{report.unit.title} 收到新的吹哨工单 {report.tracking_number}（{report.category.name}）。\n{url}\n"
    return send_mail(f"新工单 {report.tracking_number}", body, None, recipients, fail_silently=True)

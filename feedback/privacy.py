"""The reports a resident made, for their personal-data download (core.personal_data).

Reports need no account: they belong to a person through the mobile number given with them,
which counts only once the account has verified that number."""

from accounts.models import PhoneNumber
from core.personal_data import Part

from .models import Report


def _digits(value):
    return "".join(ch for ch in value or "" if ch.isdigit())[-11:]


def reports_of(user):
    mobiles = {_digits(p.phone) for p in PhoneNumber.objects.filter(user=user, verified=True)}
    if not mobiles:
        return []
    # Numbers may be stored with hyphens: narrow by the last four digits, compare digits.
    found = []
    for tail in {m[-4:] for m in mobiles}:
        candidates = Report.objects.filter(phone__endswith=tail).select_related(
            "unit", "category", "department"
        )
        found.extend(r for r in candidates if _digits(r.phone) in mobiles)
    return sorted(found, key=lambda r: r.created_at)


def export(user):
    return [
        {
            "tracking_number": r.tracking_number,
            "created_at": r.created_at,
            "status": r.status,
            "unit": r.unit.title if r.unit else "",
            "category": r.category.name,
            "department": r.department.title if r.department else "",
            "compound": r.compound,
            "building": r.building,
            "description": r.description,
            "name": r.name,
            "phone": r.phone,
            "satisfaction": r.satisfaction,
            "events": [
                {"at": e.created_at, "status": e.to_status, "public_reply": e.public_reply}
                for e in r.events.order_by("created_at")
            ],
            "photos": len(r.photos.all()),
        }
        for r in reports_of(user)
    ]


PART = Part(key="reports", export=export)

"""The reports a resident made, for their personal-data download (core.personal_data).

Reports need no account: they belong to a person through the account they were signed in with,
or through the mobile number given with them, which counts only once the account has verified
that number. Numbers are stored in core.phones' normal form, so they compare as they are."""

from django.db.models import Q

from accounts.models import PhoneNumber
from core.personal_data import Part
from core.phones import normalise_phone

from .models import Report


def reports_of(user):
    mobiles = {
        normalise_phone(p.phone) for p in PhoneNumber.objects.filter(user=user, verified=True)
    }
    mine = Q(user=user) | Q(phone__in=mobiles) if mobiles else Q(user=user)
    return list(
        Report.objects.filter(mine)
        .select_related("unit", "category", "department")
        .order_by("created_at")
    )


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

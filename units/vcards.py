"""vCard 3.0 export of a station and the people residents call there."""

from django.utils.translation import gettext as _


def _escape(value):
    return (
        str(value or "")
        .replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _card(name, org, title, phone, address=None, note=None):
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_escape(name)}",
        f"N:{_escape(name)};;;;",
        f"ORG:{_escape(org)}",
    ]
    if title:
        lines.append(f"TITLE:{_escape(title)}")
    if phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{_escape(phone)}")
    if address:
        lines.append(f"ADR;TYPE=WORK:;;{_escape(address)};;;;")
    if note:
        lines.append(f"NOTE:{_escape(note)}")
    lines.append("END:VCARD")
    return "\r\n".join(lines)


def unit_vcard(unit, hotlines=()):
    """The station, its contacts, the staff departments dispatch there (with their duty hours)
    and the district's hotlines (`hotlines`: [(label, phone)], units.extensions.hotlines)."""
    cards = [
        _card(unit.title, unit.title, "", unit.phone, unit.address, "、".join(unit.compound_names))
    ]
    for contact in unit.sorted_contacts():
        role = contact.get_role_display()
        cards.append(
            _card(f"{contact.name}（{role}）", unit.title, role, contact.phone, note=contact.note)
        )
    for person in unit.staff.select_related("department").order_by("sort_order"):
        department = person.department.title
        cards.append(
            _card(
                f"{person.name}（{department}）",
                department,
                person.post or _("派驻人员"),
                person.phone,
                note=_("派驻%(unit)s；值班：%(duty)s")
                % {"unit": unit.title, "duty": person.duty_display()}
                if person.duty
                else _("派驻%(unit)s") % {"unit": unit.title},
            )
        )
    for label, phone in hotlines:
        cards.append(_card(label, label, "", phone))
    return "\r\n".join(cards) + "\r\n"

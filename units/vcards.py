"""vCard 3.0 export of a station and the people residents call there."""


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


def unit_vcard(unit):
    cards = [
        _card(unit.title, unit.title, "", unit.phone, unit.address, "、".join(unit.compound_names))
    ]
    for contact in unit.sorted_contacts():
        role = contact.get_role_display()
        cards.append(
            _card(f"{contact.name}（{role}）", unit.title, role, contact.phone, note=contact.note)
        )
    return "\r\n".join(cards) + "\r\n"

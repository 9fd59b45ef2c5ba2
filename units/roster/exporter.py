"""Export the roster in the exact form the importer reads (Chinese headers)."""

from django.utils import translation
from wagtail.models import Page

from core.locale import source_language

from ..hours import format_hours
from ..models import ContactRole, UnitPage
from .readers import write_rows


def roster_records():
    """{kind: [rows]} for every station of the Chinese tree (not the English copies), in
    page-tree order."""
    with translation.override(source_language()):
        roles = {code: str(text) for code, text in ContactRole.choices}
    units = list(
        UnitPage.objects.source()
        .order_by("path")
        .prefetch_related("compounds", "opening_hours", "contacts", "staff__department")
    )
    ancestors = {u.path[: -u.steplen] for u in units} | {u.path[: -2 * u.steplen] for u in units}
    parents = dict(Page.objects.filter(path__in=ancestors).values_list("path", "title"))
    records = {"units": [], "contacts": [], "staff": []}
    for unit in units:
        steplen = unit.steplen
        community = parents[unit.path[:-steplen]]
        town = parents[unit.path[: -2 * steplen]]
        records["units"].append(
            [
                town,
                community,
                unit.title,
                "、".join(c.name for c in unit.compounds.all()),
                unit.address,
                unit.phone,
                format_hours(unit.opening_hours.all()),
            ]
        )
        for contact in unit.contacts.all():
            records["contacts"].append(
                [unit.title, roles.get(contact.role, contact.role), contact.name, contact.phone]
            )
        for person in unit.staff.all():
            records["staff"].append(
                [
                    unit.title,
                    person.department.title,
                    person.name,
                    person.post,
                    person.phone,
                    person.duty,
                ]
            )
    return records


def export_roster(paths):
    """Write the roster files named in paths ({kind: path}); returns {kind: row count}."""
    records = roster_records()
    for kind, path in paths.items():
        write_rows(kind, path, records[kind])
    return {kind: len(records[kind]) for kind in paths}

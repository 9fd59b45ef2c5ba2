"""Import the district roster: stations, their contacts and their dispatched staff.

Everything is validated before anything is written; the writes run in one transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.locale import add_to_synced_trees, source_language
from core.phones import is_valid_phone, normalise_phone
from core.slugs import pinyin_slug

from ..hours import HoursError, normalise_hours_text, parse_hours
from ..models import (
    CommunityPage,
    Compound,
    Contact,
    ContactRole,
    DepartmentPage,
    DispatchedStaff,
    OpeningHours,
    TownPage,
    UnitPage,
)
from ..tree import department_index_page, directory_page
from .readers import COLUMNS, RosterFileError, read_rows
from .result import Plan, Result

COMPOUND_SEPARATORS = str.maketrans({c: "、" for c in ";；,，"})
PROGRESS_THRESHOLD = 200


def _max_length(model, name):
    return model._meta.get_field(name).max_length


MAX_LENGTHS = {
    "units": {
        "town": _max_length(TownPage, "title"),
        "community": _max_length(CommunityPage, "title"),
        "unit": _max_length(UnitPage, "title"),
        "address": _max_length(UnitPage, "address"),
        "phone": _max_length(UnitPage, "phone"),
    },
    "contacts": {"name": _max_length(Contact, "name"), "phone": _max_length(Contact, "phone")},
    "staff": {
        "department": _max_length(DepartmentPage, "title"),
        "name": _max_length(DispatchedStaff, "name"),
        "post": _max_length(DispatchedStaff, "post"),
        "phone": _max_length(DispatchedStaff, "phone"),
        "duty": _max_length(DispatchedStaff, "duty_note"),
    },
}


def role_codes():
    """Both the code and the Chinese label of each role name the role."""
    codes = {}
    with translation.override(source_language()):
        for code, text in ContactRole.choices:
            codes[code] = code
            codes[str(text)] = code
    return codes


class _Abort(Exception):
    pass


class RosterImport:
    """files: {kind: (display name, bytes)} with kind in "units", "contacts", "staff"."""

    def __init__(self, files, *, skip_invalid=False, user=None, progress=None):
        unknown = set(files) - set(COLUMNS)
        if unknown:
            raise ValueError(f"unknown roster kinds: {unknown}")
        self.files = files
        self.skip_invalid = skip_invalid
        self.user = user
        self.progress = progress
        self.result = Result()
        self.plans = {}

    # -- validation ---------------------------------------------------------------------

    def error(self, name, line, reason):
        self.result.errors.append(f"{name}:{line}: {reason}")

    def _rows(self, kind):
        if kind not in self.files:
            return None, []
        name, data = self.files[kind]
        try:
            return name, read_rows(kind, name, data)
        except RosterFileError as exc:
            self.error(name, exc.line, exc.reason)
            return name, []

    def _check(self, kind, name, row):
        """Required values, lengths and phone format; False after reporting the first problem."""
        for code, zh, required in COLUMNS[kind]:
            value = row.values[code]
            if required and not value:
                self.error(name, row.line, _("“%(column)s”不能为空") % {"column": zh})
                return False
            limit = MAX_LENGTHS[kind].get(code)
            if limit and len(value) > limit:
                self.error(
                    name,
                    row.line,
                    _("“%(column)s”超过 %(limit)s 个字") % {"column": zh, "limit": limit},
                )
                return False
        phone = row.values["phone"]
        if phone and not is_valid_phone(phone):
            self.error(name, row.line, _("电话“%(phone)s”格式不正确") % {"phone": phone})
            return False
        return True

    def _existing_stations(self):
        self.stations = {}
        # The Chinese tree only: its English copies follow it (core/locale.py).
        units = UnitPage.objects.source()
        for pk, title in units.values_list("pk", "title"):
            self.stations.setdefault(title, []).append(pk)

    def _station_error(self, title):
        pks = self.stations.get(title, [])
        if len(pks) > 1:
            return _("有 %(count)s 个同名的邻里之家“%(title)s”，请先在后台改名") % {
                "count": len(pks),
                "title": title,
            }
        if not pks and title not in self.plans:
            return _("未知的邻里之家“%(title)s”") % {"title": title}
        return None

    def _plan(self, title, name, line):
        if title not in self.plans:
            self.plans[title] = Plan(title, (name, line))
        return self.plans[title]

    def _validate_units(self):
        name, rows = self._rows("units")
        seen = {}
        for row in rows:
            v = row.values
            if not self._check("units", name, row):
                continue
            title = v["unit"]
            if title in seen:
                self.error(
                    name,
                    row.line,
                    _("邻里之家“%(title)s”重复（第 %(line)s 行已出现）")
                    % {"title": title, "line": seen[title]},
                )
                continue
            try:
                hours = parse_hours(v["hours"])
            except HoursError as exc:
                self.error(name, row.line, str(exc))
                continue
            problem = self._station_error(title) if title in self.stations else None
            if problem is None and title in self.stations:
                problem = self._location_error(self.stations[title][0], v)
            if problem:
                self.error(name, row.line, problem)
                continue
            seen[title] = row.line
            compounds = [
                c.strip() for c in v["compounds"].translate(COMPOUND_SEPARATORS).split("、")
            ]
            self._plan(title, name, row.line).unit = {
                "town": v["town"],
                "community": v["community"],
                "address": v["address"],
                "phone": normalise_phone(v["phone"]),
                "compounds": [c for c in compounds if c],
                "hours": hours,
            }

    def _location_error(self, pk, values):
        unit = UnitPage.objects.get(pk=pk)
        community = unit.get_parent()
        town = community.get_parent()
        if (town.title, community.title) != (values["town"], values["community"]):
            return _(
                "邻里之家“%(unit)s”属于%(town)s%(community)s，"
                "与表中的%(new_town)s%(new_community)s不一致（导入不会移动站点）"
            ) % {
                "unit": unit.title,
                "town": town.title,
                "community": community.title,
                "new_town": values["town"],
                "new_community": values["community"],
            }
        return None

    def _validate_people(self, kind):
        name, rows = self._rows(kind)
        groups, broken = {}, set()
        roles = role_codes()
        for row in rows:
            v = row.values
            title = v["unit"]
            if not self._check(kind, name, row):
                broken.add(title)
                continue
            problem = self._station_error(title)
            if problem:
                self.error(name, row.line, problem)
                continue
            if kind == "contacts":
                role = roles.get(v["role"]) or roles.get(v["role"].lower())
                if role is None:
                    self.error(name, row.line, _("未知的职务“%(role)s”") % {"role": v["role"]})
                    broken.add(title)
                    continue
                person = {"role": role, "name": v["name"], "phone": normalise_phone(v["phone"])}
            else:
                departments = self._departments(v["department"])
                if len(departments) > 1:
                    self.error(
                        name,
                        row.line,
                        _("部门“%(name)s”对应多个职能部门") % {"name": v["department"]},
                    )
                    broken.add(title)
                    continue
                person = {
                    "department": v["department"],
                    "name": v["name"],
                    "post": v["post"],
                    "phone": normalise_phone(v["phone"]),
                    "duty": normalise_hours_text(v["duty"]),
                }
            groups.setdefault(title, (row.line, []))[1].append(person)
        # A station whose rows are partly invalid keeps its people: replacing them with the
        # valid rows alone would silently drop someone.
        for title, (line, people) in groups.items():
            if title not in broken:
                setattr(self._plan(title, name, line), kind, people)
        return sum(len(people) for t, (_line, people) in groups.items() if t not in broken)

    def _departments(self, text):
        departments = DepartmentPage.objects.source()
        by_title = list(departments.filter(title=text).values_list("pk", flat=True))
        if by_title:
            return by_title
        return list(departments.filter(short_name=text).values_list("pk", flat=True))

    # -- writing ------------------------------------------------------------------------

    def run(self, dry_run=False):
        """Validate, then write (or, with dry_run, write and roll back) and return a Result."""
        self._existing_stations()
        self._validate_units()
        contacts = self._validate_people("contacts")
        staff = self._validate_people("staff")
        if self.result.errors and not self.skip_invalid:
            return self.result
        self.result.counts.update(contacts=contacts, staff=staff)
        try:
            with transaction.atomic():
                self._apply()
                if dry_run:
                    transaction.set_rollback(True)
        except _Abort:
            self.result.counts.clear()
            return self.result
        self.result.written = not dry_run
        return self.result

    def _apply(self):
        total = len(self.plans)
        for done, plan in enumerate(self.plans.values(), start=1):
            try:
                with transaction.atomic():
                    self._apply_station(plan)
            except ValidationError as exc:
                self.error(*plan.line, "；".join(exc.messages))
                if not self.skip_invalid:
                    raise _Abort from exc
            if self.progress and total:
                self.progress(done, total)

    def _child(self, model, parent, title, counter):
        page = model.objects.child_of(parent).filter(title=title).first()
        if page is None:
            page = model(title=title, slug=pinyin_slug(title, parent))
            parent.add_child(instance=page)
            self._publish(page)
            add_to_synced_trees(page)
            self.result.counts[counter] += 1
        return page

    def _publish(self, page):
        page.save_revision(user=self.user, log_action=True).publish(user=self.user)

    def _department(self, text):
        pks = self._departments(text)
        if pks:
            return pks[0]
        index = department_index_page()
        page = DepartmentPage(title=text, slug=pinyin_slug(text, index))
        index.add_child(instance=page)
        self._publish(page)
        add_to_synced_trees(page)
        self.result.counts["departments_created"] += 1
        return page.pk

    def _apply_station(self, plan):
        pks = self.stations.get(plan.title)
        if pks:
            page = UnitPage.objects.get(pk=pks[0])
            created = False
        else:
            town = self._child(TownPage, directory_page(), plan.unit["town"], "towns_created")
            community = self._child(
                CommunityPage, town, plan.unit["community"], "communities_created"
            )
            page = UnitPage(title=plan.title, slug=pinyin_slug(plan.title, community))
            page.address = plan.unit["address"]
            community.add_child(instance=page)
            created = True
        changed = False
        if plan.unit:
            changed |= self._apply_unit(page, plan.unit)
        if plan.contacts is not None:
            changed |= self._apply_contacts(page, plan.contacts)
        if plan.staff is not None:
            changed |= self._apply_staff(page, plan.staff)
        if created or changed:
            page.full_clean()
            self._publish(page)  # also brings the English alias up to date
        if created:
            add_to_synced_trees(page)
        state = "created" if created else "updated" if changed else "unchanged"
        self.result.counts[f"units_{state}"] += 1

    def _apply_unit(self, page, unit):
        changed = False
        for name in ("address", "phone"):
            if getattr(page, name) != unit[name]:
                setattr(page, name, unit[name])
                changed = True
        if [c.name for c in page.compounds.all()] != unit["compounds"]:
            page.compounds = [
                Compound(name=n, sort_order=i) for i, n in enumerate(unit["compounds"])
            ]
            changed = True
        current = sorted((h.weekday, h.opens, h.closes) for h in page.opening_hours.all())
        if current != unit["hours"]:
            page.opening_hours = [
                OpeningHours(weekday=d, opens=o, closes=c, sort_order=i)
                for i, (d, o, c) in enumerate(unit["hours"])
            ]
            changed = True
        return changed

    def _apply_contacts(self, page, people):
        current = list(page.contacts.all())
        wanted = [(p["role"], p["name"], p["phone"]) for p in people]
        if [(c.role, c.name, c.phone) for c in current] == wanted:
            return False
        # The roster has no column for notes: keep the note of a person who stays.
        notes = {(c.role, c.name): c.note for c in current}
        page.contacts = [
            Contact(role=r, name=n, phone=p, note=notes.get((r, n), ""), sort_order=i)
            for i, (r, n, p) in enumerate(wanted)
        ]
        return True

    def _apply_staff(self, page, people):
        wanted = [
            (self._department(p["department"]), p["name"], p["post"], p["phone"], p["duty"])
            for p in people
        ]
        current = [(s.department_id, s.name, s.post, s.phone, s.duty) for s in page.staff.all()]
        if current == wanted:
            return False
        page.staff = [
            DispatchedStaff(department_id=d, name=n, post=post, phone=p, duty=duty, sort_order=i)
            for i, (d, n, post, p, duty) in enumerate(wanted)
        ]
        return True


def import_roster(files, *, skip_invalid=False, dry_run=False, user=None, progress=None):
    """Import roster files ({kind: (name, bytes)}) and return a Result."""
    return RosterImport(files, skip_invalid=skip_invalid, user=user, progress=progress).run(
        dry_run=dry_run
    )

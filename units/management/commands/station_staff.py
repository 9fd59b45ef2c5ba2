"""Add or remove a user from a station's staff (its editors' group), or list the staff."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from units.teams import add_member, find_unit, members, remove_member, sync_all_stations


class Command(BaseCommand):
    help = (
        "Manage station staff: add|remove --unit <title or id> --user <username>; "
        "list --unit <title or id>; sync (create missing groups for every station)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "remove", "list", "sync"])
        parser.add_argument("--unit", help="station page id or exact title")
        parser.add_argument("--user", help="username")

    def handle(self, action, unit=None, user=None, **options):
        if action == "sync":
            groups = sync_all_stations()
            self.stdout.write(f"{len(groups)} station groups checked.")
            return
        if not unit:
            raise CommandError("--unit is required")
        try:
            station = find_unit(unit)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if action == "list":
            for person in members(station):
                self.stdout.write(person.get_username())
            return
        if not user:
            raise CommandError("--user is required")
        person = get_user_model()._default_manager.filter(username=user).first()
        if person is None:
            raise CommandError(f"No user named {user!r}")
        if action == "add":
            add_member(station, person)
            self.stdout.write(f"{user} now edits {station.title}.")
        else:
            remove_member(station, person)
            self.stdout.write(f"{user} no longer edits {station.title}.")

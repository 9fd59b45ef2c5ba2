"""Add or remove a user from a station's staff (its editors' group), or list the staff.

`add --create --email …` also creates the account (with a verified address, so that the
person can log in by e-mail at once) and prints what they do next."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from units.teams import add_member, find_unit, members, remove_member, sync_all_stations


class Command(BaseCommand):
    help = (
        "Manage station staff: add|remove --unit <title or id> --user <username>; "
        "add --create --email <address> [--user <username>] creates the account first; "
        "list --unit <title or id>; sync (create missing groups for every station)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "remove", "list", "sync"])
        parser.add_argument("--unit", help="station page id or exact title")
        parser.add_argument("--user", help="username (with --create: defaults to the e-mail)")
        parser.add_argument(
            "--create", action="store_true", help="with add: create the user if missing"
        )
        parser.add_argument("--email", help="with --create: the person's e-mail address")

    def handle(self, action, unit=None, user=None, create=False, email=None, **options):
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
        if create:
            if action != "add":
                raise CommandError("--create goes with add")
            person, password = self._create(user, email)
        else:
            if not user:
                raise CommandError("--user is required (or --create --email to make the account)")
            person = get_user_model()._default_manager.filter(username=user).first()
            if person is None:
                raise CommandError(
                    f"No user named {user!r}; add --create --email <address> to create it"
                )
            password = None
        if action == "add":
            add_member(station, person)
            self.stdout.write(f"{person.get_username()} now edits {station.title}.")
            if password:
                self._next_steps(person, password)
        else:
            remove_member(station, person)
            self.stdout.write(f"{person.get_username()} no longer edits {station.title}.")

    @transaction.atomic
    def _create(self, username, email):
        if not email:
            raise CommandError("--create needs --email <address>")
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email!r}") from error
        User = get_user_model()
        username = username or email
        existing = User._default_manager.filter(username=username).first()
        if existing is not None:
            if existing.email.lower() != email.lower():
                raise CommandError(f"User {username!r} exists with another e-mail address")
            self.stdout.write(f"User {username} exists already; not changed.")
            return existing, None
        if EmailAddress.objects.filter(email__iexact=email).exists():
            raise CommandError(f"{email} belongs to another account")
        password = secrets.token_urlsafe(12)
        person = User._default_manager.create_user(username, email, password)
        EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
        return person, password

    def _next_steps(self, person, password):
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "Next steps for the new member of staff:",
                    f"  1. Log in at {base}{reverse('account_login')} with {person.email} "
                    f"and the one-time password {password}",
                    f"  2. Change the password at {base}{reverse('account_change_password')}",
                    "  3. Open the admin at "
                    f"{base}{reverse('wagtailadmin_home')} and scan the QR code with an "
                    "authenticator app (two-factor login is required for staff)",
                    "  4. Reports of the station are under 吹哨工单 in the admin menu",
                    "Give the password in person or by phone, not by e-mail.",
                ]
            )
        )

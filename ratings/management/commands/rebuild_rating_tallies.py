"""Recount the rating tallies (ratings/tallies.py) from the ratings themselves: after a restore
or a change made in the database by hand. With --check, only say whether they agree."""

from django.core.management.base import BaseCommand, CommandError

from ratings.tallies import drift, rebuild


class Command(BaseCommand):
    help = "Recount the per-department and per-station rating tallies from the ratings."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="report differences, change nothing"
        )

    def handle(self, *args, check=False, **options):
        differences = drift()
        if check:
            for kind, key, period, tallied, recounted in differences[:20]:
                self.stdout.write(
                    f"{kind} {key} {period}: tallied {tallied}, recounted {recounted}"
                )
            if differences:
                raise CommandError(f"{len(differences)} tallies differ from a recount")
            self.stdout.write("tallies agree with a recount")
            return
        rebuild()
        self.stdout.write(f"rebuilt ({len(differences)} tallies differed)")

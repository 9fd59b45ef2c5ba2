"""python manage.py generate_scale_data: the Tianjin-wide dataset for the load benchmark."""

from django.core.management.base import BaseCommand, CommandError

from demo import scale


class Command(BaseCommand):
    help = (
        "Add a Tianjin-wide sample dataset (default: 2,000 stations, 200,000 notices, "
        "500,000 reports, 500,000 ratings) on top of the demo district, for bench/load.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stations", type=int, default=2000)
        parser.add_argument("--notices", type=int, default=200_000)
        parser.add_argument("--reports", type=int, default=500_000)
        parser.add_argument("--ratings", type=int, default=500_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--no-index", action="store_true", help="Skip adding the new pages to search."
        )

    def handle(self, *args, **options):
        if scale.exists():
            self.stdout.write("Scale data is already present; nothing to do.")
            return
        try:
            scale.generate(
                stations=options["stations"],
                notices=options["notices"],
                reports=options["reports"],
                ratings=options["ratings"],
                seed=options["seed"],
                index=not options["no_index"],
                stdout=self.stdout,
                stream=self.stderr._out,
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error

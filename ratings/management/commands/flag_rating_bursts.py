"""Flag bursts of one-sided ratings from new accounts; flagged ratings leave the public figures
until a moderator reviews them (Wagtail admin → 评议审核)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from ratings.anomalies import flag_bursts


class Command(BaseCommand):
    help = "Flag bursts of very low or very high ratings from new accounts."

    def add_arguments(self, parser):
        parser.add_argument("--window", type=int, default=10, help="minutes")
        parser.add_argument("--threshold", type=int, default=10, help="ratings in one window")
        parser.add_argument("--account-age", type=int, default=24, help="hours; newer is 'new'")
        parser.add_argument("--since", type=int, default=7 * 24, help="hours to look back")

    def handle(self, *args, **options):
        flagged = flag_bursts(
            window=datetime.timedelta(minutes=options["window"]),
            threshold=options["threshold"],
            account_age=datetime.timedelta(hours=options["account_age"]),
            since=timezone.now() - datetime.timedelta(hours=options["since"]),
        )
        self.stdout.write(f"flagged {len(flagged)} ratings")

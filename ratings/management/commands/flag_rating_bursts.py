"""Flag bursts of one-sided ratings from new or related accounts (ratings/anomalies.py); flagged
ratings leave the public figures until a moderator reviews them (Wagtail admin → 评议审核)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from ratings.anomalies import BurstRules, flag_bursts

DEFAULTS = BurstRules()


class Command(BaseCommand):
    help = "Flag bursts of very low or very high ratings from new or related accounts."

    def add_arguments(self, parser):
        minutes = int(DEFAULTS.window.total_seconds() // 60)
        parser.add_argument("--window", type=int, default=minutes, help="minutes")
        parser.add_argument(
            "--threshold", type=int, default=DEFAULTS.threshold, help="ratings in one window"
        )
        parser.add_argument(
            "--new-account-days",
            type=int,
            default=DEFAULTS.new_account.days,
            help="an account younger than this when it rated counts as new",
        )
        parser.add_argument("--since", type=int, default=7 * 24, help="hours to look back")

    def handle(self, *args, **options):
        rules = BurstRules(
            window=datetime.timedelta(minutes=options["window"]),
            threshold=options["threshold"],
            new_account=datetime.timedelta(days=options["new_account_days"]),
        )
        since = timezone.now() - datetime.timedelta(hours=options["since"])
        flagged = flag_bursts(since=since, rules=rules)
        self.stdout.write(f"flagged {len(flagged)} ratings")

from django.core.management.base import BaseCommand

from feedback.retention import auto_close_stale, purge_personal_data


class Command(BaseCommand):
    help = (
        "Close reports left resolved for REPORT_AUTO_CLOSE_DAYS without confirmation, then "
        "erase names, phone numbers, photos and phone numbers in the text of reports closed "
        "more than REPORT_RETENTION_DAYS ago."
    )

    def handle(self, *args, **options):
        closed = auto_close_stale()
        self.stdout.write(f"Closed {closed} reports resolved but never confirmed.")
        count = purge_personal_data()
        self.stdout.write(f"Personal data removed from {count} closed reports.")

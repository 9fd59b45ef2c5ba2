from django.core.management.base import BaseCommand

from feedback.retention import purge_personal_data


class Command(BaseCommand):
    help = "Clear names, phone numbers and photos of reports closed more than REPORT_RETENTION_DAYS ago."

    def handle(self, *args, **options):
        count = purge_personal_data()
        self.stdout.write(f"Personal data removed from {count} closed reports.")

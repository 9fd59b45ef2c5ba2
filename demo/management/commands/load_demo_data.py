from django.core.management.base import BaseCommand

from demo.data import load_demo


class Command(BaseCommand):
    help = "Build the sample Jinghai district (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout)

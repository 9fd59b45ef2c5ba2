from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from . import finder, teams
from .models import UnitPage


def connect():
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(finder.clear_cache, sender=UnitPage, dispatch_uid=f"finder-{id(signal)}")
    teams.connect()

from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .navigation import clear_navigation_cache


def connect():
    page_published.connect(clear_navigation_cache, dispatch_uid="nav-published")
    page_unpublished.connect(clear_navigation_cache, dispatch_uid="nav-unpublished")
    post_delete.connect(clear_navigation_cache, sender=Page, dispatch_uid="nav-deleted")
    post_page_move.connect(clear_navigation_cache, dispatch_uid="nav-moved")

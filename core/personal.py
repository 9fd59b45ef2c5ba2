"""The personal parts of a shared page: slots that the page cache fills in for each request.

A public page is rendered once and shown to everyone, signed in or not (core/cache.py). The
few things on it that depend on who is asking, or that must differ on every answer, are
written `{% personal "name" %}` (core/templatetags/site_tags.py): the header's account link,
the messages ("感谢您的评议！"), a form's CSRF token. While a page is rendered for sharing the
tag leaves a marker; fill() then replaces each marker with the slot's template rendered for
the request at hand, on a cache hit as on a miss. Anywhere else (account pages, a form shown
again with its errors) the tag renders the slot at once.

Slot templates get `request`, `user` and `messages`, plus what the slot's own context function
returns: no context processors. A slot marked `per_request` is unique to one answer (a CSRF
token, a form's one-time token): a page with one is never kept by nginx, nor by browsers.
Apps add their slots in AppConfig.ready() with register().
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.safestring import mark_safe

SHARED_RENDER = "_shared_render"


@dataclass(frozen=True)
class Slot:
    template: str
    context: Callable | None = None
    per_request: bool = False


_slots: dict[str, Slot] = {}


def register(name, template, context=None, *, per_request=False):
    """A slot `name` drawn with `template`; `context(request)` adds to its context."""
    _slots[name] = Slot(template, context, per_request)


register("account", "includes/personal/account.html")
register("messages", "includes/personal/messages.html")
register(
    "csrf_token",
    "includes/personal/csrf_token.html",
    lambda request: {"csrf_token": get_token(request)},
    per_request=True,
)


def _marker(name):
    return f"<!--linli-personal:{name}-->"


def render_slot(request, name):
    slot = _slots[name]
    context = {"request": request, "user": request.user, "messages": get_messages(request)}
    if slot.context is not None:
        context.update(slot.context(request))
    return get_template(slot.template).render(context)


def slot(request, name):
    """What `{% personal name %}` writes: a marker in a shared render, else the slot itself."""
    if name not in _slots:
        raise ValueError(f"No personal slot {name!r}: register it (core.personal.register)")
    if request is not None and getattr(request, SHARED_RENDER, False):
        return mark_safe(_marker(name))
    if request is None:
        return ""
    return mark_safe(render_slot(request, name))


def fill(request, content):
    """(`content` with every slot rendered for `request`, whether a per-request slot was)."""
    per_request = False
    for name, found in _slots.items():
        marker = _marker(name).encode()
        if marker in content:
            content = content.replace(marker, render_slot(request, name).encode())
            per_request = per_request or found.per_request
    return content, per_request

"""The personal parts of a shared page: slots that the page cache fills in for each request.

A public page is rendered once and shown to everyone, signed in or not (core/cache.py). The
few things on it that depend on who is asking, the header's account link and the messages
("感谢您的评议！"), are written `{% personal "account" %}` and `{% personal "messages" %}`
(core/templatetags/site_tags.py). While a page is rendered for sharing the tag leaves a
marker; fill() then replaces each marker with the slot's template rendered for the request at
hand, on a cache hit as on a miss. Anywhere else (forms, account pages) the tag renders the
slot at once. Slot templates get `request`, `user` and `messages` only: no context processors.
"""

from django.contrib.messages import get_messages
from django.template.loader import get_template
from django.utils.safestring import mark_safe

SLOTS = {
    "account": "includes/personal/account.html",
    "messages": "includes/personal/messages.html",
}
SHARED_RENDER = "_shared_render"


def _marker(name):
    return f"<!--linli-personal:{name}-->"


def render_slot(request, name):
    context = {"request": request, "user": request.user, "messages": get_messages(request)}
    return get_template(SLOTS[name]).render(context)


def slot(request, name):
    """What `{% personal name %}` writes: a marker in a shared render, else the slot itself."""
    if name not in SLOTS:
        raise ValueError(f"No personal slot {name!r}: add it to core.personal.SLOTS")
    if request is not None and getattr(request, SHARED_RENDER, False):
        return mark_safe(_marker(name))
    if request is None:
        return ""
    return mark_safe(render_slot(request, name))


def fill(request, content):
    """`content` (bytes of a shared page) with every slot rendered for `request`."""
    for name in SLOTS:
        marker = _marker(name).encode()
        if marker in content:
            content = content.replace(marker, render_slot(request, name).encode())
    return content

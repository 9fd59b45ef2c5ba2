from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from core import punctuation
from core.templatetags.site_tags import tel_link

register = template.Library()


@register.simple_tag
def staff_items(people):
    """The <li> of each dispatched staff member: name · post, a call link, duty hours.
    Written out here rather than in the template: a department's page lists up to 600 of
    them across Tianjin, and the template's tags and lookups cost ~1 ms each on a cold render."""
    duty_label = gettext("值班") + punctuation.colon()
    return format_html_join("", "<li>{}</li>", ((_item(person, duty_label),) for person in people))


def _item(person, duty_label):
    post = format_html(" · {}", person.post) if person.post else ""
    duty = person.duty_display()
    duty = format_html(' <span class="meta">{}{}</span>', duty_label, duty) if duty else ""
    return format_html("{}{} {}{}", person.name, post, tel_link(person.phone, plain=True), duty)

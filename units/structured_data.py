"""schema.org data (JSON-LD, core.seo.json_ld) for stations and notices."""

from django.conf import settings
from django.utils.html import strip_tags

from core import seo
from core.locale import content_language
from core.seo import plain_text

from .hours import hour_groups

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _bcp47(code):
    return "zh-Hans" if code == "zh-hans" else code


def opening_hours_specification(rows):
    """One OpeningHoursSpecification per set of days that share their hours."""
    specifications = []
    for runs, opens, closes in hour_groups(rows):
        days = [SCHEMA_DAYS[day] for first, last in runs for day in range(first, last + 1)]
        specifications.append(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [f"https://schema.org/{day}" for day in days],
                "opens": f"{opens:%H:%M}",
                "closes": f"{closes:%H:%M}",
            }
        )
    return specifications


def office(unit, request):
    """The station as a GovernmentOffice, without its contact points (also the place a notice
    is about)."""
    data = {
        "@type": "GovernmentOffice",
        "@id": request.build_absolute_uri(unit.url) + "#office",
        "name": unit.title,
        "url": request.build_absolute_uri(unit.url),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": unit.address,
            **settings.DISTRICT_ADDRESS,
        },
    }
    if unit.phone:
        data["telephone"] = unit.phone
    return data


def station(unit, request, contacts=()):
    data = office(unit, request)
    data["image"] = unit.share_image(request).url
    if unit.intro:
        data["description"] = plain_text(unit.intro, 300)
    if hours := opening_hours_specification(unit.hours):
        data["openingHoursSpecification"] = hours
    if compounds := unit.compound_names:
        data["areaServed"] = [{"@type": "Place", "name": name} for name in compounds]
    data["contactPoint"] = [
        {
            "@type": "ContactPoint",
            "contactType": str(contact.get_role_display()),
            "telephone": contact.phone,
        }
        for contact in contacts
    ]
    return data


def notice(page, request):
    """A notice as a SpecialAnnouncement (schema.org's type for a dated notice about a place:
    a water cut, an event), by and about the station or the town that posted it."""
    parent = page.parent_page
    url = request.build_absolute_uri(page.url)
    data = {
        "@type": "SpecialAnnouncement",
        "name": page.title,
        "headline": page.title,
        "url": url,
        "datePosted": page.date.isoformat(),
        "datePublished": page.date.isoformat(),
        "category": str(page.get_category_display()),
        "inLanguage": _bcp47(content_language(page)),
        "text": plain_text(page.summary or strip_tags(page.body), 500),
        "image": seo.share_image(request, page).url,
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.valid_until:
        data["expires"] = page.valid_until.isoformat()
    if hasattr(parent, "compound_names"):  # a station
        place = office(parent, request)
    else:  # a town, a community or the district's list
        place = {
            "@type": "GovernmentOrganization",
            "name": parent.title,
            "url": request.build_absolute_uri(parent.url),
        }
    data["announcementLocation"] = place
    data["publisher"] = {"@type": place["@type"], "name": place["name"], "url": place["url"]}
    return data

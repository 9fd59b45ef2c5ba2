"""A person's data across the apps, for the rights the PIPL gives them (art. 45 and 47): to
download all of it and to delete the account.

accounts serves the download, the account page and the deletion but knows only the account
itself; each app that keeps something about a person registers a `Part` in its
AppConfig.ready():

- `export(user)`: JSON-ready data for the download (required: nothing may be left out);
- `erase(user)`: called before the account is deleted (anonymise what must stay, e.g. scores
  in published figures; delete the rest);
- `profile_template` / `profile_context(user)`: an optional section on the account page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Part:
    key: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None
    profile_template: str = ""
    profile_context: Callable[[Any], dict] | None = None


_parts: dict[str, Part] = {}


def register(part):
    _parts[part.key] = part


def parts():
    return list(_parts.values())


def export(user):
    """{part key: that app's data about `user`}."""
    return {part.key: part.export(user) for part in parts()}


def erase(user):
    for part in parts():
        if part.erase is not None:
            part.erase(user)


def profile_sections(user):
    """[(template, context)] for the account page."""
    return [
        (part.profile_template, part.profile_context(user) if part.profile_context else {})
        for part in parts()
        if part.profile_template
    ]

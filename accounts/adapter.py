"""allauth adapter: a locked-out login answers 429 instead of a form error."""

from http import HTTPStatus

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.core.exceptions import ValidationError
from django.shortcuts import render


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # Even the right password is refused until the window has passed.
            raise ImmediateHttpResponse(
                render(request, "account/429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
            ) from None

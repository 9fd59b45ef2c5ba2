"""Text messages for phone login, through a pluggable sender chosen by settings.SMS_SENDER.

A real provider is a subclass of SmsSender that implements send_code(); set SMS_SENDER to its
dotted path, e.g. "myproject.sms.AliyunSender". It must not log the number or the code.

ConsoleSender (development and tests) prints the code on the server's standard output, never
through logging, so the code cannot end up in the application logs. Production refuses it
unless ALLOW_CONSOLE_SMS is set (config/settings/production.py).
"""

import sys

from django.conf import settings
from django.utils.module_loading import import_string

from core.phones import mask_phone


class SmsSender:
    """Interface for SMS providers."""

    def send_code(self, phone, code, *, purpose="verify"):
        """Send `code` to `phone` (E.164, +86…). purpose: "verify" (confirm the number) or
        "login" (sign-in code). Raise an exception when the provider refuses the message."""
        raise NotImplementedError


class ConsoleSender(SmsSender):
    """Prints the code to the console instead of sending it; for development only."""

    def __init__(self, stream=None):
        self.stream = stream

    def send_code(self, phone, code, *, purpose="verify"):
        stream = self.stream or sys.stdout
        stream.write(f"[SMS → {mask_phone(phone)}] 静海区邻里之家验证码：{code}\n")
        stream.flush()


def get_sender():
    return import_string(settings.SMS_SENDER)()


def send_code(phone, code, *, purpose="verify"):
    get_sender().send_code(phone, code, purpose=purpose)

"""Text messages, through a pluggable sender chosen by settings.SMS_SENDER: codes for phone
login, and notices such as a whistle report's progress (feedback.notifications).

A real provider is a subclass of SmsSender that implements send_code() and send_message(); set
SMS_SENDER to its dotted path, e.g. "myproject.sms.AliyunSender". Mainland providers send only
registered templates: send_message() receives the template's name and its parameters besides
the finished text. It must not log the number, the code or the text.

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

    def send_message(self, phone, text, *, template, params):
        """Send a notice to `phone` (E.164). `text` is the whole message as the site words it;
        `template` names it (e.g. "report_status") and `params` holds its variables, for
        providers that send registered templates only. Raise when the provider refuses."""
        raise NotImplementedError


class ConsoleSender(SmsSender):
    """Prints the code to the console instead of sending it; for development only."""

    def __init__(self, stream=None):
        self.stream = stream

    def send_code(self, phone, code, *, purpose="verify"):
        stream = self.stream or sys.stdout
        stream.write(f"[SMS → {mask_phone(phone)}] 静海区邻里之家验证码：{code}\n")
        stream.flush()

    def send_message(self, phone, text, *, template, params):
        stream = self.stream or sys.stdout
        stream.write(f"[SMS → {mask_phone(phone)}] {text}\n")
        stream.flush()


def get_sender():
    return import_string(settings.SMS_SENDER)()


def send_code(phone, code, *, purpose="verify"):
    get_sender().send_code(phone, code, purpose=purpose)


def send_message(phone, text, *, template, params):
    get_sender().send_message(phone, text, template=template, params=params)

"""The test suite: fast hashing, mail kept in memory, everything else as in base."""

import json

from .base import *  # noqa: F401,F403
from .base import DATABASES
from .env import env

SECRET_KEY = env("SECRET_KEY", "test-only-insecure-key")
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", "")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.engines"}}
DATABASES = DATABASES
# The browser tests' site (tests/browser/conftest.py) serves every journey from one address, so
# it raises the per-address limits those journeys share; unit tests set RATE_LIMITS themselves.
RATE_LIMITS = json.loads(env("RATE_LIMITS_JSON", "{}"))

"""Local development: DEBUG on, a fixed key that is useless anywhere else."""

from .base import *  # noqa: F401,F403
from .env import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-not-for-production")
ALLOWED_HOSTS = ["*"]
# Demo residents may rate as soon as they have verified their e-mail.
RATING_MIN_ACCOUNT_AGE_HOURS = int(env("RATING_MIN_ACCOUNT_AGE_HOURS", 0))

"""gunicorn settings for the production site: `gunicorn -c site/gunicorn.conf.py config.wsgi`."""

import multiprocessing
import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = 30
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
# Access logs carry paths only: no query strings (search terms, next=…), no request bodies or
# cookies, and the secret in a status link, password-reset or e-mail confirmation address is
# replaced (whoever reads the log must not be able to open them). nginx logs the same way.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss'
SECRET_PATHS = re.compile(
    r"^((?:/[a-z]{2}(?:-[a-z]+)?)?/(?:feedback/s|accounts/password/reset/key|accounts/confirm-email)/)"
    r"[^/?]+"
)


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = SECRET_PATHS.sub(r"\1[redacted]", atoms.get("U", ""))
        atoms.update(U=path, q="", r=f"{atoms.get('m', '-')} {path} {atoms.get('H', '-')}")
        return atoms


logger_class = RedactingLogger
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

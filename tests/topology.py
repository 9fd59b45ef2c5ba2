"""The shipped production topology on one machine, for the tests and the benchmarks: nginx
with site/nginx/linli.conf as shipped (only its machine-specific parts replaced: ports,
certificate, static and cache folders, upstream servers), in front of gunicorn with
site/gunicorn.conf.py. bench/load.py and tests/deploy use the same rendering, so what they
measure and prove is the file that production installs.
"""

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_CONF = ROOT / "site" / "nginx" / "linli.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_available():
    return bool(shutil.which("openssl")) and Path(NGINX).exists()


def self_signed_certificate(folder):
    """(certificate, key) for 127.0.0.1, valid for a day."""
    cert, key = Path(folder) / "cert.pem", Path(folder) / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    return cert, key


def render_site(upstreams, *, https_port, http_port, static_root, cache_dir, cert, key):
    """site/nginx/linli.conf for this machine: `upstreams` are "host:port" app servers."""
    site = SITE_CONF.read_text()
    servers = "".join(f"    server {address};\n" for address in upstreams)
    site, count = re.subn(r"(?:    server 127\.0\.0\.1:800\d[^\n]*\n)+", servers, site)
    assert count == 1, "the upstream block of site/nginx/linli.conf changed shape"
    site = re.sub(r"\n\s*listen \[::\][^\n]+", "", site)
    replacements = {
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "/etc/ssl/linli/fullchain.pem": str(cert),
        "/etc/ssl/linli/privkey.pem": str(key),
        "/var/cache/nginx/linli": str(cache_dir),
        "/srv/linli/static_collected/": f"{static_root}/",
    }
    for old, new in replacements.items():
        assert old in site, f"site/nginx/linli.conf no longer contains {old!r}"
        site = site.replace(old, new)
    return site


def write_nginx_conf(folder, site, *, worker_processes=1, access_log=False):
    """A whole nginx.conf in `folder` that includes `site`; returns its path."""
    folder = Path(folder)
    (folder / "site.conf").write_text(site)
    temp_paths = "".join(
        f"  {kind}_temp_path {folder}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    log = f"access_log {folder}/access.log;" if access_log else "access_log off;"
    conf = folder / "nginx.conf"
    conf.write_text(
        f"user root;\nworker_processes {worker_processes};\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  {log}\n  keepalive_requests 100000;\n"
        f"{temp_paths}  include {folder}/site.conf;\n}}\n"
    )
    return conf


def start_nginx(conf):
    return subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)

"""The shipped production topology on one machine, for the tests and the benchmarks: nginx
with site/nginx/linli.conf as shipped (only its machine-specific parts replaced: ports,
certificate, static and cache folders, upstream servers), in front of gunicorn with
site/gunicorn.conf.py and the production settings, and a Redis of its own. bench/load.py,
tests/deploy and tests/security use the same rendering, so what they measure and prove is the
file that production installs.

Visitors come from distinct loopback addresses (Client("…", "127.0.0.3")): nginx, and so the
site's rate limits, see each as a different resident.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path

import requests
import urllib3

ROOT = Path(__file__).resolve().parent.parent
SITE_CONF = ROOT / "site" / "nginx" / "linli.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The tests' nginx uses its own self-signed certificate.
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


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
        "/var/log/nginx/linli.access.log": str(Path(cache_dir).parent / "access.log"),
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


# -- The whole topology, for the tests (tests/security, tests/deploy) ---------------------------

LOOPBACK_CLIENTS = [f"127.0.0.{n}" for n in range(2, 60)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_available():
    return bool(shutil.which("redis-server"))


class RedisServer:
    """A redis-server of our own (never the machine's shared one), which a test may stop."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.ping():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"redis-server on port {self.port} did not start")
            time.sleep(0.05)
        return self

    def ping(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def flush(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall(b"FLUSHALL\r\n")
            s.recv(16)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def production_env(*, database_url, redis_url, static_root, var_dir, **extra):
    """The environment of an app server: production settings with test secrets."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(Path(var_dir) / "media"),
        "PRIVATE_MEDIA_ROOT": str(Path(var_dir) / "private"),
        "ELASTICSEARCH_URL": "",
        "GUNICORN_WORKERS": "2",
        "WAGTAILADMIN_BASE_URL": "https://127.0.0.1",
        **{key: str(value) for key, value in extra.items()},
    }
    for name in (
        "ALLOW_LOCAL_CACHE",
        "RATE_LIMITS",
        "RATE_LIMITS_JSON",
        "EMAIL_BACKEND",
        "SMS_SENDER",
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # the test process's switch (tests/conftest.py), not theirs
    ):
        if name not in extra:
            env.pop(name, None)
    return env


def collect_static(env):
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])


class AppServer:
    """A gunicorn process with site/gunicorn.conf.py, and a tiny client that keeps cookies
    even for http:// URLs (the production cookies are Secure; nginx would speak HTTPS)."""

    def __init__(self, env, port=None, log=None):
        self.port = port or free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.base = f"http://{self.address}"
        self.env = {**env, "GUNICORN_BIND": self.address}
        self.log = log  # a file for gunicorn's standard output (its access log), or nothing
        self.cookies = {}
        self.process = None
        self.start()

    def start(self):
        stdout = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "site/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=stdout,
            stderr=subprocess.PIPE,
        )
        return self

    def wait_until_up(self, seconds=90, healthy=True):
        """Until /healthz answers (200 unless healthy=False: any answer)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode()[-3000:])
            try:
                # The first request of a fresh worker loads the whole site: allow it time.
                status = requests.get(
                    self.base + "/healthz",
                    headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"},
                    timeout=30,
                ).status_code
                if status == 200 or not healthy:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{self.base} did not become healthy")

    def request(self, method, path, cookies=None, **kwargs):
        jar = self.cookies if cookies is None else cookies
        # As nginx passes them: one public host name whichever server answers.
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "Origin": "https://127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        }
        response = requests.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=10, **kwargs
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                jar[name] = morsel.value
        return response

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class Nginx:
    """site/nginx/linli.conf as shipped, in front of `upstreams` ("host:port")."""

    def __init__(self, folder, upstreams, static_root):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        cert, key = self_signed_certificate(self.folder)
        self.port = free_port()
        site = render_site(
            upstreams,
            https_port=self.port,
            http_port=free_port(),
            static_root=static_root,
            cache_dir=self.folder / "cache",
            cert=cert,
            key=key,
        )
        self.conf = write_nginx_conf(self.folder, site)
        self.base = f"https://127.0.0.1:{self.port}"
        self.process = start_nginx(self.conf)
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(self.process.stderr.read().decode()) from None
                time.sleep(0.05)

    def client(self, source="127.0.0.2"):
        return Client(self.base, source)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class _SourceAddressAdapter(requests.adapters.HTTPAdapter):
    def __init__(self, source, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, connections, maxsize, block=False, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(connections, maxsize, block, **kwargs)


class Client:
    """A visitor at one loopback address (127.0.0.2, .3 …): nginx sees each as its own
    client, as it would see residents' addresses. Keeps cookies, follows no redirects, and
    sends the Origin header of the public host name, as a browser on the site would."""

    def __init__(self, base, source="127.0.0.2"):
        self.base = base
        self.source = source
        self.session = requests.Session()
        self.session.mount("https://", _SourceAddressAdapter(source))
        self.session.mount("http://", _SourceAddressAdapter(source))
        self.session.headers.update({"Host": "127.0.0.1", "Origin": "https://127.0.0.1"})

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data=None, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def request(self, method, path, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        # Explicitly: a CA bundle named in the environment would otherwise win over the
        # session's setting.
        kwargs.setdefault("verify", False)
        kwargs.setdefault("timeout", 60)
        return self.session.request(method, self.base + path, **kwargs)

    def csrf_token(self, path):
        """GET a form page; its CSRF token (the cookie is kept in the session)."""
        html = self.get(path).text
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def form(self, path):
        """GET a form page; {hidden field name: value}, the CSRF token included."""
        html = self.get(path).text
        return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


class TcpProxy:
    """Forwards a local port to `target` (host, port); cut() makes the target unreachable
    (open connections dropped, new ones refused) as a stopped server or a broken network
    would, restore() brings it back on the same port."""

    def __init__(self, target, port=None):
        self.target = target
        self.port = port or free_port()
        self._sockets = []
        self._lock = threading.Lock()
        self._listener = None
        self.restore()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        # shutdown() wakes the thread blocked in accept(); close() alone would leave the
        # socket listening until then.
        try:
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for end in sockets:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

"""Load benchmark: the production stack (nginx → gunicorn → PostgreSQL + Redis) driven by wrk.

    make bench-load                                  # both datasets
    .venv/bin/python bench/load.py --dataset demo    # or scale; --duration, --connections
    .venv/bin/python bench/load.py --dataset scale --elasticsearch http://127.0.0.1:9250
    .venv/bin/python bench/load.py --dataset scale --sqlite var/scale.sqlite3 --only search

Needs PostgreSQL, Redis, nginx and wrk on this machine (`apt-get install postgresql
redis-server nginx-light wrk`). DATABASE_URL names a PostgreSQL server login (default
postgres://linli:linli@127.0.0.1:5432/postgres); the benchmark creates its own databases,
linli_bench_demo and linli_bench_scale, and keeps them between runs (--rebuild starts again;
building the scale dataset takes a few minutes). REDIS_URL defaults to database 14 of the local
Redis, which is flushed before each run.

--sqlite FILE runs the same stack on that SQLite database instead of PostgreSQL (built there
if missing: the scale dataset takes over half an hour on SQLite, mostly its search index), for
the embedded default. --only search runs the static-file and search scenarios only; --only
report the static file and report submissions; --only report-form the static file and the
signed-in report form (repeat --only to combine them).
--keep-index skips re-indexing into Elasticsearch when the node already holds the dataset.

gunicorn runs with site/gunicorn.conf.py and the production settings (bench/settings.py: only the
per-address report limit is raised, since every client is 127.0.0.1). nginx is configured like
site/nginx/linli.conf as shipped (rendered by tests/topology.py: TLS, microcache). Each
scenario runs wrk with the same connections and duration, after a warm-up of --warm-up seconds
(5) at the same concurrency, so that every gunicorn worker has built its caches, and the
static-file scenario runs in the
same invocation, so every figure is also a ratio to it. wrk runs on the same two cores, so all
figures include its own CPU use.

Scenarios:
  static            a hashed CSS file served by nginx
  home, station, notices (cached)  anonymous views, answered by nginx's microcache or
                    Django's page cache
  ... (signed in)   station pages (the first 2,000), notice lists, directory, report form,
                    department pages, scorecards and home page for a real signed-in resident:
                    the shared page with the personal slots filled in ("after a publish": each
                    page's first view after the content generation moved on)
  search            the queries of search/queryset.json in turn
  search (common words)  queries made only of the words most common in notices (the worst
                    case: they match most of the 200,000 notices), in turn
  ..., first time   the same searches, each request at an address no cache has seen (an ignored
                    parameter): what a search costs when it is rendered
  report            POSTs of the whistle-report form, each with its own signed form ticket; counts
                    200 receipts and compares them with the rows added to the database
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests import topology  # noqa: E402 - the repository root is on the path only now

UNVERIFIED = ssl._create_unverified_context()  # the run's own self-signed certificate
PYTHON = sys.executable


def free_port():
    """A port nothing listens on: other people's runs of this benchmark may be going on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


NGINX_PORT, NGINX_HTTP_PORT, GUNICORN_PORT = free_port(), free_port(), free_port()
HOST = "localhost"
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(40)

TARGETS = """\
- cached station page: >= 50% of the static file's requests/s
- signed in: station page, notice list (pages 1 and 50), directory, report form, department
  page, scorecards, home page: p95 <= 100 ms each at 10 clients; station page >= 5x the
  earlier uncached req/s (26 on scale, 37 on demo); demo within 1.5x of scale
- search: p95 <= 150 ms at 10 clients on the scale dataset (PostgreSQL, Elasticsearch),
  <= 300 ms on SQLite, for the query set and for the common-word queries
- report submission: >= 100 reports/s, zero loss (receipts == rows), p99 <= 500 ms
- cold start: the first station page after a deploy (empty cache) <= 300 ms"""

LUA_COMMON = r"""
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local counter = 0
local threads = {}
local headers = %(headers)s

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local started = 0

function init(args)
  counter = math.random(1, #paths)
  started = os.time()  -- with the thread's id and a serial: an address no earlier run used
end

local unique = %(unique)s
local serial = 0

function request()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  if unique then
    -- A parameter the page ignores makes each address new to the page cache and nginx's:
    -- every request is a first-time search, rendered.
    serial = serial + 1
    path = path .. "&first=" .. started .. "-" .. tostring(tid) .. "-" .. serial
  end
  return wrk.format("GET", path, headers)
end
"""

LUA_REPORT = r"""
local threads = {}
local counter = 0
local ok = 0
local bad = 0
local first = 0
local units = %(units)s
local headers = %(headers)s
-- Signed form tickets (feedback/tickets.py), %(per_thread)s for each thread.
local tokens = %(tokens)s

function setup(thread)
  thread:set("first", #threads * %(per_thread)s)
  table.insert(threads, thread)
end

function init(args)
  first = wrk.thread:get("first")
end

function request()
  counter = counter + 1
  local token = tokens[first + ((counter - 1) %% %(per_thread)s) + 1]
  local body = "%(body)s&unit=" .. units[(counter %% #units) + 1] .. "&token=" .. token
  return wrk.format("POST", "/feedback/", headers, body)
end

function response(status, headers, body)
  if status == 200 and string.find(body, "JH%%-%(year)s%%-") then
    ok = ok + 1
  else
    bad = bad + 1
  end
  wrk.thread:set("ok", ok)
  wrk.thread:set("bad", bad)
end
"""

LUA_DONE = r"""
function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + (thread:get("ok") or 0)
    bad = bad + (thread:get("bad") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"ok": %d, "bad": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout, ok, bad))
end
"""


def database_url(base, name):
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def run(command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def manage(env, *args, **kwargs):
    return run([PYTHON, "manage.py", *args], env, **kwargs)


class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="linli-bench-"))
        self.processes = []
        self.db_name = args.database or f"linli_bench_{args.dataset}"
        self.sqlite = Path(args.sqlite).resolve() if args.sqlite else None
        url = (
            f"sqlite:///{self.sqlite}"
            if self.sqlite
            else database_url(args.database_url, self.db_name)
        )
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="bench.settings",
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS=HOST,
            DATABASE_URL=url,
            REDIS_URL=args.redis_url,
            STATIC_ROOT=str(self.tmp / "static"),
            VAR_DIR=str(self.tmp / "var"),
            GUNICORN_BIND=f"127.0.0.1:{GUNICORN_PORT}",
            LOG_LEVEL="ERROR",
            PYTHONPATH=str(ROOT),
        )
        self.env.pop("ELASTICSEARCH_URL", None)
        if args.elasticsearch:
            self.env["ELASTICSEARCH_URL"] = args.elasticsearch

    # -- preparation -----------------------------------------------------------------------

    def prepare(self):
        if self.sqlite:
            exists = self.sqlite.exists() and Path(f"{self.sqlite}.ready").exists()
            if not exists:
                self._build()
                Path(f"{self.sqlite}.ready").write_text(time.strftime("%Y-%m-%d %H:%M"))
            self._finish_preparing()
            return
        import psycopg

        admin_url = self.args.database_url
        with psycopg.connect(admin_url, autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.db_name]
            ).fetchone()
            if exists and self.args.rebuild:
                conn.execute(f'DROP DATABASE "{self.db_name}"')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{self.db_name}"')
        ready = self._ready_marker()
        if not exists or not ready:
            self._build()
            self._mark_ready()
        self._finish_preparing()

    def _build(self):
        where = self.sqlite or self.db_name
        print(f"Building the {self.args.dataset} dataset in {where}…", flush=True)
        started = time.monotonic()
        manage(self.env, "migrate", "--noinput", "-v0")
        manage(self.env, "load_demo_data")
        if self.args.dataset == "scale":
            manage(self.env, "generate_scale_data")
        manage(
            self.env,
            "shell",
            "-c",
            "from django.db import connection;connection.cursor().execute('ANALYZE')",
        )
        print(f"  built in {time.monotonic() - started:.0f} s", flush=True)

    def _finish_preparing(self):
        manage(self.env, "migrate", "--noinput", "-v0")  # the code may be newer than the data
        if self.args.elasticsearch and not (self.args.keep_index and self._indexed()):
            print(f"Indexing the {self.args.dataset} dataset into {self.args.elasticsearch}…")
            started = time.monotonic()
            manage(self.env, "update_index", "-v0")
            print(f"  indexed in {time.monotonic() - started:.0f} s", flush=True)
        manage(self.env, "collectstatic", "--noinput", "-v0")
        run(
            ["redis-cli", "-u", self.args.redis_url, "FLUSHDB"], self.env, stdout=subprocess.DEVNULL
        )

    def _indexed(self):
        script = (
            "from modelsearch.backends import get_search_backend;from wagtail.models import Page;"
            "b=get_search_backend('default');i=b.get_index_for_model(Page);"
            "print(b.es.count(index=i.name)['count'] >= Page.objects.count())"
        )
        try:
            out = manage(self.env, "shell", "-c", script, capture_output=True, text=True).stdout
        except subprocess.CalledProcessError:
            return False
        return out.strip().endswith("True")

    def _ready_marker(self):
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
            row = conn.execute(
                "SELECT 1 FROM pg_tables WHERE tablename = 'linli_bench_ready'"
            ).fetchone()
        return bool(row)

    def _mark_ready(self):
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute("CREATE TABLE linli_bench_ready (built timestamptz DEFAULT now())")
            conn.execute("INSERT INTO linli_bench_ready DEFAULT VALUES")

    # -- servers ---------------------------------------------------------------------------

    def start(self):
        # nginx as production runs it: site/nginx/linli.conf, TLS included (tests/topology.py).
        cert, key = topology.self_signed_certificate(self.tmp)
        site = topology.render_site(
            [f"127.0.0.1:{GUNICORN_PORT}"],
            https_port=NGINX_PORT,
            http_port=NGINX_HTTP_PORT,
            static_root=self.tmp / "static",
            cache_dir=self.tmp / "cache",
            cert=cert,
            key=key,
        )
        conf = topology.write_nginx_conf(self.tmp, site, worker_processes="auto")
        os.chmod(self.tmp, 0o755)
        gunicorn = [
            str(Path(PYTHON).parent / "gunicorn"),
            "-c",
            "site/gunicorn.conf.py",
            "--access-logfile",
            # Not access.log: nginx's site log goes there (tests/topology.py).
            str(self.tmp / "gunicorn-access.log"),
            "--error-logfile",
            str(self.tmp / "gunicorn.log"),
            "config.wsgi",
        ]
        self.processes.append(subprocess.Popen(gunicorn, env=self.env, cwd=ROOT))
        self.processes.append(topology.start_nginx(conf))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(self.url("/healthz"), headers={"Host": HOST})
                with urllib.request.urlopen(request, timeout=2, context=UNVERIFIED) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("The site did not answer /healthz within 60 s; see " + str(self.tmp))

    def stop(self):
        for process in reversed(self.processes):
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    def url(self, path):
        return f"https://127.0.0.1:{NGINX_PORT}{path}"

    # -- the dataset's URLs ----------------------------------------------------------------

    def targets(self):
        script = textwrap.dedent(
            """
            import json
            from django.contrib.staticfiles.storage import staticfiles_storage
            from feedback.models import Category
            from units.models import DepartmentPage, DirectoryPage, NoticeIndexPage, UnitPage
            units = list(UnitPage.objects.live().source().order_by("path")[:2000])
            departments = DepartmentPage.objects.live().source().order_by("path")
            print(json.dumps({
                "static": staticfiles_storage.url("css/site.css"),
                "stations": [u.url for u in units],
                "unit_ids": [u.pk for u in units],
                "notices": NoticeIndexPage.objects.live().source().first().url,
                "directory": DirectoryPage.objects.live().source().first().url,
                "departments": [d.url for d in departments],
                "category": Category.objects.active().first().pk,
            }))
            """
        )
        out = manage(self.env, "shell", "-c", script, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    def signed_in_cookie(self):
        """The session cookie of a signed-in resident (a sample account made for the run), so
        that the signed-in scenarios pay for what a real session costs: the session read and
        the user looked up on every request."""
        script = textwrap.dedent(
            """
            from django.conf import settings
            from django.contrib.auth import get_user_model
            from django.test import Client
            user, _ = get_user_model().objects.get_or_create(
                username="bench-resident", defaults={"email": "bench-resident@example.test"}
            )
            client = Client()
            client.force_login(user)
            name = settings.SESSION_COOKIE_NAME
            print(f"{name}={client.cookies[name].value}")
            """
        )
        out = manage(self.env, "shell", "-c", script, capture_output=True, text=True).stdout
        return out.strip().splitlines()[-1]

    def bump_generation(self):
        """What publishing a page does to the caches: every page is a miss afterwards."""
        script = "from core.cache import bump_generation; bump_generation()"
        manage(self.env, "shell", "-c", script)

    def cold_start(self, stations, cookie):
        """The first requests after a deploy: fresh workers, an empty cache. Times the first
        request and the slowest of the first five (each a different station, so a different
        page to render; gunicorn hands them to whichever workers are free)."""
        run(
            ["redis-cli", "-u", self.args.redis_url, "FLUSHDB"], self.env, stdout=subprocess.DEVNULL
        )
        timings = []
        for path in stations[1:6]:
            request = urllib.request.Request(
                self.url(path), headers={"Host": HOST, "Cookie": cookie}
            )
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30, context=UNVERIFIED) as response:
                response.read()
            timings.append(1000 * (time.perf_counter() - started))
        return timings

    # -- wrk -------------------------------------------------------------------------------

    def cpu_seconds(self):
        """CPU seconds used so far by gunicorn (master and workers) and by the database's
        server processes for this run's database (PostgreSQL only): divided by the requests
        of a run, the cost of one request, which varies far less than the clock on a shared
        machine."""
        gunicorn = self.processes[0].pid
        app = [gunicorn, *_children(gunicorn)]
        database = []
        if not self.sqlite:
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
                rows = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                ).fetchall()
            database = [pid for (pid,) in rows]
        return {"app": _cpu_seconds(app), "db": _cpu_seconds(database), "db_pids": database}

    def wrk(self, name, lua, duration=None):
        connections = self.args.connections
        script = self.tmp / f"{name}.lua"
        script.write_text(lua + LUA_DONE)
        command = [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{duration or self.args.duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            self.url("/"),
        ]
        before = self.cpu_seconds()
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        after = self.cpu_seconds()
        # A database process that ended during the run is not counted; one that started is
        # counted from its start.
        db_before = _cpu_seconds([pid for pid in after["db_pids"] if pid in before["db_pids"]])
        line = next(line for line in out.splitlines() if line.startswith("BENCH "))
        result = json.loads(line[len("BENCH ") :])
        seconds = result["duration_us"] / 1e6
        errors = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
        return {
            "name": name,
            "rps": result["requests"] / seconds,
            "p50": result["p50"] / 1000,
            "p95": result["p95"] / 1000,
            "p99": result["p99"] / 1000,
            "errors": errors + result["bad"],
            "requests": result["requests"],
            "ok": result["ok"],
            # The machine's 1-minute load average as the run ends (wrk, nginx, gunicorn and
            # the database included, and whatever else runs on the machine).
            "load": os.getloadavg()[0],
            "app_cpu_ms": 1000 * (after["app"] - before["app"]) / max(result["requests"], 1),
            "db_cpu_ms": 1000 * (after["db"] - db_before) / max(result["requests"], 1),
        }

    def get_scenario(self, name, paths, cookie=None, warm="some", expect=None, unique=False):
        """wrk over `paths` in turn. Before measuring, `warm`="some" fetches the first 50 paths
        once (connection pools, the first render), "all" fetches every path once (each page
        has been seen since the last publish: the steady state), "none" nothing after moving
        the generation on (every page's first view after a publish). `expect`: a text every
        warm-up answer must contain. `unique`: every request's address is new (no cache can
        answer it)."""
        paths_file = self.tmp / f"{name}.paths"
        paths_file.write_text("\n".join(paths) + "\n")
        headers = {"Host": HOST}
        if cookie:
            headers["Cookie"] = cookie
        lua = LUA_COMMON % {
            "paths": paths_file,
            "headers": lua_table(headers),
            "unique": "true" if unique else "false",
        }
        if warm == "none":
            self.fetch_all(paths[:1], headers, expect)
            self.bump_generation()
        else:
            # Warm up (page cache, connection pools, each worker's search indexes: a worker
            # builds them on its first search), with as many connections as the run.
            self.fetch_all(paths if warm == "all" else paths[:50], headers, expect)
            self.wrk(f"{name}-warm-up", lua, duration=self.args.warm_up)
        return self.wrk(name, lua)

    @staticmethod
    def scorecard_paths(urls):
        return [f"{s}scorecard/" for s in urls["stations"][:500]] + [
            f"{d}scorecard/" for d in urls["departments"]
        ]

    def search_scenarios(self, queries, common):
        """Searches as they come (repeated queries answered by the caches), then every search
        a first-time one (rendered each time: the search's own cost)."""
        return [
            self.get_scenario("search", queries),
            self.get_scenario("search (common words)", common),
            self.get_scenario("search, first time", queries, unique=True),
            self.get_scenario("search (common words), first time", common, unique=True),
        ]

    def fetch_all(self, paths, headers, expect=None):
        def fetch(path):
            request = urllib.request.Request(self.url(path), headers=headers)
            with urllib.request.urlopen(request, timeout=60, context=UNVERIFIED) as response:
                body = response.read().decode()
            if expect and expect not in body:
                raise SystemExit(f"{path}: the answer lacks {expect!r}")

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(fetch, paths))

    def report_scenario(self, unit_ids, category):
        from django.core import signing

        from feedback.tickets import SALT

        csrf = secrets.token_hex(16)
        # One ticket per report, as each form shown carries its own; signed with the server's
        # key, a minute old (older than REPORT_MIN_FILL_SECONDS).
        per_thread = self.args.duration * 500
        tokens = [
            signing.dumps(
                {"k": secrets.token_hex(16), "t": round(time.time() - 60, 3)},
                salt=SALT,
                key=self.env["SECRET_KEY"],
            )
            for _n in range(per_thread * min(2, self.args.connections))
        ]
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "category": category,
                "description": "楼道灯坏了，晚上上下楼看不见。（压力测试样例）",
                "consent": "on",
                "website": "",
            }
        )
        headers = {
            "Host": HOST,
            "Cookie": f"__Host-csrftoken={csrf}",
            "Referer": f"https://{HOST}/feedback/",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        lua = LUA_REPORT % {
            "units": "{" + ", ".join(str(pk) for pk in unit_ids[:500]) + "}",
            "headers": lua_table(headers),
            "body": body,
            "tokens": "{" + ", ".join(f'"{token}"' for token in tokens) + "}",
            "per_thread": per_thread,
            "year": time.strftime("%Y"),
        }
        before, answered_before = self.count_reports(), self.answered_posts()
        result = self.wrk("report", lua)
        time.sleep(2)  # let the requests wrk abandoned at the deadline finish on the server
        result["stored"] = self.count_reports() - before
        result["answered"] = self.answered_posts() - answered_before
        result["other_answers"] = self.other_answers()
        # wrk stops on the clock and drops the answers still in flight; the server completes
        # those requests, so compare the rows with what the server answered, and check that
        # every answer wrk did read was a receipt ("bad" counts any other).
        if result["stored"] != result["answered"]:
            result["errors"] += abs(result["stored"] - result["answered"])
        return result

    def answered_posts(self, status="200"):
        """Answers with `status` to report POSTs in gunicorn's access log (200: receipts; a
        form with errors would also be 200, but then wrk's check of the body counts it as
        bad)."""
        log = self.tmp / "gunicorn-access.log"
        if not log.exists():
            return 0
        return sum('"POST /feedback/ ' in line and f'" {status} ' in line for line in log.open())

    def other_answers(self):
        """How many report POSTs got each status other than 200 (a 403 is a refused CSRF
        check, a 429 a rate limit, a 5xx an error), as gunicorn's access log has them."""
        log = self.tmp / "gunicorn-access.log"
        found = {}
        for line in log.open() if log.exists() else []:
            if '"POST /feedback/ ' in line and '" 200 ' not in line:
                status = line.split('" ', 1)[1].split(" ", 1)[0]
                found[status] = found.get(status, 0) + 1
        return found

    def count_reports(self):
        if self.sqlite:
            import sqlite3

            with sqlite3.connect(self.sqlite) as conn:
                return conn.execute("SELECT count(*) FROM feedback_report").fetchone()[0]
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
            return conn.execute("SELECT count(*) FROM feedback_report").fetchone()[0]

    # -- the run ---------------------------------------------------------------------------

    def only(self, urls, queries, common):
        """The static file, then only the scenarios named with --only (a short targeted run)."""
        results = [self.get_scenario("static", [urls["static"]])]
        for name in self.args.only:
            if name == "search":
                results.extend(self.search_scenarios(queries, common))
            elif name == "report-form":
                cookie = self.signed_in_cookie()
                results.append(
                    self.get_scenario(
                        "report form (signed in)", ["/feedback/"], cookie, "all", expect=MINE
                    )
                )
            elif name == "report":
                results.append(self.report_scenario(urls["unit_ids"], urls["category"]))
            elif name == "scorecards":
                results.append(
                    self.get_scenario(
                        "scorecards (signed in)",
                        self.scorecard_paths(urls),
                        self.signed_in_cookie(),
                        "all",
                        expect=MINE,
                    )
                )
        return results

    def run(self):
        self.prepare()
        self.start()
        try:
            urls = self.targets()
            queries = [
                "/search/?" + urllib.parse.urlencode({"q": item["query"]})
                for item in json.loads((ROOT / "search" / "queryset.json").read_text())
            ]
            from search.evaluation import COMMON_WORD_QUERIES  # after django.setup() in main()

            common = ["/search/?" + urllib.parse.urlencode({"q": q}) for q in COMMON_WORD_QUERIES]
            if self.args.only:
                return self.only(urls, queries, common)
            signed_in = self.signed_in_cookie()
            self.cold_start_ms = self.cold_start(urls["stations"], signed_in)
            stations, departments = urls["stations"], urls["departments"]
            notices = urls["notices"]
            scorecards = self.scorecard_paths(urls)

            def signed(name, paths, warm="all"):
                return self.get_scenario(name, paths, signed_in, warm=warm, expect=MINE)

            results = [
                self.get_scenario("static", [urls["static"]]),
                self.get_scenario("home (cached)", ["/"]),
                self.get_scenario("station (cached)", [stations[0]]),
                self.get_scenario("notices (cached)", [notices]),
                signed("station (signed in)", stations),
                signed("station (signed in, after a publish)", stations, warm="none"),
                signed("notices p1 (signed in)", [notices]),
                signed("notices p50 (signed in)", [f"{notices}?page=50"]),
                signed("notices p1-50 (signed in)", [f"{notices}?page={n}" for n in range(1, 51)]),
                signed("directory (signed in)", [urls["directory"]]),
                signed("report form (signed in)", ["/feedback/"]),
                signed("department (signed in)", departments),
                signed("scorecards (signed in)", scorecards),
                signed("home (signed in)", ["/"]),
                *self.search_scenarios(queries, common),
                self.report_scenario(urls["unit_ids"], urls["category"]),
            ]
        finally:
            self.stop()
        return results


MINE = "我的账户"  # the personal header: the page was served to a signed-in resident


def _children(pid):
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def _cpu_seconds(pids):
    """User and system CPU seconds of these processes (/proc/<pid>/stat), 0 for any gone."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def lua_table(mapping):
    items = ", ".join(
        f"[{json.dumps(k)}] = {json.dumps(v, ensure_ascii=False)}" for k, v in mapping.items()
    )
    return "{" + items + "}"


def print_results(dataset, results, args):
    static = results[0]["rps"]
    print()
    print(
        f"## {dataset} dataset — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, wrk -c{args.connections} -d{args.duration}s"
    )
    print()
    print(
        "| scenario | req/s | % of static | p50 ms | p95 ms | p99 ms | errors | load "
        "| app CPU ms/req | db CPU ms/req |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['name']} | {r['rps']:,.0f} | {100 * r['rps'] / static:.1f}% | "
            f"{r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} | "
            f"{r.get('load', 0):.1f} | {r.get('app_cpu_ms', 0):.2f} | {r.get('db_cpu_ms', 0):.2f} |"
        )
    print()
    if getattr(args, "cold_start_ms", None):
        first, *rest = args.cold_start_ms
        print(
            f"Cold start (empty cache, fresh workers, signed in): first station page "
            f"{first:.0f} ms; slowest of the first five {max(args.cold_start_ms):.0f} ms."
        )
    report = next((r for r in results if r["name"] == "report"), None)
    if report is None:
        return
    print()
    print(
        f"Report submission: wrk read {report['requests']} answers, {report['ok']} of them "
        f"receipts; the server answered {report['answered']} POSTs with 200 and stored "
        f"{report['stored']} reports."
        + (f" Other answers: {report['other_answers']}." if report.get("other_answers") else "")
    )


ONLY = ["search", "report", "report-form", "scorecards"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=["demo", "scale"], action="append")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument(
        "--warm-up", type=int, default=5, help="Seconds of load before each measured run."
    )
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--prepare-only", action="store_true", help="Build the datasets, run nothing."
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://linli:linli@127.0.0.1:5432/postgres"),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    parser.add_argument("--json", help="Also write the figures to this file.")
    parser.add_argument(
        "--database",
        metavar="NAME",
        help="PostgreSQL database to use (default linli_bench_<dataset>), built if missing.",
    )
    parser.add_argument(
        "--sqlite",
        metavar="FILE",
        help="Run on this SQLite database (built there if missing) instead of PostgreSQL.",
    )
    parser.add_argument(
        "--only",
        choices=ONLY,
        action="append",
        help="Run the static file and this scenario only (repeatable): search (both search "
        "rows), report (submissions), report-form (the form, signed in).",
    )
    parser.add_argument(
        "--keep-index",
        action="store_true",
        help="With --elasticsearch: do not re-index when the node already holds every page.",
    )
    parser.add_argument(
        "--elasticsearch",
        metavar="URL",
        help="Search with this Elasticsearch node (e.g. one from .ci/elasticsearch.sh), after "
        "indexing the dataset into it; the database backend otherwise.",
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # figures appear as each dataset finishes
    for tool in ("wrk", "redis-cli"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install wrk redis-server nginx-light")
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        raise SystemExit("nginx is missing: apt-get install nginx-light")
    if not args.sqlite and not args.database_url.startswith("postgres"):
        raise SystemExit("The load benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    sys.path.insert(0, str(ROOT))
    all_results = {}
    for dataset in args.dataset or ["demo", "scale"]:
        args.dataset = dataset
        bench = Bench(args)
        os.environ.update({"DJANGO_SETTINGS_MODULE": "bench.settings", **bench.env})
        import django

        django.setup()
        if args.prepare_only:
            bench.prepare()
            continue
        results = bench.run()
        args.cold_start_ms = getattr(bench, "cold_start_ms", None)  # not with --only search
        label = dataset + (" + Elasticsearch" if args.elasticsearch else "")
        label += " on SQLite" if args.sqlite else ""
        all_results[label] = results
        print_results(label, results, args)
        shutil.rmtree(bench.tmp, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(all_results, indent=2, ensure_ascii=False))
    print()
    print("Targets:\n" + TARGETS)


if __name__ == "__main__":
    main()

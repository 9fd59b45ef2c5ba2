#!/usr/bin/env bash
# A single-node Elasticsearch on 127.0.0.1 for the search suite, built from Maven Central only.
#
#   .ci/elasticsearch.sh start    fetch (cached in ~/.m2), assemble, start, wait for health, print version
#   .ci/elasticsearch.sh stop     stop the node this script started (its pid file)
#   .ci/elasticsearch.sh resume   start the node assembled by `start` again, keeping its data
#                                 (tests/search/test_elasticsearch_outage.py stops and resumes it)
#   .ci/elasticsearch.sh status   health of the running node
#   then: ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python -m pytest -q tests/search
#
# What it assembles (see .ci/elasticsearch/): the integ-test-zip distribution that Elastic publishes
# on Maven Central (server, x-pack core/security, transport-netty4; no JDK, no analysis-common),
# plus LinliAnalysisPlugin.java, compiled here with javac, which registers the analysis-common
# filters the site's index settings name (lowercase, asciifolding, ngram, edge_ngram, cjk_width,
# cjk_bigram) from the Lucene classes bundled in the distribution. Security is off, the node is
# reachable from this machine only, and its data lives in $ES_WORK (wiped at each start).
#
# Elasticsearch refuses to run as root: when run as root, the node runs as the system user
# $ES_USER (created if missing). Environment: ES_PORT (9250), ES_WORK (/tmp/linli-elasticsearch-
# $ES_PORT), ES_USER (linli-es), ES_JAVA_HOME (the JDK of `javac`; Java 17 or newer), ES_HEAP
# (512m), ES_WAIT (seconds to wait for health, 120).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ES_PORT="${ES_PORT:-9250}"
ES_WORK="${ES_WORK:-/tmp/linli-elasticsearch-$ES_PORT}"
ES_USER="${ES_USER:-linli-es}"
ES_HEAP="${ES_HEAP:-512m}"
ES_WAIT="${ES_WAIT:-120}"
URL="http://127.0.0.1:$ES_PORT"
PIDFILE="$ES_WORK/elasticsearch.pid"

log() { echo "elasticsearch: $*" >&2; }
fail() {
  log "$*"
  exit 1
}

# GET a path of the node; prints the body, fails on connection errors and HTTP errors.
get() {
  python3 - "$URL$1" <<'EOF'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
    sys.stdout.write(response.read().decode())
EOF
}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

java_home() {
  if [ -n "${ES_JAVA_HOME:-}" ]; then
    echo "$ES_JAVA_HOME"
  else
    command -v javac >/dev/null || fail "no JDK: install one (Java 17+) or set ES_JAVA_HOME"
    dirname "$(dirname "$(readlink -f "$(command -v javac)")")"
  fi
}

fetch() {
  # The zip lands in ~/.m2 (kept between runs on the same machine) and is copied to $1.
  command -v mvn >/dev/null || fail "Maven (mvn) is needed to fetch Elasticsearch"
  mvn -q -B -Dstyle.color=never -f "$HERE/elasticsearch/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$1" >"$ES_WORK/maven.log" 2>&1 ||
    { cat "$ES_WORK/maven.log" >&2; fail "could not fetch the distribution from Maven Central"; }
  ls "$1"/elasticsearch-*.zip
}

unpack() {
  # Python's zipfile keeps the scripts' exec bits with this loop; unzip may not be installed.
  python3 - "$1" "$2" <<'EOF'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as archive:
    for info in archive.infolist():
        path = archive.extract(info, sys.argv[2])
        mode = info.external_attr >> 16
        if mode and not info.is_dir():
            os.chmod(path, mode & 0o777)
EOF
}

start() {
  if running; then
    log "already running (pid $(cat "$PIDFILE")) at $URL"
    return 0
  fi
  local java home version zip
  java="$(java_home)"
  [ -x "$java/bin/javac" ] || fail "no JDK at $java (ES_JAVA_HOME)"
  "$java/bin/java" -version 2>&1 | head -1 >&2
  rm -rf "$ES_WORK"
  mkdir -p "$ES_WORK"/{download,plugin-classes,data,logs,tmp}
  zip="$(fetch "$ES_WORK/download")"
  unpack "$zip" "$ES_WORK"
  rm -rf "$ES_WORK/download"
  home="$(ls -d "$ES_WORK"/elasticsearch-*/)"
  home="${home%/}"
  version="${home##*/elasticsearch-}"

  # The analysis plugin, compiled against this very distribution.
  "$java/bin/javac" --release 17 -Xlint:-options -nowarn -d "$ES_WORK/plugin-classes" \
    -cp "$(printf '%s:' "$home"/lib/*.jar)" "$HERE/elasticsearch/LinliAnalysisPlugin.java"
  mkdir -p "$home/plugins/linli-analysis"
  "$java/bin/jar" cf "$home/plugins/linli-analysis/linli-analysis.jar" -C "$ES_WORK/plugin-classes" .
  cat >"$home/plugins/linli-analysis/plugin-descriptor.properties" <<EOF
description=analysis-common filters for the site's index settings (.ci/elasticsearch)
version=$version
name=linli-analysis
classname=org.linli.elasticsearch.LinliAnalysisPlugin
java.version=17
elasticsearch.version=$version
EOF

  cat >>"$home/config/elasticsearch.yml" <<EOF
cluster.name: linli-test
node.name: linli-test-1
path.data: $ES_WORK/data
path.logs: $ES_WORK/logs
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $((ES_PORT + 100))
discovery.type: single-node
xpack.security.enabled: false
# A nearly full disk would otherwise keep shards unassigned (health red) on a test machine.
cluster.routing.allocation.disk.threshold_enabled: false
EOF

  launch
}

# Start the assembled node in $ES_WORK and wait until it is healthy.
launch() {
  local home java
  home="$(ls -d "$ES_WORK"/elasticsearch-*/ 2>/dev/null)" || fail "nothing assembled in $ES_WORK: run start"
  home="${home%/}"
  java="$(java_home)"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    id "$ES_USER" >/dev/null 2>&1 ||
      useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER": "$ES_WORK"
    run=(runuser -u "$ES_USER" --)
  fi
  log "starting ${home##*/} on $URL (home $home)"
  # With -d the launcher returns once the node has started (or failed); bound that too.
  local deadline=$((SECONDS + ES_WAIT))
  timeout --kill-after=10 "$ES_WAIT" "${run[@]}" env ES_JAVA_HOME="$java" \
    ES_TMPDIR="$ES_WORK/tmp" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
    "$home/bin/elasticsearch" -d -p "$PIDFILE" >"$ES_WORK/console.log" 2>&1 ||
    {
      cat "$ES_WORK/console.log" >&2
      stop
      fail "the node did not start within ${ES_WAIT}s"
    }
  until get "/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; do
    if ! running || [ $SECONDS -ge $deadline ]; then
      tail -n 40 "$ES_WORK/logs/linli-test.log" "$ES_WORK/console.log" >&2 2>/dev/null || true
      stop
      fail "not healthy within ${ES_WAIT}s"
    fi
    sleep 1
  done
  get "/_nodes/_local/jvm" | python3 -c '
import json, sys
node = next(iter(json.load(sys.stdin)["nodes"].values()))
print("elasticsearch:", node["version"], "(Java", node["jvm"]["version"] + ") ready at", sys.argv[1])
' "$URL" >&2
  get "/_cluster/health" >&2
  echo >&2
}

stop() {
  if ! running; then
    log "not running"
    return 0
  fi
  local pid
  pid="$(cat "$PIDFILE")"
  kill "$pid"
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$PIDFILE"
  log "stopped (pid $pid)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  resume) running && log "already running (pid $(cat "$PIDFILE")) at $URL" || launch ;;
  status) running && get "/_cluster/health" && echo || fail "not running" ;;
  *) fail "usage: $0 start|stop|status" ;;
esac

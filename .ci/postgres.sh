#!/usr/bin/env bash
# Start or stop the throwaway PostgreSQL server the KeyvStore tests use.
# Usage: .ci/postgres.sh start|stop
# It listens on 127.0.0.1 only, on its own port, with its data directory under /tmp, so it never touches a
# system cluster. Authentication is `trust`: acceptable for a loopback server that holds test data only.
# Tests find it through POSTGRES_URL (default postgres://postgres@127.0.0.1:5439/postgres).
set -euo pipefail

PORT="${POSTGRES_TEST_PORT:-5439}"
DIR="/tmp/oauth-registry-postgres-${PORT}"
DATA="${DIR}/data"
LOG="${DIR}/postgres.log"
# initdb and postgres refuse to run as root: the cluster belongs to an unprivileged user.
RUN_AS="${POSTGRES_TEST_USER:-postgres}"

ensure_installed() {
  if ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then return; fi
  echo "postgres.sh: PostgreSQL not found, installing Debian's package" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  # The package would start a system cluster on 5432; ours is separate, so that one is left alone.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}

bin_dir() {
  # The newest installed major version.
  ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    # runuser needs no password and no sudo. Run from DIR: initdb fails in a working directory (a clone
    # under root's home) that the owner may not enter.
    (cd "$DIR" && runuser -u "$RUN_AS" -- "$@")
  else
    "$@"
  fi
}

answers() {
  "$(bin_dir)/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 1 2>/dev/null
}

start() {
  ensure_installed
  if answers; then
    echo "postgres.sh: a server already answers on 127.0.0.1:${PORT}"
    return
  fi
  local bin
  bin="$(bin_dir)"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then chown "$RUN_AS" "$DIR"; fi
  as_owner "${bin}/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale >"${DIR}/initdb.log" 2>&1 || {
    echo "postgres.sh: initdb failed; log follows" >&2
    cat "${DIR}/initdb.log" >&2
    exit 1
  }
  # fsync off: test data is thrown away at stop, and it spares the shared CI disk.
  # The socket directory is ours too, so nothing is written to /var/run/postgresql.
  as_owner "${bin}/pg_ctl" -D "$DATA" -l "$LOG" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p ${PORT} -c unix_socket_directories=${DIR} -c fsync=off -c full_page_writes=off" \
    start >/dev/null || {
    echo "postgres.sh: PostgreSQL did not start on 127.0.0.1:${PORT}; log follows" >&2
    cat "$LOG" >&2 || true
    exit 1
  }
  for _ in $(seq 1 50); do
    if answers; then
      echo "postgres.sh: PostgreSQL up on 127.0.0.1:${PORT}"
      return
    fi
    sleep 0.1
  done
  echo "postgres.sh: PostgreSQL did not answer on 127.0.0.1:${PORT}; log follows" >&2
  cat "$LOG" >&2 || true
  exit 1
}

stop() {
  if [ ! -f "${DATA}/postmaster.pid" ]; then
    echo "postgres.sh: no server of ours on port ${PORT}"
    rm -rf "$DIR"
    return
  fi
  # pg_ctl stops only the postmaster of our own data directory.
  as_owner "$(bin_dir)/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null || true
  rm -rf "$DIR"
  echo "postgres.sh: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

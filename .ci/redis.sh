#!/usr/bin/env bash
# Start or stop the throwaway redis-server the RedisStore and token-manager tests use.
# Usage: .ci/redis.sh start|stop
# It listens on 127.0.0.1 only, keeps nothing on disk, and lives in its own directory under /tmp,
# so it never touches a system redis. Tests find it through REDIS_URL (default redis://127.0.0.1:6390).
set -euo pipefail

PORT="${REDIS_TEST_PORT:-6390}"
DIR="/tmp/oauth-registry-redis-${PORT}"
PIDFILE="${DIR}/redis.pid"

ensure_installed() {
  if command -v redis-server >/dev/null 2>&1; then return; fi
  echo "redis.sh: redis-server not found, installing Debian's package" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
}

answers() {
  redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG
}

start() {
  ensure_installed
  if answers; then
    echo "redis.sh: a server already answers on 127.0.0.1:${PORT}"
    return
  fi
  mkdir -p "$DIR"
  # No RDB snapshots, no AOF: test data must not outlive the server.
  redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes \
    --dir "$DIR" --pidfile "$PIDFILE" --logfile "${DIR}/redis.log" \
    --save "" --appendonly no --protected-mode yes
  for _ in $(seq 1 50); do
    if answers; then
      echo "redis.sh: redis-server up on 127.0.0.1:${PORT}"
      return
    fi
    sleep 0.1
  done
  echo "redis.sh: redis-server did not answer on 127.0.0.1:${PORT}; log follows" >&2
  cat "${DIR}/redis.log" >&2 || true
  exit 1
}

stop() {
  if [ ! -f "$PIDFILE" ]; then
    echo "redis.sh: no server of ours on port ${PORT}"
    return
  fi
  local pid
  pid="$(cat "$PIDFILE")"
  # Only the process recorded in our own pidfile is stopped.
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$DIR"
  echo "redis.sh: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

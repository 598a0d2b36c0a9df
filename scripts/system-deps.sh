#!/usr/bin/env bash
# Debian packages and local services the tests talk to for real:
# PostgreSQL 15 (already on this project's machines; started if stopped),
# Prometheus, Alertmanager, node_exporter, Chromium and ansible-core (installed if missing).
# Idempotent; needs root for apt-get (CI runs as root).
set -uo pipefail

need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v prometheus-node-exporter >/dev/null 2>&1 || need+=(prometheus-node-exporter)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v ansible-playbook >/dev/null 2>&1 || need+=(ansible-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "[system-deps] installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  # Debian's policy keeps these services from starting on install; tests start their own.
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
    echo "[system-deps] could not install ${need[*]}; the tests that need them will fail" >&2
fi

if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
  echo "[system-deps] starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 && break; sleep 1; done
fi

#!/usr/bin/env bash
# Installs what the tests need that is missing on this machine (Debian packages), then runs
# every test: mvn -B verify. Needs root (or sudo) only when something must be installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need javac openjdk-17-jdk-headless
need mvn maven
need gcc gcc
need strace strace        # proves each path's system calls
need mount mount          # root tests mount ramfs/tmpfs scratch file systems

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test.sh: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
    sudo=sudo
  fi
  echo "test.sh: installing ${missing[*]}" >&2
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

exec mvn -B verify "$@"

#!/usr/bin/env bash
# Installs what the tests need that this machine lacks (Debian packages), then runs every test:
# mvn -B verify (unit tests, then integration tests against the packaged jars: the JMH smoke run,
# headless Chromium opening the HTML report). Needs root or sudo only when something must be installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need_file() { [ -e "$1" ] || missing+=("$2"); }
need_cmd javac openjdk-17-jdk-headless
need_cmd mvn maven
need_cmd gcc gcc
need_cmd strace strace              # proves each path's system calls
need_cmd mount mount                # root tests mount ramfs/tmpfs scratch file systems
need_cmd ip iproute2                # route to the sink for env.json; network-namespace test hosts
need_cmd ethtool ethtool            # NIC offloads for env.json; scatter-gather on/off for netns tests
need_file /usr/bin/chromium chromium               # the real-browser test of the HTML report
need_file /usr/bin/chromedriver chromium-driver
need_cmd fc-list fontconfig          # headless Java2D draws chart text through fontconfig
need_file /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core

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

# Every test must run here, not skip: strace's mechanism proofs, the root-only mounts, cgroups and network namespaces,
# the browser test. A test whose assumption fails then fails with the reason (NoSkipInCi).
export ZCBENCH_REQUIRE_BROWSER=1
export ZCBENCH_REQUIRE_ALL=1
exec mvn -B verify "$@"

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

export ZCBENCH_REQUIRE_BROWSER=1
mvn -B verify "$@"

# Every test must have run here, not skipped: strace's mechanism proofs, the root-only mounts, cgroups and network
# namespaces, the browser test. A test whose assumption failed is listed with its reason, and the run fails.
skips=$(awk '/<testcase /{ match($0, / name="[^"]*"/); t = substr($0, RSTART + 7, RLENGTH - 8);
                           match($0, /classname="[^"]*"/); c = substr($0, RSTART + 11, RLENGTH - 12) }
             /<skipped/{ m = ""; if (match($0, /message="[^"]*"/)) m = substr($0, RSTART + 9, RLENGTH - 10);
                         else if (index($0, "CDATA[")) { m = substr($0, index($0, "CDATA[") + 6); sub(/^[A-Za-z0-9_.$]+: /, "", m) }
                         print "  " c "." t ": " m }' \
        */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml 2>/dev/null || true)
if [ -n "$skips" ]; then
  echo "test.sh: these tests were skipped; every test must run here (a mechanism that cannot be proven is a failure):" >&2
  echo "$skips" >&2
  exit 1
fi
echo "test.sh: every test ran; none was skipped"

#!/usr/bin/env bash
# netns-peer.sh up [--sg on|off] | down | status
# A second host on this machine for NIC-like runs: network namespace "zc-peer" joined to the host
# by a veth pair in the benchmarking range 198.18.0.0/15 (host end zc-host 198.18.0.1, peer end
# 198.18.0.2), scatter-gather on the host end set on or off, and a zcbench sink inside the namespace
# listening on 198.18.0.2 only. `up` prints the sink's HOST:PORT as its last line; `up` twice is
# harmless (it re-applies --sg and prints the same address); so is `down` twice. Needs root.
set -euo pipefail

NS=zc-peer
HOST_IF=zc-host
PEER_IF=zc-peer0
HOST_IP=198.18.0.1
PEER_IP=198.18.0.2
PORT=${ZC_PEER_PORT:-7077}
STATE=/run/zcbench-netns
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() { echo "netns-peer.sh: $*" >&2; exit 2; }

usage() {
  echo "usage: scripts/netns-peer.sh up [--sg on|off] | down | status" >&2
  exit 2
}

preflight() {
  [ "$(id -u)" -eq 0 ] || die "needs root (it creates a network namespace and a veth pair); run it with sudo"
  command -v ip >/dev/null 2>&1 || die "needs 'ip' from iproute2: apt-get install iproute2"
  command -v ethtool >/dev/null 2>&1 || die "needs ethtool to set scatter-gather: apt-get install ethtool"
}

sink_pid() {
  [ -f "$STATE/sink.pid" ] || return 1
  local pid
  pid=$(cat "$STATE/sink.pid")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

up() {
  local sg=on
  while [ $# -gt 0 ]; do
    case "$1" in
      --sg) [ $# -ge 2 ] || usage; sg=$2; shift 2 ;;
      --sg=*) sg=${1#--sg=}; shift ;;
      *) usage ;;
    esac
  done
  case "$sg" in on|off) ;; *) die "--sg takes on or off, not '$sg'" ;; esac
  preflight

  if ! ip netns list | grep -qw "^$NS"; then
    ip netns add "$NS"
    ip link add "$HOST_IF" type veth peer name "$PEER_IF"
    ip link set "$PEER_IF" netns "$NS"
    ip addr add "$HOST_IP/30" dev "$HOST_IF"
    ip link set "$HOST_IF" up
    ip netns exec "$NS" ip addr add "$PEER_IP/30" dev "$PEER_IF"
    ip netns exec "$NS" ip link set "$PEER_IF" up
    ip netns exec "$NS" ip link set lo up
    echo "netns-peer.sh: created namespace $NS, $HOST_IF $HOST_IP <-> $PEER_IF $PEER_IP" >&2
  fi
  ethtool -K "$HOST_IF" sg "$sg" 2>/dev/null || ethtool -K "$HOST_IF" sg "$sg"
  local now
  now=$(ethtool -k "$HOST_IF" | awk '/^scatter-gather:/ {print $2}')
  [ "$now" = "$sg" ] || die "asked scatter-gather $sg on $HOST_IF, the driver reports $now"
  echo "netns-peer.sh: scatter-gather on $HOST_IF: $now ($(ethtool -k "$HOST_IF" | awk -F': ' '/^tcp-segmentation-offload:|^generic-segmentation-offload:/ {printf "%s %s; ", $1, $2}'))" >&2

  if ! sink_pid >/dev/null; then
    mkdir -p "$STATE"
    [ -f "$root/harness/target/zcbench.jar" ] || (cd "$root" && mvn -B -q -DskipTests package >&2)
    local cpus cpu_args=()
    cpus=$(nproc)
    if [ "$cpus" -ge 2 ]; then
      cpu_args=(--cpu $((cpus - 1)))
    fi
    ip netns exec "$NS" setsid "$root/scripts/zcbench" sink --listen "$PEER_IP:$PORT" --drain splice "${cpu_args[@]}" \
      </dev/null >"$STATE/sink.log" 2>&1 &
    echo $! >"$STATE/sink.pid"
    local i
    for i in $(seq 1 300); do
      grep -q "listening on" "$STATE/sink.log" 2>/dev/null && break
      sink_pid >/dev/null || die "the sink did not start: $(tail -n 3 "$STATE/sink.log" | tr '\n' ' ')"
      sleep 0.1
    done
    grep -q "listening on" "$STATE/sink.log" || die "the sink did not report listening within 30 s: $(tail -n 3 "$STATE/sink.log" | tr '\n' ' ')"
    echo "netns-peer.sh: $(head -n 1 "$STATE/sink.log")" >&2
  fi
  echo "$PEER_IP:$PORT"
}

down() {
  preflight
  local pid
  if pid=$(sink_pid); then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  pkill -f "sink --listen $PEER_IP:$PORT" 2>/dev/null || true
  if ip netns list | grep -qw "^$NS"; then
    ip netns del "$NS"    # takes the peer end, and with it the veth pair
  fi
  ip link del "$HOST_IF" 2>/dev/null || true
  rm -rf "$STATE"
  echo "netns-peer.sh: $NS is down" >&2
}

status() {
  if ip netns list 2>/dev/null | grep -qw "^$NS"; then
    echo "namespace $NS: up; sink: $(sink_pid >/dev/null && echo "running, $PEER_IP:$PORT" || echo "not running"); scatter-gather on $HOST_IF: $(ethtool -k "$HOST_IF" 2>/dev/null | awk '/^scatter-gather:/ {print $2}')"
  else
    echo "namespace $NS: down"
  fi
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  up) up "$@" ;;
  down) [ $# -eq 0 ] || usage; down ;;
  status) status ;;
  *) usage ;;
esac

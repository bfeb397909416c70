#!/usr/bin/env bash
# A single-host Ceph cluster serving S3 (RGW), for the S3 store's tests and benchmarks; everything lives in one folder.
#   tools/ceph/ceph-s3.sh start FOLDER [--port PORT]   one monitor, one memstore OSD, RGW on 127.0.0.1:PORT (a free port
#                                                       when not given) and an S3 user; writes FOLDER/s3.env and prints it
#   tools/ceph/ceph-s3.sh stop FOLDER                   stops every daemon by its pid file and waits for it to exit
# Needs Debian's Ceph 16.2 (./build.sh prerequisites installs it: apt-get install -y --no-install-recommends ceph-mon
# ceph-osd radosgw ceph-common), curl and python3.
# FOLDER holds the configuration, data, run directory (pid files, admin sockets), logs and keys: nothing touches /etc/ceph
# or /var/lib/ceph. `source FOLDER/s3.env` sets AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION.
set -euo pipefail

packages=(ceph-mon ceph-osd radosgw ceph-common)
programs=(ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph)

die() { echo "ceph-s3: $*" >&2; exit 1; }

missing_programs() {
  local missing=()
  for p in "${programs[@]}"; do command -v "$p" >/dev/null || missing+=("$p"); done
  echo "${missing[@]}"
}

# A TCP port on 127.0.0.1 that nothing listens on now (the kernel picks it).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 0.2 s until it succeeds, or fails naming WHAT and the logs.
wait_for() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$what did not happen within ${seconds}s; logs: $folder/log"
    sleep 0.2
  done
}

write_config() {
  local fsid=$1 mon_port=$2 rgw_port=$3
  cat >"$folder/ceph.conf" <<EOF
# Written by tools/ceph/ceph-s3.sh: a throwaway single-host cluster whose every path is inside this folder.
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
# Inside the cluster nobody authenticates: it listens on 127.0.0.1 only and S3 clients still sign with their keys.
auth cluster required = none
auth service required = none
auth client required = none
# Daemons such as radosgw ask for an encrypted ("secure") connection to the monitor, which needs cephx's session keys.
ms mon client mode = crc
run dir = $folder/run
admin socket = $folder/run/\$name.asok
pid file = $folder/run/\$name.pid
log file = $folder/log/\$name.log
mon cluster log file = $folder/log/cluster.log
crash dir = $folder/crash
keyring = $folder/keyring
exporter sock dir = $folder/run
mon data = $folder/mon
osd data = $folder/osd
rgw data = $folder/rgw
# One OSD holding everything in memory: one copy of every object, placement groups on the one host.
osd objectstore = memstore
memstore device bytes = ${CEPH_S3_MEMORY_BYTES:-4294967296}
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
# Without tcp_nodelay beast sends a reply's headers and body as two segments and Nagle holds the second for the
# client's delayed ACK: every small GET took 44 ms here.
rgw frontends = beast endpoint=127.0.0.1:$rgw_port tcp_nodelay=1
EOF
}

start() {
  local port=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port=$2; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done

  [ -z "$(missing_programs)" ] || die "missing $(missing_programs): run ./build.sh prerequisites (Debian: apt-get install -y --no-install-recommends ${packages[*]})"
  [ ! -e "$folder/ceph.conf" ] || die "$folder already holds a cluster; stop it and use an empty folder"
  local started=$SECONDS
  # A start that fails midway stops the daemons it had started.
  trap 'stop >/dev/null 2>&1 || true' EXIT
  mkdir -p "$folder"/{run,log,crash,mon,osd,rgw}
  : >"$folder/keyring"
  local fsid mon_port osd_uuid access secret
  fsid=$(cat /proc/sys/kernel/random/uuid)
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  mon_port=$(free_port)
  [ -n "$port" ] || port=$(free_port)
  write_config "$fsid" "$mon_port" "$port"
  local conf=(-c "$folder/ceph.conf")
  export CEPH_CONF="$folder/ceph.conf"

  monmaptool --create --clobber --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$folder/monmap" >/dev/null
  ceph-mon "${conf[@]}" --mkfs -i a --monmap "$folder/monmap" >"$folder/log/mkfs-mon.log" 2>&1 || die "ceph-mon --mkfs failed: $folder/log/mkfs-mon.log"
  ceph-mon "${conf[@]}" -i a
  wait_for 30 "the monitor answering" ceph "${conf[@]}" --connect-timeout 2 mon stat

  local osd_id
  osd_id=$(ceph "${conf[@]}" osd new "$osd_uuid")
  ceph-osd "${conf[@]}" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" >"$folder/log/mkfs-osd.log" 2>&1 || die "ceph-osd --mkfs failed: $folder/log/mkfs-osd.log"
  ceph-osd "${conf[@]}" -i "$osd_id"
  wait_for 60 "the OSD coming up" sh -c "ceph -c '$folder/ceph.conf' osd dump 2>/dev/null | grep -q '^osd.$osd_id up'"

  radosgw "${conf[@]}" -n client.rgw
  # Any HTTP answer will do (an anonymous request may be refused): it means the frontend is up and its pools exist.
  wait_for 60 "RGW answering on 127.0.0.1:$port" curl -s -o /dev/null "http://127.0.0.1:$port/"

  access=$(random_hex 10 | tr a-f A-F)
  secret=$(random_hex 20)
  radosgw-admin "${conf[@]}" user create --uid=imagestorage --display-name="ImageStorage tests" \
    --access-key="$access" --secret-key="$secret" >"$folder/log/user.json"
  cat >"$folder/s3.env" <<EOF
export AWS_ENDPOINT_URL=http://127.0.0.1:$port
export AWS_ACCESS_KEY_ID=$access
export AWS_SECRET_ACCESS_KEY=$secret
export AWS_REGION=us-east-1
EOF
  trap - EXIT
  cat "$folder/s3.env"
  echo "ceph-s3: serving S3 on http://127.0.0.1:$port after $((SECONDS - started)) s; stop with: $0 stop $folder" >&2
}

stop() {
  [ -d "$folder/run" ] || die "$folder holds no cluster (no run directory)"
  local pids=()
  for file in "$folder"/run/*.pid; do
    [ -e "$file" ] || continue
    local pid
    pid=$(cat "$file")
    # Only a process that still runs a Ceph daemon: a pid file left by a daemon that died may name a reused pid.
    if [ -n "$pid" ] && grep -qE 'ceph-mon|ceph-osd|radosgw' "/proc/$pid/cmdline" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    fi
  done
  local deadline=$((SECONDS + 20))
  for pid in "${pids[@]}"; do
    while [ -e "/proc/$pid" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if [ -e "/proc/$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    while [ -e "/proc/$pid" ]; do sleep 0.1; done
  done
  rm -f "$folder"/run/*.pid
}

command=${1:-}
case "$command" in
  start|stop)
    [ $# -ge 2 ] || die "usage: $0 $command FOLDER"
    folder=$(realpath -m "$2")
    shift 2
    "$command" "$@"
    ;;
  *) echo "usage: $0 start FOLDER [--port PORT] | stop FOLDER" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The project's one build entry point.
#   ./build.sh test [dotnet test args]   installs what the tests need (Debian/Ubuntu), then runs every test
#   ./build.sh prerequisites             installs what the tests and the benchmark charts need, nothing else
# The tests read stores with independent tools (h5dump, h5py, mdb_stat, py-lmdb, ...), so those must be present;
# nothing is skipped when one is missing.
set -euo pipefail
cd "$(dirname "$0")"

# Debian's python3-* packages live in the system Python, which a pyenv or venv python3 on PATH may hide.
python3_has() { "$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3 )" -c "import $1" 2>/dev/null; }

missing_packages() {
  local need=()
  ldconfig -p 2>/dev/null | grep -q 'liblmdb\.so\.0 ' || need+=(liblmdb0)   # the LMDB store's LMDB 0.9
  command -v h5dump >/dev/null || need+=(hdf5-tools)                         # HDF5 interop tests
  python3_has h5py || need+=(python3-h5py python3-numpy)
  command -v mdb_stat >/dev/null || need+=(lmdb-utils)                       # LMDB interop tests
  python3_has lmdb || need+=(python3-lmdb)
  command -v ldb >/dev/null || need+=(rocksdb-tools)                         # RocksDB interop tests (Debian's RocksDB 7.8)
  command -v sqlite3 >/dev/null || need+=(sqlite3)                           # SQLite interop tests
  command -v npm >/dev/null || need+=(nodejs npm)                            # arrow-js, for the Arrow interop tests
  command -v ip >/dev/null || need+=(iproute2)                                # the fleet benchmark's network namespaces
  local ceph                                                                 # the S3 tests' Ceph RGW (tools/ceph/ceph-s3.sh)
  for ceph in ceph-mon ceph-osd radosgw ceph; do command -v $ceph >/dev/null || { need+=(ceph-mon ceph-osd radosgw ceph-common); break; }; done
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core fontconfig)  # chart text
  echo "${need[@]}"
}

prerequisites() {
  local need
  need=$(missing_packages)
  [ -z "$need" ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "build.sh: missing: $need (install them with your package manager)" >&2
    exit 2
  fi
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  echo "build.sh: installing $need"
  "${sudo[@]}" apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends $need >/dev/null
}

# arrow-js (apache-arrow, an independent Arrow implementation) into the repository's own folder, never globally.
arrow_js() {
  [ -d tools/arrow-js/node_modules/apache-arrow ] || (cd tools/arrow-js && npm ci --no-audit --no-fund --loglevel=error)
}

case "${1:-}" in
  test)
    shift
    prerequisites
    arrow_js
    dotnet test "$@"
    ;;
  prerequisites)
    prerequisites
    arrow_js
    ;;
  *)
    echo "usage: ./build.sh test [dotnet test arguments] | ./build.sh prerequisites" >&2
    exit 2
    ;;
esac

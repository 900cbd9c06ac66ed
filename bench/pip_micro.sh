#!/usr/bin/env bash
# pip_micro.sh: the point-in-polygon micro-benchmark of issue 6
# (bench/pip_micro.c): builds this tree with -DPHS_BENCH=ON, makes the
# national data once (a store holding the 2008 communes, and synth's one
# point per census household, 26.2 million), then counts the points into
# the communes in file order and in a random order, 1 and 2 threads, point
# by point and in batches, with a brute-force check of a sample.
#
#   bench/pip_micro.sh [--work DIR] [--build DIR] [--threads N]
#                      [--check N] [--repeat R] [--limit N]
#
# Run on demand, never from the test suite. Needs ogr2ogr (gdal-bin) and
# about 2.5 GB of memory; the data (~1 GB) stay in --work for the next run.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SHARED="${PHS_SHARED_DIR:-$REPO/../shared}"
. "$HERE/lib.sh"

WORK=/tmp/phusong-bench-pip
BUILD=/tmp/phusong-bench-pip-build
THREADS=2
CHECK=20000
REPEAT=3
LIMIT=""

while [ $# -gt 0 ]; do
  case "$1" in
    --work) WORK="$2"; shift 2 ;;
    --build) BUILD="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --check) CHECK="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --limit) LIMIT="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pip_micro.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

COMMUNES_VN="$SHARED/data/boundaries/vn_communes_2008.gpkg"
CENSUS_VN="$SHARED/data/population/vn_census2019_commune_pop_hh.csv"
for f in "$COMMUNES_VN" "$CENSUS_VN"; do
  [ -f "$f" ] || { echo "pip_micro.sh: $f not found (set PHS_SHARED_DIR)" >&2; exit 1; }
done
command -v ogr2ogr >/dev/null || { echo "pip_micro.sh: ogr2ogr missing (gdal-bin)" >&2; exit 1; }

bench_log "building $REPO in $BUILD (Release, PHS_BENCH=ON)"
cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPHS_BENCH=ON >/dev/null
cmake --build "$BUILD" -j2 --target phusong pip_micro >/dev/null
PHUSONG="$BUILD/phusong"

mkdir -p "$WORK"
STORE="$WORK/store.sqlite"
if [ ! -f "$STORE" ]; then
  # The communes as the other national benchmarks import them: the 2008
  # file without its 2 unnamed polygons, uncoded ones kept.
  bench_log "store: $STORE"
  ogr2ogr -q -f GPKG "$WORK/communes.gpkg" "$COMMUNES_VN" -where "commune_vn <> ''" -nln communes
  "$PHUSONG" init -q "$STORE.tmp"
  "$PHUSONG" import communes --keep-uncoded -q "$STORE.tmp" "$WORK/communes.gpkg"
  mv "$STORE.tmp" "$STORE"
fi
POINTS="$WORK/syn/households.csv"
if [ ! -f "$POINTS" ]; then
  bench_log "household points: $POINTS"
  "$PHUSONG" synth -q -o "$WORK/syn" --overwrite --communes "$COMMUNES_VN" \
    --census "$CENSUS_VN" --household-points
fi

ARGS=(--threads "$THREADS" --check "$CHECK" --repeat "$REPEAT")
[ -n "$LIMIT" ] && ARGS+=(--limit "$LIMIT")
bench_log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_log "$BUILD/pip_micro $STORE $POINTS ${ARGS[*]}"
/usr/bin/time -f "pip_micro: %e s elapsed, %U s user, %S s system, %M KB peak" \
  "$BUILD/pip_micro" "$STORE" "$POINTS" "${ARGS[@]}"
bench_log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

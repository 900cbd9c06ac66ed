#!/usr/bin/env bash
# coverage.sh: the coverage benchmark of issue 3 (item 8). phusong's circle
# coverage (covered area share and covered households per commune, 5G and
# 4G) against PostGIS doing the same on the same data in the same run, with
# phusong's time and peak memory, PostGIS's load, index and query times, and
# an accuracy check (bench/coverage_check.py). See bench/README.md.
#
#   bench/coverage.sh --scale province            BR-VT, synth's defaults
#   bench/coverage.sh --scale national [--households N]
#   bench/coverage.sh --scale terrain             BR-VT, models over a DEM
#
# Run on demand, never from the test suite. Needs root (or the packages
# already installed) for apt-get; PostgreSQL runs as a private cluster in a
# temporary folder on 127.0.0.1, stopped and removed on exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SHARED="${PHS_SHARED_DIR:-$REPO/../shared}"

SCALE=province
HOUSEHOLDS=""       # national: household points wanted (default: all, 26.9 M)
RUNS=3              # runs per timed step (median reported)
IMPORT_RUNS=""      # runs of the import steps (default: RUNS)
WORK=/tmp/phusong-bench
PHUSONG=""          # a built binary; default: build this tree in $BUILD
BUILD=/tmp/phusong-bench-build
PORT=55432
CELL=50
SKIP_POSTGIS=0

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF
Options:
  --scale province|national|terrain   (province)
  --households N     national: N household points (default: the census's
                     26.9 million); N / census households is synth's
                     --household-scale
  --runs N           runs of each timed step, median reported ($RUNS)
  --import-runs N    runs of the import steps (default: --runs)
  --cell M           phusong's grid cell ($CELL m, issue 3)
  --work DIR         data and results ($WORK/<scale>[-<households>])
  --phusong PATH     use this binary instead of building the tree
  --build DIR        where to build the tree ($BUILD, Release)
  --port N           PostgreSQL port on 127.0.0.1 ($PORT)
  --skip-postgis     phusong only
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --households) HOUSEHOLDS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --import-runs) IMPORT_RUNS="$2"; shift 2 ;;
    --cell) CELL="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --phusong) PHUSONG="$2"; shift 2 ;;
    --build) BUILD="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --skip-postgis) SKIP_POSTGIS=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "coverage.sh: unknown option '$1' (--help)" >&2; exit 2 ;;
  esac
done
IMPORT_RUNS="${IMPORT_RUNS:-$RUNS}"
case "$SCALE" in
  province|national|terrain) ;;
  *) echo "coverage.sh: --scale must be province, national or terrain" >&2; exit 2 ;;
esac
[ "$SCALE" = terrain ] && SKIP_POSTGIS=1

PY=/usr/bin/python3 # Debian's: the checker uses the standard library only
PGBIN=/usr/lib/postgresql/15/bin
TAG="$SCALE${HOUSEHOLDS:+-$HOUSEHOLDS}"
OUT="$WORK/$TAG"
mkdir -p "$OUT"
RES="$OUT/results"
mkdir -p "$RES"
: > "$RES/times.tsv"

log() { printf '== %s\n' "$*" >&2; }

# ------------------------------------------------------------ packages
need_pkgs=()
[ -x /usr/bin/time ] || need_pkgs+=(time)
[ -x "$PGBIN/initdb" ] || need_pkgs+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || need_pkgs+=(postgresql-15-postgis-3)
command -v ogr2ogr >/dev/null || need_pkgs+=(gdal-bin)
command -v cmake >/dev/null || need_pkgs+=(cmake)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "coverage.sh: missing ${need_pkgs[*]}: install them (apt-get) or run as root" >&2
    exit 1
  fi
  log "apt-get install ${need_pkgs[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_pkgs[@]}"
fi

# ------------------------------------------------------------ phusong
if [ -z "$PHUSONG" ]; then
  log "building $REPO in $BUILD (Release)"
  cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target phusong >/dev/null
  PHUSONG="$BUILD/phusong"
fi
PHUSONG="$(cd "$(dirname "$PHUSONG")" && pwd)/$(basename "$PHUSONG")"
log "phusong: $PHUSONG ($("$PHUSONG" --version 2>&1 | head -1))"

# ------------------------------------------------------------ timing
# timed NAME RUNS CMD...: run CMD RUNS times under /usr/bin/time; one line
# per run in times.tsv: name, run, elapsed s, peak resident KB, user s,
# system s, and the PostgreSQL server's CPU s over the step (pg_cpu). The
# CPU times show what the step cost when other work shares the 2 cores.
PG_PM_FILE=""
pg_cpu() { # CPU seconds used so far by the private cluster, reaped children included
  [ -n "$PG_PM_FILE" ] && [ -f "$PG_PM_FILE" ] || { echo 0; return; }
  local pm c k
  pm=$(head -1 "$PG_PM_FILE")
  # A backend or parallel worker that has not been reaped yet would be
  # missed between the two reads below: wait (up to 20 s) until the last
  # step's session and workers are gone, so their time is in cutime.
  for ((k = 0; k < 400; k++)); do
    c=""
    for c in $(cat "/proc/$pm/task/$pm/children" 2>/dev/null || true); do
      if tr '\0' ' ' 2>/dev/null < "/proc/$c/cmdline" | grep -qE 'postgres bench|parallel worker' ||
         sed 's/^.*) //' "/proc/$c/stat" 2>/dev/null | grep -q '^Z'; then
        break
      fi
      c=""
    done
    [ -z "$c" ] && break
    sleep 0.05
  done
  {
    sed 's/^.*) //' "/proc/$pm/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || true
    for c in $(cat "/proc/$pm/task/$pm/children" 2>/dev/null || true); do
      # a child that exits meanwhile has no stat: its time is in the above next time
      sed 's/^.*) //' "/proc/$c/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true
    done
  } | awk -v hz="$(getconf CLK_TCK)" '{ t += $1 } END { printf "%.2f\n", t / hz }'
  return 0
}
timed() {
  local name="$1" n="$2" i c0 c1
  shift 2
  for ((i = 1; i <= n; i++)); do
    c0=$(pg_cpu)
    /usr/bin/time -f "%e %M %U %S" -o "$RES/.time" "$@" > "$RES/.out" 2> "$RES/.err" || {
      echo "coverage.sh: step $name failed:" >&2
      cat "$RES/.err" >&2
      exit 1
    }
    c1=$(pg_cpu)
    read -r secs kb usr sys < <(tail -1 "$RES/.time")
    printf '%s\t%d\t%s\t%s\t%s\t%s\t%.2f\n' "$name" "$i" "$secs" "$kb" "$usr" "$sys" \
      "$(awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }')" >> "$RES/times.tsv"
    # analyze --timings: each step as its own row ("NAME / step S")
    sed -n 's/^phusong: step \(.*\): \([0-9.]*\) s elapsed, \([0-9.]*\) s CPU$/\1\t\2\t\3/p' "$RES/.err" |
      while IFS=$'\t' read -r step se sc; do
        printf '%s / step %s\t%d\t%s\t0\t%s\t0\t0\n' "$name" "$step" "$i" "$se" "$sc" >> "$RES/times.tsv"
      done
    log "$name run $i: $secs s ($usr s user, $sys s sys; server $(awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }') s), $((kb / 1024)) MB; load $(cut -d' ' -f1 /proc/loadavg)"
  done
}

# ------------------------------------------------------------ data
SYN="$OUT/synth"
SITES="$OUT/sites"
CENSUS_VN="$SHARED/data/population/vn_census2019_commune_pop_hh.csv"
COMMUNES_VN="$SHARED/data/boundaries/vn_communes_2008.gpkg"
case "$SCALE" in
  province|terrain)
    COMMUNE_FILES=("$REPO/data/demo/brvt_communes_2008.geojson" "$REPO/data/demo/con_dao_755.geojson")
    CENSUS="$REPO/data/demo/brvt_census2019_commune_pop_hh.csv"
    SYNTH_ARGS=(--household-points)
    TO_5G=0
    ;;
  national)
    for f in "$CENSUS_VN" "$COMMUNES_VN"; do
      [ -f "$f" ] || { echo "coverage.sh: $f not found (set PHS_SHARED_DIR)" >&2; exit 1; }
    done
    COMMUNE_FILES=("$COMMUNES_VN")
    CENSUS="$CENSUS_VN"
    # 119,990 sites placed by synth's 4G rule, 19,990 of them turned into
    # 5G by coverage_prep.py (synth puts 5G in the 15 densest wards only,
    # and '--sites-5g 0' means its default, 10): 100,000 4G and 20,000 5G.
    SYNTH_ARGS=(--household-points --sites-4g 119990 --respondents 1000)
    TO_5G=19990
    if [ -n "$HOUSEHOLDS" ]; then
      scale=$("$PY" - "$CENSUS" "$HOUSEHOLDS" <<'PY'
import csv, sys
total = sum(int(r["hh_total"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
            if r["commune_code"] or r["district_code"])
print("%.9f" % (int(sys.argv[2]) / total))
PY
)
      SYNTH_ARGS+=(--household-scale "$scale")
    fi
    ;;
esac
synth_cmd=("$PHUSONG" synth -o "$SYN" --overwrite)
for f in "${COMMUNE_FILES[@]}"; do synth_cmd+=(--communes "$f"); done
synth_cmd+=(--census "$CENSUS" "${SYNTH_ARGS[@]}")
if [ -f "$SYN/.stamp" ] && [ "$(cat "$SYN/.stamp")" = "${synth_cmd[*]}" ]; then
  log "synthetic data reused: $SYN"
else
  log "synth: ${synth_cmd[*]}"
  rm -rf "$SYN"
  timed synth 1 "${synth_cmd[@]}"
  cat "$RES/.out" >&2
  echo "${synth_cmd[*]}" > "$SYN/.stamp"
fi
"$PY" "$HERE/coverage_prep.py" "$SYN" "$SITES" --to-5g "$TO_5G" >&2
N_HH=$(($(wc -l < "$SYN/households.csv") - 1))
log "$N_HH household points"

# Communes as phusong imports them: the national file without its 2
# unnamed polygons (as tests/cli/synth_national.sh), uncoded ones kept.
IMPORT_COMMUNES=()
if [ "$SCALE" = national ]; then
  if [ ! -f "$OUT/communes.gpkg" ]; then
    ogr2ogr -q -f GPKG "$OUT/communes.gpkg" "$COMMUNES_VN" -where "commune_vn <> ''" -nln communes
  fi
  IMPORT_COMMUNES=("$OUT/communes.gpkg")
else
  IMPORT_COMMUNES=("${COMMUNE_FILES[@]}")
fi

# ------------------------------------------------------------ phusong runs
STORE="$OUT/store.sqlite"
import_all() {
  rm -f "$STORE" "$STORE-wal" "$STORE-shm"
  "$PHUSONG" init -q "$STORE" >/dev/null
  local f n=0
  for f in "${IMPORT_COMMUNES[@]}"; do
    n=$((n + 1))
    timed "phusong import communes $n" 1 "$PHUSONG" import communes --keep-uncoded -q "$STORE" "$f"
  done
  timed "phusong import households" 1 "$PHUSONG" import households -q --max-input-size 4000000000 \
    "$STORE" "$SYN/households.csv"
  for op in viettel vnpt mobifone; do
    timed "phusong submit $op" 1 "$PHUSONG" submit --operator "${op^^}" -q "$STORE" "$SITES/sites_$op.csv"
  done
}
for ((r = 1; r <= IMPORT_RUNS; r++)); do import_all; done

if [ "$SCALE" = terrain ]; then
  DEM="$OUT/dem_hills_90m.tif"
  [ -f "$DEM" ] || "$PY" "$HERE/coverage_dem.py" "$DEM"
  timed "phusong analyze uma+dem (5G)" "$RUNS" \
    "$PHUSONG" analyze -q --model uma --dem "$DEM" "$STORE"
  timed "phusong analyze uma+dem (5G), hata+dem (4G)" "$RUNS" \
    "$PHUSONG" analyze -q --model uma --model-4g hata --dem "$DEM" "$STORE"
else
  timed "phusong analyze" "$RUNS" "$PHUSONG" analyze -q --timings --cell "$CELL" "$STORE"
fi
timed "phusong report json" 1 "$PHUSONG" report -f json --lang en --overwrite -o "$RES/phusong.json" "$STORE"

# ------------------------------------------------------------ PostGIS
if [ "$SKIP_POSTGIS" = 0 ]; then
  UTM=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["run"]["params"]["working_crs"].split(":")[1])' "$RES/phusong.json")
  PGDATA_DIR="$(mktemp -d /tmp/phs-bench-pg.XXXXXX)"
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$PGDATA_DIR"
    as_pg=(runuser -u postgres --)
  fi
  stop_pg() {
    "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA_DIR"
  }
  trap stop_pg EXIT
  log "PostgreSQL 15 cluster in $PGDATA_DIR on 127.0.0.1:$PORT"
  "${as_pg[@]}" "$PGBIN/initdb" -D "$PGDATA_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Memory for a 24 GiB machine; parallel workers as the 2 cores allow;
  # JIT off (PostGIS's functions gain nothing from it, planning loses).
  cat >> "$PGDATA_DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$PGDATA_DIR'
shared_buffers = 4GB
work_mem = 256MB
maintenance_work_mem = 2GB
max_wal_size = 8GB
synchronous_commit = off
max_parallel_workers_per_gather = 2
jit = off
EOF
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/log" -w start >/dev/null
  PG_PM_FILE="$PGDATA_DIR/data/postmaster.pid"
  export PGOPTIONS="-c client_min_messages=warning"
  PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres)
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE bench" >/dev/null
  PG_CONN="host=127.0.0.1 port=$PORT user=postgres dbname=bench"
  log "PostGIS $("${PSQL[@]}" -d bench -tAc "CREATE EXTENSION postgis; SELECT postgis_full_version()" | grep -o 'POSTGIS="[^"]*"' || true)"

  # Each named section of coverage.sql as its own file, run through psql.
  # psql does not expand variables in \copy: the file names are written in.
  PSQL_VARS=(-v utm="$UTM")
  mkdir -p "$RES/sql"
  sed -e "s|:'sites_csv'|'$SITES/sites_postgis.csv'|; s|:'households_csv'|'$SYN/households.csv'|" \
      -e "s|:'out_csv'|'$RES/postgis.csv'|" "$HERE/coverage.sql" |
    awk -v dir="$RES/sql" '/^-- @/ { f = dir "/" substr($2, 2) ".sql"; next } f { print > f }'
  pg_step() { # pg_step NAME RUNS SECTION
    timed "postgis $1" "$2" "${PSQL[@]}" -d bench "${PSQL_VARS[@]}" -f "$RES/sql/$3.sql"
  }
  timed "postgis load communes (ogr2ogr from the store)" 1 \
    ogr2ogr -f PostgreSQL "PG:$PG_CONN" "$STORE" -sql "SELECT code, geom FROM commune WHERE geom IS NOT NULL" \
      -nln commune -nlt MULTIPOLYGON -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=NONE -overwrite
  pg_step "load sites and households (COPY)" 1 load_raw
  pg_step "transform, buffer, GiST indexes" 1 index
  pg_step "(a) exact covered area 5G" "$RUNS" area_5g
  pg_step "(a) exact covered area 4G" "$RUNS" area_4g
  pg_step "(b) households to communes" "$RUNS" hh_assign
  pg_step "(b) households in 5G circles" "$RUNS" hh_5g
  pg_step "(b) households in 4G circles" "$RUNS" hh_4g
  "${PSQL[@]}" -d bench "${PSQL_VARS[@]}" -f "$RES/sql/export.sql"
  stop_pg
  PG_PM_FILE=""
  trap - EXIT
fi

# ------------------------------------------------------------ summary
check_args=("$RES/phusong.json")
[ "$SKIP_POSTGIS" = 0 ] && check_args+=("$RES/postgis.csv")
"$PY" "$HERE/coverage_check.py" --times "$RES/times.tsv" --households "$N_HH" \
  --scale "$TAG" "${check_args[@]}" | tee "$RES/summary.md"

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
. "$HERE/lib.sh"

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
    --import-runs) IMPORT_RUNS="$2"; shift 2 ;;
    --cell) CELL="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --skip-postgis) SKIP_POSTGIS=1; shift ;;
    *) bench_option coverage.sh "$@"; shift "$BENCH_SHIFT" ;; # --runs, --work, ...
  esac
done
IMPORT_RUNS="${IMPORT_RUNS:-$RUNS}"
case "$SCALE" in
  province|national|terrain) ;;
  *) echo "coverage.sh: --scale must be province, national or terrain" >&2; exit 2 ;;
esac
[ "$SCALE" = terrain ] && SKIP_POSTGIS=1

PY=/usr/bin/python3 # Debian's: the checker uses the standard library only
PGBIN="$BENCH_PGBIN"
TAG="$SCALE${HOUSEHOLDS:+-$HOUSEHOLDS}"
OUT="$WORK/$TAG"
mkdir -p "$OUT"
RES="$OUT/results"
mkdir -p "$RES"
: > "$RES/times.tsv"
: > "$RES/commands.tsv"

log() { bench_log "$@"; }

# ------------------------------------------------------------ packages
need_pkgs=()
[ -x /usr/bin/time ] || need_pkgs+=(time)
[ -x "$PGBIN/initdb" ] || need_pkgs+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || need_pkgs+=(postgresql-15-postgis-3)
command -v ogr2ogr >/dev/null || need_pkgs+=(gdal-bin)
command -v cmake >/dev/null || need_pkgs+=(cmake)
bench_apt_install coverage.sh "${need_pkgs[@]}"

# ------------------------------------------------------------ phusong
PHUSONG="$(bench_phusong "$REPO" "$BUILD" "$PHUSONG")"
log "phusong: $PHUSONG ($("$PHUSONG" --version 2>&1 | head -1))"

# ------------------------------------------------------------ timing
# timed NAME RUNS CMD...: bench_timed (lib.sh): one line per run in
# times.tsv (name, run, elapsed s, peak KB, user s, system s, the
# PostgreSQL server's CPU s over the step, the load after it; analyze
# --timings' steps as rows "NAME / step S" of their own), commands.tsv.
timed() { bench_timed coverage.sh "$@"; }

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
      scale=$(bench_household_scale "$CENSUS" "$HOUSEHOLDS")
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
  bench_pg_start coverage.sh "$PORT"

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
  bench_pg_stop
fi

# ------------------------------------------------------------ summary
check_args=("$RES/phusong.json")
[ "$SKIP_POSTGIS" = 0 ] && check_args+=("$RES/postgis.csv")
"$PY" "$HERE/coverage_check.py" --times "$RES/times.tsv" --households "$N_HH" \
  --scale "$TAG" "${check_args[@]}" | tee "$RES/summary.md"

#!/usr/bin/env bash
# maps.sh: the map benchmark of issue 4 (item 7). phusong's choropleth of
# fibre households per commune against MapServer (map2img, AGG) and
# geopandas + matplotlib drawing the same map (same communes, values,
# classes, colours, district outlines, projection) in the same run, at
# 1600 x 1200 (150 dpi) and A3 (4961 x 3508, 300 dpi): elapsed, CPU and
# peak memory, median of --runs runs after a warm-up. See bench/README.md.
#
#   bench/maps.sh                       national and province maps
#   bench/maps.sh --scale national      the 11,161 named communes of 2008
#   bench/maps.sh --scale province      BR-VT (data/demo)
#
# Run on demand, never from the test suite. Needs root (or the packages
# already installed) for apt-get.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SHARED="${PHS_SHARED_DIR:-$REPO/../shared}"
. "$HERE/lib.sh"

SCALES="national province"
RUNS=5              # timed runs per map (median reported)
PHUSONG_RUNS=""     # timed runs of phusong (default: RUNS)
WARMUP=1            # untimed runs before them
WORK=/tmp/phusong-bench-maps
PHUSONG=""
BUILD=/tmp/phusong-bench-build
IMAGES=""           # copy each tool's 1600 x 1200 maps here
METRIC=fibre_households
SKIP_PEERS=0

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF
Options:
  --scale national|province|both   (both)
  --runs N           timed runs of each map, median reported ($RUNS)
  --phusong-runs N   timed runs of phusong's maps (default: --runs)
  --warmup N         untimed runs first ($WARMUP)
  --work DIR         data and results ($WORK)
  --images DIR       also copy the 1600 x 1200 maps of each tool here
  --phusong PATH     use this binary instead of building the tree
  --build DIR        where to build the tree ($BUILD, Release)
  --skip-peers       phusong only
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALES="$2"; [ "$2" = both ] && SCALES="national province"; shift 2 ;;
    --phusong-runs) PHUSONG_RUNS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --images) IMAGES="$2"; shift 2 ;;
    --skip-peers) SKIP_PEERS=1; shift ;;
    *) bench_option maps.sh "$@"; shift "$BENCH_SHIFT" ;; # --runs, --work, ...
  esac
done
PHUSONG_RUNS="${PHUSONG_RUNS:-$RUNS}"
for s in $SCALES; do
  case "$s" in
    national|province) ;;
    *) echo "maps.sh: --scale must be national, province or both" >&2; exit 2 ;;
  esac
done

PY=/usr/bin/python3 # Debian's: geopandas and matplotlib are Debian packages
log() { bench_log "$@"; }

# ------------------------------------------------------------ packages
need=()
[ -x /usr/bin/time ] || need+=(time)
command -v ogr2ogr >/dev/null || need+=(gdal-bin)
command -v cmake >/dev/null || need+=(cmake)
if [ "$SKIP_PEERS" = 0 ]; then
  command -v map2img >/dev/null || need+=(mapserver-bin)
  "$PY" -c 'import geopandas' 2>/dev/null || need+=(python3-geopandas)
  "$PY" -c 'import matplotlib' 2>/dev/null || need+=(python3-matplotlib)
fi
bench_apt_install maps.sh "${need[@]}"
PHUSONG="$(bench_phusong "$REPO" "$BUILD" "$PHUSONG")"
log "phusong: $PHUSONG ($("$PHUSONG" --version 2>&1 | head -1))"

# A3 at 300 dpi: '--size a3' where this phusong has it, else the same
# pixels given outright.
if "$PHUSONG" map --help 2>&1 | grep -q -- '--size'; then
  A3_ARGS=(--size a3)
else
  A3_ARGS=(--width 4961 --height 3508 --dpi 300)
fi

mkdir -p "$WORK/results"
RES="$WORK/results"
TIMES="$RES/times.tsv"
: > "$TIMES"
: > "$RES/geopandas_phases.txt"

# timed SCALE SIZE TOOL RUNS CMD...: WARMUP untimed runs, then RUNS runs
# under /usr/bin/time; one line per run in times.tsv: scale, size, tool,
# run, elapsed s, peak resident KB, user s, system s.
timed() {
  local scale="$1" size="$2" tool="$3" n="$4" i secs kb usr sys
  shift 4
  for ((i = 1 - WARMUP; i <= n; i++)); do
    /usr/bin/time -f "%e %M %U %S" -o "$RES/.time" "$@" > "$RES/.out" 2> "$RES/.err" || {
      echo "maps.sh: $tool $scale $size failed:" >&2
      cat "$RES/.err" >&2
      exit 1
    }
    [ "$i" -ge 1 ] || continue
    read -r secs kb usr sys < <(tail -1 "$RES/.time")
    printf '%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n' "$scale" "$size" "$tool" "$i" "$secs" "$kb" \
      "$usr" "$sys" >> "$TIMES"
    log "$tool $scale $size run $i: $secs s ($usr s user, $sys s sys), $((kb / 1024)) MB; load $(cut -d' ' -f1 /proc/loadavg)"
  done
}

# ------------------------------------------------------------ data
# make_store SCALE: synthetic layers, a store with communes, census
# households, fibre households and sites, and one analysis (circles), so
# the run has a fibre figure per commune. Reused while the inputs are.
make_store() {
  local scale="$1" out="$WORK/$1" communes=() census census_args=()
  mkdir -p "$out"
  case "$scale" in
    national)
      local vn="$SHARED/data/boundaries/vn_communes_2008.gpkg"
      local vc="$SHARED/data/population/vn_census2019_commune_pop_hh.csv"
      for f in "$vn" "$vc"; do
        [ -f "$f" ] || { echo "maps.sh: $f not found (set PHS_SHARED_DIR)" >&2; exit 1; }
      done
      # As bench/coverage.sh: the 2008 polygons less the 2 unnamed ones
      # (uncoded ones kept), the census less its 44 rows without a code.
      [ -f "$out/communes.gpkg" ] ||
        ogr2ogr -q -f GPKG "$out/communes.gpkg" "$vn" -where "commune_vn <> ''" -nln communes
      [ -f "$out/census.csv" ] || "$PY" - "$vc" "$out/census.csv" <<'PY'
import csv, sys
r = csv.DictReader(open(sys.argv[1], encoding="utf-8"))
w = csv.DictWriter(open(sys.argv[2], "w", encoding="utf-8", newline=""), r.fieldnames)
w.writeheader()
w.writerows(x for x in r if x["commune_code"] or x["district_code"])
PY
      synth_communes=("$vn"); communes=("$out/communes.gpkg"); census="$out/census.csv"; census_src="$vc"
      ;;
    province)
      synth_communes=("$REPO/data/demo/brvt_communes_2008.geojson" "$REPO/data/demo/con_dao_755.geojson")
      communes=("${synth_communes[@]}")
      census="$REPO/data/demo/brvt_census2019_commune_pop_hh.csv"; census_src="$census"
      ;;
  esac
  local stamp="$PHUSONG $scale"
  if [ -f "$out/store.sqlite" ] && [ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp" ]; then
    log "$scale store reused: $out/store.sqlite"
    return
  fi
  local syn=(synth -o "$out/synth" --overwrite -q --census "$census_src")
  for f in "${synth_communes[@]}"; do syn+=(--communes "$f"); done
  log "$scale: synth, imports, analyze"
  "$PHUSONG" "${syn[@]}" >/dev/null
  rm -f "$out/store.sqlite" "$out/store.sqlite-wal" "$out/store.sqlite-shm"
  "$PHUSONG" init -q "$out/store.sqlite" >/dev/null
  for f in "${communes[@]}"; do
    "$PHUSONG" import communes --keep-uncoded -q "$out/store.sqlite" "$f"
  done
  "$PHUSONG" import households -q --fallback-code-field district_code "$out/store.sqlite" "$census"
  "$PHUSONG" import households -q "$out/store.sqlite" "$out/synth/fibre_households.csv"
  "$PHUSONG" submit --operator VIETTEL -q "$out/store.sqlite" "$out/synth/sites_viettel.csv"
  "$PHUSONG" submit --operator VNPT -q "$out/store.sqlite" "$out/synth/sites_vnpt.geojson"
  "$PHUSONG" submit --operator MOBIFONE -q "$out/store.sqlite" "$out/synth/sites_mobifone.gpkg"
  "$PHUSONG" analyze -q "$out/store.sqlite"
  rm -f "$out/map.gpkg"
  echo "$stamp" > "$out/.stamp"
}

# export_peers SCALE: the per-commune values of the store's last run joined
# to the polygons (layer communes), and the district outlines unioned once
# (layer districts: gaps under ~150 m sealed, as phusong seals them), for
# the peers; then their classes and frame (maps_prep.py).
export_peers() {
  local out="$WORK/$1"
  mkdir -p "$out/prep"
  if [ ! -f "$out/map.gpkg" ]; then
    ogr2ogr -f GPKG "$out/map.gpkg" "$out/store.sqlite" -nln communes -nlt MULTIPOLYGON -sql \
      "SELECT c.code, c.name, c.district_code, c.province_code, r.pct AS $METRIC, c.geom
       FROM commune c LEFT JOIN result r ON r.area_code = c.code AND r.level = 'commune'
        AND r.metric = '$METRIC' AND r.run_id = (SELECT max(id) FROM analysis_run)
       WHERE c.geom IS NOT NULL"
    ogr2ogr -f GPKG -update -overwrite "$out/map.gpkg" "$out/map.gpkg" -nln districts \
      -nlt MULTIPOLYGON -dialect SQLite -sql \
      "SELECT district_code, ST_Multi(ST_Buffer(ST_Union(ST_Buffer(geom, 0.0007, 2)), -0.0007, 2)) AS geom
       FROM communes GROUP BY district_code"
  fi
  "$PY" "$HERE/maps_prep.py" "$out/map.gpkg" "$METRIC" "$out/prep" | tee "$out/prep/classes.txt" >&2
}

# mapfile SCALE W H DPI: maps.map filled in for one size.
mapfile() {
  local out="$WORK/$1" f="$WORK/$1/prep/map_$2x$3.map" EPSG EXTENT
  . "$out/prep/frame.sh"
  awk -v w="$2" -v h="$3" -v dpi="$4" -v ext="$EXTENT" -v epsg="$EPSG" -v gpkg="$out/map.gpkg" \
      -v cls="$out/prep/classes.map" '
    /@CLASSES@/ { while ((getline l < cls) > 0) print l; next }
    { gsub(/@WIDTH@/, w); gsub(/@HEIGHT@/, h); gsub(/@DPI@/, dpi); gsub(/@EXTENT@/, ext)
      gsub(/@EPSG@/, epsg); gsub(/@GPKG@/, gpkg); print }' "$HERE/maps.map" > "$f"
  echo "$f"
}

# ------------------------------------------------------------ runs
for scale in $SCALES; do
  make_store "$scale"
  out="$WORK/$scale"
  img="$out/images"
  mkdir -p "$img"
  S="$out/store.sqlite"
  timed "$scale" 1600x1200 phusong "$PHUSONG_RUNS" "$PHUSONG" map -q --overwrite --metric "$METRIC" \
    --width 1600 --height 1200 --dpi 150 -o "$img/phusong_1600x1200.png" "$S"
  timed "$scale" a3 phusong "$PHUSONG_RUNS" "$PHUSONG" map -q --overwrite --metric "$METRIC" \
    "${A3_ARGS[@]}" -o "$img/phusong_a3.png" "$S"
  if [ "$SKIP_PEERS" = 0 ]; then
    export_peers "$scale"
    . "$out/prep/frame.sh"
    for sz in "1600 1200 150 1600x1200" "4961 3508 300 a3"; do
      read -r w h dpi tag <<< "$sz"
      mf="$(mapfile "$scale" "$w" "$h" "$dpi")"
      timed "$scale" "$tag" mapserver "$RUNS" map2img -m "$mf" -o "$img/mapserver_$tag.png"
      timed "$scale" "$tag" geopandas "$RUNS" "$PY" "$HERE/maps_geopandas.py" "$out/map.gpkg" \
        "$METRIC" "$out/prep" "$EPSG" "$img/geopandas_$tag.png" "$w" "$h" "$dpi"
      grep 'geopandas phases' "$RES/.err" | sed "s/^/$scale $tag: /" >> "$RES/geopandas_phases.txt" || true
    done
  fi
  if [ -n "$IMAGES" ]; then
    mkdir -p "$IMAGES"
    for f in "$img"/*_1600x1200.png; do cp "$f" "$IMAGES/${scale}_$(basename "$f")"; done
  fi
done

# ------------------------------------------------------------ summary
"$PY" "$HERE/maps_summary.py" "$TIMES" | tee "$RES/summary.md"

#!/usr/bin/env bash
# pip.sh: the point-in-polygon counting benchmark of issue 6 (item 1).
# Household points counted per commune by phusong (`phusong count` from the
# CSV, and `import households` + `analyze --timings`, whose step
# "households" is the join of stored points) against PostGIS (GiST,
# ST_Covers, 0 and 2 parallel workers), SpatiaLite (R*Tree through the
# SpatialIndex virtual table) and GeoPandas (sjoin "within" on at most
# --geopandas-points points), on the same data in the same run: elapsed,
# CPU (user+sys, + the PostgreSQL server's), peak memory, points per
# second, peer / phusong ratios, and a check of every count per commune
# (exit 1 on a difference; pip_report.py). See bench/README.md.
#
#   bench/pip.sh --scale province                  BR-VT, ~315,000 points
#   bench/pip.sh --scale national --points 1000000 11,161 communes, ~1 M points
#   bench/pip.sh --scale national --runs 1         every household (26.2 M)
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
POINTS=""           # national: about this many points (default: all, 26.2 M)
RUNS=3              # runs of each timed step (median reported)
GPD_POINTS=1000000  # GeoPandas's cap (it needs ~1 GB per million points)
WORK=/tmp/phusong-bench-pipcount
PHUSONG=""          # a built binary; default: build this tree in $BUILD
BUILD=/tmp/phusong-bench-build
PORT=55433
SKIP_POSTGIS=0
SKIP_SPATIALITE=0
SL_PROBE=0          # also SpatiaLite's per-point probe of the communes' R*Tree

usage() {
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF
Options:
  --scale province|national   (province)
  --points N            national: about N household points (synth's
                        --household-scale N / census households; default:
                        all of them, 26.2 million)
  --runs N              runs of each timed step, median reported ($RUNS)
  --geopandas-points N  GeoPandas on every k-th point, N in all ($GPD_POINTS;
                        0: no GeoPandas); phusong counts the same subset too
  --spatialite-probe    also time SpatiaLite's per-point join on the
                        communes' R*Tree (slow: no prepared polygon reuse)
  --skip-postgis, --skip-spatialite
  --work DIR            data and results ($WORK/<scale>[-<points>])
  --phusong PATH        use this binary instead of building the tree
  --build DIR           where to build the tree ($BUILD, Release)
  --port N              PostgreSQL port on 127.0.0.1 ($PORT)
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --points) POINTS="$2"; shift 2 ;;
    --geopandas-points) GPD_POINTS="$2"; shift 2 ;;
    --spatialite-probe) SL_PROBE=1; shift ;;
    --skip-postgis) SKIP_POSTGIS=1; shift ;;
    --skip-spatialite) SKIP_SPATIALITE=1; shift ;;
    --port) PORT="$2"; shift 2 ;;
    *) bench_option pip.sh "$@"; shift "$BENCH_SHIFT" ;; # --runs, --work, ...
  esac
done
case "$SCALE" in
  province|national) ;;
  *) echo "pip.sh: --scale must be province or national" >&2; exit 2 ;;
esac
[ -z "$POINTS" ] || [ "$SCALE" = national ] || { echo "pip.sh: --points needs --scale national" >&2; exit 2; }

PY=/usr/bin/python3 # Debian's: geopandas is a Debian package
PGBIN="$BENCH_PGBIN"
log() { bench_log "$@"; }

# ------------------------------------------------------------ packages
need=()
[ -x /usr/bin/time ] || need+=(time)
command -v ogr2ogr >/dev/null || need+=(gdal-bin)
command -v cmake >/dev/null || need+=(cmake)
if [ "$SKIP_POSTGIS" = 0 ]; then
  [ -x "$PGBIN/initdb" ] || need+=(postgresql-15)
  [ -f /usr/share/postgresql/15/extension/postgis.control ] || need+=(postgresql-15-postgis-3)
fi
if [ "$SKIP_SPATIALITE" = 0 ]; then
  command -v sqlite3 >/dev/null || need+=(sqlite3)
  ls /usr/lib/*/mod_spatialite.so >/dev/null 2>&1 || need+=(libsqlite3-mod-spatialite)
fi
if [ "$GPD_POINTS" != 0 ]; then
  "$PY" -c 'import geopandas' 2>/dev/null || need+=(python3-geopandas)
fi
bench_apt_install pip.sh "${need[@]}"

PHUSONG="$(bench_phusong "$REPO" "$BUILD" "$PHUSONG")"
"$PHUSONG" count --help >/dev/null 2>&1 || { echo "pip.sh: $PHUSONG has no 'count' command" >&2; exit 1; }
log "phusong: $PHUSONG ($("$PHUSONG" --version 2>&1 | head -1))"

TAG="$SCALE${POINTS:+-$POINTS}"
OUT="$WORK/$TAG"
RES="$OUT/results"
mkdir -p "$RES"
OUT="$(cd "$OUT" && pwd)"
RES="$OUT/results"
: > "$RES/times.tsv"
: > "$RES/commands.tsv"
# Only this run's results are checked and reported.
rm -f "$RES"/*_counts*.csv "$RES"/postgis_*.csv "$RES"/postgis_*.txt "$RES/phusong_count.stderr"

# ------------------------------------------------------------ timing
# timed NAME RUNS CMD...: bench_timed (lib.sh): times.tsv (name, run,
# elapsed s, peak KB, user s, system s, the PostgreSQL server's CPU s, the
# load after it; analyze --timings' and pip_geopandas.py's steps as rows
# of their own), commands.tsv; BEFORE_RUN names a function run first.
timed() { bench_timed pip.sh "$@"; }

# ------------------------------------------------------------ data
SYN="$OUT/synth"
case "$SCALE" in
  province)
    COMMUNE_FILES=("$REPO/data/demo/brvt_communes_2008.geojson" "$REPO/data/demo/con_dao_755.geojson")
    CENSUS="$REPO/data/demo/brvt_census2019_commune_pop_hh.csv"
    SYNTH_ARGS=(--household-points)
    IMPORT_COMMUNES=("${COMMUNE_FILES[@]}")
    ;;
  national)
    COMMUNES_VN="$SHARED/data/boundaries/vn_communes_2008.gpkg"
    CENSUS="$SHARED/data/population/vn_census2019_commune_pop_hh.csv"
    for f in "$CENSUS" "$COMMUNES_VN"; do
      [ -f "$f" ] || { echo "pip.sh: $f not found (set PHS_SHARED_DIR)" >&2; exit 1; }
    done
    # The national file less its 2 unnamed polygons (as bench/coverage.sh),
    # for synth and the store alike.
    [ -f "$OUT/communes.gpkg" ] ||
      ogr2ogr -q -f GPKG "$OUT/communes.gpkg" "$COMMUNES_VN" -where "commune_vn <> ''" -nln communes
    COMMUNE_FILES=("$OUT/communes.gpkg")
    IMPORT_COMMUNES=("$OUT/communes.gpkg")
    SYNTH_ARGS=(--household-points)
    if [ -n "$POINTS" ]; then
      scale=$(bench_household_scale "$CENSUS" "$POINTS")
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
  "${synth_cmd[@]}" >&2
  echo "${synth_cmd[*]}" > "$SYN/.stamp"
fi
HH="$SYN/households.csv"
N_HH=$(($(wc -l < "$HH") - 1))
log "$N_HH household points"

# GeoPandas's subset: every k-th point (rows i where floor(i N / total)
# steps), N in all, so that it spreads over every commune as the whole does.
GPD_CSV=""
GPD_N=0
if [ "$GPD_POINTS" != 0 ]; then
  if [ "$GPD_POINTS" -ge "$N_HH" ]; then
    GPD_CSV="$HH"
    GPD_N=$N_HH
  else
    GPD_CSV="$OUT/households_$GPD_POINTS.csv"
    if [ ! -f "$GPD_CSV" ] || [ "$GPD_CSV" -ot "$HH" ]; then
      awk -v n="$GPD_POINTS" -v t="$N_HH" 'NR == 1 { print; next }
        { i = NR - 2; if (int(i * n / t) != int((i + 1) * n / t)) print }' "$HH" > "$GPD_CSV"
    fi
    GPD_N=$(($(wc -l < "$GPD_CSV") - 1))
  fi
  log "GeoPandas: $GPD_N points"
fi

# The phusong store with the communes (uncoded ones kept, as coverage.sh).
STORE="$OUT/store.sqlite"
if [ ! -f "$STORE" ] || [ "$STORE" -ot "$SYN/.stamp" ]; then
  rm -f "$STORE" "$STORE-wal" "$STORE-shm"
  "$PHUSONG" init -q "$STORE" >/dev/null
  for f in "${IMPORT_COMMUNES[@]}"; do
    "$PHUSONG" import communes --keep-uncoded -q "$STORE" "$f" >/dev/null
  done
fi
N_COMMUNES=$(sqlite3 "$STORE" "SELECT count(*) FROM commune WHERE geom IS NOT NULL" 2>/dev/null || echo "?")
log "store: $STORE ($N_COMMUNES communes with a polygon)"

# ------------------------------------------------------------ phusong
MAXIN=(--max-input-size 4000000000)
timed "phusong count" "$RUNS" "$PHUSONG" count "${MAXIN[@]}" --overwrite -o "$RES/phusong_counts.csv" "$STORE" "$HH"
cp "$RES/.err" "$RES/phusong_count.stderr"
if [ "$GPD_N" -gt 0 ] && [ "$GPD_CSV" != "$HH" ]; then
  timed "phusong count (GeoPandas's points)" "$RUNS" "$PHUSONG" count "${MAXIN[@]}" --overwrite \
    -o "$RES/phusong_counts_gpd.csv" "$STORE" "$GPD_CSV"
fi
STORE_HH="$OUT/store_households.sqlite"
fresh_store_hh() { rm -f "$STORE_HH" "$STORE_HH-wal" "$STORE_HH-shm"; cp "$STORE" "$STORE_HH"; }
BEFORE_RUN=fresh_store_hh
timed "phusong import households (into a copy of the store)" "$RUNS" \
  "$PHUSONG" import households -q "${MAXIN[@]}" "$STORE_HH" "$HH"
BEFORE_RUN=""
timed "phusong analyze --timings" "$RUNS" "$PHUSONG" analyze -q --timings "$STORE_HH"

# ------------------------------------------------------------ SpatiaLite
# A SpatiaLite database made as PostGIS's is: the communes copied from the
# store with ogr2ogr, the points loaded by sqlite3's .import and made into
# geometries, an R*Tree on each; the count walks the communes and finds
# their points through the SpatialIndex virtual table (so each polygon is
# prepared once by SpatiaLite's GEOS cache), as PostGIS does.
if [ "$SKIP_SPATIALITE" = 0 ]; then
  SL="$OUT/spatialite.sqlite"
  mkdir -p "$RES/sql"
  cat > "$RES/sql/sl_points.sql" <<EOF
.bail on
.load mod_spatialite
DROP TABLE IF EXISTS raw;
CREATE TABLE raw(id TEXT, lon REAL, lat REAL, fibre INTEGER);
.import --csv --skip 1 '$HH' raw
CREATE TABLE pts(id INTEGER PRIMARY KEY, hid TEXT);
SELECT AddGeometryColumn('pts', 'geom', 4326, 'POINT', 'XY');
INSERT INTO pts(hid, geom) SELECT id, MakePoint(lon, lat, 4326) FROM raw;
DROP TABLE raw;
EOF
  cat > "$RES/sql/sl_index.sql" <<'EOF'
.bail on
.load mod_spatialite
SELECT DisableSpatialIndex('pts', 'geom'), DisableSpatialIndex('commune', 'geom');
DROP TABLE IF EXISTS idx_pts_geom;
DROP TABLE IF EXISTS idx_commune_geom;
SELECT CreateSpatialIndex('pts', 'geom'), CreateSpatialIndex('commune', 'geom');
EOF
  cat > "$RES/sql/sl_count.sql" <<EOF
.bail on
.load mod_spatialite
.headers on
.mode csv
.once '$RES/spatialite_counts.csv'
SELECT c.code, count(*) AS n
FROM commune c JOIN pts p
  ON p.rowid IN (SELECT rowid FROM SpatialIndex
                 WHERE f_table_name = 'pts' AND f_geometry_column = 'geom' AND search_frame = c.geom)
 AND ST_Covers(c.geom, p.geom)
GROUP BY c.code;
EOF
  cat > "$RES/sql/sl_probe.sql" <<EOF
.bail on
.load mod_spatialite
.headers on
.mode csv
.once '$RES/spatialite_probe_counts.csv'
SELECT c.code, count(*) AS n
FROM pts p
JOIN idx_commune_geom r ON r.xmin <= ST_X(p.geom) AND r.xmax >= ST_X(p.geom)
                       AND r.ymin <= ST_Y(p.geom) AND r.ymax >= ST_Y(p.geom)
JOIN commune c ON c.rowid = r.pkid
WHERE ST_Covers(c.geom, p.geom)
GROUP BY c.code;
EOF
  sl_drop() { rm -f "$SL" "$SL-journal" "$SL-wal" "$SL-shm"; }
  BEFORE_RUN=sl_drop
  timed "spatialite load communes (ogr2ogr from the store)" "$RUNS" \
    ogr2ogr -f SQLite -dsco SPATIALITE=YES "$SL" "$STORE" \
      -sql "SELECT code, geom FROM commune WHERE geom IS NOT NULL" \
      -nln commune -nlt MULTIPOLYGON -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=NO
  sl_reset_pts() { sqlite3 -cmd '.load mod_spatialite' "$SL" \
    "SELECT DisableSpatialIndex('pts', 'geom'); DROP TABLE IF EXISTS idx_pts_geom; SELECT DiscardGeometryColumn('pts', 'geom'); DROP TABLE IF EXISTS pts" >/dev/null 2>&1; }
  BEFORE_RUN=sl_reset_pts
  timed "spatialite load points (.import, MakePoint)" "$RUNS" sqlite3 -bail "$SL" ".read $RES/sql/sl_points.sql"
  BEFORE_RUN=""
  timed "spatialite R*Tree indexes" "$RUNS" sqlite3 -bail "$SL" ".read $RES/sql/sl_index.sql"
  timed "spatialite count (SpatialIndex, ST_Covers)" "$RUNS" sqlite3 -bail "$SL" ".read $RES/sql/sl_count.sql"
  if [ "$SL_PROBE" = 1 ]; then
    timed "spatialite count (per-point R*Tree join)" "$RUNS" sqlite3 -bail "$SL" ".read $RES/sql/sl_probe.sql"
  fi
fi

# ------------------------------------------------------------ GeoPandas
if [ "$GPD_N" -gt 0 ]; then
  timed "geopandas sjoin within + value_counts" "$RUNS" \
    "$PY" "$HERE/pip_geopandas.py" "$STORE" "$GPD_CSV" "$RES/geopandas_counts.csv"
fi

# ------------------------------------------------------------ PostGIS
if [ "$SKIP_POSTGIS" = 0 ]; then
  # As bench/coverage.sh, and autovacuum off: the steps ANALYZE themselves,
  # and a vacuum in the background would land in the next step's CPU.
  bench_pg_start pip.sh "$PORT" "autovacuum = off"

  mkdir -p "$RES/sql"
  cat > "$RES/sql/pg_points.sql" <<EOF
DROP TABLE IF EXISTS pts_raw, pts;
CREATE TABLE pts_raw (id text, lon float8, lat float8, fibre int);
\\copy pts_raw FROM '$HH' WITH (FORMAT csv, HEADER true)
CREATE TABLE pts AS SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geometry(Point, 4326) AS geom FROM pts_raw;
DROP TABLE pts_raw;
EOF
  cat > "$RES/sql/pg_index.sql" <<'EOF'
DROP INDEX IF EXISTS pts_geom_idx;
DROP INDEX IF EXISTS commune_geom_idx;
CREATE INDEX pts_geom_idx ON pts USING gist (geom);
CREATE INDEX commune_geom_idx ON commune USING gist (geom);
ANALYZE pts;
ANALYZE commune;
EOF
  PG_QUERY="SELECT c.code, count(*) AS n FROM commune c JOIN pts p ON ST_Covers(c.geom, p.geom) GROUP BY c.code"
  # 2 workers: the planner would not split the few thousand commune rows
  # (their polygons are TOASTed: the table is small) without these costs.
  PG_SET_0="SET max_parallel_workers_per_gather = 0;"
  PG_SET_2="SET max_parallel_workers_per_gather = 2; SET min_parallel_table_scan_size = 0; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
  for w in 0 2; do
    # The backend's peak resident memory (VmHWM, shared buffers it touched
    # included; parallel workers not) after the query, read from /proc.
    set_w="PG_SET_$w"
    cat > "$RES/sql/pg_count_w$w.sql" <<EOF
${!set_w}
\\copy ($PG_QUERY) TO '$RES/postgis_counts_w$w.csv' WITH (FORMAT csv, HEADER true)
SELECT pg_backend_pid() AS pid \\gset
\\setenv PG_BACKEND_PID :pid
\\! grep VmHWM /proc/\$PG_BACKEND_PID/status >> '$RES/postgis_backend_w$w.txt'
EOF
  done
  pg_step() { # pg_step NAME SQLFILE
    timed "postgis $1" "$RUNS" "${PSQL[@]}" -d bench -f "$RES/sql/$2.sql"
  }
  timed "postgis load communes (ogr2ogr from the store)" "$RUNS" \
    ogr2ogr -f PostgreSQL "PG:$PG_CONN" "$STORE" -sql "SELECT code, geom FROM commune WHERE geom IS NOT NULL" \
      -nln commune -nlt MULTIPOLYGON -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=NONE -overwrite
  pg_step "load points (COPY, ST_MakePoint)" pg_points
  pg_step "GiST indexes + ANALYZE" pg_index
  for w in 0 2; do
    set_w="PG_SET_$w"
    "${PSQL[@]}" -d bench -c "${!set_w} EXPLAIN $PG_QUERY" > "$RES/postgis_plan_w$w.txt"
    rm -f "$RES/postgis_backend_w$w.txt"
    pg_step "count (ST_Covers), $w parallel workers" "pg_count_w$w"
  done
  # The check, untimed: each point in the lowest code among the communes
  # that cover it (phusong's rule; the 2008 polygons overlap in places, and
  # the count above counts such a point in each), and how many are so.
  log "postgis: lowest code per point (the check, untimed)"
  "${PSQL[@]}" -d bench <<EOF
SET max_parallel_workers_per_gather = 2;
CREATE TEMP TABLE lowest AS
  SELECT p.id, min(c.code) AS code, count(*) AS k FROM commune c JOIN pts p ON ST_Covers(c.geom, p.geom) GROUP BY p.id;
\\copy (SELECT code, count(*) AS n FROM lowest GROUP BY code) TO '$RES/postgis_lowest_code.csv' WITH (FORMAT csv, HEADER true)
\\copy (SELECT count(*) AS points_in_a_commune, count(*) FILTER (WHERE k > 1) AS points_in_2_or_more, sum(k) AS point_commune_pairs FROM lowest) TO '$RES/postgis_overlaps.csv' WITH (FORMAT csv, HEADER true)
EOF
  bench_pg_stop
fi

# ------------------------------------------------------------ report
"$PY" "$HERE/pip_report.py" --results "$RES" --scale "$TAG" --points "$N_HH" \
  --geopandas-points "$GPD_N" --communes "$N_COMMUNES" | tee "$RES/summary.md"

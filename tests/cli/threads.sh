# threads.sh: analyze --threads N computes the model's tiles on N threads;
# the tiles are independent and their counts are merged as integer sums,
# their coverage files written in tile order, so 1 and 2 threads must give
# byte-identical outputs: every figure of the report and every pixel and
# polygon of the coverage files, with and without a DEM. Without
# --coverage-out each site is evaluated only within its reach
# (phs_site_link_reach_m): that must change no figure either.
#
# The set-up of tiling.sh: the squares block (45 x 46 cells at 50 m) cut
# into 7 x 7-cell tiles (7 x 7 = 49 tiles, so both threads get many), three
# 5G sites in free space at 3500 MHz, -80 dBm: P1 (VIETTEL, 60 dBm) covers
# a disc of 1.191 km (pathloss.sh has the arithmetic) at the block's SW
# corner, whose quarter inside the block is pi/4 x 1.191^2 = 1.114 km2;
# Q1, Q2 (VNPT, 50 dBm) 0.377 km discs inside it. A 200 m ridge crosses
# the block north-south for the DEM runs.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
F="$PHS_SOURCE_DIR/tests/fixtures/squares"
radio_block_inputs
S="$T/s.sqlite"
radio_block_store "$S" "$F/households.csv"

expect_rc 2 "threads 0 refused" "$PHUSONG" analyze --model fspl --threads 0 "$S"
err_has "--threads" "option named"

# analyze_run NAME THREADS COVERAGE EXTRA...: analyze with 7 x 7-cell tiles,
# report as JSON; with COVERAGE=1 the coverage files in $T/NAME, their
# pixels as raw ENVI files and their polygons as CSV for byte comparisons.
analyze_run() {
  local name=$1 threads=$2 cov=$3
  shift 3
  local out=()
  [ "$cov" = 1 ] && out=(--coverage-out "$T/$name")
  expect_rc 0 "analyze $name" "$PHUSONG" analyze --model fspl --threshold -80 \
    --max-distance 1300 --tile 7 --threads "$threads" "${out[@]}" "$@" "$S"
  expect_rc 0 "report $name" "$PHUSONG" report -f json --lang en -o "$T/$name.json" "$S"
  [ "$cov" = 1 ] || return 0
  for f in signal server overlap; do
    check "$name $f pixels" gdal_translate -q -of ENVI "$T/$name/5G_$f.tif" "$T/$name/$f.bin"
  done
  check "$name polygons" ogr2ogr -f CSV -lco GEOMETRY=AS_WKT "$T/$name/poly" "$T/$name/5G_coverage.gpkg"
}
same_files() {
  for f in signal server overlap; do
    check "$1 vs $2: $f pixels identical" cmp -s "$T/$1/$f.bin" "$T/$2/$f.bin"
    check "$1 vs $2: 5G_$f.tif byte-identical" cmp -s "$T/$1/5G_$f.tif" "$T/$2/5G_$f.tif"
  done
  check "$1 vs $2: polygons identical" diff -r "$T/$1/poly" "$T/$2/poly"
}

analyze_run flat_t1 1 1
analyze_run flat_t2 2 1
analyze_run flat_t2_nocov 2 0
analyze_run flat_t1_nocov 1 0
analyze_run dem_t1 1 1 --dem "$T/dem.tif"
analyze_run dem_t2 2 1 --dem "$T/dem.tif"
analyze_run dem_t2_nocov 2 0 --dem "$T/dem.tif"
same_files flat_t1 flat_t2
same_files dem_t1 dem_t2

phs_py "threads and the reach change no figure" "$T" <<'PY'
import json, os, sys
from phs_check import Checker
c = Checker()
T = sys.argv[1]
def figures(name):
    r = json.load(open(os.path.join(T, name + ".json")))
    out = {"province": r["province"]["metrics"]}
    for key in ("communes", "districts"):
        for x in r.get(key, []):
            out[key + ":" + x["code"]] = x["metrics"]
    return r, out
for one, other in (("flat_t1", "flat_t2"), ("flat_t1", "flat_t2_nocov"),
                   ("flat_t1", "flat_t1_nocov"), ("dem_t1", "dem_t2"),
                   ("dem_t1", "dem_t2_nocov")):
    r1, a = figures(one)
    r2, b = figures(other)
    c.eq(sorted(b), sorted(a), "%s vs %s: same areas" % (one, other))
    for area in a:
        c.eq(b.get(area), a[area], "%s vs %s: every figure of %s" % (one, other, area))
    p1 = dict(r1["run"]["params"]); p2 = dict(r2["run"]["params"])
    for p in (p1, p2):
        p.get("model", {}).pop("coverage_out", None)
    c.eq(p2, p1, "%s vs %s: same parameters" % (one, other))
    c.eq(r2["run"].get("warnings"), r1["run"].get("warnings"), "%s vs %s: same warnings" % (one, other))
# Not two empty runs: the hand value, and the ridge removes coverage.
m = figures("flat_t2")[1]["province"]
a = m["coverage_5g_area_viettel"]["numerator"]
c.ok(abs(a - 1.114) / 1.114 < 0.03, "VIETTEL's quarter disc %s km2 ~ 1.114" % a)
d = figures("dem_t2")[1]["province"]["coverage_5g_area"]["numerator"]
c.ok(d < m["coverage_5g_area"]["numerator"], "terrain removes coverage (%.4f km2)" % d)
c.done()
PY
phs_finish

# tiling.sh: the propagation model's grid is computed tile by tile
# (analyze --tile N); the tiling is an implementation detail, so tiny tiles
# must give exactly what one tile gives: every figure of the report and
# every pixel of the coverage rasters, with and without a DEM, for
# households as points (exact link budget without a DEM, the grid's
# coverage bits with one) and as counts spread by a population raster (the
# coverage bits). The squares block (2.2 x 2.2 km) at 50 m is 45 x 46
# cells, one tile by default; --tile 7 cuts it into 7 x 7 tiles that do
# not divide it (the last column and row are 3 and 4 cells wide), and the
# population raster (pop1/pop7) into bands of 7 grid rows instead of one
# read: its 22 m cells are resampled to 50 m, where a warp whose kernel
# followed the window would change the people of some cells.
#
# Three 5G sites, free space at 3500 MHz, -80 dBm: each covers a disc of
# 1.191 km radius at 60 dBm EIRP (pathloss.sh has the arithmetic), 10 dB
# less = 1.191 / 10^(10/20) = 0.377 km at 50 dBm: P1 (VIETTEL, 60 dBm) at
# the block's SW corner, Q1 and Q2 (VNPT, 50 dBm) inside it, so coverage
# edges cross many tiles. The reach (--max-distance 1300 m, 26 cells)
# keeps each site to some of the 7 x 7 tiles. A sanity check against the hand value keeps the comparison
# from passing on two empty runs: VIETTEL's quarter disc inside the block
# is pi/4 x 1.191^2 = 1.114 km2.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
F="$PHS_SOURCE_DIR/tests/fixtures/squares"
radio_block_inputs
# People in a band across the middle of the block, 40 per 20 m cell.
"$PHS_PY" - "$T/pop.asc" <<'PY'
import sys
n = 150
with open(sys.argv[1], "w") as f:
    f.write("ncols %d\nnrows %d\nxllcorner 106.995\nyllcorner 10.495\ncellsize 0.0002\nNODATA_value -9999\n" % (n, n))
    for j in range(n):
        lat = 10.495 + (n - j - 0.5) * 0.0002
        row = ["40" if 10.506 < lat < 10.514 else "0" for i in range(n)]
        f.write(" ".join(row) + "\n")
PY
check "population raster" gdal_translate -q -a_srs EPSG:4326 "$T/pop.asc" "$T/pop.tif"

for kind in points counts; do
  hh="$F/households.csv"
  [ $kind = points ] || hh="$F/counts.csv"
  radio_block_store "$T/$kind.sqlite" "$hh"
done

expect_rc 2 "tile 0 refused" "$PHUSONG" analyze --model fspl --tile 0 "$T/points.sqlite"
err_has "--tile" "option named"

# run NAME STORE TILE EXTRA...: analyze, report as JSON, coverage files in
# $T/NAME; the rasters' pixels as raw ENVI files for a byte comparison.
analyze_run() {
  local name=$1 store=$2 tile=$3
  shift 3
  expect_rc 0 "analyze $name" "$PHUSONG" analyze --model fspl --threshold -80 \
    --max-distance 1300 --coverage-out "$T/$name" $tile "$@" "$store"
  expect_rc 0 "report $name" "$PHUSONG" report -f json --lang en -o "$T/$name.json" "$store"
  for f in signal server overlap; do
    check "$name $f pixels" gdal_translate -q -of ENVI "$T/$name/5G_$f.tif" "$T/$name/$f.bin"
  done
  check "$name polygons" ogr2ogr -f CSV -lco GEOMETRY=AS_WKT "$T/$name/poly" "$T/$name/5G_coverage.gpkg"
}
same_pixels() {
  for f in signal server overlap; do
    check "$1 vs $2: $f pixels identical" cmp -s "$T/$1/$f.bin" "$T/$2/$f.bin"
  done
  for l in viettel vnpt any all notspot; do
    local a b
    a=$(ls "$T/$1/poly/" | grep -i "^$l.csv$")
    b=$(ls "$T/$2/poly/" | grep -i "^$l.csv$")
    check "$1 vs $2: layer $l identical" cmp -s "$T/$1/poly/$a" "$T/$2/poly/$b"
  done
}

analyze_run flat1 "$T/points.sqlite" ""
analyze_run flat7 "$T/points.sqlite" "--tile 7"
analyze_run dem1 "$T/points.sqlite" "" --dem "$T/dem.tif"
analyze_run dem7 "$T/points.sqlite" "--tile 7" --dem "$T/dem.tif"
analyze_run pop1 "$T/counts.sqlite" "" --population-raster "$T/pop.tif" --dem "$T/dem.tif"
analyze_run pop7 "$T/counts.sqlite" "--tile 7" --population-raster "$T/pop.tif" --dem "$T/dem.tif"
same_pixels flat1 flat7
same_pixels dem1 dem7
same_pixels pop1 pop7

phs_py "tiles change no figure" "$T" <<'PY'
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
for one, tiled in (("flat1", "flat7"), ("dem1", "dem7"), ("pop1", "pop7")):
    r1, a = figures(one)
    r7, b = figures(tiled)
    c.eq(sorted(a), sorted(b), "%s vs %s: same areas" % (one, tiled))
    for area in a:
        c.eq(b[area], a[area], "%s vs %s: every figure of %s" % (one, tiled, area))
    c.eq(r7["run"]["params"], r1["run"]["params"], "%s vs %s: same parameters" % (one, tiled))
    w1 = r1["run"].get("warnings"); w7 = r7["run"].get("warnings")
    c.eq(w7, w1, "%s vs %s: same warnings (defaults, extrapolated cells)" % (one, tiled))
# Not two empty runs: the hand values.
m = figures("flat1")[1]["province"]
a = m["coverage_5g_area_viettel"]["numerator"] if "coverage_5g_area_viettel" in m else None
c.ok(a is not None and abs(a - 1.114) / 1.114 < 0.03, "VIETTEL's quarter disc %s km2 ~ 1.114" % a)
cov = m["coverage_5g_households"]
c.ok(0 < cov["numerator"] < cov["denominator"], "some households covered, not all (%s of %s)" % (cov["numerator"], cov["denominator"]))
# The ridge blocks part of the coverage: the DEM runs cover less area.
d = figures("dem1")[1]["province"]["coverage_5g_area"]["numerator"]
f = m["coverage_5g_area"]["numerator"]
c.ok(d < f, "terrain removes coverage (%.4f < %.4f km2)" % (d, f))
p = figures("pop1")[1]["province"]["coverage_5g_households"]
c.ok(0 < p["numerator"] < p["denominator"], "population-weighted coverage partial (%s of %s)" % (p["numerator"], p["denominator"]))
c.done()
PY
phs_finish

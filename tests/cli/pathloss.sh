# pathloss.sh: the propagation-model footprint end to end, on numbers that
# follow by hand. One omnidirectional 5G site, antenna 1.5 m high (as high
# as the receiver, so the vertical pattern never attenuates), no tilt,
# EIRP 60 dBm at 3500 MHz: EIRP_RS = 60 - 10 log10(3276) = 24.846 dBm.
# Free space at 3500 MHz: FSPL = 20 log10(d_km) + 103.33 dB, no shadowing
# margin (sigma 0). With a -80 dBm threshold the site covers
#   20 log10(d_km) <= 24.846 + 80 - 103.33 = 1.516  ->  d <= 1.191 km.
# Households at about 0.88 and 1.00 km are covered, at 1.47 and 1.53 km
# not (distances at 10.5 N: 1e-3 degree = 109.5 m east, 110.6 m north;
# each point is at least 20% away from the edge, far beyond UTM scale).
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
F="$PHS_SOURCE_DIR/tests/fixtures/squares"
cat > "$T/sites.csv" <<'CSV'
site_id,lon,lat,tech,band_mhz,height_m,tilt_deg,eirp_dbm
P1,107.0000,10.5000,5G,3500,1.5,0,60
CSV
cat > "$T/households.csv" <<'CSV'
household_id,lon,lat,fibre
NEAR1,107.0080,10.5005,1
NEAR2,107.0005,10.5090,1
FAR1,107.0140,10.5005,0
FAR2,107.0120,10.5060,1
CSV
S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"
expect_rc 0 "households" "$PHUSONG" import households "$S" "$T/households.csv"
expect_rc 0 "site" "$PHUSONG" submit --operator VIETTEL "$S" "$T/sites.csv"
expect_rc 2 "unknown model" "$PHUSONG" analyze --model okumura "$S"
err_has "unknown footprint model 'okumura'" "model named in the message"
expect_rc 0 "analyze fspl" "$PHUSONG" analyze --model fspl --threshold -80 --reliability 0.9 "$S"
err_has "1 5G sites gave no azimuth: modelled as omnidirectional" "omni default counted"
expect_rc 0 "report" "$PHUSONG" report -f json --lang en -o "$T/r.json" "$S"
phs_py "fspl coverage" "$T/r.json" <<'PY'
import json, sys
from phs_check import Checker
c = Checker()
r = json.load(open(sys.argv[1]))
m = r["province"]["metrics"]
c.eq((m["coverage_5g_households"]["numerator"], m["coverage_5g_households"]["denominator"]), (2, 4), "2 of 4 households inside 1.191 km")
c.eq((m["coverage_5g_households_viettel"]["numerator"], m["coverage_5g_households_viettel"]["denominator"]), (2, 4), "per operator")
c.eq(m["sites_5g"]["numerator"], 1, "one 5G site")
p = r["run"]["params"]
c.eq(p["footprint"], "path_loss", "footprint recorded")
c.eq(p["model"]["name"], "fspl", "model recorded")
c.eq(p["model"]["threshold_dbm"], -80, "threshold recorded")
c.eq(p["model"]["reliability"], 0.9, "reliability recorded")
c.eq(p["model"]["dem"], None, "no DEM")
c.eq(p["model"]["los"], "nlos", "without a DEM the LOS mode defaults to nlos")
# Area: a disc of radius 1.191 km centred on the block's SW corner covers
# a quarter disc inside the 2.2 x 2.2 km block: pi/4 * 1.191^2 = 1.114 km2
# out of about 4.87 km2 (grid estimate at 50 m: within 3%).
a = m["coverage_5g_area"]
c.ok(abs(a["numerator"] - 1.114) / 1.114 < 0.03, "covered area %.4f km2 ~ 1.114" % a["numerator"])
ns = m["notspot_5g_area"]
c.eq(ns["denominator"], a["denominator"], "not-spot over the same area")
# (the JSON carries 10 significant digits)
c.ok(abs(ns["numerator"] + a["numerator"] - a["denominator"]) < 1e-8, "not-spot + covered = area")
for x in r["communes"]:
    n5, a5 = x["metrics"]["notspot_5g_area"], x["metrics"]["coverage_5g_area"]
    c.ok(abs(n5["pct"] + a5["pct"] - 100) < 1e-6, x["code"] + " not-spot share = 100% - covered share")
c.done()
PY
# Terrain: a 200 m high north-south ridge 400-550 m east of the site
# (a DEM in EPSG:4326 made here as an ESRI ASCII grid). NEAR1, 876 m east,
# falls behind it: the knife edge sits ~200 m above the line of sight, so
# v >> 1 and J(v) costs tens of dB, far more than NEAR1's 2.7 dB margin.
# NEAR2, 995 m north, keeps its clear path and stays covered.
"$PHS_PY" - "$T/dem.asc" <<'PY'
import sys
n = 200
with open(sys.argv[1], "w") as f:
    f.write("ncols %d\nnrows %d\nxllcorner 106.9\nyllcorner 10.4\ncellsize 0.001\nNODATA_value -9999\n" % (n, n))
    for j in range(n):
        row = []
        for i in range(n):
            lon = 106.9 + (i + 0.5) * 0.001
            row.append("200" if 107.0036 <= lon <= 107.0051 else "0")
        f.write(" ".join(row) + "\n")
PY
check "DEM to GeoTIFF" gdal_translate -q -a_srs EPSG:4326 "$T/dem.asc" "$T/dem.tif"
expect_rc 0 "analyze fspl with DEM" "$PHUSONG" analyze --model fspl --threshold -80 --dem "$T/dem.tif" --max-distance 3000 "$S"
expect_rc 0 "report dem" "$PHUSONG" report -f json --lang en -o "$T/d.json" "$S"
phs_py "terrain blocks the ridge side" "$T/d.json" "$T/dem.tif" <<'PY'
import json, sys
from phs_check import Checker
c = Checker()
r = json.load(open(sys.argv[1]))
m = r["province"]["metrics"]
c.eq((m["coverage_5g_households"]["numerator"], m["coverage_5g_households"]["denominator"]), (1, 4), "only NEAR2 keeps coverage behind the ridge")
c.eq(r["run"]["params"]["model"]["dem"], sys.argv[2], "DEM recorded with the run")
c.eq(r["run"]["params"]["model"]["los"], "terrain", "with a DEM the terrain decides LOS/NLOS")
c.done()
PY
# Free space has one formula, so the terrain LOS mode (the default with a
# DEM) changes nothing above: the loss is FSPL + J wherever the ray is cut.
# The LOS mode is checked on the command line:
expect_rc 2 "unknown LOS mode" "$PHUSONG" analyze --model fspl --los sometimes "$S"
err_has "unknown LOS mode 'sometimes'" "mode named in the message"
expect_rc 2 "terrain LOS without a DEM" "$PHUSONG" analyze --model fspl --los terrain "$S"
err_has "--los terrain needs a DEM" "terrain mode needs --dem"
# A DEM that does not cover the site is an error naming the site.
"$PHS_PY" - "$T/far.asc" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("ncols 10\nnrows 10\nxllcorner 107.3\nyllcorner 10.6\ncellsize 0.001\nNODATA_value -9999\n")
    for j in range(10):
        f.write(" ".join(["5"] * 10) + "\n")
PY
check "far DEM to GeoTIFF" gdal_translate -q -a_srs EPSG:4326 "$T/far.asc" "$T/far.tif"
expect_rc 3 "DEM not covering the site" "$PHUSONG" analyze --model fspl --threshold -80 --dem "$T/far.tif" "$S"
err_has "site P1: the DEM does not cover the site" "site named"
# Coverage rasters need a model; with one they are written.
expect_rc 2 "coverage-out with circles" "$PHUSONG" analyze --coverage-out "$T/cov" "$S"
err_has "--coverage-out needs a propagation model" "circles have no grid"
expect_rc 0 "coverage-out" "$PHUSONG" analyze --model fspl --threshold -80 --coverage-out "$T/cov" "$S"
check "signal raster" test -s "$T/cov/5G_signal.tif"
check "coverage polygons" test -s "$T/cov/5G_coverage.gpkg"
expect_rc 2 "coverage-out refuses to overwrite" "$PHUSONG" analyze --model fspl --threshold -80 --coverage-out "$T/cov" "$S"
err_has "exists; use --overwrite" "overwrite hint"

# The circle model on the same store: no radius given -> the n78 default
# for the default (suburban) environment, 1010 m (docs/propagation.md,
# "Default circle radius"): NEAR1 (876 m) and NEAR2 (0.0005 x 109464 m
# east, 0.009 x 110611 m north: 997 m) inside, FAR1/FAR2 (~1.5 km) not.
expect_rc 0 "analyze circle" "$PHUSONG" analyze "$S"
expect_rc 0 "report circle" "$PHUSONG" report -f json --lang en -o "$T/c.json" "$S"
phs_py "circle coverage" "$T/c.json" <<'PY'
import json, sys
from phs_check import Checker
c = Checker()
r = json.load(open(sys.argv[1]))
m = r["province"]["metrics"]
c.eq(m["coverage_5g_households"]["numerator"], 2, "1010 m circle reaches NEAR1 and NEAR2")
c.eq(r["run"]["params"]["footprint"], "circle", "circle recorded")
c.done()
PY
# The circle footprint with an azimuth is a sector: radius 1.5 km, facing
# east (90 degrees), 60 degrees wide. NEAR1 (876 m at bearing 87) and FAR2
# (1472 m at bearing 63) are inside; NEAR2 (north) and FAR1 (1532 m, beyond
# the radius) are not: 2 of 4.
S2="$T/sector.sqlite"
cat > "$T/sector.csv" <<'CSV'
site_id,lon,lat,tech,band_mhz,radius_m,azimuth_deg,beamwidth_deg
Q1,107.0000,10.5000,5G,3500,1500,90,60
CSV
expect_rc 0 "init sector" "$PHUSONG" init "$S2"
expect_rc 0 "communes sector" "$PHUSONG" import communes "$S2" "$F/communes.geojson"
expect_rc 0 "households sector" "$PHUSONG" import households "$S2" "$T/households.csv"
expect_rc 0 "site sector" "$PHUSONG" submit --operator VIETTEL "$S2" "$T/sector.csv"
expect_rc 0 "analyze sector" "$PHUSONG" analyze "$S2"
expect_rc 0 "report sector" "$PHUSONG" report -f json --lang en -o "$T/s.json" "$S2"
phs_py "sector footprint" "$T/s.json" <<'PY'
import json, sys
from phs_check import Checker
c = Checker()
m = json.load(open(sys.argv[1]))["province"]["metrics"]
c.eq((m["coverage_5g_households"]["numerator"], m["coverage_5g_households"]["denominator"]), (2, 4), "NEAR1 and FAR2 in the sector")
c.done()
PY
# Households known only as counts follow the people of a population
# raster: everyone of commune 90001 lives within ~150 m of its SW corner,
# inside a 400 m circle around a site there, so all of 90001's households
# are covered (100%, population_weighted), where an even spread would give
# the circle's share of the area (pi/4 x 0.4^2 / 1.2 km2, about 10%). The
# raster has nobody elsewhere: the other communes keep the even spread.
S3="$T/pop.sqlite"
cat > "$T/site400.csv" <<'CSV'
site_id,lon,lat,tech,band_mhz,radius_m
R1,107.0000,10.5000,5G,3500,400
CSV
"$PHS_PY" - "$T/pop.asc" <<'PY'
import sys
n = 200
with open(sys.argv[1], "w") as f:
    f.write("ncols %d\nnrows %d\nxllcorner 106.99\nyllcorner 10.49\ncellsize 0.0002\nNODATA_value -9999\n" % (n, n))
    for j in range(n):
        lat = 10.49 + (n - j - 0.5) * 0.0002
        row = []
        for i in range(n):
            lon = 106.99 + (i + 0.5) * 0.0002
            near = 107.0 < lon < 107.0012 and 10.5 < lat < 10.5012
            row.append("50" if near else "0")
        f.write(" ".join(row) + "\n")
PY
check "population raster" gdal_translate -q -a_srs EPSG:4326 "$T/pop.asc" "$T/pop.tif"
expect_rc 0 "init pop" "$PHUSONG" init "$S3"
expect_rc 0 "communes pop" "$PHUSONG" import communes "$S3" "$F/communes.geojson"
expect_rc 0 "counts pop" "$PHUSONG" import households "$S3" "$F/counts.csv"
expect_rc 0 "site pop" "$PHUSONG" submit --operator VIETTEL "$S3" "$T/site400.csv"
expect_rc 0 "analyze even" "$PHUSONG" analyze "$S3"
expect_rc 0 "report even" "$PHUSONG" report -f json --lang en -o "$T/even.json" "$S3"
expect_rc 0 "analyze weighted" "$PHUSONG" analyze --population-raster "$T/pop.tif" "$S3"
expect_rc 0 "report weighted" "$PHUSONG" report -f json --lang en -o "$T/weighted.json" "$S3"
expect_rc 3 "missing raster" "$PHUSONG" analyze --population-raster "$T/nope.tif" "$S3"
err_has "nope.tif" "missing raster named"
phs_py "population-weighted spread" "$T/even.json" "$T/weighted.json" <<'PY'
import json, sys
from phs_check import Checker
c = Checker()
ev = {x["code"]: x["metrics"] for x in json.load(open(sys.argv[1]))["communes"]}
we = {x["code"]: x["metrics"] for x in json.load(open(sys.argv[2]))["communes"]}
e1, w1 = ev["90001"]["coverage_5g_households"], we["90001"]["coverage_5g_households"]
c.ok(5 < e1["pct"] < 15, "even spread: about the circle's share of the area (%.2f%%)" % e1["pct"])
c.ok("uniform_spread" in e1["flags"], "even spread flagged")
c.eq(w1["pct"], 100.0, "weighted: all of 90001's people are inside the circle")
c.ok("population_weighted" in w1["flags"] and "uniform_spread" not in w1["flags"], "weighted flagged")
c.eq(w1["denominator"], e1["denominator"], "same households, only their placement changes")
c.ok("uniform_spread" in we["90002"]["coverage_5g_households"]["flags"], "nobody in the raster for 90002: even spread kept")
c.done()
PY
phs_finish

# synth_national.sh: phusong synth at national scale (the 11,163 commune
# polygons of 2008 and the 2019 census of 96.2 million people), then the
# synthetic household points imported and assigned: every point is placed
# inside a commune polygon, so none may end up outside every commune, and
# the fibre share recomputed from the files must match the calibration.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
SH="${PHS_SHARED_DIR:?PHS_SHARED_DIR must name ../shared}"
VN="$SH/data/boundaries/vn_communes_2008.gpkg"
CENSUS="$SH/data/population/vn_census2019_commune_pop_hh.csv"
check "national communes present" test -f "$VN"
check "national census present" test -f "$CENSUS"

expect_rc 0 "synth national" "$PHUSONG" synth -o "$T/vn" --communes "$VN" \
  --census "$CENSUS" --household-points --household-scale 0.001 \
  --respondents 40000
out_has "11121 units (192 without polygon)" "national units"
err_has "225 features with an empty gso_commune_code_2019 skipped" "uncoded polygons reported"

phs_py "national synthetic files" "$T/vn" "$CENSUS" <<'PY'
import csv, sys
from phs_check import Checker
c = Checker()
d, census = sys.argv[1], sys.argv[2]
hh = {}
for r in csv.DictReader(open(census, encoding="utf-8")):
    key = r["commune_code"] or r["district_code"]
    if key:
        hh[key] = int(r["hh_total"])
fib = {r["ma_xa"]: int(r["ho_cap_quang"]) for r in csv.DictReader(open(d + "/fibre_households.csv", encoding="utf-8"))}
c.eq(len(fib), 11121, "fibre rows, one per census unit")
c.eq(set(fib), set(hh), "one fibre row per coded census unit (44 census rows have no code)")
c.ok(abs(sum(fib.values()) / sum(hh[k] for k in fib) - 0.983) < 1e-6, "national fibre share 98.3%")
c.ok(all(fib[k] <= hh[k] for k in fib), "no unit above 100%")
n = sum(1 for _ in open(d + "/households.csv")) - 1
c.ok(25000 < n < 27500, "about 0.1%% of 26.9 million households as points: %d" % n)
c.done()
PY

# Import the points against the national communes and assign them.
ogr2ogr -q -f GPKG "$T/communes.gpkg" "$VN" -where "commune_vn <> ''" -nln communes
S="$T/vn.sqlite"
expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "national communes" "$PHUSONG" import communes --keep-uncoded -q "$S" "$T/communes.gpkg"
expect_rc 0 "household points" "$PHUSONG" import households -q "$S" "$T/vn/households.csv"
expect_rc 0 "analyze" "$PHUSONG" analyze -q "$S"
expect_rc 0 "report" "$PHUSONG" report -f json --lang en -o "$T/r.json" "$S"
phs_py "national report" "$T/r.json" "$T/vn/households.csv" <<'PY'
import json, sys
from phs_check import Checker
c = Checker()
r = json.load(open(sys.argv[1]))
n = sum(1 for _ in open(sys.argv[2])) - 1
c.eq(r["province"], None, "a national run has no single province")
c.eq(len(r["provinces"]), 63, "63 provinces")
c.eq(r["run"]["diagnostics"]["unassigned"]["households"], 0, "no point outside every commune")
c.eq(sum(p["metrics"]["fibre_households"]["denominator"] or 0 for p in r["provinces"]), n, "every point counted once")
c.done()
PY
phs_finish

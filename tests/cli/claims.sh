# claims.sh: operators' own coverage ("what we say we cover") beside the
# modelled coverage. VIETTEL files a 5G claim that is exactly commune
# 90001's square, so by hand: claimed_5g_area_viettel is 100% for 90001
# and 0% for the other three, the households claimed are those of 90001,
# VNPT (no filing) has no claimed figures at all, and a new filing
# replaces the old one for that operator and technology only.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
F="$PHS_SOURCE_DIR/tests/fixtures/squares"
cat > "$T/claim_a.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"ghi_chu": "vùng phủ 5G"},
  "geometry": {"type": "Polygon", "coordinates": [[[107.00, 10.50], [107.01, 10.50], [107.01, 10.51], [107.00, 10.51], [107.00, 10.50]]]}}]}
JSON
cat > "$T/claim_point.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [107.005, 10.505]}}]}
JSON
S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"
expect_rc 0 "households" "$PHUSONG" import households "$S" "$F/households.csv"
expect_rc 0 "viettel sites" "$PHUSONG" submit --operator VIETTEL "$S" "$F/sites_viettel.csv"
expect_rc 0 "vnpt sites" "$PHUSONG" submit --operator VNPT "$S" "$F/sites_vnpt.csv"
expect_rc 2 "coverage without --tech" "$PHUSONG" import coverage --operator VIETTEL "$S" "$T/claim_a.geojson"
err_has "needs --operator OP and --tech" "usage names both options"
expect_rc 2 "coverage with a bad --tech" "$PHUSONG" import coverage --operator VIETTEL --tech 3G "$S" "$T/claim_a.geojson"
expect_rc 3 "points are not coverage" "$PHUSONG" import coverage --operator VIETTEL --tech 5G "$S" "$T/claim_point.geojson"
err_has "claim_point.geojson:feature 1: field 'geometry': is POINT; coverage must be polygons" "names the feature"
expect_rc 0 "claim" "$PHUSONG" import coverage --operator VIETTEL --tech 5G "$S" "$T/claim_a.geojson"
expect_rc 0 "analyze" "$PHUSONG" analyze "$S"
expect_rc 0 "report" "$PHUSONG" report -f json --lang en -o "$T/r.json" "$S"
phs_py "claimed coverage" "$T/r.json" "$F/households.csv" <<'PY'
import json, sys
from phs_check import Checker
c = Checker()
r = json.load(open(sys.argv[1]))
com = {x["code"]: x["metrics"] for x in r["communes"]}
for code, want in (("90001", 100.0), ("90002", 0.0), ("90003", 0.0), ("90004", 0.0)):
    m = com[code]["claimed_5g_area_viettel"]
    c.eq(m["pct"], want, code + " claimed area share")
c.ok("claimed_5g_area_vnpt" in com["90001"], "VNPT has claimed keys (operators are one list)")
c.ok("no_data" in com["90001"]["claimed_5g_area_vnpt"]["flags"], "VNPT filed nothing: no_data")
c.eq(com["90001"]["claimed_5g_area_vnpt"]["pct"], None, "no figure for VNPT")
c.ok(not any(k.startswith("claimed_4g") for k in com["90001"]), "no 4G claims: no 4G claimed keys")
h = com["90001"]["claimed_5g_households_viettel"]
c.eq(h["numerator"], h["denominator"], "every 90001 household inside the claim")
c.ok(h["denominator"] > 0, "90001 has households")
for code in ("90002", "90003", "90004"):
    c.eq(com[code]["claimed_5g_households_viettel"]["numerator"], 0, code + " households not claimed")
c.done()
PY
# A second VIETTEL 5G filing supersedes the first: an empty-ish claim far
# away leaves nothing claimed in the block.
cat > "$T/claim_b.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {},
  "geometry": {"type": "Polygon", "coordinates": [[[107.10, 10.60], [107.11, 10.60], [107.11, 10.61], [107.10, 10.61], [107.10, 10.60]]]}}]}
JSON
expect_rc 0 "second claim" "$PHUSONG" import coverage --operator VIETTEL --tech 5G "$S" "$T/claim_b.geojson"
expect_rc 0 "analyze again" "$PHUSONG" analyze "$S"
expect_rc 0 "report again" "$PHUSONG" report -f json --lang en -o "$T/r2.json" "$S"
phs_py "superseded claim" "$T/r2.json" "$S" <<'PY'
import json, sqlite3, sys
from phs_check import Checker
c = Checker()
r = json.load(open(sys.argv[1]))
com = {x["code"]: x["metrics"] for x in r["communes"]}
c.eq(com["90001"]["claimed_5g_area_viettel"]["pct"], 0.0, "the old claim no longer counts")
db = sqlite3.connect(sys.argv[2])
st = db.execute("SELECT status, tech, mode FROM submission WHERE kind = 'coverage' ORDER BY id").fetchall()
c.eq(st, [("superseded", "5G", "5G"), ("current", "5G", "5G")], "first filing superseded, nothing deleted")
c.eq(db.execute("SELECT count(*) FROM claimed_coverage").fetchone()[0], 2, "both filings kept")
c.done()
PY
phs_finish

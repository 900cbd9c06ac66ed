# demo.sh: `phusong demo` on the bundled Bà Rịa – Vũng Tàu data. The
# province figures are the published targets the synthetic generator is
# calibrated to (fibre 98.3 %, smartphone 97.70 %, bank account 82.52 %,
# e-ID 21.32 %, 10 5G sites) on the real 2019 census; the test asserts
# them, and also recomputes them independently from the files the demo
# wrote (synthetic/*.csv, the site layers) and the census CSV.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

D="$PHS_SOURCE_DIR/data/demo"
O="$T/demo"

expect_rc 0 "phusong demo" "$PHUSONG" demo --data "$D" -o "$O"
out_has "done: open $O/report.md" "phusong demo"
for f in report.csv report.json report.md demo.sqlite synthetic/fibre_households.csv synthetic/survey.csv; do
  check "demo wrote $f" test -s "$O/$f"
done
check "report.md shows the province fibre share as 98,3%" grep -qF "98,3%" "$O/report.md"
check "report.md has the synthetic-data note" grep -qF "DỮ LIỆU TỔNG HỢP" "$O/report.md"

phs_py "demo report" "$O" "$D/brvt_census2019_commune_pop_hh.csv" <<'EOF'
import csv, json, sqlite3, struct, sys
from phs_check import Checker, load_json
c = Checker()
out, census_path = sys.argv[1], sys.argv[2]
r = load_json(out + "/report.json")
prov = r["province"]
m = prov["metrics"]
c.eq((prov["code"], prov["name"]), ("77", "Tỉnh Bà Rịa - Vũng Tàu"), "province")
c.eq(r["synthetic_data"], True, "the demo marks its report synthetic")

# ---- published targets
f = m["fibre_households"]
c.eq((f["numerator"], f["denominator"]), (315550, 321007), "province fibre households")
c.eq(round(f["pct"], 1), 98.3, "province fibre pct rounds to 98.3")
c.near(f["pct"], 100 * 315550 / 321007, 1e-7, "province fibre pct = 100 num/den")
c.eq(f["flags"], [], "province fibre flags")
for key, want in (("smartphone", 97.70), ("bank_account", 82.52), ("e_id", 21.32)):
    c.eq(round(m[key]["pct"], 2), want, "province %s pct rounds to %.2f" % (key, want))
    c.ok(m[key]["ci_low"] <= m[key]["pct"] <= m[key]["ci_high"], "province %s CI contains pct" % key)
    c.eq(m[key]["n"], 5000, "province %s n" % key)
c.eq(m["sites_5g"]["numerator"], 10, "province 5G sites")

# ---- fibre recomputed from the files: sum and divide
def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))
fibre = {x["ma_xa"]: int(x["ho_cap_quang"]) for x in rows(out + "/synthetic/fibre_households.csv")}
census = {}
for x in rows(census_path):
    code = x["commune_code"] or x["district_code"]  # Côn Đảo: a district without communes
    census[code] = int(x["hh_total"])
c.eq(sorted(fibre), sorted(census), "fibre and census files list the same units")
num, den = sum(fibre.values()), sum(census.values())
c.eq((f["numerator"], f["denominator"]), (num, den), "province fibre = sum of the CSVs (%d/%d)" % (num, den))
c.near(f["pct"], 100 * num / den, 1e-7, "province fibre pct from the CSVs")
comm = {x["code"]: x for x in r["communes"]}
for code, hh in census.items():
    x = comm.get(code)
    if c.ok(x is not None, "unit %s of the census is in the report" % code):
        fx = x["metrics"]["fibre_households"]
        c.eq((fx["numerator"], fx["denominator"]), (fibre[code], hh), "commune %s fibre num/den" % code)

# ---- survey recomputed: Hájek sum(w y) / sum(w) over the answers given
sv = rows(out + "/synthetic/survey.csv")
for key in ("smartphone", "bank_account", "e_id"):
    ans = [(float(x["weight"]), int(x[key])) for x in sv if x[key] != ""]
    sw = sum(w for w, _ in ans)
    swy = sum(w for w, y in ans if y)
    c.near(m[key]["pct"], 100 * swy / sw, 1e-6, "province %s pct from survey.csv" % key)
    c.near(m[key]["denominator"], sw, 1e-6 * sw, "province %s sum of weights" % key)

# ---- 5G sites counted in the three operators' files
n5 = sum(1 for x in rows(out + "/synthetic/sites_viettel.csv") if x["cong_nghe"] == "5G")
with open(out + "/synthetic/sites_vnpt.geojson", encoding="utf-8") as fh:
    n5 += sum(1 for ft in json.load(fh)["features"] if ft["properties"]["tech"] == "5G")
db = sqlite3.connect("file:%s/synthetic/sites_mobifone.gpkg?mode=ro" % out, uri=True)
n5 += db.execute("SELECT count(*) FROM tram_bts WHERE technology = '5G'").fetchone()[0]
db.close()
c.eq(n5, 10, "5G sites in the operators' files")
c.eq(r["run"]["diagnostics"]["unassigned"]["sites"], 0, "no site outside the province")

# ---- the units: 82 + 1 polygons, Thắng Nhì without one, Phường 6 uncoded
with_poly = [x for x in r["communes"] if "no_geometry" not in x["metrics"]["sites_5g"]["flags"]]
c.eq(len(with_poly), 83, "communes with a polygon (82 + Côn Đảo)")
c.eq(len(r["communes"]), 84, "communes in the report (83 with polygons + Thắng Nhì)")
tn = comm.get("26521")
if c.ok(tn is not None, "Phường Thắng Nhì (26521) is in the report"):
    c.eq(tn["name"], "Phường Thắng Nhì", "26521 name")
    c.eq(tn["metrics"]["sites_5g"]["flags"], ["no_geometry"], "26521 has no geometry")
    c.eq(tn["metrics"]["fibre_households"]["denominator"], 6045, "26521 still has its census households")
cd = comm.get("755")
c.ok(cd is not None and "no_geometry" not in cd["metrics"]["sites_5g"]["flags"], "Côn Đảo (755) has its polygon")
p6 = [x for x in r["communes"] if x["name"] == "Phường 6"]
if c.eq(len(p6), 1, "the uncoded Phường 6 is in the report once"):
    c.ok(p6[0]["code"].startswith("UNCODED-"), "Phường 6 has a provisional code (%s)" % p6[0]["code"])
    c.ok("uncoded" in p6[0]["metrics"]["fibre_households"]["flags"], "Phường 6 is flagged uncoded")
c.eq(len(r["districts"]), 8, "districts")

# ---- the five maps
for key in ("fibre_households", "smartphone", "coverage_5g_households", "bank_account", "e_id"):
    path = "%s/map_%s.png" % (out, key)
    try:
        head = open(path, "rb").read(24)
    except OSError:
        head = b""
    c.ok(head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", "map_%s.png is a PNG" % key)
    if len(head) == 24:
        c.eq(struct.unpack(">II", head[16:24]), (1600, 1200), "map_%s.png size" % key)
c.done()
EOF

phs_finish

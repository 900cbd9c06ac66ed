# squares.sh: the whole pipeline on the hand-made "squares" fixture, whose
# every figure is worked out by hand in tests/fixtures/squares/README.md.
# Builds two stores with the CLI (household points; per-commune counts),
# analyses them and checks `phusong report -f json --lang en` exactly:
# numerators, denominators and percentages per commune, district and
# province, the flags, and the run's diagnostics.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

F="$PHS_SOURCE_DIR/tests/fixtures/squares"
A="$T/points.sqlite"
B="$T/counts.sqlite"

# ---------------------------------------------------- store 1: points
expect_rc 0 "init points store" "$PHUSONG" init "$A"
expect_rc 0 "import communes" "$PHUSONG" import communes "$A" "$F/communes.geojson"
out_has "4 of 4 rows" "import communes"
expect_rc 0 "import household points" "$PHUSONG" import households "$A" "$F/households.csv"
out_has "23 of 23 rows" "import household points"
expect_rc 0 "import survey" "$PHUSONG" import survey "$A" "$F/survey.csv"
out_has "113 of 113 rows" "import survey"
expect_rc 0 "submit VIETTEL" "$PHUSONG" submit --operator VIETTEL "$A" "$F/sites_viettel.csv"
expect_rc 0 "submit VNPT" "$PHUSONG" submit --operator VNPT "$A" "$F/sites_vnpt.csv"
expect_rc 0 "analyze points store" "$PHUSONG" analyze "$A"
out_has "analysis run 1 recorded" "analyze points store"
err_has "2 household points lie outside every commune" "analyze points store"
expect_rc 0 "report json (points)" "$PHUSONG" report -f json --lang en "$A"
cp "$T/out" "$T/points.json"

# ---------------------------------------------------- store 2: counts
expect_rc 0 "init counts store" "$PHUSONG" init "$B"
expect_rc 0 "import communes (counts store)" "$PHUSONG" import communes "$B" "$F/communes.geojson"
expect_rc 0 "import counts" "$PHUSONG" import households "$B" "$F/counts.csv"
err_has "120 fibre households but only 100 households" "import counts warns of the ratio"
expect_rc 0 "submit VIETTEL (counts store)" "$PHUSONG" submit --operator VIETTEL "$B" "$F/sites_viettel.csv"
expect_rc 0 "submit VNPT (counts store)" "$PHUSONG" submit --operator VNPT "$B" "$F/sites_vnpt.csv"
expect_rc 0 "analyze counts store" "$PHUSONG" analyze "$B"
expect_rc 0 "report json (counts)" "$PHUSONG" report -f json --lang en "$B"
cp "$T/out" "$T/counts.json"

# ------------------------------------------ the points store, by hand
phs_py "points store figures" "$T/points.json" <<'EOF'
import math, sys
from phs_check import Checker, load_json, areas, clopper_pearson, korn_graubard

c = Checker()
r = load_json(sys.argv[1])
A = areas(r)
c.eq(r["schema"], "phusong-report/1", "schema")
c.eq(sorted(A), ["90", "90001", "90002", "90003", "90004", "901", "902"], "area codes")
c.eq(A["90"]["name"], "Tỉnh Thử Nghiệm", "province name")
c.eq([d["code"] for d in r["districts"]], ["901", "902"], "districts in code order")
c.eq([x["code"] for x in r["communes"]], ["90001", "90002", "90003", "90004"], "communes in code order")
c.eq(A["90004"]["name"], "Xã Đông Bắc", "commune name")
c.eq(A["90003"]["district_code"], "902", "commune's district")
c.eq(A["902"]["province_code"], "90", "district's province")

p = r["run"]["params"]
c.eq(p["households_from"], "points", "params.households_from")
c.eq(p["working_crs"], "EPSG:32648", "working CRS: UTM 48N for 107 E")
c.eq(p["small_sample_n"], 30, "params.small_sample_n")
c.ok("lowest commune code" in p["boundary_rule"], "params.boundary_rule names the rule")
dg = r["run"]["diagnostics"]
c.eq(dg["unassigned"], {"sites": 1, "households": 2, "respondents": 1},
     "diagnostics.unassigned (site D; H22 in the hole, H23 outside; R999)")
c.eq(dg["default_radius_sites"], 1, "diagnostics.default_radius_sites (VN-5G-D)")
c.eq([i["kind"] for i in r["run"]["inputs"]],
     ["communes", "households", "survey", "sites", "sites"], "run inputs")

# (numerator, denominator) of the household and site metrics, README tables.
HH = {
    #          fibre     5G any   VIETTEL  VNPT    sites_5g
    "90001": ((4, 6),   (6, 6),  (6, 6),  (1, 6),  2),
    "90002": ((2, 4),   (1, 4),  (1, 4),  (0, 4),  0),
    "90003": ((5, 6),   (2, 6),  (1, 6),  (1, 6),  1),
    "90004": ((2, 5),   (2, 5),  (1, 5),  (1, 5),  0),
    "901":   ((6, 10),  (7, 10), (7, 10), (1, 10), 2),
    "902":   ((7, 11),  (4, 11), (2, 11), (2, 11), 1),
    "90":    ((13, 21), (11, 21), (9, 21), (3, 21), 3),
}
KEYS = ["fibre_households", "coverage_5g_households",
        "coverage_5g_households_viettel", "coverage_5g_households_vnpt"]
for code, row in HH.items():
    m = A[code]["metrics"]
    for key, (num, den) in zip(KEYS, row[:4]):
        x = m[key]
        c.eq((x["numerator"], x["denominator"]), (num, den), "%s %s num/den" % (code, key))
        # pct to the 10 significant digits the JSON keeps
        c.near(x["pct"], 100.0 * num / den, 1e-7, "%s %s pct" % (code, key))
        c.eq(x["flags"], [], "%s %s flags" % (code, key))
    s = m["sites_5g"]
    c.eq((s["numerator"], s["denominator"], s["pct"], s["flags"]), (row[4], None, None, []),
         "%s sites_5g (a count: no denominator, no pct)" % code)
# spot checks of the rounded values quoted in the README
c.eq(round(A["90"]["metrics"]["fibre_households"]["pct"], 6), 61.904762, "province fibre 13/21")
c.eq(round(A["902"]["metrics"]["coverage_5g_households"]["pct"], 4), 36.3636, "902 coverage 4/11")

# ---- areas: geodesic areas by the ellipsoidal zone formula (README)
a_ = 6378137.0
f_ = 1 / 298.257223563
e2 = f_ * (2 - f_)
e = math.sqrt(e2)
b_ = a_ * (1 - f_)
def q(lat):
    s = math.sin(math.radians(lat))
    return s / (1 - e2 * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)
def zone_km2(lon0, lon1, lat0, lat1):
    return b_ * b_ / 2 * math.radians(lon1 - lon0) * (q(lat1) - q(lat0)) / 1e6
sq_s = zone_km2(107.00, 107.01, 10.50, 10.51)
sq_n = zone_km2(107.00, 107.01, 10.51, 10.52)
hole = zone_km2(107.014, 107.016, 10.514, 10.516)
AREA = {"90001": sq_s, "90002": sq_n, "90003": sq_s, "90004": sq_n - hole}
AREA["901"] = AREA["90001"] + AREA["90002"]
AREA["902"] = AREA["90003"] + AREA["90004"]
AREA["90"] = AREA["901"] + AREA["902"]
c.near(AREA["90001"], 1.21081479, 1e-8, "README's hand value of the square (self-check)")
c.near(AREA["90004"], 1.16234554, 1e-8, "README's hand value of 90004 (self-check)")
for code, km2 in AREA.items():
    for key in ("coverage_5g_area", "coverage_5g_area_viettel", "coverage_5g_area_vnpt"):
        x = A[code]["metrics"][key]
        # 1 m2: see README ("Areas"): geodesic vs parallel edges differ by
        # ~0.01 m2; spherical or planar areas are off by ~5000 m2.
        c.near(x["denominator"], km2, 1e-6, "%s %s denominator (km2)" % (code, key))
        c.ok(x["numerator"] is not None and 0 <= x["numerator"] <= x["denominator"],
             "%s %s numerator within [0, area]" % (code, key))
        c.near(x["pct"], 100 * x["numerator"] / x["denominator"], 1e-6, "%s %s pct" % (code, key))
for key in ("coverage_5g_area", "coverage_5g_area_viettel"):
    x = A["90001"]["metrics"][key]
    c.eq(x["pct"], 100, "90001 %s: inside VT-5G-A's circle, 100%%" % key)
    c.eq(x["numerator"], x["denominator"], "90001 %s numerator = denominator" % key)
for code in ("90002", "90003", "90004"):
    c.ok(0 < A[code]["metrics"]["coverage_5g_area"]["pct"] < 100,
         "%s coverage_5g_area partial" % code)
# VN-5G-C (r = 200 m) lies wholly inside 90001 and is VNPT's only circle
# there: about pi r^2; +-5 % for the 25 m grid (README).
vnpt = A["90001"]["metrics"]["coverage_5g_area_vnpt"]["numerator"]
c.near(vnpt, math.pi * 0.2 ** 2, 0.05 * math.pi * 0.2 ** 2, "90001 VNPT area ~ pi (200 m)^2 in km2")
c.eq(A["90002"]["metrics"]["coverage_5g_area_vnpt"]["numerator"], 0, "90002: no VNPT circle reaches it")

# ---- aggregation: districts and province sum their communes' numerators
# and denominators (never average percentages)
comm = {"901": ["90001", "90002"], "902": ["90003", "90004"],
        "90": ["90001", "90002", "90003", "90004"]}
for agg, members in comm.items():
    for key, x in A[agg]["metrics"].items():
        if "ci_low" in x or key.startswith("sites_") or x["numerator"] is None:
            continue
        for part in ("numerator", "denominator"):
            want = sum(A[m]["metrics"][key][part] for m in members)
            c.near(x[part], want, 1e-8 * max(1, abs(want)), "%s %s %s = sum of communes" % (agg, key, part))

# ---- survey: Hájek proportions (README), n, flags, intervals
SV = {  # code: {indicator: (sum w*y, sum w, sum w^2, n)}
    "90001": {"smartphone": (45, 60, 135, 30), "bank_account": (30, 60, 135, 30), "e_id": (15, 60, 135, 30)},
    "90002": {"smartphone": (3, 10, 10, 10), "bank_account": (0, 10, 10, 10), "e_id": (9, 9, 9, 9)},
    "90003": {"smartphone": (32, 48, 80, 32), "bank_account": (24, 48, 80, 32), "e_id": (12, 48, 80, 32)},
    "90004": {"smartphone": (18, 20, 10, 40), "bank_account": (15, 20, 10, 40), "e_id": (4, 20, 10, 40)},
    "901": {"smartphone": (48, 70, 145, 40), "bank_account": (30, 70, 145, 40), "e_id": (24, 69, 144, 39)},
    "902": {"smartphone": (50, 68, 90, 72), "bank_account": (39, 68, 90, 72), "e_id": (16, 68, 90, 72)},
    "90": {"smartphone": (98, 138, 235, 112), "bank_account": (69, 138, 235, 112), "e_id": (40, 137, 234, 111)},
}
for code, inds in SV.items():
    for key, (swy, sw, sw2, n) in inds.items():
        x = A[code]["metrics"][key]
        what = "%s %s" % (code, key)
        c.eq((x["numerator"], x["denominator"], x["n"]), (swy, sw, n), what + " sum(wy), sum(w), n")
        c.near(x["pct"], 100.0 * swy / sw, 1e-7, what + " pct")
        c.eq(x["flags"], ["small_sample"] if code == "90002" else [], what + " flags")
        lo, hi = x["ci_low"], x["ci_high"]
        c.ok(0 <= lo <= x["pct"] <= hi <= 100, what + " 0 <= ci_low <= pct <= ci_high <= 100 (%r, %r)" % (lo, hi))
        klo, khi = korn_graubard(swy, sw, sw2)
        c.near(lo, 100 * klo, 1e-5, what + " ci_low (independent Kish-n* Clopper-Pearson)")
        c.near(hi, 100 * khi, 1e-5, what + " ci_high (independent Kish-n* Clopper-Pearson)")
c.eq(round(A["90"]["metrics"]["bank_account"]["pct"], 9), 50, "province bank_account 69/138 = 50%")
# Equal weights: the textbook Clopper-Pearson intervals.
TEXTBOOK = [("90002", "smartphone", 3, 10, 6.67, 65.25), ("90002", "bank_account", 0, 10, 0.00, 30.85),
            ("90002", "e_id", 9, 9, 66.37, 100.00), ("90004", "smartphone", 36, 40, 76.34, 97.21),
            ("90004", "bank_account", 30, 40, 58.80, 87.31), ("90004", "e_id", 8, 40, 9.05, 35.65)]
for code, key, k, n, lo2, hi2 in TEXTBOOK:
    x = A[code]["metrics"][key]
    what = "%s %s (%d of %d)" % (code, key, k, n)
    c.eq((round(x["ci_low"], 2), round(x["ci_high"], 2)), (lo2, hi2), what + " CI to 2 decimals")
    blo, bhi = clopper_pearson(k, n)
    c.near(x["ci_low"], 100 * blo, 1e-6, what + " ci_low (binomial tail)")
    c.near(x["ci_high"], 100 * bhi, 1e-6, what + " ci_high (binomial tail)")
c.done()
EOF

# ------------------------------------------ the counts store, by hand
phs_py "counts store figures" "$T/counts.json" "$T/points.json" <<'EOF'
import sys
from phs_check import Checker, load_json, areas

c = Checker()
r = load_json(sys.argv[1])
A = areas(r)
P = areas(load_json(sys.argv[2]))
c.eq(r["run"]["params"]["households_from"], "counts", "params.households_from")
c.eq(r["run"]["diagnostics"]["unassigned"], {"sites": 1, "households": 0, "respondents": 0},
     "diagnostics.unassigned")
c.eq(r["run"]["diagnostics"]["default_radius_sites"], 1, "diagnostics.default_radius_sites")
c.ok(any("90002" in w and "120 fibre households for 100" in w for w in r["run"]["diagnostics"]["warnings"]),
     "the run's warnings name the commune with a ratio above 100%")

FIBRE = {  # code: (num, den, pct or None, flags)
    "90001": (150, 200, 75.0, []),
    "90002": (120, 100, None, ["ratio_over_100"]),
    "90003": (240, 300, 80.0, []),
    "90004": (300, 400, 75.0, []),
    "901": (150, 200, 75.0, ["incomplete"]),
    "902": (540, 700, 100 * 540 / 700, []),
    "90": (690, 900, 100 * 690 / 900, ["incomplete"]),
}
for code, (num, den, pct, flags) in FIBRE.items():
    x = A[code]["metrics"]["fibre_households"]
    what = "%s fibre_households" % code
    c.eq((x["numerator"], x["denominator"]), (num, den), what + " num/den")
    if pct is None:
        c.eq(x["pct"], None, what + " pct is null")
    else:
        c.near(x["pct"], pct, 1e-7, what + " pct")
    c.eq(x["flags"], flags, what + " flags")
c.eq(round(A["90"]["metrics"]["fibre_households"]["pct"], 6), 76.666667, "province fibre 690/900")

HH = {"90001": 200, "90002": 100, "90003": 300, "90004": 400, "901": 300, "902": 700, "90": 1000}
for code, hh in HH.items():
    m = A[code]["metrics"]
    for key in ("coverage_5g_households", "coverage_5g_households_viettel", "coverage_5g_households_vnpt"):
        x = m[key]
        what = "%s %s" % (code, key)
        c.eq(x["denominator"], hh, what + " denominator = households")
        c.eq(x["flags"], ["uniform_spread"], what + " flags")
        if len(code) == 5:
            # spread evenly: the same fraction as the commune's area
            area = m[key.replace("households", "area")]
            c.near(x["pct"], area["pct"], 1e-7, what + " pct = area pct")
            c.near(x["numerator"], hh * area["pct"] / 100, 1e-6, what + " numerator = households x area fraction")
x = A["90001"]["metrics"]["coverage_5g_households"]
c.eq((x["numerator"], x["denominator"], x["pct"]), (200, 200, 100), "90001: 200 of 200 households (100%)")
for agg, members in {"901": ["90001", "90002"], "902": ["90003", "90004"],
                     "90": ["90001", "90002", "90003", "90004"]}.items():
    want = sum(A[m]["metrics"]["coverage_5g_households"]["numerator"] for m in members)
    c.near(A[agg]["metrics"]["coverage_5g_households"]["numerator"], want, 1e-6,
           "%s coverage_5g_households numerator = sum of communes" % agg)
for code in HH:
    s = A[code]["metrics"]["sites_5g"]
    c.eq(s["numerator"], P[code]["metrics"]["sites_5g"]["numerator"], "%s sites_5g as in the points store" % code)
    c.eq(A[code]["metrics"]["coverage_5g_area"]["flags"], [], "%s coverage_5g_area flags" % code)
    c.ok("smartphone" not in A[code]["metrics"], "%s: no survey metric without a survey" % code)
c.done()
EOF

phs_finish

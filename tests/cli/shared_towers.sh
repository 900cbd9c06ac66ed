# shared_towers.sh: sites of different operators within --share-distance
# (30 m by default) are reported as possibly shared towers, never merged
# (issue 5, docs/submissions.md). On the squares block, VIETTEL: T1 5G
# (90001), T2 4G (90003), T3 5G (90002), T4 and T5 5G (90004, 5 m apart:
# one operator, not a shared tower). VNPT: U1 5G 10 m east of T1, U2 5G
# 29 m east of T2, U3 5G 31 m east of T3 (offsets along the parallel,
# N cos(phi) dlambda on WGS 84). By hand, at 30 m: pairs T1~U1, T2~U2;
# sites_shared_5g 90001 = 2 (T1, U1), 90003 = 1 (U2), 90002 = 0, 90004 =
# 0; sites_shared_4g 90003 = 1 (T2). At 35 m U3~T3 too: 90002 = 2.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
S="$T/s.sqlite"
squares_store "$S"
"$PHS_PY" - "$T" <<'PY'
import math, sys
def east(lon, lat, d):
    phi = math.radians(lat)
    n = 6378137 / math.sqrt(1 - 0.00669437999014 * math.sin(phi) ** 2)
    return lon + math.degrees(d / (n * math.cos(phi)))
t = sys.argv[1]
with open(t + "/viettel.csv", "w") as f:
    f.write("site_id,tech,lon,lat\nT1,5G,107.0050,10.5050\nT2,4G,107.0150,10.5050\n"
            "T3,5G,107.0050,10.5150\nT4,5G,107.0180,10.5180\nT5,5G,%.9f,10.5180\n" % east(107.018, 10.518, 5))
with open(t + "/vnpt.csv", "w") as f:
    f.write("site_id,tech,lon,lat\nU1,5G,%.9f,10.5050\nU2,5G,%.9f,10.5050\nU3,5G,%.9f,10.5150\n"
            % (east(107.005, 10.505, 10), east(107.015, 10.505, 29), east(107.005, 10.515, 31)))
PY
expect_rc 0 "viettel" "$PHUSONG" submit --operator VIETTEL "$S" "$T/viettel.csv"
check "no other operator yet: no warning" sh -c "! grep -q 'shared towers' '$T/err'"
expect_rc 0 "vnpt" "$PHUSONG" submit --operator VNPT "$S" "$T/vnpt.csv"
err_has "vnpt.csv: 2 sites lie within 30 m of another operator's site (2 pairs): possibly shared towers, kept as filed, not merged: U1 ~ VIETTEL/T1 (10.0 m), U2 ~ VIETTEL/T2 (29.0 m)" "submit warns with the pairs"
expect_rc 0 "submissions" "$PHUSONG" submissions "$S" --operator VNPT -f csv
out_has ",3,3,1,current," "the warning counts in the filing's history"
expect_rc 0 "analyze" "$PHUSONG" analyze "$S"
err_has "4 sites lie within 30 m of another operator's site (2 pairs)" "analysis warning"
expect_rc 0 "report" "$PHUSONG" report -f json --lang en -o "$T/r30.json" "$S"
expect_rc 0 "analyze at 35 m" "$PHUSONG" analyze --share-distance 35 "$S"
expect_rc 0 "report" "$PHUSONG" report -f json --lang en -o "$T/r35.json" "$S"
expect_rc 2 "bad distance" "$PHUSONG" analyze --share-distance -1 "$S"
phs_py "shared sites" "$T/r30.json" "$T/r35.json" "$S" <<'PY'
import json, sqlite3, sys
from phs_check import Checker
c = Checker()
def com(p):
    return {x["code"]: x["metrics"] for x in json.load(open(p))["communes"]}
a, b = com(sys.argv[1]), com(sys.argv[2])
c.eq({k: a[k]["sites_shared_5g"]["numerator"] for k in a}, {"90001": 2, "90002": 0, "90003": 1, "90004": 0}, "5G at 30 m")
c.eq({k: a[k]["sites_shared_4g"]["numerator"] for k in a}, {"90001": 0, "90002": 0, "90003": 1, "90004": 0}, "4G at 30 m")
c.eq({k: b[k]["sites_shared_5g"]["numerator"] for k in b}, {"90001": 2, "90002": 2, "90003": 1, "90004": 0}, "5G at 35 m")
c.eq({k: a[k]["sites_5g"]["numerator"] for k in a}, {"90001": 2, "90002": 2, "90003": 1, "90004": 2}, "nothing merged")
r = json.load(open(sys.argv[1]))
c.eq([(d["code"], d["metrics"]["sites_shared_5g"]["numerator"]) for d in r["districts"]], [("901", 2), ("902", 1)], "districts sum their communes")
c.eq(r["provinces"][0]["metrics"]["sites_shared_4g"]["numerator"], 1, "province 4G")
db = sqlite3.connect(sys.argv[3])
c.eq([json.loads(p)["share_distance_m"] for (p,) in db.execute("SELECT params FROM analysis_run WHERE id > 1 ORDER BY id")],
     [30, 35], "share distance in the runs' params")
c.eq(db.execute("SELECT count(*) FROM site").fetchone()[0], 8, "every site kept")
c.done()
PY
phs_finish

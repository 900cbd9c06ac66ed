# provenance.sh: versions and provenance of operator filings (issue 5,
# docs/submissions.md), on the squares block (90001 SW, 90002 NW, 90003
# SE, 90004 NE; each 0.01 degrees square from 107.00 E, 10.50 N).
#
# VIETTEL files v1 (4G: B in 90001, D in 90002; 5G: A 90001, C 90003,
# G 90002), then v2 with 5G only (A moved 0.0001 degrees east, C gone, E
# new in 90004 (outside its hole), G's band 3500 -> 2600). A filing supersedes per operator
# AND technology, so v1's 4G sites stay in force: sites_4g is 1 in 90001
# and 90002 (0 if v2 had superseded the whole of v1), sites_5g is 1 in
# 90001, 90002, 90004 and 0 in 90003. The diff by hand: 1 added (E),
# 1 removed (C), 1 moved (A, the parallel arc of 0.0001 degrees at
# 10.505 N on WGS 84: N cos(phi) dlambda = 10.95 m), 1 changed (G);
# 5G per commune 90003 1 -> 0, 90004 0 -> 1.
# Then three filings of VT in a second store, dated by hand, and two
# as-of dates (hand-counted sites below).
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
S="$T/s.sqlite"
squares_store "$S"   # submissions #1 communes, #2 counts
cat > "$T/v1.csv" <<'CSV'
site_id,tech,band_mhz,radius_m,lon,lat
A,5G,3500,500,107.0050,10.5050
B,4G,1800,500,107.0020,10.5020
C,5G,3500,500,107.0150,10.5050
D,4G,1800,500,107.0050,10.5150
G,5G,3500,500,107.0060,10.5150
CSV
cat > "$T/v2.csv" <<'CSV'
site_id,tech,band_mhz,radius_m,lon,lat
A,5G,3500,500,107.0051,10.5050
E,5G,3500,500,107.0180,10.5180
G,5G,2600,500,107.0060,10.5150
CSV
expect_rc 0 "v1" "$PHUSONG" submit --operator VIETTEL --submitter "Nguyễn Văn A" "$S" "$T/v1.csv"
out_has "imported as submission #3" "v1 is #3"
expect_rc 0 "analyze v1" "$PHUSONG" analyze "$S"
expect_rc 0 "v2 (5G only)" "$PHUSONG" submit --operator VIETTEL "$S" "$T/v2.csv"
out_has "imported as submission #4" "v2 is #4"
expect_rc 0 "v2 again: a no-op" "$PHUSONG" submit --operator VIETTEL "$S" "$T/v2.csv"
out_has "already imported as submission #4; nothing to do" "identical resubmission"
expect_rc 0 "analyze" "$PHUSONG" analyze "$S"
expect_rc 0 "report" "$PHUSONG" report -f json --lang en -o "$T/r.json" "$S"
phs_py "4G stays in force" "$T/r.json" <<'PY'
import json, sys
from phs_check import Checker
c = Checker()
r = json.load(open(sys.argv[1]))
com = {x["code"]: x["metrics"] for x in r["communes"]}
for code, g4, g5 in (("90001", 1, 1), ("90002", 1, 1), ("90003", 0, 0), ("90004", 0, 1)):
    c.eq(com[code]["sites_4g"]["numerator"], g4, code + " sites_4g")
    c.eq(com[code]["sites_5g"]["numerator"], g5, code + " sites_5g")
c.ok(not any(k.startswith("sites_shared") for k in com["90001"]), "one operator: no sites_shared keys")
c.done()
PY

# The history: v1 partly superseded (its 5G by #4), v2 current.
expect_rc 0 "submissions csv" "$PHUSONG" submissions "$S" --operator VIETTEL -f csv
cp "$T/out" "$T/h1.csv"
phs_py "history csv" "$T/h1.csv" "$T/v1.csv" "$T/v2.csv" <<'PY'
import csv, hashlib, sys
from phs_check import Checker
c = Checker()
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
sha = [hashlib.sha256(open(p, "rb").read()).hexdigest() for p in sys.argv[2:4]]
c.eq([r["id"] for r in rows], ["3", "4"], "VIETTEL's filings only")
c.eq([r["tech"] for r in rows], ["4G,5G", "5G"], "technologies per filing")
c.eq([r["status"] for r in rows], ["partly superseded", "current"], "statuses")
c.eq([r["superseded_by"] for r in rows], ["5G #4", ""], "superseded by")
c.eq([r["sha256"] for r in rows], sha, "sha256 of each file")
c.eq([(r["rows_in"], r["rows_accepted"]) for r in rows], [("5", "5"), ("3", "3")], "rows")
c.eq(rows[0]["submitter"], "Nguyễn Văn A", "submitter")
c.eq([r["raw_bytes"] for r in rows], ["kept (1 file)"] * 2, "raw bytes kept")
c.done()
PY
expect_rc 0 "submissions text" "$PHUSONG" submissions "$S"
out_has "partly superseded" "text table"
out_has "communes" "all kinds listed"
expect_rc 0 "submissions json, kind" "$PHUSONG" submissions "$S" --kind households -f json
phs_py "history json" "$T/out" <<'PY'
import json, sys
from phs_check import Checker
c = Checker()
v = json.load(open(sys.argv[1]))
c.eq([(e["id"], e["kind"], e["operator"], e["status"]) for e in v], [(2, "households", None, "current")], "--kind households")
c.done()
PY
expect_rc 2 "bad -f" "$PHUSONG" submissions "$S" -f xml
err_has "-f: 'xml' (text, csv, json)" "names the formats"

# The raw bytes come back, byte for byte.
mkdir -p "$T/x"
expect_rc 0 "extract v1" "$PHUSONG" submissions "$S" --extract 3 -o "$T/x"
out_has "submission #3: 1 file written" "one file"
check "extracted v1 identical" cmp "$T/v1.csv" "$T/x/v1.csv"
expect_rc 2 "never overwrites" "$PHUSONG" submissions "$S" --extract 3 -o "$T/x"
err_has "exists; never overwritten" "refuses to replace"
expect_rc 1 "no such submission" "$PHUSONG" submissions "$S" --extract 99 -o "$T/x"
err_has "submission #99 has no raw bytes" "says so"

# Content-addressed: the same bytes filed by another operator are stored
# once; a set over --keep-raw-max is recorded but not kept.
cp "$T/v2.csv" "$T/copy_of_v2.csv"
expect_rc 0 "VNPT files the same bytes" "$PHUSONG" submit --operator VNPT "$S" "$T/copy_of_v2.csv"
expect_rc 0 "over the raw limit" "$PHUSONG" submit --operator MOBI --keep-raw-max 100 "$S" "$T/v1.csv"
err_has "over the 100-byte limit of raw bytes kept" "warns"
phs_py "blobs" "$S" <<'PY'
import sqlite3, sys
from phs_check import Checker
c = Checker()
db = sqlite3.connect(sys.argv[1])
c.eq(db.execute("SELECT count(*) FROM submission_blob").fetchone()[0], 4,
     "communes, counts, v1, v2: the copy of v2 and MOBI's v1 add no blob")
c.eq(db.execute("SELECT name, kept FROM submission_file WHERE submission_id >= 5 ORDER BY submission_id").fetchall(),
     [("copy_of_v2.csv", 1), ("v1.csv", 0)], "files of #5 and #6")
c.eq(db.execute("SELECT count(*) FROM site WHERE submission_id IN (3, 4)").fetchone()[0], 8,
     "nothing deleted: v1's 5 sites and v2's 3")
c.done()
PY
expect_rc 1 "extract what was not kept" "$PHUSONG" submissions "$S" --extract 6 -o "$T/x"
err_has "were not kept" "explains"

# A shapefile set keeps every member file.
mkdir -p "$T/shp"
if ogr2ogr -f "ESRI Shapefile" "$T/shp/sites.shp" "$T/v1.csv" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326 2>"$T/ogr.err"; then
  phs_pass
  expect_rc 0 "submit a shapefile" "$PHUSONG" submit --operator SHP "$S" "$T/shp/sites.shp"
  mkdir -p "$T/xs"
  expect_rc 0 "extract the set" "$PHUSONG" submissions "$S" --extract 7 -o "$T/xs"
  for f in "$T"/shp/*; do
    check "member $(basename "$f") back" cmp "$f" "$T/xs/$(basename "$f")"
  done
  check "as many files" test "$(ls "$T/shp" | wc -l)" -eq "$(ls "$T/xs" | wc -l)"
else
  phs_fail "ogr2ogr could not write the shapefile: $(cat "$T/ogr.err")"
fi

# diff: v2 against the filing it superseded (v1's 5G).
expect_rc 0 "diff" "$PHUSONG" diff "$S" --operator VIETTEL
out_has "Sites of VIETTEL (5G): submission #4 against #3" "header"
out_has "1 added, 1 removed, 1 moved, 1 changed, 0 unchanged" "counts"
out_has "band_mhz 3500 -> 2600" "changed attribute"
expect_rc 0 "diff csv" "$PHUSONG" diff "$S" --operator VIETTEL -f csv
cp "$T/out" "$T/d.csv"
phs_py "diff csv" "$T/d.csv" "$S" <<'PY'
import csv, math, sqlite3, sys
from phs_check import Checker
c = Checker()
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
sites = [(r["change"], r["code"], r["tech"]) for r in rows if r["record"] == "site"]
c.eq(sites, [("added", "E", "5G"), ("removed", "C", "5G"), ("moved", "A", "5G"), ("changed", "G", "5G")], "site changes")
a = [r for r in rows if r["code"] == "A"][0]
# WGS 84: a = 6378137, e2 = 0.00669437999014; along the parallel
phi = math.radians(10.505)
n = 6378137 / math.sqrt(1 - 0.00669437999014 * math.sin(phi) ** 2)
want = n * math.cos(phi) * math.radians(0.0001)
c.near(float(a["moved_m"]), round(want, 1), 0.05, "A moved (geodesic, m)")
c.eq(round(want, 2), 10.95, "hand value")
com = [(r["code"], r["tech"], r["before"], r["after"]) for r in rows if r["record"] == "commune"]
c.eq(com, [("90003", "5G", "1", "0"), ("90004", "5G", "0", "1")], "5G sites per commune")
# The analysis runs after v1 (#2) and after v2 (#3): their figures.
fig = {(r["code"], r["change"]): (r["before"], r["after"]) for r in rows if r["record"] == "figure"}
c.eq(sorted(k for k in fig if k[1] == "sites_5g"), [("90003", "sites_5g"), ("90004", "sites_5g")], "sites_5g changed in 90003, 90004")
c.eq(fig[("90003", "sites_5g")], ("1", "0"), "90003 sites_5g")
c.eq(fig[("90004", "sites_5g")], ("0", "1"), "90004 sites_5g")
c.ok(not any(k[1].startswith("sites_4g") for k in fig), "no 4G figure changed")
# C (r = 500 m) lay inside 90003; nothing of v2 reaches it: pi (0.5 km)^2
# of its ~1.2 km2 before, 0 after (1%: the working CRS's scale).
db = sqlite3.connect(sys.argv[2])
km2 = db.execute("SELECT area_m2 FROM commune WHERE code = '90003'").fetchone()[0] / 1e6
b, a = fig[("90003", "coverage_5g_area_viettel")]
c.near(float(b), 100 * math.pi * 0.25 / km2, 0.01 * 100 * math.pi * 0.25 / km2, "90003 VIETTEL 5G area before (%)")
c.eq(float(a), 0.0, "90003 VIETTEL 5G area after")
c.ok(all(r["detail"] == "runs 2 -> 3" for r in rows if r["record"] == "figure"), "runs named")
c.done()
PY
expect_rc 0 "explicit ids, --tech 5G" "$PHUSONG" diff "$S" --operator VIETTEL --tech 5G 3 4
out_has "1 added, 1 removed, 1 moved, 1 changed" "same as the default"
expect_rc 2 "not a VIETTEL filing" "$PHUSONG" diff "$S" --operator VIETTEL 3 5
err_has "submission #5 is a sites filing of 'VNPT', not a site filing of VIETTEL" "names it"
expect_rc 2 "diff needs --operator" "$PHUSONG" diff "$S"

# A later 4G+5G filing ends v1's 4G too: v1 superseded as a whole.
cat > "$T/v3.csv" <<'CSV'
site_id,tech,band_mhz,radius_m,lon,lat
A,5G,3500,500,107.0051,10.5050
B,4G,1800,500,107.0020,10.5020
CSV
expect_rc 0 "v3 (4G and 5G)" "$PHUSONG" submit --operator VIETTEL "$S" "$T/v3.csv"
expect_rc 0 "history after v3" "$PHUSONG" submissions "$S" --operator VIETTEL -f csv
cp "$T/out" "$T/h3.csv"
phs_py "per technology" "$T/h3.csv" <<'PY'
import csv, sys
from phs_check import Checker
c = Checker()
rows = {r["id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
c.eq(rows["3"]["status"], "superseded", "v1 wholly superseded")
c.eq(rows["3"]["superseded_by"], "4G #8; 5G #4", "each technology by its filing")
c.eq(rows["4"]["superseded_by"], "#8", "v2 by v3")
c.eq(rows["8"]["status"], "current", "v3 current")
c.done()
PY
# v3 against what was in force before it: v1's 4G (B, D) and v2's 5G (A
# as moved, E, G), not v1's superseded 5G rows.
expect_rc 0 "diff after v3" "$PHUSONG" diff "$S" --operator VIETTEL
out_has "Sites of VIETTEL (4G,5G): submission #8 against #3, #4" "both filings"
out_has "0 added, 3 removed, 0 moved, 0 changed, 2 unchanged" "A and B unchanged"
out_has "Figures per commune: no analysis run read each filing" "no run after v3 yet"

# As of a date: three filings of VT, dated by hand.
S2="$T/asof.sqlite"
squares_store "$S2"
printf 'site_id,tech,lon,lat\nP1,5G,107.005,10.505\nP2,5G,107.005,10.515\n' > "$T/f1.csv"
printf 'site_id,tech,lon,lat\nP1,5G,107.005,10.505\n' > "$T/f2.csv"
printf 'site_id,tech,lon,lat\nP1,5G,107.005,10.505\nP3,5G,107.015,10.505\nP4,5G,107.018,10.518\n' > "$T/f3.csv"
for f in f1 f2 f3; do
  expect_rc 0 "$f" "$PHUSONG" submit --operator VT "$S2" "$T/$f.csv"
done
phs_py "date the filings" "$S2" <<'PY'
import sqlite3, sys
from phs_check import Checker
c = Checker()
db = sqlite3.connect(sys.argv[1])
# #3 f1, #4 f2, #5 f3: filed on 10 January, 10 February, 10 March 2026
dates = {3: ("2026-01-10T00:00:00Z", "2026-02-10T00:00:00Z"),
         4: ("2026-02-10T00:00:00Z", "2026-03-10T00:00:00Z"),
         5: ("2026-03-10T00:00:00Z", None)}
for i, (filed, ended) in dates.items():
    db.execute("UPDATE submission SET submitted_at_utc = ?, superseded_at_utc = ? WHERE id = ?", (filed, ended, i))
    db.execute("UPDATE site_filing SET superseded_at_utc = ? WHERE submission_id = ?", (ended, i))
# communes and counts (#1, #2) on 1 January
db.execute("UPDATE submission SET submitted_at_utc = '2026-01-01T00:00:00Z' WHERE id IN (1, 2)")
db.commit()
c.eq(db.execute("SELECT group_concat(id || ':' || coalesce(superseded_by, '-'), ' ') FROM submission WHERE kind = 'sites'").fetchone()[0],
     "3:4 4:5 5:-", "each superseded by the next")
c.done()
PY
expect_rc 0 "as of 31 January" "$PHUSONG" analyze --as-of 2026-01-31 "$S2"
expect_rc 0 "report" "$PHUSONG" report -f json --lang en -o "$T/a1.json" "$S2"
expect_rc 0 "as of 10 February (the end of that day)" "$PHUSONG" analyze --as-of 2026-02-10 "$S2"
expect_rc 0 "report" "$PHUSONG" report -f json --lang en -o "$T/a2.json" "$S2"
expect_rc 0 "as of an instant before f1" "$PHUSONG" analyze --as-of 2026-01-09T23:59:59Z "$S2"
expect_rc 0 "report" "$PHUSONG" report -f json --lang en -o "$T/a0.json" "$S2"
expect_rc 0 "now" "$PHUSONG" analyze "$S2"
expect_rc 0 "report" "$PHUSONG" report -f json --lang en -o "$T/a3.json" "$S2"
phs_py "as of" "$T/a0.json" "$T/a1.json" "$T/a2.json" "$T/a3.json" "$S2" <<'PY'
import json, sqlite3, sys
from phs_check import Checker
c = Checker()
# 31 Jan: f1 (filed before, superseded after): P1 90001, P2 90002.
# 10 Feb 23:59:59: f2 (filed that day): P1 only. Now: f3: P1, P3, P4
# (90004, outside its hole). Before f1: nothing.
want = [{"90001": 0, "90002": 0, "90003": 0, "90004": 0},
        {"90001": 1, "90002": 1, "90003": 0, "90004": 0},
        {"90001": 1, "90002": 0, "90003": 0, "90004": 0},
        {"90001": 1, "90002": 0, "90003": 1, "90004": 1}]
for path, w in zip(sys.argv[1:5], want):
    r = json.load(open(path))
    com = {x["code"]: x["metrics"] for x in r["communes"]}
    c.eq({k: com[k]["sites_5g"]["numerator"] for k in w}, w, path.rsplit("/", 1)[1])
db = sqlite3.connect(sys.argv[5])
runs = [json.loads(p)["as_of"] for (p,) in db.execute("SELECT params FROM analysis_run ORDER BY id")]
c.eq(runs, [None, "2026-01-31T23:59:59Z", "2026-02-10T23:59:59Z", "2026-01-09T23:59:59Z", None],
     "as_of in the runs' params (the first: squares_store's)")
ins = [[i["submission_id"] for i in json.loads(x)] for (x,) in db.execute("SELECT inputs FROM analysis_run ORDER BY id")]
c.eq(ins[1:4], [[1, 2, 3], [1, 2, 4], [1, 2]], "the inputs each run read")
c.done()
PY
expect_rc 2 "bad --as-of" "$PHUSONG" analyze --as-of 2026-13-01 "$S2"
err_has "--as-of: '2026-13-01' is not a UTC date" "names the value"
phs_finish

# concurrency.sh: concurrent submitters (spec/bad-inputs.md B-iii,
# reliability figure R7). 8 processes submit site files at once, each N
# files of M rows one after another (here 8 x 5 x 200; the figure's
# 8 x 50 x 1000 on demand: PHS_CONC_FILES=50 PHS_CONC_ROWS=1000), two
# submitters per operator so that their filings supersede each other.
# Every submit must exit 0 (the write lock is waited for in the order
# asked, data/write_lock.c: no SQLITE_BUSY may reach the user), and then
# the store holds exactly the rows sent, each file once, each operator's
# filings superseded in the order of their ids, and is intact. Each
# submit logs how long it waited for the lock and held it
# (PHS_TEST_WAIT_LOG); the longest wait is printed and must stay below the
# patience after which a waiter goes out of turn (15 s): the line, not
# luck, decided every wait.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

S="$T/store.sqlite"
unset PHS_TEST_KILL_AT PHS_TEST_FAIL_MALLOC_AFTER PHS_TEST_MAX_PAGES
WORKERS=${PHS_CONC_WORKERS:-8}
FILES=${PHS_CONC_FILES:-5}
ROWS=${PHS_CONC_ROWS:-200}
echo "concurrency.sh: $WORKERS submitters x $FILES files x $ROWS rows"

expect_rc 0 "init" "$PHUSONG" init "$S"
# One commune, a square degree, so that the sites spread out (few shared
# towers to warn about) and all lie inside it.
cat >"$T/square.geojson" <<'EOF'
{ "type": "FeatureCollection", "features": [
{ "type": "Feature", "properties": { "commune_code": "80001", "commune_name": "Xã Vuông", "district_code": "801", "district_name": "Huyện Vuông", "province_code": "80", "province_name": "Tỉnh Vuông" },
  "geometry": { "type": "Polygon", "coordinates": [ [ [106.0, 10.6], [107.0, 10.6], [107.0, 11.6], [106.0, 11.6], [106.0, 10.6] ] ] } } ] }
EOF
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$T/square.geojson"

phs_py "concurrent submitters" "$S" "$T" "$WORKERS" "$FILES" "$ROWS" <<'PY'
import os, random, re, subprocess, sys, threading, time
import phs_check, phs_store_check as sc

store, tmp = sys.argv[1], sys.argv[2]
workers, files, rows = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
phusong = os.environ["PHUSONG"]
env = {k: v for k, v in os.environ.items() if not k.startswith("PHS_TEST_")}
wait_log = os.path.join(tmp, "waits.log")
env["PHS_TEST_WAIT_LOG"] = wait_log
c = phs_check.Checker()
rng = random.Random(7)

def op_of(w):
    return "OP%d" % (w % 4 + 1)  # two submitters per operator

# The files, written before any submitter starts: every one different,
# each with 4G and 5G rows (a filing supersedes per technology).
paths = {}
for w in range(workers):
    for k in range(files):
        p = os.path.join(tmp, "w%d_f%03d.csv" % (w, k))
        with open(p, "w") as f:
            f.write("site_id,tech,band_mhz,radius_m,lon,lat\n")
            for r in range(rows):
                f.write("W%d-F%d-S%d,%s,%d,%d,%.5f,%.5f\n" % (
                    w, k, r, "5G" if r % 2 else "4G", 3500 if r % 2 else 1800,
                    800, 106.001 + rng.random() * 0.998, 10.601 + rng.random() * 0.998))
        paths[w, k] = p

base = sc.snapshot(store)
results = {}

def submitter(w):
    for k in range(files):
        p = subprocess.run([phusong, "submit", "--operator", op_of(w), store,
                            paths[w, k]], env=env, capture_output=True,
                           text=True, timeout=900)
        results[w, k] = p

t0 = time.time()
threads = [threading.Thread(target=submitter, args=(w,)) for w in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("%d submissions in %.1f s" % (workers * files, time.time() - t0))
log = [line.split() for line in open(wait_log)]
waits = sorted(int(v) for k, v in log if k == "wait")
holds = sorted(int(v) for k, v in log if k == "hold")
cpus = sorted(int(v) for k, v in log if k == "hold-cpu")
c.eq(len(waits), workers * files, "waits logged")
c.eq(len(holds), workers * files, "holds logged")
c.eq([v for k, v in log if k == "gave-up"], [], "gave up waiting")
if waits and holds and cpus:
    med = lambda v: v[len(v) // 2] / 1000.0
    print("write lock: waits median %.2f s, longest %.2f s; held median"
          " %.2f s, longest %.2f s (CPU meanwhile: median %.2f s)"
          % (med(waits), waits[-1] / 1000.0, med(holds), holds[-1] / 1000.0,
             med(cpus)))
    c.ok(waits[-1] < 15000, "longest wait %d ms: within the patience" % waits[-1])

san = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
       "SUMMARY: UndefinedBehaviorSanitizer")
ids = []
for (w, k), p in sorted(results.items()):
    what = "submitter %d file %d" % (w, k)
    c.eq(p.returncode, 0, what + ": exit (stderr %s)" % p.stderr[-400:])
    low = p.stderr.lower()
    c.ok("locked" not in low and "busy" not in low,
         what + ": a busy store reached the user: %s" % p.stderr[-400:])
    c.ok(not any(s in p.stderr for s in san), what + ": sanitizer report")
    m = re.search(r"imported as submission #(\d+): (\d+) of (\d+) rows", p.stdout)
    if c.ok(m is not None, what + ": stdout %r" % p.stdout[-300:]):
        ids.append(int(m.group(1)))
        c.eq((int(m.group(2)), int(m.group(3))), (rows, rows), what + ": rows")
c.eq(len(ids), workers * files, "submissions reported")
c.eq(len(set(ids)), len(ids), "distinct submission ids")

after = sc.snapshot(store)
n_base = base["counts"]["submission"]
c.eq(after["counts"]["submission"], n_base + workers * files, "submission rows")
c.eq(after["counts"]["site"], base["counts"]["site"] + workers * files * rows,
     "site rows")
c.eq(after["counts"]["site_filing"], workers * files * 2, "site_filing rows")
c.eq(after["submissions"][:n_base], base["submissions"], "earlier submissions")
for (w, k), p in sorted(paths.items()):
    c.eq(len(sc.submissions_named(store, os.path.basename(p))), 1,
         "submissions of %s" % os.path.basename(p))
# Each operator's filings: each superseded by the next one (by id), the
# last one current.
db = sc.connect(store)
for o in sorted({op_of(w) for w in range(workers)}):
    subs = db.execute("SELECT id, status, superseded_by FROM submission WHERE"
                      " kind = 'sites' AND operator_code = ? ORDER BY id",
                      (o,)).fetchall()
    want = [(sid, "superseded", subs[i + 1][0]) for i, (sid, _, _) in
            enumerate(subs[:-1])] + [(subs[-1][0], "current", None)]
    c.eq(subs, want, "filings of %s" % o)
    (dups,) = db.execute("SELECT count(*) - count(DISTINCT source_sha256) FROM"
                         " submission WHERE operator_code = ?", (o,)).fetchone()
    c.eq(dups, 0, "duplicate filings of %s" % o)
db.close()
c.eq(sc.problems(store), [], "store after the submitters")
c.done()
PY

# An analysis started while another process writes for 12 s (longer than
# one 10 s busy timeout) waits for it, as a submit does (store_begin_write:
# BEGIN IMMEDIATE retried), rather than fail with "database is locked".
"$PHS_PY" - "$S" "$T/locked" <<'EOF' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(12)
db.execute("ROLLBACK")
EOF
holder=$!
for _ in $(seq 1 200); do
  [ -e "$T/locked" ] && break
  sleep 0.1
done
check "the Python connection holds the write lock" test -e "$T/locked"
expect_rc 0 "analyze while a writer holds the store for 12 s" "$PHUSONG" analyze "$S"
out_has "analysis run 1 recorded" "analyze while a writer holds the store"
check "analyze: no busy store reached the user" sh -c "! grep -qiE 'locked|busy' '$T/err'"
wait "$holder"
check "the lock holder ended cleanly" test $? -eq 0

phs_finish

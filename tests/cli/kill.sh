# kill.sh: crash safety (spec/bad-inputs.md B-iii, reliability figure R5).
# Imports (`phusong submit` of site files, `phusong import households` of
# point files) are SIGKILLed, PHS_KILLS times (200 here, 1000 on demand:
# PHS_KILLS=1000 PHS_KILL_ROWS=10000), and after every kill the store must
# be intact (integrity_check ok) with each submission complete or absent
# (tests/harness/phs_store_check.py: rows_accepted = its rows, its files'
# bytes kept, no orphan rows). Most kills are deterministic: the test hook
# PHS_TEST_KILL_AT=PHASE[:N] (data/test_hooks.c) makes the import raise
# SIGKILL itself after BEGIN (begin), after the provenance row (submission),
# after N rows (row:N), with all rows in (rows), just before COMMIT
# (commit) or just after it (committed); only the last leaves the
# submission in the store. A quarter are a real kill -9 after a random
# delay, which may land anywhere, or after the import ended. The random
# choices come from one seed, printed (PHS_KILL_SEED to replay it).
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

F="$PHS_SOURCE_DIR/tests/fixtures/squares"
S="$T/store.sqlite"
unset PHS_TEST_KILL_AT PHS_TEST_FAIL_MALLOC_AFTER PHS_TEST_MAX_PAGES
KILLS=${PHS_KILLS:-200}
ROWS=${PHS_KILL_ROWS:-300}
SEED=${PHS_KILL_SEED:-20261129}
echo "kill.sh: $KILLS kills, $ROWS rows a file, seed $SEED (PHS_KILL_SEED=$SEED to replay)"

expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"

phs_py "kills" "$S" "$T" "$KILLS" "$ROWS" "$SEED" <<'PY'
import os, random, shutil, signal, sqlite3, subprocess, sys, time
import phs_check, phs_store_check as sc

store, tmp, kills, rows, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
phusong = os.environ["PHUSONG"]
san = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
       "SUMMARY: UndefinedBehaviorSanitizer")
c = phs_check.Checker()
rng = random.Random(seed)
print("seed %d" % seed)
env0 = {k: v for k, v in os.environ.items() if not k.startswith("PHS_TEST_")}

# The checker itself must be able to fail: a copy of a store with one
# site row and one file row taken away is reported.
def self_test():
    sub = os.path.join(tmp, "self.sqlite")
    shutil.copy(store, sub)
    db = sqlite3.connect(sub)
    db.execute("DELETE FROM site WHERE rowid = (SELECT min(rowid) FROM site)")
    db.execute("DELETE FROM submission_file WHERE rowid = (SELECT max(rowid)"
               " FROM submission_file)")
    db.commit()
    db.close()
    p = sc.problems(sub)
    c.ok(any("site rows, rows_accepted" in x for x in p),
         "self-test: a missing site row is seen (%r)" % p)
    c.ok(any("no submission_file row" in x for x in p),
         "self-test: a missing file row is seen (%r)" % p)

# One file per attempt, each unlike every other (the store refuses a file
# it already holds): sites of one of three operators, or household points.
def make_file(i):
    if i % 2 == 0:
        path = os.path.join(tmp, "sites_%04d.csv" % i)
        n = max(2, rows // 10)
        with open(path, "w") as f:
            f.write("site_id,tech,band_mhz,radius_m,lon,lat\n")
            for k in range(n):
                f.write("K%d-%d,%s,%d,%d,%.5f,%.5f\n" % (
                    i, k, "5G" if k % 2 else "4G", 3500 if k % 2 else 1800,
                    600 + rng.randrange(900), 107.0005 + rng.random() * 0.012,
                    10.5005 + rng.random() * 0.012))
        op = ("VIETTEL", "VNPT", "MOBIFONE")[i // 2 % 3]
        return path, n, [phusong, "submit", "-q", "--operator", op, store, path]
    path = os.path.join(tmp, "hh_%04d.csv" % i)
    n = rows
    with open(path, "w") as f:
        f.write("household_id,lon,lat,fibre\n")
        for k in range(n):
            f.write("H%d-%d,%.6f,%.6f,%d\n" % (
                i, k, 107.0005 + rng.random() * 0.012,
                10.5005 + rng.random() * 0.012, rng.random() < 0.3))
    return path, n, [phusong, "import", "households", "-q", store, path]

def no_sanitizer(err, what):
    c.ok(not any(s in err for s in san), "%s: sanitizer report: %s" % (what, err[-2000:]))

# A few imports to start from, timed: the random delays span them.
times = []
for i in range(4):
    path, n, cmd = make_file(1000000 + i)
    t0 = time.time()
    p = subprocess.run(cmd, env=env0, capture_output=True, text=True)
    times.append(time.time() - t0)
    c.eq(p.returncode, 0, "import %s: exit (stderr %s)" % (path, p.stderr[-500:]))
span = sorted(times)[len(times) // 2] * 1.2
print("an import takes about %.2f s" % (span / 1.2))

phases = ["begin", "submission", "row", "row", "row", "rows", "commit",
          "committed"]
tally = {}
for i in range(kills):
    path, n, cmd = make_file(i)
    name = os.path.basename(path)
    what = "kill %d (%s)" % (i, name)
    env = dict(env0)
    if rng.random() < 0.25:
        delay = rng.random() * span
        what += " after %.3f s" % delay
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        err = p.communicate()[1]
        present = len(sc.submissions_named(store, name))
        if p.returncode == 0:
            c.eq(present, 1, what + ": ended before the kill, submission present")
            tally["delay, finished"] = tally.get("delay, finished", 0) + 1
        else:
            c.eq(p.returncode, -signal.SIGKILL, what + ": killed")
            c.ok(present in (0, 1), what + ": submission %d times" % present)
            tally["delay, killed"] = tally.get("delay, killed", 0) + 1
    else:
        phase = rng.choice(phases)
        at = phase
        if phase == "row":
            at = "row:%d" % rng.randint(1, n)
        what += " at " + at
        env["PHS_TEST_KILL_AT"] = at
        p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        err = p.stderr
        c.eq(p.returncode, -signal.SIGKILL, what + ": killed by the hook")
        present = len(sc.submissions_named(store, name))
        c.eq(present, 1 if phase == "committed" else 0, what + ": submissions of the file")
        tally[phase] = tally.get(phase, 0) + 1
    no_sanitizer(err, what)
    pr = sc.problems(store)
    if not c.eq(pr, [], what + ": store problems"):
        print("replay: PHS_KILL_SEED=%d; store kept in %s" % (seed, store))
        break
    os.unlink(path)

print("kills: " + ", ".join("%s %d" % kv for kv in sorted(tally.items())))
# Every phase was hit, and the kills did happen.
for ph in ["begin", "submission", "row", "rows", "commit", "committed"]:
    c.ok(tally.get(ph, 0) > 0 or kills < 50, "no kill at phase %s" % ph)

# After all that, an import still works and the store is whole.
path, n, cmd = make_file(2000000)
p = subprocess.run(cmd, env=env0, capture_output=True, text=True)
c.eq(p.returncode, 0, "an import after the kills (stderr %s)" % p.stderr[-500:])
c.eq(len(sc.submissions_named(store, os.path.basename(path))), 1, "its submission")
c.eq(sc.problems(store), [], "store after the kills")
self_test()
c.done()
PY

phs_finish

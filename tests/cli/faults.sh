# faults.sh: disk full and out of memory during an import (spec/bad-inputs.md
# B-iii, reliability figure R6). Each must end in a clean error (exit 1,
# an ERROR line, no crash, no sanitizer report) with the store intact and
# unchanged: integrity_check ok, every earlier submission as it was
# (tests/harness/phs_store_check.py).
#  - Disk full, simulated: PHS_TEST_MAX_PAGES=N (data/test_hooks.c) sets
#    PRAGMA max_page_count on the store's connection, so the import's
#    writes hit SQLITE_FULL.
#  - Disk full, real: the store on a 2 MB tmpfs with a filler file leaving
#    a few pages; needs root (mount); said so, loudly, when not possible.
#  - Out of memory: PHS_TEST_FAIL_MALLOC_AFTER=N makes SQLite's allocations
#    after the Nth fail, for N from 0 to the first N at which a small
#    import succeeds: every N up to 10, then N growing by half, the exact
#    threshold by bisection, and random N in the last fifth of the run,
#    where the import's transaction is (PHS_OOM_SAMPLES, 30 here; the seed
#    is printed).
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

F="$PHS_SOURCE_DIR/tests/fixtures/squares"
S="$T/store.sqlite"
SQL=/usr/bin/sqlite3
[ -x "$SQL" ] || SQL=sqlite3
unset PHS_TEST_KILL_AT PHS_TEST_FAIL_MALLOC_AFTER PHS_TEST_MAX_PAGES
SAMPLES=${PHS_OOM_SAMPLES:-30}
SEED=${PHS_OOM_SEED:-5150}

expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"
expect_rc 0 "sites" "$PHUSONG" submit --operator VIETTEL "$S" "$F/sites_viettel.csv"

# 20,000 household points (about 0.6 MB in the store) and a 3-site file.
awk 'BEGIN { srand(5); print "household_id,lon,lat,fibre";
  for (i = 1; i <= 20000; i++)
    printf "F%d,%.6f,%.6f,%d\n", i, 107.0005 + rand() * 0.012,
      10.5005 + rand() * 0.012, i % 4 == 0 }' >"$T/hh.csv"
cat >"$T/three.csv" <<'CSV'
site_id,tech,band_mhz,radius_m,lon,lat
M1,5G,3500,900,107.0030,10.5030
M2,4G,1800,2000,107.0070,10.5040
M3,5G,3500,900,107.0040,10.5080
CSV

# state: the store's submissions and table counts, and its problems.
state() {
  PYTHONPATH="$PHS_HARNESS" "$PHS_PY" -c 'import sys, phs_store_check as c
print(c.snapshot(sys.argv[1])); print(c.problems(sys.argv[1]))' "$1"
}
BEFORE=$(state "$S")
check "the store starts intact" sh -c "printf '%s\n' \"\$1\" | tail -n 1 | grep -qx '\[\]'" _ "$BEFORE"

# ------------------------------------------------- disk full (simulated)
PAGES=$("$SQL" "$S" "PRAGMA page_count")
expect_rc 1 "disk full (max_page_count $PAGES + 8)" env PHS_TEST_MAX_PAGES=$((PAGES + 8)) "$PHUSONG" import households "$S" "$T/hh.csv"
err_has "disk full (hint: free some disk space, then run the command again; the store is unchanged)" "disk full (simulated)"
check "disk full (simulated): the store unchanged and intact" test "$(state "$S")" = "$BEFORE"
# The same for a file of 3,000 sites, with no page to spare.
awk 'BEGIN { srand(6); print "site_id,tech,band_mhz,radius_m,lon,lat";
  for (i = 1; i <= 3000; i++)
    printf "D%d,5G,3500,900,%.6f,%.6f\n", i, 107.0005 + rand() * 0.012,
      10.5005 + rand() * 0.012 }' >"$T/sites3000.csv"
expect_rc 1 "disk full, sites (max_page_count $PAGES)" env PHS_TEST_MAX_PAGES=$PAGES "$PHUSONG" submit --operator VNPT "$S" "$T/sites3000.csv"
err_has "disk full (hint: free some disk space, then run the command again; the store is unchanged)" "disk full (simulated), sites"
check "disk full (simulated), sites: the store unchanged and intact" test "$(state "$S")" = "$BEFORE"

# ------------------------------------------------------ disk full (real)
M="$T/mnt"
mkdir -p "$M"
if mount -t tmpfs -o size=2m tmpfs "$M" 2>/dev/null; then
  trap 'umount "$M" 2>/dev/null' EXIT
  cp "$S" "$M/store.sqlite"
  # Fill the file system but for 64 KB: the store has room to open, not
  # for the import's 0.6 MB.
  FREE=$(df -B1 --output=avail "$M" | tail -n 1)
  head -c $((FREE - 65536)) /dev/zero >"$M/filler" 2>/dev/null
  run "$PHUSONG" import households "$M/store.sqlite" "$T/hh.csv"
  check "disk full (tmpfs): exit $RC, expected 1" [ "$RC" -eq 1 ]
  err_has "disk full (hint: free some disk space, then run the command again; the store is unchanged)" "disk full (tmpfs)"
  check "disk full (tmpfs): the store unchanged and intact" test "$(state "$M/store.sqlite")" = "$BEFORE"
  rm -f "$M/filler"
  expect_rc 0 "disk no longer full (tmpfs)" "$PHUSONG" import households "$M/store.sqlite" "$T/hh.csv"
  out_has "20000 of 20000 rows" "disk no longer full (tmpfs)"
  umount "$M"
  trap - EXIT
else
  echo "faults.sh: NOTE: tmpfs cannot be mounted here (not root?): the real disk-full case did not run; the simulated ones did"
fi

# ------------------------------------------------------- out of memory
phs_py "out of memory" "$S" "$T/three.csv" "$SAMPLES" "$SEED" <<'PY'
import os, random, sys
import phs_check
from phs_oom import Oom

store, sites, samples, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
c = phs_check.Checker()
rng = random.Random(seed)
print("seed %d (PHS_OOM_SEED=%d to replay)" % (seed, seed))
# Exit 1 and an ERROR line; "out of memory" itself is not asked for, as
# SQLite may word an allocation that failed inside it otherwise. PROJ,
# which reads its proj.db through the same SQLite, is told apart by
# geo/crs.c: never "unknown CRS" (exit 3) for want of memory.
loop = Oom(c, store, [os.environ["PHUSONG"], "submit", "-q", "--operator",
                      "VNPT", store, sites],
           "PHS_TEST_FAIL_MALLOC_AFTER", {"submission": 1, "site": 3},
           need_oom_text=False)
attempt = loop.attempt

ok_at = None
for n in range(0, 11):
    if attempt(n):
        ok_at = n
        break
n = 10
while ok_at is None and n < 10 ** 8:
    n = n * 3 // 2
    if attempt(n):
        ok_at = n
c.ok(ok_at is not None, "the import never succeeded")
if ok_at is not None:
    lo, hi = ok_at * 2 // 3, ok_at  # lo failed (or is below the first try)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if attempt(mid):
            hi = mid
        else:
            lo = mid
    print("the import needs %d of SQLite's allocations" % hi)
    for n in sorted(rng.randrange(hi * 4 // 5, hi) for _ in range(samples)):
        attempt(n)
print(loop.summary())
loop.done()
c.done()
PY

phs_finish

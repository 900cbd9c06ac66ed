# store_busy.sh: exit code 4. While another connection holds the store's
# write lock (a Python sqlite3 connection in BEGIN IMMEDIATE), `phusong
# submit` waits for a minute (store_begin_write in data/write_lock.c:
# first in the line of writers, it polls BEGIN IMMEDIATE), then exits 4
# saying the store is busy, having imported nothing; readers (report) are
# not blocked meanwhile (WAL); once the lock is released the same submit
# succeeds. This test therefore takes about 65 s: the product's waiting
# time, not the test's.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

F="$PHS_SOURCE_DIR/tests/fixtures/squares"
S="$T/busy.sqlite"

expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "import communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"
expect_rc 0 "analyze" "$PHUSONG" analyze "$S"

count_submissions() {
  "$PHS_PY" -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM submission').fetchone()[0])" "$S"
}

# The lock holder: takes the write lock, says so, and holds it until the
# release file appears (or 150 s pass).
"$PHS_PY" - "$S" "$T/locked" "$T/release" <<'EOF' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
end = time.time() + 150
while not os.path.exists(sys.argv[3]) and time.time() < end:
    time.sleep(0.1)
db.execute("ROLLBACK")
EOF
holder=$!
trap 'touch "$T/release"; kill "$holder" 2>/dev/null' EXIT
for _ in $(seq 1 200); do
  [ -e "$T/locked" ] && break
  sleep 0.1
done
check "the Python connection holds the write lock" test -e "$T/locked"

expect_rc 0 "report while the store is locked (a reader)" "$PHUSONG" report -f json "$S"

start=$(date +%s)
expect_rc 4 "submit while the store is locked" timeout 100 "$PHUSONG" submit --operator VNPT "$S" "$F/sites_vnpt.csv"
elapsed=$(($(date +%s) - start))
err_has "busy" "submit while the store is locked says 'busy'"
check "submit gave up within about a minute (took ${elapsed} s)" test "$elapsed" -le 75
check "the lock was held the whole time" kill -0 "$holder"

touch "$T/release"
wait "$holder"
check "the lock holder ended cleanly" test $? -eq 0
trap - EXIT
check "nothing was imported while busy" test "$(count_submissions)" = 1
expect_rc 0 "submit once the lock is released" "$PHUSONG" submit --operator VNPT "$S" "$F/sites_vnpt.csv"
out_has ": imported as submission #2:" "submit once the lock is released"

phs_finish

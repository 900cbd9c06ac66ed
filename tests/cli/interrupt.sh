# interrupt.sh: the progress line and Ctrl-C (geo/phs_progress.h).
# The line is GDAL's ("0...10...20...30...40...50...60...70...80...90...100
# - done.") on stderr, drawn only when stderr is a terminal and not -q
# (PHS_PROGRESS=force draws it anyway). SIGINT or SIGTERM stops a long
# step at its next check: exit 130, "interrupted (store unchanged)", and
# the store holds exactly what it held before (the import's transaction,
# the analysis run's, rolled back). PHS_TEST_SIGINT_AT=PCT makes the line
# raise SIGINT itself when it passes PCT percent, so most cases here are
# deterministic; two are a real signal sent while an import runs.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

F="$PHS_SOURCE_DIR/tests/fixtures/squares"
S="$T/store.sqlite"
SQL=/usr/bin/sqlite3
[ -x "$SQL" ] || SQL=sqlite3
unset PHS_PROGRESS PHS_TEST_SIGINT_AT PHS_CSV_FAST_LANE PHS_CSV_MIN_RANGE

DONE='0...10...20...30...40...50...60...70...80...90...100 - done.'
MSG='ERROR: interrupted (store unchanged)'

# What the store holds: submissions, household chunks and points, runs,
# result rows; and its integrity check.
state() {
  "$SQL" "$S" "SELECT (SELECT count(*) FROM submission) || ' ' ||
    (SELECT count(*) FROM household_chunk) || ' ' ||
    (SELECT coalesce(sum(n), 0) FROM household_chunk) || ' ' ||
    (SELECT count(*) FROM analysis_run) || ' ' ||
    (SELECT count(*) FROM result); PRAGMA integrity_check;"
}
# same_state DESC WANT: the store is as WANT says and intact.
same_state() {
  local got
  got=$(state | tr '\n' ' ')
  check "$1: store holds '$got', expected '$2 ok '" [ "$got" = "$2 ok " ]
}
# line_is DESC REGEX: the last run's first stderr line matches (ERE).
line_is() {
  local first
  first=$(head -n 1 "$T/err")
  if printf '%s\n' "$first" | grep -qE -- "$2"; then phs_pass; else
    phs_fail "$1: progress line '$first' does not match $2"
  fi
}
# interrupted DESC: the last run stopped on Ctrl-C as it should.
interrupted() {
  check "$1: exit $RC, expected 130" [ "$RC" -eq 130 ]
  err_has "$MSG" "$1"
  check "$1: the line did not reach 100" sh -c "! grep -qF '100 - done.' '$T/err'"
}

expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"
same_state "after communes" "1 0 0 0 0"

# 120,000 household points inside the squares (107.0005-107.0195 E,
# 10.5005-10.5195 N, off the hole at 107.014-107.016 E, 10.514-10.516 N),
# about 3.6 MB: 2 chunks of 65,536 points when imported.
awk 'BEGIN { srand(11); print "household_id,lon,lat,fibre";
  for (i = 1; i <= 120000; i++) {
    do { x = 107.0005 + rand() * 0.019; y = 10.5005 + rand() * 0.019 }
    while (x > 107.0135 && x < 107.0165 && y > 10.5135 && y < 10.5165);
    printf "H%d,%.6f,%.6f,%d\n", i, x, y, i % 3 == 0 } }' >"$T/hh.csv"

# ------------------------------------------------ the line, when drawn
# stderr is not a terminal here: no line, whatever the command.
expect_rc 0 "validate (stderr not a terminal)" "$PHUSONG" validate households "$T/hh.csv"
check "no progress line when stderr is not a terminal" sh -c "! grep -q '\.\.\.' '$T/err'"
expect_rc 0 "validate, PHS_PROGRESS=force" env PHS_PROGRESS=force "$PHUSONG" validate households "$T/hh.csv"
line_is "validate, PHS_PROGRESS=force" "^${DONE//./\\.}\$"
expect_rc 0 "validate -q, PHS_PROGRESS=0" env PHS_PROGRESS=0 "$PHUSONG" validate -q households "$T/hh.csv"
check "PHS_PROGRESS=0: no line" sh -c "! grep -q '\.\.\.' '$T/err'"

# On a terminal (a pseudo-terminal for stderr only; stdout stays a file):
# the line, but not with -q.
on_tty() {
  "$PHS_PY" - "$T/out" "$T/err" "$@" <<'EOF'
import os, pty, subprocess, sys
out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
m, s = os.openpty()
with open(out, "wb") as fo:
    p = subprocess.Popen(cmd, stdout=fo, stderr=s)
os.close(s)
data = b""
while True:
    try:
        b = os.read(m, 4096)
    except OSError:
        break
    if not b:
        break
    data += b
rc = p.wait()
open(err, "wb").write(data.replace(b"\r\n", b"\n"))
sys.exit(rc)
EOF
  RC=$?
}
on_tty "$PHUSONG" validate households "$T/hh.csv"
check "validate on a terminal: exit $RC, expected 0" [ "$RC" -eq 0 ]
line_is "validate on a terminal" "^${DONE//./\\.}\$"
on_tty "$PHUSONG" validate -q households "$T/hh.csv"
check "validate -q on a terminal: exit $RC, expected 0" [ "$RC" -eq 0 ]
check "validate -q on a terminal: no line" sh -c "! grep -q '\.\.\.' '$T/err'"

# ------------------------------------------------ imports interrupted
# An import is pass 1 (the first half of the line) then pass 2 in one
# transaction (the second half). SIGINT at 25% (tick 10): in pass 1,
# before anything is written.
expect_rc 130 "import, SIGINT at 25%" env PHS_PROGRESS=force PHS_TEST_SIGINT_AT=25 "$PHUSONG" import households "$S" "$T/hh.csv"
interrupted "import, SIGINT at 25%"
line_is "import, SIGINT at 25%" '^0\.\.\.10\.\.\.20\.\.\.?$'
same_state "import, SIGINT at 25%" "1 0 0 0 0"
# At 75%: pass 2, the submission row and the first chunk written inside
# the open transaction; rolled back.
expect_rc 130 "import, SIGINT at 75%" env PHS_PROGRESS=force PHS_TEST_SIGINT_AT=75 "$PHUSONG" import households "$S" "$T/hh.csv"
interrupted "import, SIGINT at 75%"
line_is "import, SIGINT at 75%" '^0\.\.\.10\.\.\.20\.\.\.30\.\.\.40\.\.\.50\.\.\.60\.\.\.70\.\.\.?$'
same_state "import, SIGINT at 75%" "1 0 0 0 0"
# The general reader (not the fast lane) checks too, in both passes.
for at in 25 75; do
  expect_rc 130 "general reader, SIGINT at $at%" env PHS_CSV_FAST_LANE=0 PHS_TEST_SIGINT_AT=$at "$PHUSONG" import households "$S" "$T/hh.csv"
  interrupted "general reader, SIGINT at $at%"
  same_state "general reader, SIGINT at $at%" "1 0 0 0 0"
done
# The fast lane on 3 threads (ranges of 1 MB): every range stops.
expect_rc 130 "3 threads, SIGINT at 25%" env PHS_CSV_MIN_RANGE=1000000 PHS_TEST_SIGINT_AT=25 "$PHUSONG" import households --threads 3 "$S" "$T/hh.csv"
interrupted "3 threads, SIGINT at 25%"
same_state "3 threads, SIGINT at 25%" "1 0 0 0 0"

# Not interrupted: the whole line, and the points stored.
expect_rc 0 "import" env PHS_PROGRESS=force "$PHUSONG" import households "$S" "$T/hh.csv"
line_is "import" "^${DONE//./\\.}\$"
out_has "imported as submission #2: 120000 of 120000 rows" "import"
same_state "after the import" "2 2 120000 0 0"

# A real signal while a bigger file (400,000 points, 12 MB) is imported:
# sent once the line shows 10%, long before the end. SIGINT, then SIGTERM.
awk 'BEGIN { srand(12); print "household_id,lon,lat,fibre";
  for (i = 1; i <= 400000; i++) {
    do { x = 107.0005 + rand() * 0.019; y = 10.5005 + rand() * 0.019 }
    while (x > 107.0135 && x < 107.0165 && y > 10.5135 && y < 10.5165);
    printf "B%d,%.6f,%.6f,%d\n", i, x, y, i % 2 } }' >"$T/big.csv"
# (A fresh stderr file: the last run's line must not be taken for this
# one's, which would send the signal before the handler is installed.)
for sig in INT TERM; do
  rm -f "$T/out" "$T/err"
  PHS_PROGRESS=force "$PHUSONG" import households "$S" "$T/big.csv" >"$T/out" 2>"$T/err.$sig" &
  pid=$!
  for _ in $(seq 1 1200); do
    grep -qF '0...10' "$T/err.$sig" 2>/dev/null && break
    sleep 0.05
  done
  kill -s "$sig" "$pid"
  wait "$pid"
  RC=$?
  mv "$T/err.$sig" "$T/err"
  interrupted "import of 400,000 points, SIG$sig sent"
  check "SIG$sig: no sanitizer report" sh -c "! grep -qE '$PHS_SANITIZER' '$T/err'"
  same_state "import of 400,000 points, SIG$sig sent" "2 2 120000 0 0"
done

# ------------------------------------------------- count interrupted
expect_rc 130 "count, SIGINT at 50%" env PHS_TEST_SIGINT_AT=50 "$PHUSONG" count -o "$T/counts.csv" "$S" "$T/hh.csv"
interrupted "count, SIGINT at 50%"
check "count, SIGINT at 50%: no counts file" test ! -e "$T/counts.csv"

# ----------------------------------------------- analyses interrupted
expect_rc 0 "submit sites" "$PHUSONG" submit --operator VIETTEL "$S" "$F/sites_viettel.csv"
# --model uma on tiles of 20 cells: the line is the model's tiles (0-40%),
# the 120,000 points (40-80%), the 4 communes' areas (80-95%), the run
# stored (95-100%; from 97.5% the rows are in and the commit is next).
ANA="analyze --model uma --tile 20"
expect_rc 0 "analyze" env PHS_PROGRESS=force "$PHUSONG" $ANA "$S"
line_is "analyze" "^${DONE//./\\.}\$"
out_has "analysis run 1 recorded" "analyze"
RESULTS=$("$SQL" "$S" "SELECT count(*) FROM result")
check "analyze stored result rows ($RESULTS)" [ "$RESULTS" -gt 0 ]
for at in 10 60 90 97.5; do
  expect_rc 130 "analyze, SIGINT at $at%" env PHS_TEST_SIGINT_AT=$at "$PHUSONG" $ANA "$S"
  interrupted "analyze, SIGINT at $at%"
  same_state "analyze, SIGINT at $at%" "3 2 120000 1 $RESULTS"
done
# On threads too (tiles and points shared out).
expect_rc 130 "analyze --threads 3, SIGINT at 10%" env PHS_TEST_SIGINT_AT=10 "$PHUSONG" $ANA --threads 3 "$S"
interrupted "analyze --threads 3, SIGINT at 10%"
expect_rc 130 "analyze --threads 3, SIGINT at 60%" env PHS_TEST_SIGINT_AT=60 "$PHUSONG" $ANA --threads 3 "$S"
interrupted "analyze --threads 3, SIGINT at 60%"
same_state "analyze --threads 3" "3 2 120000 1 $RESULTS"
# The next run is run 2: the interrupted ones left no id behind either.
expect_rc 0 "analyze after the interruptions" "$PHUSONG" $ANA "$S"
out_has "analysis run 2 recorded" "analyze after the interruptions"

# ------------------------------------------------- atlas interrupted
# Two districts of two communes each: SIGINT at 50% stops after the first.
expect_rc 130 "atlas, SIGINT at 50%" env PHS_TEST_SIGINT_AT=50 "$PHUSONG" map --metric fibre_households --atlas "$T/atlas" "$S"
interrupted "atlas, SIGINT at 50%"
err_has "1 district maps written to $T/atlas; index.csv and index.html not written" "atlas, SIGINT at 50%"
check "atlas, SIGINT at 50%: no index" test ! -e "$T/atlas/index.csv"
expect_rc 0 "atlas" env PHS_PROGRESS=force "$PHUSONG" map --metric fibre_households --atlas "$T/atlas" "$S"
line_is "atlas" "^${DONE//./\\.}\$"

phs_finish

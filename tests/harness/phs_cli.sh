# phs_cli.sh: the harness of the command-line tests (tests/cli/*.sh),
# sourced by each script. CTest runs `bash script` with PHUSONG,
# PHS_SOURCE_DIR, PHS_SHARED_DIR and PHS_TMP in the environment (see
# tests/CMakeLists.txt). Like phs_test.h: a check prints a line when it
# fails, two counters, and phs_finish prints the summary and exits non-zero
# on any failure. Checks of JSON, PNG bytes and arithmetic are written in
# Python (/usr/bin/python3, Debian's, standard library only) with
# phs_check.py beside this file; phs_py runs one and adds its counts.
set -u

: "${PHUSONG:?PHUSONG must name the phusong binary}"
: "${PHS_SOURCE_DIR:?PHS_SOURCE_DIR must name the source tree}"
: "${PHS_TMP:?PHS_TMP must name a scratch directory}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PHS_SOURCE_DIR/tests/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LC_ALL=C.UTF-8
# Messages in English whatever the caller's locale (LANGUAGE would win
# over LC_ALL; docs/input-formats.md, "Language of messages").
unset LANGUAGE
PHS_SANITIZER='ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer'

PHS_PY=/usr/bin/python3
PHS_HARNESS="$PHS_SOURCE_DIR/tests/harness"
PHS_NAME=$(basename "$0" .sh)
PHS_CHECKS=0
PHS_FAILURES=0

# A fresh scratch directory for this script: $T.
T="$PHS_TMP/cli_$PHS_NAME"
rm -rf "$T"
mkdir -p "$T"

phs_pass() { PHS_CHECKS=$((PHS_CHECKS + 1)); }
phs_fail() {
  PHS_CHECKS=$((PHS_CHECKS + 1))
  PHS_FAILURES=$((PHS_FAILURES + 1))
  echo "$PHS_NAME: FAILED: $*" >&2
}

# check DESC COMMAND...: passes when COMMAND succeeds.
check() {
  local desc=$1
  shift
  if "$@"; then phs_pass; else phs_fail "$desc"; fi
}

# run COMMAND...: run it with stdout, stderr and exit status in $T/out,
# $T/err and $RC. A sanitizer report on stderr is a failure whatever the
# exit status (a command expected to fail could hide one).
run() {
  "$@" >"$T/out" 2>"$T/err"
  RC=$?
  if grep -qE "$PHS_SANITIZER" "$T/err"; then
    phs_fail "sanitizer report from: $*"
    grep -E -A 12 "$PHS_SANITIZER" "$T/err" | head -n 30 | sed 's/^/    /' >&2
  fi
}

phs_show() {
  echo "  command stdout (first lines):" >&2
  head -n 8 "$T/out" | sed 's/^/    /' >&2
  echo "  command stderr (first lines):" >&2
  head -n 8 "$T/err" | sed 's/^/    /' >&2
}

# expect_rc STATUS DESC COMMAND...: run COMMAND and check its exit status.
expect_rc() {
  local want=$1 desc=$2
  shift 2
  run "$@"
  if [ "$RC" -eq "$want" ]; then
    phs_pass
  else
    phs_fail "$desc: exit status $RC, expected $want"
    phs_show
  fi
}

# squares_store STORE: a new store with the squares fixture's communes and
# household counts (tests/fixtures/squares/README.md), analysed once; F
# names the fixture folder afterwards.
squares_store() {
  F="$PHS_SOURCE_DIR/tests/fixtures/squares"
  expect_rc 0 "init" "$PHUSONG" init "$1"
  expect_rc 0 "import communes" "$PHUSONG" import communes "$1" "$F/communes.geojson"
  expect_rc 0 "import counts" "$PHUSONG" import households "$1" "$F/counts.csv"
  expect_rc 0 "analyze" "$PHUSONG" analyze "$1"
}

# outlines_delete DESC STORE: delete the store's two district outlines (the
# squares fixture's), as in a store migrated from schema version 5.
outlines_delete() {
  phs_py "$1" "$2" <<'EOF'
import sqlite3, sys
from phs_check import Checker
c = Checker()
db = sqlite3.connect(sys.argv[1])
c.eq(db.execute("DELETE FROM district_outline").rowcount, 2, "2 rows deleted")
db.commit()
c.done()
EOF
}

# radio_block_inputs: the squares block's radio fixture in $T (tiling.sh
# and threads.sh give the arithmetic): viettel.csv (P1, 60 dBm, at the SW
# corner), vnpt.csv (Q1, Q2, 50 dBm, inside), all 5G at 3500 MHz with
# 1.5 m antennas, and dem.tif, a 200 m ridge crossing the block north-south
# in EPSG:4326 (so the warp to UTM resamples it).
radio_block_inputs() {
  cat > "$T/viettel.csv" <<'CSV'
site_id,lon,lat,tech,band_mhz,height_m,tilt_deg,eirp_dbm
P1,107.0000,10.5000,5G,3500,1.5,0,60
CSV
  cat > "$T/vnpt.csv" <<'CSV'
site_id,lon,lat,tech,band_mhz,height_m,tilt_deg,eirp_dbm
Q1,107.0150,10.5120,5G,3500,1.5,0,50
Q2,107.0040,10.5160,5G,3500,1.5,0,50
CSV
  "$PHS_PY" - "$T/dem.asc" <<'PY'
import sys
n = 300
with open(sys.argv[1], "w") as f:
    f.write("ncols %d\nnrows %d\nxllcorner 106.97\nyllcorner 10.47\ncellsize 0.0003\nNODATA_value -9999\n" % (n, n))
    for j in range(n):
        row = []
        for i in range(n):
            lon = 106.97 + (i + 0.5) * 0.0003
            row.append("200" if 107.0066 <= lon <= 107.0081 else "%d" % (j % 7))
        f.write(" ".join(row) + "\n")
PY
  check "DEM to GeoTIFF" gdal_translate -q -a_srs EPSG:4326 "$T/dem.asc" "$T/dem.tif"
}

# radio_block_store STORE HOUSEHOLDS: a new store with the squares communes,
# the given households file (points or counts) and radio_block_inputs' two
# operators' sites.
radio_block_store() {
  local F="$PHS_SOURCE_DIR/tests/fixtures/squares"
  expect_rc 0 "init $1" "$PHUSONG" init "$1"
  expect_rc 0 "communes $1" "$PHUSONG" import communes "$1" "$F/communes.geojson"
  expect_rc 0 "households $1" "$PHUSONG" import households "$1" "$2"
  expect_rc 0 "viettel $1" "$PHUSONG" submit --operator VIETTEL "$1" "$T/viettel.csv"
  expect_rc 0 "vnpt $1" "$PHUSONG" submit --operator VNPT "$1" "$T/vnpt.csv"
}

# out_has / err_has TEXT DESC: the last run's stdout / stderr contains TEXT
# (a fixed string).
out_has() {
  if grep -qF -- "$1" "$T/out"; then phs_pass; else
    phs_fail "$2: stdout lacks '$1'"
    phs_show
  fi
}
err_has() {
  if grep -qF -- "$1" "$T/err"; then phs_pass; else
    phs_fail "$2: stderr lacks '$1'"
    phs_show
  fi
}

# phs_py DESC ARGS... < script: run a Python check script (which uses
# phs_check.Checker and ends with its done()), print its failures, add its
# counts. A script that dies without its summary counts as one failure.
phs_py() {
  local desc=$1
  shift
  local log="$T/py.log"
  PYTHONPATH="$PHS_HARNESS" PYTHONDONTWRITEBYTECODE=1 "$PHS_PY" - "$@" >"$log" 2>&1
  local rc=$?
  local summary
  summary=$(grep '^PHS_CHECKS ' "$log" | tail -n 1)
  grep -v '^PHS_CHECKS ' "$log" | sed "s/^/$PHS_NAME: /" >&2
  if [ -z "$summary" ]; then
    phs_fail "$desc: the Python checks did not finish (exit $rc)"
    return
  fi
  set -- $summary
  PHS_CHECKS=$((PHS_CHECKS + $2))
  PHS_FAILURES=$((PHS_FAILURES + $3))
  if [ "$3" -ne 0 ]; then echo "$PHS_NAME: ($desc: $3 of $2 checks failed)" >&2; fi
}

phs_finish() {
  echo "$PHS_NAME: $PHS_CHECKS checks, $((PHS_CHECKS - PHS_FAILURES)) passed, $PHS_FAILURES failed"
  if [ "$PHS_CHECKS" -eq 0 ]; then
    echo "$PHS_NAME: no checks ran"
    exit 1
  fi
  [ "$PHS_FAILURES" -eq 0 ] && exit 0
  exit 1
}

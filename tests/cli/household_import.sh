# household_import.sh: household points go to the store in chunks
# (data/household_points.c), and plain CSV files are read by the fast lane
# (data/csv_points.c) with exactly the general reader's outcome. Every case
# is imported twice, with the lane and without it (PHS_CSV_FAST_LANE=0),
# and the two stores must hold the same bytes, say the same things and
# exit the same way; the expected figures are worked out below.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

F="$PHS_SOURCE_DIR/tests/fixtures/squares"
SQL=/usr/bin/sqlite3
[ -x "$SQL" ] || SQL=sqlite3

# A store with the squares communes (107.00-107.02 E, 10.50-10.52 N, a
# hole at 107.014-107.016 E, 10.514-10.516 N), once, copied per case.
expect_rc 0 "init" "$PHUSONG" init "$T/base.sqlite"
expect_rc 0 "communes" "$PHUSONG" import communes "$T/base.sqlite" "$F/communes.geojson"

# import_both CASE FILE [ARGS...]: import FILE into two fresh copies of the
# base store, with the fast lane (CASE-fast) and without (CASE-slow);
# RC_FAST/RC_SLOW and $T/CASE-{fast,slow}.{out,err} keep what happened.
import_both() {
  local name=$1 file=$2
  shift 2
  for lane in fast slow; do
    cp "$T/base.sqlite" "$T/$name-$lane.sqlite"
    if [ $lane = fast ]; then
      run "$PHUSONG" import households "$@" "$T/$name-$lane.sqlite" "$file"
    else
      run env PHS_CSV_FAST_LANE=0 "$PHUSONG" import households "$@" \
        "$T/$name-$lane.sqlite" "$file"
    fi
    cp "$T/out" "$T/$name-$lane.out"
    cp "$T/err" "$T/$name-$lane.err"
    if [ $lane = fast ]; then RC_FAST=$RC; else RC_SLOW=$RC; fi
  done
}

# The stored points and provenance of a store, as text.
dump() {
  "$SQL" "$1" "SELECT seq, n, first_row, last_row, hex(lon), hex(lat),
                hex(fibre), hex(household_id) FROM household_chunk ORDER BY
                submission_id, seq;
              SELECT kind, mode, rows_in, rows_accepted, warnings,
                coalesce(warning_text, '') FROM submission WHERE kind =
                'households' ORDER BY id;"
}

# same_both CASE RC: both lanes exited RC, printed the same (less the
# store's name) and stored the same bytes.
same_both() {
  local name=$1 want=$2
  check "$name: fast lane exit $RC_FAST, expected $want" [ "$RC_FAST" -eq "$want" ]
  check "$name: general reader exit $RC_SLOW, expected $want" [ "$RC_SLOW" -eq "$want" ]
  sed -e "s/$name-fast/STORE/g" "$T/$name-fast.err" >"$T/a"
  sed -e "s/$name-slow/STORE/g" "$T/$name-slow.err" >"$T/b"
  check "$name: same messages from both readers" cmp -s "$T/a" "$T/b"
  dump "$T/$name-fast.sqlite" >"$T/$name-fast.dump"
  dump "$T/$name-slow.sqlite" >"$T/$name-slow.dump"
  check "$name: same stored points and provenance" \
    cmp -s "$T/$name-fast.dump" "$T/$name-slow.dump"
}

# ------------------------------------------------ 1. the fixture's points
import_both squares "$F/households.csv"
same_both squares 0
check "squares: 23 points in one chunk, rows 2-24" \
  [ "$("$SQL" "$T/squares-fast.sqlite" "SELECT n || ':' || first_row || '-' || last_row FROM household_chunk")" = "23:2-24" ]
check "squares: the IDs are kept (H01 first)" \
  [ "$("$SQL" "$T/squares-fast.sqlite" "SELECT hex(substr(household_id, 1, 4)) FROM household_chunk")" = "48303100" ]

# ------------------- 2. 70,001 points: two chunks, CRLF, blank lines, B10, B2
# Row r (2-based line numbers, blank lines counted): point i on a 0.0001 deg
# lattice inside the squares; every 1000th point with 3 decimals (coarse:
# B10 counts it); 10 points in 90004's hole (outside every commune: a B2
# warning, 10 of 70,001 is under the 5% that rejects); a blank line after
# the header and another in the middle; CRLF line ends; a Vietnamese NFC
# ID on point 3.
"$PHS_PY" - "$T/big.csv" <<'EOF'
import sys
out = open(sys.argv[1], "w", encoding="utf-8", newline="")
out.write("household_id,lon,lat,fibre\r\n\r\n")
for i in range(70001):
    if i == 35000:
        out.write("\r\n")
    if i < 10:                      # in the hole
        lon, lat = 107.0145 + i * 0.0001, 10.5150
        text = "%.6f,%.6f" % (lon, lat)
    elif i % 1000 == 0:             # coarse
        text = "%.3f,%.3f" % (107.001 + (i // 1000) % 18 * 0.001, 10.503)
    else:
        lon = 107.0005 + (i % 190) * 0.0001
        lat = 10.5005 + (i // 190) % 190 * 0.0001
        if 107.0138 < lon < 107.0162 and 10.5138 < lat < 10.5162:
            lat -= 0.003            # keep the rest out of the hole
        text = "%.6f,%.6f" % (lon, lat)
    hid = "Hộ-3" if i == 3 else "HH%06d" % i
    out.write("%s,%s,%d\r\n" % (hid, text, i % 7 != 0))
EOF
import_both big "$T/big.csv"
same_both big 0
# point i is on line 3 + i, one more from i = 35,000 (the middle blank line)
check "big: chunks of 65,536 and 4,465 points, rows 3-65,539 and 65,540-70,004" \
  [ "$("$SQL" "$T/big-fast.sqlite" "SELECT group_concat(n || ':' || first_row || '-' || last_row, ' ') FROM (SELECT * FROM household_chunk ORDER BY seq)")" = "65536:3-65539 4465:65540-70004" ]
grep -q "70001 of 70001 rows" "$T/big-fast.out"
check "big: 70,001 rows accepted" [ $? -eq 0 ]
# coarse: i % 1000 == 0 and i >= 10: 1000, 2000, ..., 70000 = 70 rows
grep -q "70 rows have coordinates with fewer than 4 decimals" "$T/big-fast.err"
check "big: B10 counts the 70 coarse rows" [ $? -eq 0 ]
grep -q "big.csv: 10 points lie inside Vietnam but outside every commune in the store (rows 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)" "$T/big-fast.err"
check "big: B2 lists the 10 points in the hole" [ $? -eq 0 ]

# ------------------------- 3. a quoted cell late in the file: both agree
sed -e '50000s/,1\r$/,"1"\r/' "$T/big.csv" >"$T/quoted.csv"
check "quoted: the edit took" grep -q '"1"' "$T/quoted.csv"
import_both quoted "$T/quoted.csv"
same_both quoted 0

# --------------- 4. a bad coordinate: rejected, the store untouched (row 4)
printf 'household_id,lon,lat,fibre\nA,107.002,10.502,1\nB,107.003,10.503,0\nC,abc,10.504,1\nD,107.005,10.505,1\n' >"$T/bad.csv"
import_both bad "$T/bad.csv"
same_both bad 3
grep -q "bad.csv:4: field 'lon': 'abc' is not a number" "$T/bad-fast.err"
check "bad: the message names row 4, field lon and the value" [ $? -eq 0 ]
check "bad: nothing stored" [ "$("$SQL" "$T/bad-fast.sqlite" "SELECT count(*) FROM household_chunk")" = 0 ]
check "bad: no submission" [ "$("$SQL" "$T/bad-fast.sqlite" "SELECT count(*) FROM submission WHERE kind = 'households'")" = 0 ]

# ------------------------- 5. B7: 3 of 5 rows at one place is an export bug
printf 'household_id,lon,lat,fibre\nA,107.002,10.502,1\nB,107.002,10.502,0\nC,107.004,10.504,1\nD,107.002,10.502,1\nE,107.005,10.505,1\n' >"$T/b7.csv"
import_both b7 "$T/b7.csv"
same_both b7 3
grep -q "b7.csv:2: field 'lon/lat': '107.002000 10.502000' 3 of 5 points are at this place (rows 2, 3, 5); a broken export?" "$T/b7-fast.err"
check "b7: the place, its rows and the count" [ $? -eq 0 ]
check "b7: nothing stored" [ "$("$SQL" "$T/b7-fast.sqlite" "SELECT count(*) FROM household_chunk")" = 0 ]
# two of four at one place is no majority: imported
printf 'household_id,lon,lat,fibre\nA,107.002,10.502,1\nB,107.002,10.502,0\nC,107.004,10.504,1\nD,107.005,10.505,1\n' >"$T/b7ok.csv"
import_both b7ok "$T/b7ok.csv"
same_both b7ok 0

# ---------- 6. an NFD ID (decomposed Vietnamese) is stored in NFC by both
printf 'household_id,lon,lat,fibre\nHo\xcc\x9b\xcc\x81,107.002,10.502,1\n' >"$T/nfd.csv"
import_both nfd "$T/nfd.csv"
same_both nfd 0
check "nfd: stored as NFC (U+1EDB, e1bb9b)" \
  [ "$("$SQL" "$T/nfd-fast.sqlite" "SELECT hex(household_id) FROM household_chunk")" = "48E1BB9B00" ]

# ------------- 8. the fast lane on threads: ranges of 100 KB on 4 threads
# give what one thread and the general reader give: the same stored bytes,
# the same first rows listed (B2 across ranges, in file order), the same
# first coarse row, the same majority (B7) over ranges.
"$PHS_PY" - "$T/spread.csv" "$T/major.csv" <<'EOF'
import sys
with open(sys.argv[1], "w", newline="") as out:
    out.write("household_id,lon,lat,fibre\n")
    for i in range(60000):
        if i % 7000 == 3:               # in the hole: B2, spread out
            text = "107.015%03d,10.5150" % (i % 1000)
        elif i % 997 == 500:            # coarse, first at i = 500
            text = "%.3f,%.3f" % (107.001 + i % 17 * 0.001, 10.503)
        else:
            lon = 107.0005 + (i % 130) * 0.0001
            text = "%.6f,%.6f" % (lon, 10.5005 + (i // 130) % 90 * 0.0001)
        out.write("P%d,%s,%d\n" % (i, text, i % 3 == 0))
with open(sys.argv[2], "w", newline="") as out:
    out.write("household_id,lon,lat,fibre\n")
    for i in range(60000):               # 30,001 at one place, spread out
        text = "107.0050,10.5050" if i % 2 == 0 or i == 1 else \
               "%.6f,10.5100" % (107.0005 + i % 150 * 0.0001)
        out.write("M%d,%s,1\n" % (i, text))
EOF
for name in spread major; do
  cp "$T/base.sqlite" "$T/$name-t4.sqlite"
  run env PHS_CSV_MIN_RANGE=100000 "$PHUSONG" import households --threads 4 \
    "$T/$name-t4.sqlite" "$T/$name.csv"
  RC_T4=$RC
  sed -e "s/$name-t4/STORE/g" "$T/err" >"$T/$name-t4.err"
  import_both "$name" "$T/$name.csv"
  check "$name: 4 threads exit as one ($RC_T4, $RC_SLOW)" [ "$RC_T4" -eq "$RC_SLOW" ]
  sed -e "s/$name-slow/STORE/g" "$T/$name-slow.err" >"$T/b"
  check "$name: 4 threads say what the general reader says" cmp -s "$T/$name-t4.err" "$T/b"
  dump "$T/$name-t4.sqlite" >"$T/$name-t4.dump"
  dump "$T/$name-slow.sqlite" >"$T/$name-slow.dump"
  check "$name: 4 threads store what the general reader stores" \
    cmp -s "$T/$name-t4.dump" "$T/$name-slow.dump"
done
grep -q "spread.csv: 9 points lie inside Vietnam but outside every commune in the store (rows 5, 7005, 14005, 21005, 28005, 35005, 42005, 49005, 56005)" "$T/spread-t4.err"
check "spread: B2 lists the rows of every range in file order" [ $? -eq 0 ]
grep -q "spread.csv:502: field 'lon/lat': 60 rows have coordinates with fewer than 4 decimals" "$T/spread-t4.err"
check "spread: B10's first row is the file's first coarse row" [ $? -eq 0 ]
grep -q "major.csv:2: field 'lon/lat': '107.005000 10.505000' 30001 of 60000 points are at this place" "$T/major-t4.err"
check "major: B7 finds the majority across ranges" [ $? -eq 0 ]
# count on threads: the same counts as one thread
run env PHS_CSV_MIN_RANGE=100000 "$PHUSONG" count --threads 4 "$T/base.sqlite" "$T/spread.csv"
cp "$T/out" "$T/count4.csv"
run "$PHUSONG" count --threads 1 "$T/base.sqlite" "$T/spread.csv"
check "count: 4 threads count as one" cmp -s "$T/count4.csv" "$T/out"

# ---------- 9. lines the fast lane declines or skips: the general reader's
# outcome. A line of separators only is blank (skipped), whatever its
# count; a fifth field, a missing one, a cell over --max-field-bytes are
# rejected naming the row, in an ASCII row and in a Vietnamese one (the
# lane splits them apart); a last line without its newline, ending in CR
# or of separators only, is read like any other.
H='household_id,lon,lat,fibre\nA,107.0020,10.5020,1\n'
printf "${H}"',,,,,,\nB,107.0030,10.5030,0\n' >"$T/seps.csv"
printf "${H}"'B,107.0030,10.5030,0\n,,,,,,' >"$T/lastseps.csv"
printf "${H}"'B,107.0030,10.5030,0\r' >"$T/lastcr.csv"
printf "${H}"'B,107.0030,10.5030,0\nC,107.0040,10.5040,1,x\n' >"$T/long.csv"
printf "${H}"'Hộ,107.0030,10.5030,0,x\nB,107.0040,10.5040,1\n' >"$T/vnlong.csv"
printf "${H}"'Hộ,107.0030,10.5030\nB,107.0040,10.5040,1\n' >"$T/vnshort.csv"
printf "${H}"'Ho_0123456789abcdef,107.0030,10.5030,0\n' >"$T/bigcell.csv"
printf "${H}"'Hộ_0123456789abcdef,107.0030,10.5030,0\n' >"$T/vnbigcell.csv"
# case|exit|points stored|message
while IFS='|' read -r name want stored msg; do
  args=()
  case "$name" in *bigcell) args=(--max-field-bytes 16) ;; esac
  import_both "$name" "$T/$name.csv" "${args[@]}"
  same_both "$name" "$want"
  check "$name: $stored points stored" [ "$("$SQL" "$T/$name-fast.sqlite" "SELECT coalesce(sum(n), 0) FROM household_chunk")" = "$stored" ]
  grep -qF -- "$msg" "$T/$name-fast.err" "$T/$name-fast.out"
  check "$name: says '$msg'" [ $? -eq 0 ]
done <<'EOF'
seps|0|2|seps.csv: imported as submission #2: 2 of 2 rows, 0 warnings
lastseps|0|2|lastseps.csv: imported as submission #2: 2 of 2 rows, 0 warnings
lastcr|0|2|lastcr.csv: imported as submission #2: 2 of 2 rows, 0 warnings
long|3|0|long.csv:4: expected 4 fields, found 5 (hint: an unquoted separator inside a value?)
vnlong|3|0|vnlong.csv:3: expected 4 fields, found 5
vnshort|3|0|vnshort.csv:3: expected 4 fields, found 3 (hint: a missing value must still have its separator)
bigcell|3|0|bigcell.csv:3: field 'household_id': 'Ho_0123456789abcdef' value of 19 bytes is longer than the 16-byte limit
vnbigcell|3|0|vnbigcell.csv:3: field 'household_id': 'Hộ_0123456789abcdef' value of 21 bytes is longer than the 16-byte limit
EOF

# --------------------- 7. the analysis reads the chunks: 23 points counted
cp "$T/squares-fast.sqlite" "$T/an.sqlite"
expect_rc 0 "analyze the fast-lane store" "$PHUSONG" analyze --threads 3 --timings "$T/an.sqlite"
err_has "2 household points lie outside every commune" "analyze counts the points"
# --timings: one line per step, in the order they run
steps=$(sed -n 's/^phusong: step \(.*\): [0-9.]* s elapsed, [0-9.]* s CPU$/\1/p' "$T/err" | paste -sd '|')
check "analysis: --timings names every step in order ($steps)" \
  [ "$steps" = "load|communes|footprints|households|areas|figures and survey|aggregate|store" ]
check "analysis: 21 households in communes (23 less the 2 outside)" \
  [ "$("$SQL" "$T/an.sqlite" "SELECT sum(denominator) FROM result WHERE level = 'commune' AND metric = 'fibre_households'")" = "21.0" ]

phs_finish

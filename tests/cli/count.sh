# count.sh: `phusong count` counts a file's points per commune of the store
# without importing them. The squares fixture's 23 household points, by
# hand (tests/fixtures/squares/README.md, "Household points"): 90001 has 6
# (H04, H05, H06 on its borders go to the lowest code), 90002 4, 90003 6
# (H14 on the 90003/90004 edge, H15 on the outer edge), 90004 5 (H20 on
# the hole's edge), and H22 (in the hole) and H23 (east of the block) are
# in no commune.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

F="$PHS_SOURCE_DIR/tests/fixtures/squares"
SQL=/usr/bin/sqlite3
[ -x "$SQL" ] || SQL=sqlite3
S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"

cat >"$T/want.csv" <<'EOF'
commune_code,commune_name,points
90001,Xã Tây Nam,6
90002,Xã Tây Bắc,4
90003,Xã Đông Nam,6
90004,Xã Đông Bắc,5
EOF

expect_rc 0 "count the fixture's households" "$PHUSONG" count "$S" "$F/households.csv"
check "counts per commune, by hand" cmp -s "$T/out" "$T/want.csv"
err_has "households.csv: 23 points, 21 in 4 communes, 2 outside every commune" "summary line"
err_has "2 points lie inside Vietnam but outside every commune in the store (rows 23, 24)" "B2 names the rows"

# The general reader gives the same counts (the fast lane is turned off).
expect_rc 0 "count without the fast lane" env PHS_CSV_FAST_LANE=0 "$PHUSONG" count "$S" "$F/households.csv"
check "same counts from the general reader" cmp -s "$T/out" "$T/want.csv"

# Points need no fibre flag; -o writes the file, and will not overwrite it.
cut -d, -f1-3 "$F/households.csv" >"$T/xy.csv"
expect_rc 0 "count points without a fibre column" "$PHUSONG" count -o "$T/c.csv" "$S" "$T/xy.csv"
check "-o: the same counts" cmp -s "$T/c.csv" "$T/want.csv"
expect_rc 2 "-o onto an existing file" "$PHUSONG" count -o "$T/c.csv" "$S" "$T/xy.csv"
err_has "exists; use --overwrite" "refuses to overwrite"

# A bad row: exit 3 naming the row, field and value; nothing written.
printf 'household_id,lon,lat\nA,107.002,10.502\nB,107.003,x\n' >"$T/bad.csv"
expect_rc 3 "a bad latitude" "$PHUSONG" count -o "$T/bad-out.csv" "$S" "$T/bad.csv"
err_has "bad.csv:3: field 'lat': 'x' is not a number" "the message names row, field, value"
check "no output file after a rejection" [ ! -e "$T/bad-out.csv" ]

# Column options naming no column: a usage error listing each, nothing
# written.
expect_rc 2 "field options naming no column" "$PHUSONG" count -o "$T/opt-out.csv" --x-field kinh --y-field vi --id-field ma --fibre-field cq "$S" "$F/households.csv"
err_has "households.csv: no column 'kinh' (given for the longitude)" "--x-field"
err_has "households.csv: no column 'vi' (given for the latitude)" "--y-field"
err_has "households.csv: no column 'ma' (given for the point ID)" "--id-field"
err_has "households.csv: no column 'cq' (given for the fibre flag)" "--fibre-field"
check "no output file after the usage error" [ ! -e "$T/opt-out.csv" ]

# Counting writes nothing into the store.
check "the store holds only the communes' submission" \
  [ "$("$SQL" "$S" "SELECT group_concat(kind) FROM submission")" = "communes" ]

# A store without communes cannot count.
expect_rc 0 "init empty" "$PHUSONG" init "$T/empty.sqlite"
expect_rc 1 "count into a store without communes" "$PHUSONG" count "$T/empty.sqlite" "$T/xy.csv"
err_has "no commune polygons in the store: import them first" "says what to do"

phs_finish

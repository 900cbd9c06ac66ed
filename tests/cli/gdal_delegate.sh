# gdal_delegate.sh: `phusong` is built without GDAL (~80 ms less at every
# start) and hands the commands that read files through GDAL to
# phusong-gdal, beside it, by exec (analyzer/gdal_delegate.c); a map that
# needs GDAL part way (an outline to build, a coverage raster) is handed
# over when it gets there (analyzer/without_gdal.c). Checked: which
# program needs libgdal; that a handed-over command gives what
# phusong-gdal gives; and, with a copy of phusong alone in a folder, that
# map and report need nothing else while every way to GDAL ends in one
# clear error (exit 1) before anything is written. The squares fixture
# (tests/fixtures/squares/README.md): 4 communes in 2 districts.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

G="$(dirname "$PHUSONG")/phusong-gdal"
S="$T/s.sqlite"
squares_store "$S"
F="$PHS_SOURCE_DIR/tests/fixtures/squares"

# delegate-1: the libraries each program asks the dynamic linker for.
readelf -d "$PHUSONG" >"$T/needed_light"
readelf -d "$G" >"$T/needed_gdal"
check "delegate-1.1 phusong does not need libgdal" \
  test "$(grep -c 'NEEDED.*libgdal' "$T/needed_light")" = 0
check "delegate-1.2 phusong-gdal needs libgdal" \
  grep -q 'NEEDED.*\[libgdal\.so' "$T/needed_gdal"
check "delegate-1.3 phusong needs cairo, PROJ, SQLite" \
  test "$(grep -cE 'NEEDED.*\[lib(cairo|proj|sqlite3)\.so' "$T/needed_light")" = 3

# delegate-2: --version is phusong-gdal's (GDAL's version is one of the
# lines), printed once.
expect_rc 0 "delegate-2 --version" "$PHUSONG" --version
check "delegate-2.1 two lines" test "$(wc -l <"$T/out")" = 2
check "delegate-2.2 GDAL's version" grep -qE '^GDAL [0-9]+\.[0-9]+' "$T/out"
cp "$T/out" "$T/version_light"
expect_rc 0 "delegate-2 --version of phusong-gdal" "$G" --version
check "delegate-2.3 the same as phusong-gdal's" cmp "$T/out" "$T/version_light"

# delegate-3: a handed-over command: the same exit status, output and
# messages as phusong-gdal run itself (a rejected import: exit 3; the
# program named in messages is phusong either way).
printf 'code,name,households\n90001,A,-5\n' >"$T/bad.csv"
expect_rc 3 "delegate-3 rejected import" "$PHUSONG" import households "$S" "$T/bad.csv"
cp "$T/out" "$T/out_light"
cp "$T/err" "$T/err_light"
expect_rc 3 "delegate-3 the same by phusong-gdal" "$G" import households "$S" "$T/bad.csv"
check "delegate-3.1 same output" cmp "$T/out" "$T/out_light"
check "delegate-3.2 same messages" cmp "$T/err" "$T/err_light"
err_has "$T/bad.csv" "delegate-3.3 the error names the file"

# delegate-4: phusong alone: map, report and submissions run without
# phusong-gdal: the same map as beside it.
A="$T/alone"
mkdir -p "$A"
cp "$PHUSONG" "$A/phusong"
MAP=(map --metric fibre_households --classes fixed --breaks 78,79)
expect_rc 0 "delegate-4 map beside phusong-gdal" "$PHUSONG" "${MAP[@]}" -o "$T/m1.png" "$S"
expect_rc 0 "delegate-4.1 map alone" "$A/phusong" "${MAP[@]}" -o "$T/m2.png" "$S"
check "delegate-4.2 the same map" cmp "$T/m1.png" "$T/m2.png"
expect_rc 0 "delegate-4.3 report alone" "$A/phusong" report -f csv "$S"
out_has "90001" "delegate-4.4 the report's communes"
expect_rc 0 "delegate-4.5 submissions alone" "$A/phusong" submissions "$S"

# delegate-5: alone, the ways to GDAL end in the error naming the missing
# program, exit 1, nothing written, the store unchanged.
sum_before=$(sha256sum <"$S")
MISSING="ERROR: cannot run $A/phusong-gdal: No such file or directory (this command reads files through GDAL, in phusong-gdal, which belongs beside phusong)"
expect_rc 1 "delegate-5.1 import alone" "$A/phusong" import communes "$S" "$F/communes.geojson"
check "delegate-5.1 the message" test "$(cat "$T/err")" = "$MISSING"
expect_rc 1 "delegate-5.2 --version alone" "$A/phusong" --version
check "delegate-5.2 nothing printed" test ! -s "$T/out"
check "delegate-5.2 the message" test "$(cat "$T/err")" = "$MISSING"
expect_rc 1 "delegate-5.3 coverage map alone" "$A/phusong" map --coverage "$T/none.tif" -o "$T/c.png" "$S"
check "delegate-5.3 the message" test "$(cat "$T/err")" = "$MISSING"
check "delegate-5.3 no map written" test ! -e "$T/c.png"
# a map whose district outlines must be built (a store migrated from
# schema version 5: simulated by deleting the rows)
cp "$S" "$T/old.sqlite"
outlines_delete "delegate-5.4 delete the outlines" "$T/old.sqlite"
sum_old=$(sha256sum <"$T/old.sqlite")
expect_rc 1 "delegate-5.4 map building outlines alone" "$A/phusong" "${MAP[@]}" -o "$T/m3.png" "$T/old.sqlite"
check "delegate-5.4 the message" test "$(cat "$T/err")" = "$MISSING"
check "delegate-5.4 no map written" test ! -e "$T/m3.png"
check "delegate-5.4 store unchanged" test "$(sha256sum <"$T/old.sqlite")" = "$sum_old"
check "delegate-5.5 store unchanged by all of delegate-5" \
  test "$(sha256sum <"$S")" = "$sum_before"

# delegate-6: beside phusong-gdal, that map is handed over part way and
# finishes: the same image as from the store with its outlines.
expect_rc 0 "delegate-6 map building outlines" "$PHUSONG" "${MAP[@]}" -o "$T/m4.png" "$T/old.sqlite"
check "delegate-6.1 the same map" cmp "$T/m1.png" "$T/m4.png"

phs_finish

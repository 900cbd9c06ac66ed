# crs_and_sets.sh: two findings of the fuzz targets (docs/testing.md), as
# the command line meets them.
#
# 1. A CRS string that names a file or URL, or is only a name, is refused
#    before PROJ or GDAL sees it (geo/crs_check.c): exit 3, the option and
#    the part that names the file in the message, the store unchanged. PROJ
#    would read /tmp/x.gsb for +nadgrids= and GDAL's OSRSetFromUserInput a
#    path; PROJ takes the name "foo" for a Bessel 1841 CRS.
# 2. Resubmitting a shapefile whose .shp is byte for byte the same but whose
#    .dbf is not imports it (C3 asks for the same file: a shapefile is its
#    whole set); the same set again is "already imported". Fixtures:
#    D1e_utf8 and D1_cp1258 share their .shp (the same 3 points) and differ
#    in the .dbf and .cpg (UTF-8 and CP1258 text of the same names).
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
B="$PHS_SOURCE_DIR/tests/bad-inputs"
S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init "$S"
cat > "$T/sites.csv" <<'CSV'
site_id,tech,lon,lat
S1,4G,107.0050,10.5050
CSV

counts() { sqlite3 "$S" "select (select count(*) from submission) || ' ' || (select count(*) from site)"; }

# 1. CRS strings
expect_rc 3 "--src-crs with +nadgrids=" "$PHUSONG" submit --operator VIETTEL "$S" "$T/sites.csv" \
  --src-crs '+proj=longlat +datum=WGS84 +nadgrids=/tmp/x.gsb +type=crs'
err_has "--src-crs: '+proj=longlat +datum=WGS84 +nadgrids=/tmp/x.gsb +type=crs' names a file for PROJ to read ('grids=/tmp/x.gsb +ty...')" "nadgrids refused"
expect_rc 3 "--src-crs with +init=" "$PHUSONG" submit --operator VIETTEL "$S" "$T/sites.csv" --src-crs '+init=epsg:4326'
err_has "--src-crs: '+init=epsg:4326' names a file for PROJ to read" "init refused"
expect_rc 3 "--src-crs a path" "$PHUSONG" submit --operator VIETTEL "$S" "$T/sites.csv" --src-crs /etc/passwd
err_has "--src-crs: '/etc/passwd' is a file name" "path refused"
expect_rc 3 "--src-crs a URL" "$PHUSONG" submit --operator VIETTEL "$S" "$T/sites.csv" --src-crs /vsicurl/http://127.0.0.1:9/x.prj
err_has "is a URL" "URL refused"
expect_rc 3 "--src-crs a name" "$PHUSONG" submit --operator VIETTEL "$S" "$T/sites.csv" --src-crs foo
err_has "--src-crs: 'foo' is not an authority code, PROJ string or WKT" "name refused"
check "store unchanged by the refusals" [ "$(counts)" = "0 0" ]
expect_rc 0 "--src-crs EPSG:4326" "$PHUSONG" submit --operator VIETTEL "$S" "$T/sites.csv" --src-crs EPSG:4326
check "one site" [ "$(counts)" = "1 1" ]

# 2. shapefile sets
mkdir -p "$T/a" "$T/b"
for e in shp shx dbf cpg; do cp "$B/D1e_utf8.$e" "$T/a/sites.$e"; done
for e in shp shx; do cp "$B/D1e_utf8.$e" "$T/b/sites.$e"; done
for e in dbf cpg; do cp "$B/D1_cp1258.$e" "$T/b/sites.$e"; done
check "the two sets share their .shp" cmp -s "$T/a/sites.shp" "$T/b/sites.shp"
expect_rc 0 "set a" "$PHUSONG" submit --operator VIETTEL "$S" "$T/a/sites.shp"
out_has "imported as submission #2: 3 of 3 rows" "set a imported"
expect_rc 0 "set b: another .dbf" "$PHUSONG" submit --operator VIETTEL "$S" "$T/b/sites.shp"
out_has "imported as submission #3: 3 of 3 rows" "set b imported, not a no-op"
expect_rc 0 "set b again" "$PHUSONG" submit --operator VIETTEL "$S" "$T/b/sites.shp"
err_has "already imported as submission #3 (same SHA-256); nothing to do" "set b again: a no-op"
check "three filings" [ "$(sqlite3 "$S" 'select count(*) from submission')" = "3" ]
phs_finish

# untrusted.sh: submitted files are untrusted (bad-inputs.md G5, G7, H2,
# I3; data/untrusted.c). The cases tests/bad-inputs/cases.tsv cannot hold:
# a hostile GeoPackage left byte-for-byte unchanged with its triggers never
# fired, sidecar files, symbolic links, FIFOs, /vsi and URL paths, file
# names that look like options or GDAL connection strings, and no ATTACH
# anywhere in the code.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

FIX="$PHS_SOURCE_DIR/tests/bad-inputs"
SQL=/usr/bin/sqlite3
[ -x "$SQL" ] || SQL=sqlite3
S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init -q "$S"
cp "$S" "$T/empty.sqlite"
fresh() { cp "$T/empty.sqlite" "$S"; rm -f "$S-wal" "$S-shm"; }
sites() { "$SQL" -batch "$S" "SELECT count(*) FROM site"; }
SITES='site_id,lon,lat,tech
S1,107.070057,10.355719,4G
S2,107.074112,10.341630,5G
'

# --- H2: the hostile GeoPackage's triggers would write 'marker' rows and
# delete the sites if anything updated the file; it imports, and the file
# is the same bytes afterwards with no journal, -wal or -shm beside it.
cp "$FIX/H02_hostile_triggers.gpkg" "$T/h2.gpkg"
sum_before=$(sha256sum <"$T/h2.gpkg")
fresh
expect_rc 0 "submit the hostile GeoPackage" "$PHUSONG" submit --operator VIETTEL "$S" "$T/h2.gpkg"
out_has "h2.gpkg: imported as submission #1: 2 of 2 rows" "both sites imported"
check "the store holds S1 and S2" [ "$("$SQL" -batch "$S" "SELECT group_concat(site_id,' ') FROM (SELECT site_id FROM site ORDER BY source_row)")" = "S1 S2" ]
expect_rc 0 "validate the hostile GeoPackage" "$PHUSONG" validate --operator VIETTEL sites "$T/h2.gpkg"
check "the submitted file is byte-for-byte unchanged" [ "$(sha256sum <"$T/h2.gpkg")" = "$sum_before" ]
check "no trigger fired: marker is empty" [ "$("$SQL" -batch "$T/h2.gpkg" "SELECT count(*) FROM marker")" = "0" ]
check "no trigger fired: both features still there" [ "$("$SQL" -batch "$T/h2.gpkg" "SELECT count(*) FROM sites")" = "2" ]
check "nothing written beside the submission" [ "$(ls "$T" | grep -c '^h2\.gpkg-')" = "0" ]

# A -wal (or -journal) beside it would be read by GDAL but not by the check.
: >"$T/h2.gpkg-wal"
fresh
expect_rc 3 "a -wal beside the GeoPackage" "$PHUSONG" submit --operator VIETTEL "$S" "$T/h2.gpkg"
err_has "h2.gpkg: a wal file lies beside it" "names the sidecar"
check "store unchanged" [ "$(sites)" = "0" ]
rm -f "$T/h2.gpkg-wal"

# A coverage filing may be a raster GeoPackage: GDAL's raster open comes
# only after the same checks, so a view layer or a damaged file is refused
# by the reader with the same messages.
fresh
expect_rc 3 "coverage: a view layer" "$PHUSONG" import coverage --operator VIETTEL --tech 5G "$S" "$FIX/H02b_view_layer.gpkg"
err_has "H02b_view_layer.gpkg: layer 'v_sites': a view" "view refused for coverage too"
expect_rc 3 "coverage: a damaged GeoPackage" "$PHUSONG" import coverage --operator VIETTEL --tech 5G "$S" "$FIX/H01_corrupt.gpkg"
err_has "H01_corrupt.gpkg: damaged GeoPackage: quick_check:" "quick_check for coverage too"
check "store unchanged" [ "$("$SQL" -batch "$S" "SELECT count(*) FROM submission")" = "0" ]

# Nothing in the code attaches a database: submissions are never ATTACHed.
check "no ATTACH statement in the code" \
  sh -c "! grep -rnE '\"[^\"]*ATTACH[[:space:]]' '$PHS_SOURCE_DIR'/data '$PHS_SOURCE_DIR'/analyzer '$PHS_SOURCE_DIR'/render '$PHS_SOURCE_DIR'/geo"

# --- G5: symbolic links and other non-files are refused, and a FIFO does
# not hang the open.
printf '%s' "$SITES" >"$T/good.csv"
ln -s "$T/good.csv" "$T/link.csv"
fresh
expect_rc 3 "a symbolic link" "$PHUSONG" submit --operator VIETTEL "$S" "$T/link.csv"
err_has "link.csv: is a symbolic link; submit the file itself" "G5 message"
ln -s "$FIX/G04_two_layers.zip" "$T/link.zip"
expect_rc 3 "a symbolic link to a zip" "$PHUSONG" submit --operator VIETTEL "$S" "$T/link.zip"
err_has "link.zip: is a symbolic link" "G5 message for a zip"
# a shapefile's .dbf linked to a file elsewhere (GDAL opens it by name)
for e in shp shx cpg; do cp "$FIX/D1_cp1258.$e" "$T/linked.$e"; done
cp "$FIX/D1_cp1258.dbf" "$T/real.dbf"
ln -s "$T/real.dbf" "$T/linked.dbf"
expect_rc 3 "a shapefile whose .dbf is a link" "$PHUSONG" submit --operator VIETTEL "$S" "$T/linked.shp"
err_has "linked.dbf: is a symbolic link; submit the file itself" "G5 for a sidecar"
rm -f "$T/linked.dbf"
cp "$T/real.dbf" "$T/linked.dbf"
expect_rc 0 "the same shapefile with its .dbf itself" "$PHUSONG" validate --operator VIETTEL sites "$T/linked.shp"
mkfifo "$T/fifo.csv"
expect_rc 3 "a FIFO" timeout -s KILL 20 "$PHUSONG" submit --operator VIETTEL "$S" "$T/fifo.csv"
err_has "fifo.csv: not a regular file" "FIFO refused"
check "store unchanged" [ "$(sites)" = "0" ]

# --- I3: /vsi prefixes and URLs are refused before anything is read.
for p in "/vsicurl/http://127.0.0.1:9/sites.csv" "http://127.0.0.1:9/sites.csv" \
         "/vsizip/$FIX/G04_two_layers.zip/viettel.csv" "/vsistdin/"; do
  expect_rc 3 "path $p" "$PHUSONG" submit --operator VIETTEL "$S" "$p"
  err_has "$p: remote and virtual paths are refused" "I3 message for $p"
  expect_rc 3 "validate $p" "$PHUSONG" validate --operator VIETTEL sites "$p"
done

# --- G7, I3: names that look like options or connection strings, read as
# the local files they are (relative names, from the file's folder).
cd "$T" || exit 1
printf '%s' "$SITES" >"$T/-sites.csv"
fresh
expect_rc 0 "'--' before a name starting with '-'" "$PHUSONG" submit --operator VIETTEL -- s.sqlite -sites.csv
out_has "-sites.csv: imported as submission #1: 2 of 2 rows" "read as a file"
fresh
expect_rc 2 "the same name without '--' is an option" "$PHUSONG" submit --operator VIETTEL s.sqlite -sites.csv
check "store unchanged" [ "$(sites)" = "0" ]
printf '%s' "$SITES" >"$T/--config=GDAL_DRIVER_PATH=x.csv"
expect_rc 2 "--config=... is no option of phusong" "$PHUSONG" submit --operator VIETTEL s.sqlite --config=GDAL_DRIVER_PATH=x.csv
err_has "unknown or incomplete option '--config=GDAL_DRIVER_PATH=x.csv'" "usage error"
expect_rc 0 "after '--' it is a file name" "$PHUSONG" submit --operator VIETTEL -- s.sqlite --config=GDAL_DRIVER_PATH=x.csv
out_has "--config=GDAL_DRIVER_PATH=x.csv: imported as submission #1: 2 of 2 rows" "read as a file"
# GDAL would read "GPKG:a.gpkg:t" as a connection string and "{...}" as
# inline GeoJSON; phusong hands it ./NAME, the file.
cat >"$T/GPKG:other.gpkg:sites.geojson" <<'EOF'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"site_id":"S1","tech":"4G"},"geometry":{"type":"Point","coordinates":[107.070057,10.355719]}},
{"type":"Feature","properties":{"site_id":"S2","tech":"5G"},"geometry":{"type":"Point","coordinates":[107.074112,10.34163]}}]}
EOF
fresh
expect_rc 0 "a name like a GDAL connection string" "$PHUSONG" submit --operator VIETTEL s.sqlite GPKG:other.gpkg:sites.geojson
check "its two sites imported" [ "$(sites)" = "2" ]
cp "$T/GPKG:other.gpkg:sites.geojson" "$T/{\"type\":\"FeatureCollection\",\"features\":[]}"
fresh
expect_rc 0 "a name that is inline GeoJSON" "$PHUSONG" submit --operator VIETTEL s.sqlite '{"type":"FeatureCollection","features":[]}'
check "the file's two sites imported, not the name's none" [ "$(sites)" = "2" ]
cd - >/dev/null || exit 1

phs_finish

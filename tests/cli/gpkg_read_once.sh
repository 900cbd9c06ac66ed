# gpkg_read_once.sh: a submitted GeoPackage is read once, and what phusong
# checks, hashes and imports are those bytes (data/untrusted.c,
# untrusted_gpkg_read; docs/submissions.md). The hook
# PHS_TEST_SWAP_AFTER_CHECK=FILE (data/test_hooks.c) renames FILE over the
# submitted file right after its checks, where OGR used to open the path
# again: the import must then still import the checked sites (C1-C3),
# never the swapped ones (S1-S3), under the checked bytes' SHA-256, or
# fail cleanly with the store unchanged.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

F="$PHS_SOURCE_DIR/tests/fixtures/squares"
S="$T/store.sqlite"
SQL=/usr/bin/sqlite3
[ -x "$SQL" ] || SQL=sqlite3
unset PHS_TEST_KILL_AT PHS_TEST_FAIL_MALLOC_AFTER PHS_TEST_SWAP_AFTER_CHECK

# Two GeoPackages of three sites each, inside the squares communes.
printf 'site_id,tech,band_mhz,radius_m,lon,lat\nC1,5G,3500,900,107.0030,10.5030\nC2,4G,1800,2000,107.0070,10.5040\nC3,5G,3500,900,107.0040,10.5080\n' >"$T/checked.csv"
sed 's/^C/S/' "$T/checked.csv" >"$T/swapped.csv"
for f in checked swapped; do
  check "ogr2ogr $f.gpkg" ogr2ogr -f GPKG "$T/$f.gpkg" "$T/$f.csv" \
    -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo AUTODETECT_TYPE=YES \
    -a_srs EPSG:4326 -nln sites
done
CHECKED_SHA=$(sha256sum <"$T/checked.gpkg" | cut -c1-64)
check "the two files differ" [ "$CHECKED_SHA" != "$(sha256sum <"$T/swapped.gpkg" | cut -c1-64)" ]

expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"
sites() { "$SQL" -batch "$S" "SELECT group_concat(site_id, ' ') FROM (SELECT site_id FROM site ORDER BY site_id)"; }

# 1. Raw bytes not kept (--keep-raw-max 0): nothing reads the path after
#    the checks but OGR, which now reads the checked copy.
cp "$T/checked.gpkg" "$T/sub.gpkg"
cp "$T/swapped.gpkg" "$T/swap-in.gpkg"
expect_rc 0 "gpkg-1.1 swapped after the checks, no raw bytes kept" \
  env PHS_TEST_SWAP_AFTER_CHECK="$T/swap-in.gpkg" \
  "$PHUSONG" submit --keep-raw-max 0 --operator VNPT "$S" "$T/sub.gpkg"
check "gpkg-1.2 the swap happened (the file on disk is the swapped one)" \
  cmp -s "$T/sub.gpkg" "$T/swapped.gpkg"
out_has "sub.gpkg: imported as submission #2: 3 of 3 rows" "gpkg-1.3"
out_has "sha256 $CHECKED_SHA" "gpkg-1.4 the checked bytes' SHA-256 is told"
check "gpkg-1.5 the checked sites are imported, not the swapped ones" \
  [ "$(sites)" = "C1 C2 C3" ]
check "gpkg-1.6 provenance records the checked bytes' SHA-256" \
  [ "$("$SQL" -batch "$S" "SELECT source_sha256 FROM submission WHERE id = 2")" = "$CHECKED_SHA" ]

# 2. Raw bytes kept (the default): the kept copy is read from the path
#    again and must hash as the checked bytes; the swapped file does not,
#    so the import fails cleanly and the store is as it was.
BEFORE=$("$SQL" -batch "$S" "SELECT count(*) FROM submission; SELECT count(*) FROM site; SELECT count(*) FROM submission_blob; PRAGMA integrity_check")
cp "$T/checked.gpkg" "$T/sub2.gpkg"
cp "$T/swapped.gpkg" "$T/swap-in.gpkg"
expect_rc 3 "gpkg-2.1 swapped after the checks, raw bytes kept" \
  env PHS_TEST_SWAP_AFTER_CHECK="$T/swap-in.gpkg" \
  "$PHUSONG" submit --operator VIETTEL "$S" "$T/sub2.gpkg"
err_has "sub2.gpkg: the file changed while it was imported; nothing imported" "gpkg-2.2"
check "gpkg-2.3 the store is unchanged" \
  [ "$("$SQL" -batch "$S" "SELECT count(*) FROM submission; SELECT count(*) FROM site; SELECT count(*) FROM submission_blob; PRAGMA integrity_check")" = "$BEFORE" ]

# 3. Unswapped, the same file imports with its bytes kept, and the kept
#    bytes are the checked ones.
cp "$T/checked.gpkg" "$T/sub3.gpkg"
expect_rc 0 "gpkg-3.1 no swap" "$PHUSONG" submit --operator VIETTEL "$S" "$T/sub3.gpkg"
check "gpkg-3.2 the kept bytes hash as the checked file" \
  [ "$("$SQL" -batch "$S" "SELECT b.sha256 FROM submission_file f JOIN submission_blob b ON b.sha256 = f.sha256 WHERE f.submission_id = 3")" = "$CHECKED_SHA" ]

# 4. A GeoPackage left in WAL mode (header bytes 18-19 = 2) is read from
#    its private copy too, and its SHA-256 is that of the bytes submitted.
cp "$T/swapped.gpkg" "$T/wal.gpkg"
"$SQL" -batch "$T/wal.gpkg" "PRAGMA journal_mode=WAL" >/dev/null
check "gpkg-4.1 the fixture is in WAL mode" \
  [ "$(od -An -tu1 -j18 -N2 "$T/wal.gpkg" | tr -s ' ')" = " 2 2" ]
WAL_SHA=$(sha256sum <"$T/wal.gpkg" | cut -c1-64)
expect_rc 0 "gpkg-4.2 a WAL-mode GeoPackage" "$PHUSONG" submit --operator VNPT "$S" "$T/wal.gpkg"
out_has "sha256 $WAL_SHA" "gpkg-4.3"
check "gpkg-4.4 VNPT's sites in force are the WAL file's" \
  [ "$("$SQL" -batch "$S" "SELECT group_concat(site_id, ' ') FROM (SELECT t.site_id FROM site t JOIN submission s ON s.id = t.submission_id WHERE s.operator_code = 'VNPT' AND s.status = 'current' ORDER BY 1)")" = "S1 S2 S3" ]
check "gpkg-4.5 the WAL file is untouched" [ "$(sha256sum <"$T/wal.gpkg" | cut -c1-64)" = "$WAL_SHA" ]
check "gpkg-4.6 the store is intact" [ "$("$SQL" -batch "$S" "PRAGMA integrity_check")" = "ok" ]

phs_finish

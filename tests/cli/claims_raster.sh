# claims_raster.sh: operators' coverage claims filed as rasters (issue 3,
# item 5): a 0/1 mask in EPSG:4326 and a dBm signal raster in UTM 48N,
# both made here from ASCII grids with gdal_translate, on the "squares"
# fixture (tests/fixtures/squares/README.md has the communes, households
# and areas). Then every bad raster the importer must refuse, each with
# its exact message, exit 3 and the store unchanged.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
F="$PHS_SOURCE_DIR/tests/fixtures/squares"
S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"
expect_rc 0 "households" "$PHUSONG" import households "$S" "$F/households.csv"
expect_rc 0 "viettel sites" "$PHUSONG" submit --operator VIETTEL "$S" "$F/sites_viettel.csv"

# ------------------------------------------------------- 1. the mask
# 8 x 8 cells of 0.0025 degrees from 107.00 E, 10.50 N (the block): rows
# top (10.52 N) to bottom. Claimed: all of commune 90001 (columns 1-4,
# rows 5-8) and the square [107.0125, 107.0175] x [10.5025, 10.5075]
# inside 90003 (columns 6-7, rows 6-7): two polygons, 20 cells.
# By hand: claimed_5g_area_viettel 90001 = 100 %; 90003 = 25 % (a
# quarter of the commune's size, centred on its centre latitude 10.505, so
# the ellipsoidal ratio is 0.25 to 1e-8); 90002 = 90004 = 0 %. The
# analysis counts 5 m cells: a side of the quarter square (~550 m) may
# gain or lose at most one row of 110 cells, 4 x 110 x 25 m2 = 11 000 m2
# = 0.9 points of 90003 in the worst case, hence the 1-point tolerance.
# Households (squares README table): in 90003, H13 (107.0150, 10.5030)
# and H16 (107.0170, 10.5060) lie inside the quarter square, >= 55 m from
# its edges; H11, H12, H14, H15 lie outside: 2 of 6. 90001: 6 of 6.
cat > "$T/mask.asc" <<'ASC'
ncols 8
nrows 8
xllcorner 107.0
yllcorner 10.50
cellsize 0.0025
NODATA_value 255
0 0 0 0 0 0 0 0
0 0 0 0 0 0 0 0
0 0 0 0 0 0 0 0
0 0 0 0 0 0 0 0
1 1 1 1 0 0 0 0
1 1 1 1 0 1 1 0
1 1 1 1 0 1 1 0
1 1 1 1 0 0 0 0
ASC
check "mask GeoTIFF" gdal_translate -q -ot Byte -a_srs EPSG:4326 "$T/mask.asc" "$T/mask.tif"
expect_rc 0 "mask claim" "$PHUSONG" import coverage --operator VIETTEL --tech 5G "$S" "$T/mask.tif"
out_has "2 of 2 rows" "two polygons from the mask"
expect_rc 0 "analyze mask" "$PHUSONG" analyze --cell 5 "$S"
expect_rc 0 "report mask" "$PHUSONG" report -f json --lang en -o "$T/mask.json" "$S"
phs_py "mask claim" "$T/mask.json" "$S" <<'PY'
import json, sqlite3, sys
from phs_check import Checker
c = Checker()
com = {x["code"]: x["metrics"] for x in json.load(open(sys.argv[1]))["communes"]}
for code, want, tol in (("90001", 100.0, 0.01), ("90002", 0.0, 0), ("90003", 25.0, 1.0), ("90004", 0.0, 0)):
    c.near(com[code]["claimed_5g_area_viettel"]["pct"], want, tol, code + " claimed area share")
for code, num, den in (("90001", 6, 6), ("90002", 0, 4), ("90003", 2, 6), ("90004", 0, 5)):
    h = com[code]["claimed_5g_households_viettel"]
    c.eq((h["numerator"], h["denominator"]), (num, den), code + " claimed households")
db = sqlite3.connect(sys.argv[2])
row = db.execute("SELECT source_detail, format, mode, tech, crs_used, rows_in, rows_accepted,"
                 " status, encoding FROM submission WHERE kind = 'coverage'").fetchone()
c.eq(row[0], "8 x 8 cells of 0.0025 x 0.0025 degree, EPSG:4326, band 1 (Byte),"
     " mask (non-zero claimed), 20 cells claimed", "provenance says size, resolution, CRS, mask")
c.eq(row[1:], ("GTiff", "5G", "5G", "EPSG:4326", 2, 2, "current", None),
     "format is the driver; mode, tech, CRS, polygons; no text encoding")
c.eq(db.execute("SELECT count(*), min(source_row), max(source_row) FROM claimed_coverage").fetchone(),
     (2, 1, 2), "one claimed_coverage row per polygon")
c.done()
PY

# ----------------------------------------------- 2. the signal raster
# UTM 48N (EPSG:32648), 100 x 100 cells of 10 m centred on 90001's centre
# (cs2cs EPSG:4326 EPSG:32648 of 10.505 107.005 gives 719433.321
# 1161948.148, rounded to 719433 1161948): the outer ring of cells is no
# data (-9999), the central 80 x 80 cells (an 800 m square) -80 dBm, the
# rest -120 dBm. With --threshold -100 the square is claimed: 6400 cells,
# 640 000 m2 of the UTM plane; the UTM scale there is k = 0.9996 x
# (1 + (1 + e'2 cos2 phi) A2 / 2) = 1.000196 (A = 2.005 deg x cos 10.505
# deg in radians), so 640 000 / k2 = 639 749 m2 on the ellipsoid, 52.84 %
# of 90001 (1 210 814.79 m2). Cell counting: at most one row of 160 5 m
# cells per side, 16 000 m2 = 1.3 points: tolerance 1.5. Households: the
# square reaches +-0.00365 deg of longitude and +-0.00362 deg of latitude
# from the centre: H01, H02, H03 are inside (>= 68 m from the edges),
# H04-H06 (0.005 deg away) outside: 3 of 6. It supersedes the mask.
/usr/bin/python3 - "$T/signal.asc" <<'PY'
import sys
rows = []
for j in range(100):
    rows.append(" ".join("-9999" if i in (0, 99) or j in (0, 99) else
                         "-80" if 10 <= i <= 89 and 10 <= j <= 89 else "-120"
                         for i in range(100)))
open(sys.argv[1], "w").write("ncols 100\nnrows 100\nxllcorner 718933\nyllcorner 1161448\n"
                             "cellsize 10\nNODATA_value -9999\n" + "\n".join(rows) + "\n")
PY
check "signal GeoTIFF" gdal_translate -q -ot Float32 -a_srs EPSG:32648 "$T/signal.asc" "$T/signal.tif"
expect_rc 3 "signal raster without --threshold" "$PHUSONG" import coverage --operator VIETTEL --tech 5G "$S" "$T/signal.tif"
err_has "signal.tif: band 1: value -120 (row 2, column 2) is neither 0 nor 1, so this is a signal raster; give --threshold DBM (cells at or above it are claimed), or export a 0/1 coverage mask" "names file, band, value, hint"
expect_rc 3 "threshold above every cell" "$PHUSONG" import coverage --operator VIETTEL --tech 5G --threshold -10 "$S" "$T/signal.tif"
err_has "signal.tif: band 1: no cell is at or above --threshold -10 dBm (values -120 to -80)" "empty claim refused"
expect_rc 0 "signal claim" "$PHUSONG" import coverage --operator VIETTEL --tech 5G --threshold -100 "$S" "$T/signal.tif"
out_has "1 of 1 rows" "one polygon"
expect_rc 0 "analyze signal" "$PHUSONG" analyze --cell 5 "$S"
expect_rc 0 "report signal" "$PHUSONG" report -f json --lang en -o "$T/signal.json" "$S"
phs_py "signal claim" "$T/signal.json" "$S" <<'PY'
import json, sqlite3, sys
from phs_check import Checker
c = Checker()
com = {x["code"]: x["metrics"] for x in json.load(open(sys.argv[1]))["communes"]}
c.near(com["90001"]["claimed_5g_area_viettel"]["pct"], 52.84, 1.5, "90001: 639 749 m2 of 1 210 815")
for code in ("90002", "90003", "90004"):
    c.eq(com[code]["claimed_5g_area_viettel"]["pct"], 0.0, code + " not claimed (the mask is superseded)")
h = com["90001"]["claimed_5g_households_viettel"]
c.eq((h["numerator"], h["denominator"]), (3, 6), "H01, H02, H03 claimed")
db = sqlite3.connect(sys.argv[2])
rows = db.execute("SELECT source_detail, crs_used, status FROM submission WHERE kind = 'coverage' ORDER BY id").fetchall()
c.eq([r[2] for r in rows], ["superseded", "current"], "the raster supersedes the mask")
c.eq(rows[1][:2], ("100 x 100 cells of 10 x 10 m, EPSG:32648, band 1 (Float32),"
                   " signal >= -100 dBm claimed, 6400 cells claimed", "EPSG:32648"),
     "provenance records the threshold and the UTM grid")
# The run lists each current input with what it was: the raster claim with
# its driver and detail, a CSV site file with its format and no detail.
ins = {i["kind"]: i for i in json.load(open(sys.argv[1]))["run"]["inputs"]}
c.eq((ins["coverage"]["format"], ins["coverage"]["source_detail"]), ("GTiff", rows[1][0]),
     "run inputs show the raster's format and detail")
c.eq((ins["sites"]["format"], ins["sites"]["source_detail"]), ("CSV", None),
     "run inputs: a record file has a format and no detail")
c.done()
PY

# ------------------------------------------------- 3. bad rasters
# Each is refused with exit 3 and its exact message; the store's row
# counts stay as they are.
counts() {
  /usr/bin/python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(*[db.execute("SELECT count(*) FROM " + t).fetchone()[0] for t in ("submission", "claimed_coverage", "operator")])' "$S"
}
BEFORE=$(counts)
check "no-CRS raster" gdal_translate -q -ot Byte "$T/mask.asc" "$T/nocrs.tif"
check "engineering-CRS raster" gdal_translate -q -ot Byte -a_srs 'LOCAL_CS["Site grid",UNIT["metre",1]]' "$T/mask.asc" "$T/local.tif"
sed -e 's/^xllcorner .*/xllcorner 2.0/' -e 's/^yllcorner .*/yllcorner 48.0/' "$T/mask.asc" > "$T/fr.asc"
check "raster in France" gdal_translate -q -ot Byte -a_srs EPSG:4326 "$T/fr.asc" "$T/france.tif"
printf 'ncols 4\nnrows 4\nxllcorner 107.0\nyllcorner 10.5\ncellsize 0.005\nNODATA_value -9999\n' > "$T/nodata.asc"
for r in 1 2 3 4; do echo "-9999 -9999 -9999 -9999" >> "$T/nodata.asc"; done
check "all-nodata raster" gdal_translate -q -ot Float32 -a_srs EPSG:4326 "$T/nodata.asc" "$T/nodata.tif"
check "complex raster" gdal_translate -q -ot CFloat32 -a_srs EPSG:4326 "$T/mask.asc" "$T/complex.tif"
check "two-band raster" gdal_translate -q -ot Byte -b 1 -b 1 -a_srs EPSG:4326 "$T/mask.asc" "$T/two.tif"
bad() {
  expect_rc 3 "$1" "$PHUSONG" import coverage --operator VIETTEL --tech 5G "$S" "$T/$1" "${@:3}"
  err_has "$2" "$1: the message"
  err_has "input rejected" "$1: nothing imported"
  check "$1: store unchanged" test "$(counts)" = "$BEFORE"
}
bad nocrs.tif "nocrs.tif: band 1: the raster has no CRS, so its cells cannot be placed; ask the operator for the CRS and assign it, e.g. gdal_translate -a_srs EPSG:32648"
bad local.tif "local.tif: band 1: PROJ cannot transform the raster's CRS 'ENGCRS[\"Site grid\""
err_has "to WGS 84 (a local or engineering CRS, or one PROJ does not know); reproject it first, e.g. gdalwarp -t_srs EPSG:32648, or assign the right CRS" "local.tif: the hint"
bad france.tif "france.tif: band 1: the raster's extent '2.0000 48.0000, 2.0200 48.0200' (lon/lat) is outside Vietnam (102.1 to 117.9 E, 6.0 to 23.4 N); a wrong CRS, or another country's file? (check with gdalinfo)"
bad nodata.tif "nodata.tif: band 1: every one of its 16 cells is no data (no-data value -9999); an empty export, or the wrong band?"
bad complex.tif "complex.tif: band 1: data type CFloat32 is not a real number (complex or unknown); export the signal (dBm) or the 0/1 mask as a numeric band, e.g. gdal_translate -ot Float32"
bad two.tif "two.tif: the raster has 2 bands: 1 (Byte), 2 (Byte); say which one holds the claim with --band N"
cp "$T/mask.tif" "$T/mask2.tif"
printf 'x' >> "$T/mask2.tif" # a new SHA-256, the same raster: not a no-op
bad mask2.tif "mask2.tif: band 1: holds only 0 and 1 (a coverage mask), but --threshold -90 was given; drop --threshold (non-zero cells are claimed)" --threshold -90
expect_rc 2 "a band it does not have" "$PHUSONG" import coverage --operator VIETTEL --tech 5G --band 3 "$S" "$T/two.tif"
err_has "--band 3: $T/two.tif has 2 bands" "band count given"
check "store unchanged after the usage error" test "$(counts)" = "$BEFORE"
expect_rc 0 "--band picks one band" "$PHUSONG" validate coverage --operator VIETTEL --tech 5G --band 2 --store "$S" "$T/two.tif"
out_has "valid: 2 rows would be imported" "the two polygons of band 2"
check "validate writes nothing" test "$(counts)" = "$BEFORE"

# The file itself: a symbolic link, a file over --max-input-size; band
# descriptions name the bands in the message.
ln -s "$T/mask.tif" "$T/link.tif"
bad link.tif "link.tif: is a symbolic link; submit the file itself"
bad mask.tif "mask.tif: $(stat -c %s "$T/mask.tif") bytes is over the 100-byte input limit (raise it with --max-input-size)" --max-input-size 100
cat > "$T/desc.vrt" <<'VRT'
<VRTDataset rasterXSize="8" rasterYSize="8">
  <SRS>EPSG:4326</SRS>
  <GeoTransform>107.0, 0.0025, 0, 10.52, 0, -0.0025</GeoTransform>
  <VRTRasterBand dataType="Byte" band="1"><Description>VIETTEL 5G</Description>
    <SimpleSource><SourceFilename relativeToVRT="1">mask.tif</SourceFilename><SourceBand>1</SourceBand></SimpleSource>
  </VRTRasterBand>
  <VRTRasterBand dataType="Byte" band="2">
    <SimpleSource><SourceFilename relativeToVRT="1">mask.tif</SourceFilename><SourceBand>1</SourceBand></SimpleSource>
  </VRTRasterBand>
</VRTDataset>
VRT
check "two-band raster with a band description" gdal_translate -q "$T/desc.vrt" "$T/desc.tif"
bad desc.tif "desc.tif: the raster has 2 bands: 1 ('VIETTEL 5G', Byte), 2 (Byte); say which one holds the claim with --band N"
# No-data cells (255) beside the claim change nothing: the same 2
# polygons; validate without --store checks the file alone.
sed -e '7s/^0 0/255 255/' -e '14s/ 0$/ 255/' "$T/mask.asc" > "$T/holes.asc"
check "mask with no-data cells" gdal_translate -q -ot Byte -a_srs EPSG:4326 "$T/holes.asc" "$T/holes.tif"
check "the edit took: 3 no-data cells and the header's 255" [ "$(grep -o 255 "$T/holes.asc" | wc -l)" -eq 4 ]
expect_rc 0 "no-data cells, no store" "$PHUSONG" validate coverage --operator VIETTEL --tech 5G "$T/holes.tif"
out_has "holes.tif: valid: 2 rows would be imported, 0 warnings" "no-data cells are not claimed"
check "validate without a store writes nothing" test "$(counts)" = "$BEFORE"
phs_finish

# formats.sh: the same 12 sites submitted as CSV (Vietnamese columns),
# KML, a zipped shapefile, a bare shapefile, a GeoPackage and a GeoJSON in
# UTM 48N must land in the store as the same 12 sites at the same places
# (within 1e-7 degree after the UTM round trip), each tagged with its
# format; a .zip is read in place. Fixtures are made here with ogr2ogr
# from one hand-written CSV, so every format carries the same truth.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

cat > "$T/v.csv" <<'CSV'
ma_tram,ten_tram,kinh_do,vi_do,cong_nghe,bang_tan_mhz,ban_kinh_m
VT-001,Trạm Phường 1,107.070057,10.346300,4G,1800,
VT-002,Trạm Thắng Tam,107.083344,10.341224,4G,2100,900
VT-003,Trạm Bà Rịa,107.168121,10.497442,5G,2600,450
VT-004,Trạm Long Điền,107.210345,10.484231,4G,1800,
VT-005,Trạm Đất Đỏ,107.274921,10.489911,4G,1800,
VT-006,Trạm Xuyên Mộc,107.404813,10.563024,4G,900,3000
VT-007,Trạm Châu Đức,107.250734,10.648121,4G,1800,
VT-008,Trạm Phú Mỹ,107.051207,10.594305,4G,2100,
VT-009,Trạm Côn Sơn,106.606123,8.683411,4G,1800,
VT-010,Trạm Rạch Dừa,107.109342,10.381004,5G,2600,
VT-011,Trạm Ngãi Giao,107.245011,10.655902,4G,1800,
VT-012,Trạm Hồ Tràm,107.437777,10.494443,4G,1800,
CSV

OO="-oo X_POSSIBLE_NAMES=kinh_do -oo Y_POSSIBLE_NAMES=vi_do -a_srs EPSG:4326"
check "ogr2ogr KML" ogr2ogr -q -f LIBKML "$T/v.kml" "$T/v.csv" $OO
mkdir -p "$T/shp"
check "ogr2ogr shapefile" ogr2ogr -q -f "ESRI Shapefile" "$T/shp/v.shp" "$T/v.csv" $OO -lco ENCODING=UTF-8
check "zip shapefile" "$PHS_PY" -c "
import zipfile, glob, os
with zipfile.ZipFile('$T/v_shp.zip', 'w') as z:
    for f in sorted(glob.glob('$T/shp/v.*')):
        z.write(f, os.path.basename(f))"
check "ogr2ogr gpkg" ogr2ogr -q -f GPKG "$T/v.gpkg" "$T/v.csv" $OO
check "ogr2ogr utm geojson" ogr2ogr -q -f GeoJSON "$T/v_utm.geojson" "$T/v.csv" \
  -oo X_POSSIBLE_NAMES=kinh_do -oo Y_POSSIBLE_NAMES=vi_do -s_srs EPSG:4326 -t_srs EPSG:32648

S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "csv" "$PHUSONG" submit --operator OP_CSV "$S" "$T/v.csv"
out_has "12 of 12 rows" "csv rows"
# KML carries its own (empty) Name column beside ten_tram: phusong asks.
expect_rc 3 "kml ambiguous name" "$PHUSONG" submit --operator OP_KML "$S" "$T/v.kml"
err_has "could both be the site name" "kml ambiguity message"
expect_rc 0 "kml" "$PHUSONG" submit --operator OP_KML --name-field ten_tram "$S" "$T/v.kml"
expect_rc 0 "zip" "$PHUSONG" submit --operator OP_ZIP "$S" "$T/v_shp.zip"
expect_rc 0 "shp" "$PHUSONG" submit --operator OP_SHP "$S" "$T/shp/v.shp"
expect_rc 0 "gpkg" "$PHUSONG" submit --operator OP_GPKG "$S" "$T/v.gpkg"
expect_rc 0 "utm geojson" "$PHUSONG" submit --operator OP_UTM "$S" "$T/v_utm.geojson"

phs_py "stored sites agree across formats" "$S" <<'PY'
import sqlite3, sys
from phs_check import Checker
c = Checker()
db = sqlite3.connect(sys.argv[1])
ref = {r[0]: r[1:] for r in db.execute(
    "SELECT site_id, tech, lon, lat FROM site WHERE operator_code = 'OP_CSV'")}
c.eq(len(ref), 12, "csv sites")
for op in ("OP_KML", "OP_ZIP", "OP_SHP", "OP_GPKG", "OP_UTM"):
    got = {r[0]: r[1:] for r in db.execute(
        "SELECT site_id, tech, lon, lat FROM site WHERE operator_code = ?", (op,))}
    c.eq(sorted(got), sorted(ref), op + " site ids")
    for k, (tech, lon, lat) in got.items():
        if k not in ref:
            continue
        c.eq(tech, ref[k][0], op + " tech of " + k)
        c.ok(abs(lon - ref[k][1]) < 1e-7 and abs(lat - ref[k][2]) < 1e-7,
             "%s %s at %.9f %.9f, csv %.9f %.9f" % (op, k, lon, lat, ref[k][1], ref[k][2]))
names = {r[0] for r in db.execute("SELECT name FROM site WHERE site_id = 'VT-009'")}
c.eq(names, {"Trạm Côn Sơn"}, "Vietnamese names survive every format")
fmt = dict(db.execute("SELECT operator_code, format FROM submission WHERE kind = 'sites'"))
c.eq(fmt["OP_CSV"], "CSV", "csv format recorded")
c.eq(fmt["OP_ZIP"], "ESRI Shapefile", "zip read as a shapefile")
c.eq(fmt["OP_GPKG"], "GPKG", "gpkg format recorded")
crs = dict(db.execute("SELECT operator_code, crs_used FROM submission WHERE kind = 'sites'"))
c.ok("32648" in crs["OP_UTM"] or "UTM zone 48N" in crs["OP_UTM"], "UTM CRS recorded: " + crs["OP_UTM"][:60])
c.done()
PY
phs_finish

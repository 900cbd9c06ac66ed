# claims_disagree.sh: `phusong map --disagreement`, an operator's claimed
# coverage against the modelled coverage, on the "squares" fixture
# (tests/fixtures/squares/README.md). The model is a signal raster made
# here in phusong's <tech>_signal.tif layout (bands described by operator,
# PHUSONG_THRESHOLD_DBM = -110): -80 dBm over the south row of communes
# (90001, 90003), -130 dBm elsewhere, rasterised in UTM 48N at 10 m from
# the communes themselves (a cell is modelled when its centre lies in
# 90001 or 90003). VIETTEL claims the west column (90001, 90002). So, by
# hand, each commune is one class:
#   90001 both cover, 90002 claim only, 90003 model only, 90004 neither,
# and the km² of each class are the communes' ellipsoidal areas from the
# README: 1.21081479, 1.21077660, 1.21081479 and 1.16234554 (the hole
# belongs to no commune). The per-commune CSV must give exactly those
# (1e-6 km²: a commune's class fraction is exactly 1 or 0). The legend
# counts 10 m cells of the UTM plane and prints one decimal: 1.2 km² each,
# shares 25.25 %, 25.25 %, 25.25 %, 24.24 % of 4.7948 km² (0.2 points for
# the cells along the borders and the UTM scale, 1.0004 in area).
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
F="$PHS_SOURCE_DIR/tests/fixtures/squares"
S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"
expect_rc 0 "viettel sites" "$PHUSONG" submit --operator VIETTEL "$S" "$F/sites_viettel.csv"
expect_rc 0 "vnpt sites" "$PHUSONG" submit --operator VNPT "$S" "$F/sites_vnpt.csv"

# The model raster. UTM corners of the block (cs2cs EPSG:4326
# EPSG:32648): x 718875-721079, y 1161391-1163618; the grid covers
# 718800-721200 x 1161300-1163700 (240 x 240 cells).
check "south row in UTM" ogr2ogr -t_srs EPSG:32648 -where "commune_code IN ('90001','90003')" "$T/south.geojson" "$F/communes.geojson"
check "rasterise the model" gdal_rasterize -q -te 718800 1161300 721200 1163700 -tr 10 10 -init -130 -burn -80 -ot Float32 -a_nodata -9999 "$T/south.geojson" "$T/model0.tif"
band() { # band N DESCRIPTION SOURCE-XML
  printf '<VRTRasterBand dataType="Float32" band="%s"><Description>%s</Description><NoDataValue>-9999</NoDataValue>%s</VRTRasterBand>\n' "$1" "$2" "$3"
}
SRC='<SourceFilename relativeToVRT="1">model0.tif</SourceFilename><SourceBand>1</SourceBand>'
{
  echo '<VRTDataset rasterXSize="240" rasterYSize="240"><SRS>EPSG:32648</SRS>'
  echo '<GeoTransform>718800, 10, 0, 1163700, 0, -10</GeoTransform>'
  echo '<Metadata><MDI key="PHUSONG_THRESHOLD_DBM">-110</MDI>'
  echo '<MDI key="PHUSONG_MODEL">{"name": "uma", "environment": "urban", "threshold_dbm": -110, "reliability": 0.9}</MDI></Metadata>'
  # VNPT's band is -130 everywhere: picking it instead of VIETTEL's would
  # leave nothing modelled.
  band 1 VNPT "<ComplexSource>$SRC<ScaleOffset>-130</ScaleOffset><ScaleRatio>0</ScaleRatio></ComplexSource>"
  band 2 VIETTEL "<SimpleSource>$SRC</SimpleSource>"
  band 3 ANY "<SimpleSource>$SRC</SimpleSource>"
  echo '</VRTDataset>'
} > "$T/model.vrt"
mkdir -p "$T/cov"
check "signal raster" gdal_translate -q "$T/model.vrt" "$T/cov/5G_signal.tif"

cat > "$T/west.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {},
  "geometry": {"type": "Polygon", "coordinates": [[[107.00, 10.50], [107.01, 10.50], [107.01, 10.52], [107.00, 10.52], [107.00, 10.50]]]}}]}
JSON
expect_rc 2 "no claim yet" "$PHUSONG" map --disagreement --coverage "$T/cov" -o "$T/x.png" "$S"
err_has "no operator has a current 5G coverage filing in the store" "says what is missing"
expect_rc 0 "VIETTEL claims the west column" "$PHUSONG" import coverage --operator VIETTEL --tech 5G "$S" "$T/west.geojson"
expect_rc 0 "disagreement map (folder)" "$PHUSONG" map --disagreement --coverage "$T/cov" --lang en --width 1000 --height 750 -o "$T/dis.png" "$S"
out_has "wrote $T/dis.csv" "the CSV beside the map"
expect_rc 0 "disagreement map (vi)" "$PHUSONG" map --disagreement --operator VIETTEL --tech 5G --coverage "$T/cov/5G_signal.tif" -o "$T/dis_vi.png" "$S"

phs_py "disagreement map" "$T/dis.png" "$T/dis.csv" "$T/dis_vi.png" "$T/dis_vi.csv" <<'PY'
import csv, sys
from phs_check import Checker, read_png
c = Checker()

A = {"90001": 1.21081479, "90002": 1.21077660, "90003": 1.21081479, "90004": 1.16234554}
TOTAL = sum(A.values())
# commune -> its one class: (both, model only, claim only, neither)
CLS = {"90001": 0, "90002": 2, "90003": 1, "90004": 3}

rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
c.eq([r["commune_code"] for r in rows], ["90001", "90002", "90003", "90004"], "one CSV row per commune")
cols = ["both_km2", "modelled_not_claimed_km2", "claimed_not_modelled_km2", "neither_km2"]
for r in rows:
    code = r["commune_code"]
    c.near(float(r["area_km2"]), A[code], 1e-6, code + " area_km2")
    for k, col in enumerate(cols):
        c.near(float(r[col]), A[code] if k == CLS[code] else 0.0, 1e-6, "%s %s" % (code, col))
    c.eq(float(r["no_model_data_km2"]), 0.0, code + " inside the raster")
c.eq(rows[1]["commune_name"], "Xã Tây Bắc", "names in UTF-8")

w, h, ch, px, text = read_png(sys.argv[1])
c.eq((w, h), (1000, 750), "--width, --height")
c.eq(text.get("Title"), "5G coverage of VIETTEL: claimed and modelled", "title")
desc = text.get("Description", "")
lines = desc.split("\n")
c.ok("3GPP TR 38.901 UMa (urban), threshold \u2212110 dBm" in lines[0], "model in the subtitle: " + lines[0])
c.ok("claim: west.geojson (#4)" in lines[0], "the claim's filing in the subtitle")
c.ok("band 2 (VIETTEL)" in lines[0], "VIETTEL's band, not VNPT's")
c.ok("kind=disagreement" in lines[0], "kind")
legend = {}
for l in lines:
    for name in ("Both cover", "Model only", "Claim only", "Neither"):
        if l.startswith(name + ": "):
            pct, km = l[len(name) + 2:].split("% (")
            legend[name] = (float(pct), km)
c.eq(sorted(legend), ["Both cover", "Claim only", "Model only", "Neither"], "four classes in the legend")
for name, code in (("Both cover", "90001"), ("Model only", "90003"), ("Claim only", "90002"), ("Neither", "90004")):
    c.near(legend[name][0], 100 * A[code] / TOTAL, 0.2, name + " share")
    c.eq(legend[name][1], "1.2 km\u00b2)", name + " area")
c.ok("VIETTEL  (1)" in lines and not any(l.startswith("VNPT") for l in lines),
     "only VIETTEL's sites marked (its one 5G site)")
exact = dict(kv.split("=") for kv in lines[-2].split())
for key, code in (("both_km2", "90001"), ("model_only_km2", "90003"), ("claim_only_km2", "90002"), ("neither_km2", "90004")):
    c.near(float(exact[key]), A[code], 1e-6, "description " + key)

# Pixels: the four class colours at 80 % over the land #f3f3f1.
hist = {}
for r in px:
    for x in range(0, w * ch, ch):
        k = r[x:x + 3]
        hist[k] = hist.get(k, 0) + 1
land = (0xf3, 0xf3, 0xf1)
def near(rgb, tol=2):
    b = tuple(round(rgb[i] * 0.8 + land[i] * 0.2) for i in range(3))
    return sum(n for k, n in hist.items() if all(abs(k[i] - b[i]) <= tol for i in range(3)))
for name, rgb in (("both", (0x2c, 0x7f, 0xb8)), ("model only", (0x9e, 0xca, 0xe1)),
                  ("claim only", (0xe6, 0x55, 0x0d)), ("neither", (0xbd, 0xbd, 0xbd))):
    n = near(rgb)
    c.ok(n > 20000, "%s drawn: %d px" % (name, n))  # a commune is ~50 000 px

w, h, ch, px, text = read_png(sys.argv[3], pixels=False)
c.eq(text.get("Title"), "Vùng phủ sóng 5G của VIETTEL: công bố và mô hình", "Vietnamese title")
desc = text.get("Description", "")
c.ok("Cả hai cùng phủ: 25," in desc and "(1,2 km\u00b2)" in desc, "vi numbers in the legend")
vi = list(csv.reader(open(sys.argv[4], encoding="utf-8-sig")))
c.eq(vi[0][:6], ["ma_xa", "ten_xa", "ma_huyen", "ten_huyen", "dien_tich_km2", "ca_hai_km2"], "vi CSV header")
c.eq(vi[1][5], "1.210815", "CSV numbers stay machine-readable")
c.done()
PY

# Refusals.
rm "$T/dis.png"
expect_rc 2 "the CSV exists" "$PHUSONG" map --disagreement --coverage "$T/cov" -o "$T/dis.png" "$S"
err_has "'$T/dis.csv' exists; use --overwrite to replace it" "the CSV is never overwritten silently"
expect_rc 0 "--overwrite" "$PHUSONG" map --disagreement --coverage "$T/cov" -o "$T/dis.png" --overwrite "$S"
check "--overwrite writes both" test -s "$T/dis.png" -a -s "$T/dis.csv"
expect_rc 2 "VNPT filed no claim" "$PHUSONG" map --disagreement --operator VNPT --coverage "$T/cov" -o "$T/x.png" "$S"
err_has "VNPT has no current 5G coverage filing in the store" "names the operator"
expect_rc 2 "without --coverage" "$PHUSONG" map --disagreement -o "$T/x.png" "$S"
err_has "--disagreement needs --coverage" "asks for the raster"
check "raster without metadata" gdal_translate -q "$T/model0.tif" "$T/bare.tif"
expect_rc 3 "no threshold anywhere" "$PHUSONG" map --disagreement --coverage "$T/bare.tif" -o "$T/x.png" "$S"
err_has "bare.tif: no threshold in the raster's metadata (PHUSONG_THRESHOLD_DBM); give the one it was modelled with: --threshold DBM" "asks for the threshold"
expect_rc 0 "--threshold for a bare raster" "$PHUSONG" map --disagreement --threshold -110 --coverage "$T/bare.tif" -o "$T/bare.png" "$S"
check "integer raster" gdal_translate -q -ot Int16 "$T/cov/5G_signal.tif" "$T/int.tif"
expect_rc 3 "counts are not dBm" "$PHUSONG" map --disagreement --coverage "$T/int.tif" -o "$T/x.png" "$S"
err_has "int.tif: band 2 (Int16) is not a signal level in dBm" "refuses an integer band"
expect_rc 0 "VNPT claims too" "$PHUSONG" import coverage --operator VNPT --tech 5G "$S" "$T/west.geojson"
expect_rc 2 "two claimants" "$PHUSONG" map --disagreement --coverage "$T/cov" -o "$T/x.png" "$S"
err_has "5G coverage was filed by VIETTEL, VNPT; choose one with --operator OP" "lists them"
check "no PNG from refusals" test ! -e "$T/x.png"
check "no CSV from refusals" test ! -e "$T/x.csv"
phs_finish

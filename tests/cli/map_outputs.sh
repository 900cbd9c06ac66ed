# map_outputs.sh: `phusong map` outputs for GIS and print: the PNG's world
# file and .aux.xml (GDAL places the image: read back with gdalinfo and
# checked against pixel colours), SVG and PDF by the extension, the page
# sizes of --size, byte-identical repeats, and the --atlas of districts.
#
# The squares fixture with per-commune counts (tests/fixtures/squares/
# README.md): fibre shares 90001 150/200 = 75 %, 90002 120/100 (flagged,
# no data), 90003 240/300 = 80 %, 90004 300/400 = 75 %. With --classes fixed
# --breaks 78,79 there are three classes, < 78, 78 - < 79, >= 79, in
# ColorBrewer's 3-class YlGnBu: #edf8b1, #7fcdbb, #2c7fb8; no data is
# #d9d9d9 (render/map.c NODATA_RGB), the page white. So 90001 and 90004 are
# #edf8b1, 90003 #2c7fb8, 90002 #d9d9d9, the hole of 90004 white; the
# legend counts 2, 0, 1 and 1 without data. The block lies at 107.00-107.02
# E, in UTM zone 48 (102-108 E): EPSG:32648.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

S="$T/s.sqlite"
squares_store "$S"

MAP=(map --metric fibre_households --classes fixed --breaks 78,79 --title "Bản đồ thử nghiệm")

# --- outputs-1: PNG with its world file and CRS
expect_rc 0 "map -o m.png" "$PHUSONG" "${MAP[@]}" -o "$T/m.png" "$S"
out_has "wrote $T/m.png" "map -o m.png"
check "outputs-1.1 world file beside the PNG" test -s "$T/m.pgw"
check "outputs-1.2 .aux.xml beside the PNG" test -s "$T/m.png.aux.xml"
gdalinfo -json "$T/m.png" >"$T/gdalinfo.json" 2>"$T/gdalinfo.err"
check "outputs-1.3 gdalinfo reads the PNG" test -s "$T/gdalinfo.json"
# GDAL's own lookup of the pixel under lon/lat points (gdallocationinfo
# -wgs84 projects them with the CRS of the .aux.xml and finds the pixel with
# the world file): the commune centres, an interior point of 90004 (its
# centre is the hole's), and points 0.0001 deg (about 11 m, 4.6 pixels of
# the 2.4 m pixels of this map) inside and outside the block's west, east,
# north and south edges: they pin the origin and scale to a few pixels.
cat >"$T/pts.txt" <<'EOF'
107.005 10.505
107.005 10.515
107.015 10.505
107.012 10.518
107.015 10.515
106.9999 10.505
107.0001 10.505
107.0199 10.505
107.0201 10.505
107.005 10.5199
107.005 10.5201
107.015 10.5001
107.015 10.4999
EOF
gdallocationinfo -valonly -wgs84 "$T/m.png" <"$T/pts.txt" >"$T/vals.txt" 2>"$T/vals.err"
phs_py "outputs-1 georeferencing" "$T" <<'EOF'
import json, sys
from phs_check import Checker
c = Checker()
T = sys.argv[1]
info = json.load(open(T + "/gdalinfo.json", encoding="utf-8"))
wkt = info.get("coordinateSystem", {}).get("wkt", "")
c.ok('ID["EPSG",32648]' in wkt and "UTM zone 48N" in wkt,
     "gdalinfo: CRS is WGS 84 / UTM zone 48N (EPSG:32648): %r" % wkt[:80])
gt = info.get("geoTransform") or [0] * 6
c.eq(len(gt), 6, "gdalinfo: a geotransform")
wf = [float(v) for v in open(T + "/m.pgw").read().split()]
c.eq(len(wf), 6, "world file: six numbers")
# The world file names the CENTRE of the top-left pixel; GDAL's origin is
# its outer corner, half a pixel up and left.
c.near(gt[1], wf[0], 1e-9, "pixel width = world file line 1")
c.near(gt[5], wf[3], 1e-9, "pixel height = world file line 4")
c.ok(wf[0] > 0 and wf[3] == -wf[0], "square pixels, north up: %r" % wf[:4])
c.eq((gt[2], gt[4], wf[1], wf[2]), (0.0, 0.0, 0.0, 0.0), "no rotation")
c.near(gt[0], wf[4] - wf[0] / 2, 1e-6, "origin x = centre x - half a pixel")
c.near(gt[3], wf[5] - wf[3] / 2, 1e-6, "origin y = centre y + half a pixel")

vals = [int(v) for v in open(T + "/vals.txt").read().split()]
pts = [l.split() for l in open(T + "/pts.txt") if l.strip()]
LIGHT, DARK, GREY, WHITE = "#edf8b1", "#2c7fb8", "#d9d9d9", "#ffffff"
want = [("90001 centre", LIGHT), ("90002 centre", GREY),
        ("90003 centre", DARK), ("90004 inside", LIGHT),
        ("90004's hole", WHITE),
        ("outside the west edge", WHITE), ("inside the west edge", LIGHT),
        ("inside the east edge", DARK), ("outside the east edge", WHITE),
        ("inside the north edge", GREY), ("outside the north edge", WHITE),
        ("inside the south edge", DARK), ("outside the south edge", WHITE)]
c.eq(len(vals), 3 * len(want), "gdallocationinfo: R, G, B of every point")
for i, (what, rgb) in enumerate(want):
    v = vals[3 * i:3 * i + 3]
    got = "#%02x%02x%02x" % tuple(v) if len(v) == 3 else None
    c.eq(got, rgb, "%s at %s" % (what, " ".join(pts[i])))
c.done()
EOF

# --- outputs-2: SVG and PDF by the extension
expect_rc 0 "map -o m.svg" "$PHUSONG" "${MAP[@]}" -o "$T/m.svg" "$S"
expect_rc 0 "map -o m.pdf --size a4" "$PHUSONG" "${MAP[@]}" --size a4 -o "$T/m.pdf" "$S"
check "outputs-2.1 no world file for a vector map" test ! -e "$T/m.svg.aux.xml"
phs_py "outputs-2 SVG and PDF" "$T" <<'EOF'
import re, sys, unicodedata
import xml.etree.ElementTree as ET
from phs_check import Checker
c = Checker()
T = sys.argv[1]
NS = "{http://www.w3.org/2000/svg}"
TITLE = unicodedata.normalize("NFC", "Bản đồ thử nghiệm")
try:
    root = ET.parse(T + "/m.svg").getroot()
    c.ok(True, "the SVG parses as XML")
except ET.ParseError as e:
    root = None
    c.ok(False, "the SVG parses as XML: %s" % e)
if root is not None:
    c.eq(root.tag, NS + "svg", "root element")
    # 1600 x 1200 px at 150 dpi = 768 x 576 pt.
    c.eq((root.get("width"), root.get("height")), ("768pt", "576pt"),
         "SVG page in points")
    c.eq(root.findtext(NS + "title"), TITLE, "SVG <title>")
    desc = root.findtext(NS + "desc") or ""
    c.ok(unicodedata.is_normalized("NFC", desc), "the SVG's text is NFC")
    for row in ["< 78,0 %  (2)", "78,0 \u2013 < 79,0 %  (0)",
                "\u2265 79,0 %  (1)", "Không có dữ liệu  (1)"]:
        row = unicodedata.normalize("NFC", row)
        c.ok(row in desc.split("\n"), "SVG <desc> has the legend row %r" % row)
    c.ok(len(root.findall(".//" + NS + "path")) > 4, "the SVG draws paths")

pdf = open(T + "/m.pdf", "rb").read()
c.ok(pdf.startswith(b"%PDF-1."), "PDF header")
c.eq(len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)), 1, "one PDF page")
# A4 landscape at 300 dpi: 3508 x 2480 px = 841.92 x 595.2 pt.
m = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
c.ok(m is not None and (float(m.group(1)), float(m.group(2))) == (841.92, 595.2),
     "PDF page A4 landscape in points: %r" % (m and m.groups(),))
m = re.search(rb"/Title\s*<FEFF([0-9A-Fa-f]*)>", pdf)
title = bytes.fromhex(m.group(1).decode()).decode("utf-16-be") if m else None
c.eq(title, TITLE, "PDF /Title (UTF-16)")
c.ok(b"/Creator (phusong " in pdf, "PDF /Creator names phusong")
c.ok(b"/CreationDate" not in pdf, "no creation date in the PDF")
c.done()
EOF

# --- outputs-3: sizes (PNG IHDR and pHYs; the PDF page of A3)
expect_rc 0 "--size slide" "$PHUSONG" "${MAP[@]}" --size slide -o "$T/slide.png" "$S"
expect_rc 0 "--size 800x600" "$PHUSONG" "${MAP[@]}" --size 800x600 -o "$T/wxh.png" "$S"
expect_rc 0 "--size a4" "$PHUSONG" "${MAP[@]}" --size a4 -o "$T/a4.png" "$S"
expect_rc 0 "--size a3 (PDF)" "$PHUSONG" "${MAP[@]}" --size a3 -o "$T/a3.pdf" "$S"
expect_rc 0 "--size a4 --dpi 150" "$PHUSONG" "${MAP[@]}" --size a4 --dpi 150 -o "$T/a4_150.svg" "$S"
expect_rc 2 "--size bad" "$PHUSONG" "${MAP[@]}" --size huge -o "$T/bad.png" "$S"
err_has "a4" "a bad --size lists the sizes"
expect_rc 2 "--size with --width" "$PHUSONG" "${MAP[@]}" --size a4 --width 900 -o "$T/bad.png" "$S"
check "no map after the usage errors" test ! -e "$T/bad.png"
phs_py "outputs-3 sizes" "$T" <<'EOF'
import re, struct, sys
from phs_check import Checker
c = Checker()
T = sys.argv[1]
def ihdr_phys(path):
    d = open(path, "rb").read()
    size = struct.unpack(">II", d[16:24])
    i = d.find(b"pHYs")
    ppm = struct.unpack(">IIB", d[i + 4:i + 13]) if i > 0 else None
    return size, ppm
# slide: 1920 x 1080 at 150 dpi = 150 / 0.0254 = 5905.5 -> 5906 px/m.
c.eq(ihdr_phys(T + "/slide.png"), ((1920, 1080), (5906, 5906, 1)), "slide")
c.eq(ihdr_phys(T + "/wxh.png")[0], (800, 600), "800x600")
# A4 landscape 297 x 210 mm at 300 dpi: 297/25.4*300 = 3507.9 -> 3508,
# 210/25.4*300 = 2480.3 -> 2480; 300 dpi = 11811.0 px/m.
c.eq(ihdr_phys(T + "/a4.png"), ((3508, 2480), (11811, 11811, 1)), "A4 300 dpi")
# A3 landscape 420 x 297 mm at 300 dpi: 4960.6 -> 4961 x 3508 px, so the
# page is 4961*72/300 = 1190.64 x 841.92 pt.
pdf = open(T + "/a3.pdf", "rb").read()
m = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
c.ok(m is not None and (float(m.group(1)), float(m.group(2))) == (1190.64, 841.92),
     "A3 PDF page: %r" % (m and m.groups(),))
# A4 at 150 dpi: 1754 x 1240 px = 841.92 x 595.2 pt (the same paper).
svg = open(T + "/a4_150.svg", encoding="utf-8").read(600)
c.ok('width="841.92pt" height="595.2pt"' in svg, "A4 at 150 dpi in points")
c.done()
EOF

# --- outputs-4: the same inputs give the same bytes
expect_rc 0 "map again (PNG)" "$PHUSONG" "${MAP[@]}" -o "$T/m2.png" "$S"
expect_rc 0 "map again (SVG)" "$PHUSONG" "${MAP[@]}" -o "$T/m2.svg" "$S"
expect_rc 0 "map again (PDF)" "$PHUSONG" "${MAP[@]}" --size a4 -o "$T/m2.pdf" "$S"
check "outputs-4.1 PNG twice: the same bytes" cmp -s "$T/m.png" "$T/m2.png"
check "outputs-4.2 world file twice: the same bytes" cmp -s "$T/m.pgw" "$T/m2.pgw"
check "outputs-4.3 SVG twice: the same bytes" cmp -s "$T/m.svg" "$T/m2.svg"
check "outputs-4.4 PDF twice: the same bytes" cmp -s "$T/m.pdf" "$T/m2.pdf"
# The machine's fontconfig rules do not change a map (render/fonts.c): a
# configuration that replaces both families with DejaVu Serif, as a user's
# ~/.config/fontconfig could, gives the same bytes.
mkdir -p "$T/fc"
cat >"$T/fc/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <cachedir>$T/fc/cache</cachedir>
  <match target="pattern">
    <test name="family" qual="any"><string>Noto Sans</string></test>
    <edit name="family" mode="assign" binding="strong"><string>DejaVu Serif</string></edit>
  </match>
  <match target="pattern">
    <test name="family" qual="any"><string>DejaVu Sans</string></test>
    <edit name="family" mode="assign" binding="strong"><string>DejaVu Serif</string></edit>
  </match>
</fontconfig>
EOF
expect_rc 0 "map with other fontconfig rules" env FONTCONFIG_FILE="$T/fc/fonts.conf" \
  "$PHUSONG" "${MAP[@]}" -o "$T/m3.png" "$S"
check "outputs-4.5 other fontconfig rules: the same bytes" cmp -s "$T/m.png" "$T/m3.png"

expect_rc 2 "map -o m.jpg" "$PHUSONG" "${MAP[@]}" -o "$T/m.jpg" "$S"
err_has ".svg" "an unknown extension names the formats"

# --- outputs-5: the atlas, one map per district (901 Huyện Tây: 90001,
# 90002; 902 Huyện Đông: 90003, 90004), the same classes on every page.
expect_rc 0 "map --atlas" "$PHUSONG" "${MAP[@]}" --atlas "$T/atlas" "$S"
out_has "wrote 2 maps" "map --atlas"
expect_rc 2 "map --atlas again without --overwrite" "$PHUSONG" "${MAP[@]}" --atlas "$T/atlas" "$S"
# Natural breaks over all the communes' values {75, 75, 80}, k = 2: classes
# [75, 80) and [80, 80]. Classed per district, 901 (only 75) would get one
# class "75,0 %": the shared classes show on its page as an empty 80 class.
expect_rc 0 "map --atlas -f svg" "$PHUSONG" map --metric fibre_households \
  --classes jenks -k 2 --atlas "$T/atlas_svg" -f svg "$S"
expect_rc 2 "map --atlas with -o" "$PHUSONG" "${MAP[@]}" --atlas "$T/x" -o "$T/x.png" "$S"
phs_py "outputs-5 atlas" "$T" <<'EOF'
import csv, os, sys, unicodedata
import xml.etree.ElementTree as ET
from phs_check import Checker
c = Checker()
T = sys.argv[1]
NS = "{http://www.w3.org/2000/svg}"
N = lambda s: unicodedata.normalize("NFC", s)
pngs = sorted(f for f in os.listdir(T + "/atlas") if f.endswith(".png"))
c.eq(pngs, ["fibre_households_901.png", "fibre_households_902.png"],
     "one PNG per district")
for f in pngs:
    c.ok(os.path.exists(T + "/atlas/" + f[:-4] + ".pgw"), "%s: world file" % f)
rows = list(csv.DictReader(open(T + "/atlas/index.csv", encoding="utf-8-sig")))
c.eq([(r["file"], r["district_code"], r["district_name"], r["communes"],
       r["no_data"]) for r in rows],
     [("fibre_households_901.png", "901", N("Huyện Tây"), "2", "1"),
      ("fibre_households_902.png", "902", N("Huyện Đông"), "2", "0")],
     "index.csv")
html = open(T + "/atlas/index.html", encoding="utf-8").read()
c.ok(all('href="%s"' % f in html for f in pngs), "index.html links every map")
# Legend counts per page: 901 = 90001 (75 %) + 90002 (no data);
# 902 = 90003 (80 %) + 90004 (75 %).
want = {"901": (N("Huyện Tây"), {"75,0 \u2013 < 80,0 %  (1)", "80,0 %  (0)",
                                  N("Không có dữ liệu  (1)")}),
        "902": (N("Huyện Đông"), {"75,0 \u2013 < 80,0 %  (1)", "80,0 %  (1)"})}
svgs = sorted(f for f in os.listdir(T + "/atlas_svg") if f.endswith(".svg"))
c.eq(len(svgs), 2, "one SVG per district")
for code, (name, legend) in want.items():
    path = "%s/atlas_svg/fibre_households_%s.svg" % (T, code)
    if not c.ok(os.path.exists(path), "%s exists" % path):
        continue
    root = ET.parse(path).getroot()
    c.ok(name in (root.findtext(NS + "title") or ""), "%s: district in the title" % code)
    lines = set((root.findtext(NS + "desc") or "").split("\n"))
    for row in legend:
        c.ok(row in lines, "%s: legend row %r" % (code, row))
    if code == "902":
        c.ok(not any(l.startswith(N("Không có dữ liệu")) for l in lines),
             "902: no no-data row")
c.done()
EOF

phs_finish

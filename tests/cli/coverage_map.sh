# coverage_map.sh: `phusong map --coverage`: the coverage rasters of a
# propagation-model run drawn over the demo's communes, with the 5G sites
# marked per operator. Checked: the PNG (size, the operators' Okabe-Ito
# marker colours and the coverage classes in its pixels; the legend, with
# the site counts and the classes' shares, in its Description), the
# signal raster, a per-operator band, and the refusals: a missing raster
# (exit 3, named), a raster in a geographic CRS (exit 3), a raster whose
# kind cannot be told (exit 2), a band it does not have (exit 2).
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

D="$PHS_SOURCE_DIR/data/demo"
S="$T/demo/demo.sqlite"
expect_rc 0 "phusong demo" "$PHUSONG" demo -q --data "$D" -o "$T/demo"
expect_rc 0 "analyze uma with rasters" "$PHUSONG" analyze -q --model uma --coverage-out "$T/cov" "$S"
check "overlap raster written" test -s "$T/cov/5G_overlap.tif"

expect_rc 0 "coverage map" "$PHUSONG" map "$S" --coverage "$T/cov/5G_overlap.tif" -o "$T/cov.png" --synthetic
out_has "wrote $T/cov.png" "coverage map"
expect_rc 0 "signal map" "$PHUSONG" map "$S" --coverage "$T/cov/5G_signal.tif" -o "$T/sig.png" --lang en --width 1200 --height 900
expect_rc 0 "one operator's band" "$PHUSONG" map "$S" --coverage "$T/cov/5G_overlap.tif" --band 1 -o "$T/band1.png" --lang en

phs_py "coverage map PNGs" "$T/cov.png" "$T/sig.png" "$T/band1.png" <<'PY'
import sys
from phs_check import Checker, read_png
c = Checker()

def colours(w, ch, rows):
    hist = {}
    for r in rows:
        for x in range(0, w * ch, ch):
            k = r[x:x + 3]
            hist[k] = hist.get(k, 0) + 1
    return hist

def near(hist, rgb, tol):
    return sum(n for k, n in hist.items() if all(abs(k[i] - rgb[i]) <= tol for i in range(3)))

w, h, ch, rows, text = read_png(sys.argv[1])
c.eq((w, h), (1600, 1200), "default size")
hist = colours(w, ch, rows)
# Operators in code order: MOBIFONE vermillion, VIETTEL orange, VNPT
# reddish purple (Okabe-Ito); each marker's fill is ~80 px at 6 pt, 150 dpi.
for name, rgb in (("MOBIFONE", b"\xd5\x5e\x00"), ("VIETTEL", b"\xe6\x9f\x00"), ("VNPT", b"\xcc\x79\xa7")):
    n = hist.get(rgb, 0)
    c.ok(n > 150, "%s markers: %d px of #%s" % (name, n, rgb.hex()))
# Coverage classes: YlGnBu at 80 % over the land #f3f3f1.
land = (0xf3, 0xf3, 0xf1)
def blend(rgb):
    return tuple(round(rgb[i] * 0.8 + land[i] * 0.2) for i in range(3))
c.ok(near(hist, land, 1) > 200000, "bare land (not-spots) is most of the map")
c.ok(near(hist, blend((0xa1, 0xda, 0xb4)), 2) > 500, "class '1 operator' drawn")
c.ok(near(hist, blend((0x41, 0xb6, 0xc4)), 2) > 300, "class '2 operators' drawn")
title = text.get("Title", "")
desc = text.get("Description", "")
c.eq(title, "Vùng phủ sóng 5G", "title")
c.ok("3GPP TR 38.901 UMa" in desc and "ngưỡng \u2212110 dBm" in desc and "độ tin cậy 90%" in desc,
     "model metadata in the subtitle: " + desc.split("\n")[0])
c.ok("5G_overlap.tif" in desc, "the raster is credited")
lines = desc.split("\n")
sites = {}
for l in lines:
    for op in ("MOBIFONE", "VIETTEL", "VNPT"):
        if l.startswith(op + "  ("):
            sites[op] = int(l[len(op) + 3:-1])
c.eq(sorted(sites), ["MOBIFONE", "VIETTEL", "VNPT"], "every operator in the legend")
c.eq(sum(sites.values()), 10, "the demo's 10 5G sites, counted per operator")
shares = []
for l in lines:
    if "km\u00b2)" in l and ": " in l:
        pct = l.rsplit(": ", 1)[1].split("%")[0].replace(".", "").replace(",", ".")
        shares.append(float(pct.replace("< ", "")))
c.eq(len(shares), 4, "four coverage classes with shares")
c.ok(abs(sum(shares) - 100) < 0.3, "the shares add up to 100%%: %s" % shares)
c.ok(shares[0] > 90, "most of the province is a 5G not-spot (10 sites)")

w, h, ch, rows, text = read_png(sys.argv[2])
c.eq((w, h), (1200, 900), "--width/--height")
desc = text.get("Description", "")
c.eq(text.get("Title"), "5G coverage", "English title")
c.ok("\u2265 \u221290 dBm: " in desc and "< \u2212110 dBm (no coverage): " in desc, "dBm classes in the legend")
c.ok("kind=signal" in desc, "signal detected from Float32")

w, h, ch, rows, text = read_png(sys.argv[3])
desc = text.get("Description", "")
c.ok("Sites covering, of MOBIFONE" in desc and "band 1 (MOBIFONE)" in desc, "band 1 is MOBIFONE's")
c.done()
PY

# Refusals.
expect_rc 3 "missing raster" "$PHUSONG" map "$S" --coverage "$T/nope.tif" -o "$T/x.png"
err_has "$T/nope.tif" "the missing raster is named"
check "no PNG after a failed map" test ! -e "$T/x.png"
check "raster to lon/lat" gdalwarp -q -t_srs EPSG:4326 -r near "$T/cov/5G_overlap.tif" "$T/geo.tif"
expect_rc 3 "raster in a geographic CRS" "$PHUSONG" map "$S" --coverage "$T/geo.tif" -o "$T/x.png"
err_has "geographic CRS" "says why"
expect_rc 2 "server raster: kind unknown" "$PHUSONG" map "$S" --coverage "$T/cov/5G_server.tif" -o "$T/x.png"
err_has "--coverage-kind" "asks for the kind"
expect_rc 2 "band out of range" "$PHUSONG" map "$S" --coverage "$T/cov/5G_overlap.tif" --band 9 -o "$T/x.png"
err_has "has 4 bands" "band count given"
expect_rc 2 "bad kind" "$PHUSONG" map "$S" --coverage "$T/cov/5G_overlap.tif" --coverage-kind heat -o "$T/x.png"
expect_rc 2 "--metric and --coverage" "$PHUSONG" map "$S" --metric fibre_households --coverage "$T/cov/5G_overlap.tif" -o "$T/x.png"
expect_rc 2 "existing output" "$PHUSONG" map "$S" --coverage "$T/cov/5G_overlap.tif" -o "$T/cov.png"
check "no PNG from refusals" test ! -e "$T/x.png"

# --environment auto: the subtitle says where each site's environment (and
# with --model auto its model) came from, never the bare word "auto". The
# models per environment are --model auto's rule (docs/propagation.md: 5G
# urban and suburban UMa, rural RMa).
expect_rc 0 "analyze auto/auto" "$PHUSONG" analyze -q --cell 200 --model auto --environment auto --coverage-out "$T/auto" "$S"
expect_rc 0 "auto map (vi)" "$PHUSONG" map "$S" --coverage "$T/auto/5G_overlap.tif" -o "$T/auto_vi.png"
expect_rc 0 "auto map (en)" "$PHUSONG" map "$S" --coverage "$T/auto/5G_overlap.tif" -o "$T/auto_en.png" --lang en
expect_rc 0 "analyze uma/auto" "$PHUSONG" analyze -q --cell 200 --model uma --environment auto --coverage-out "$T/umaauto" "$S"
expect_rc 0 "uma, environment auto map" "$PHUSONG" map "$S" --coverage "$T/umaauto/5G_overlap.tif" -o "$T/umaauto.png" --lang en
phs_py "auto in the subtitle" "$T/auto_vi.png" "$T/auto_en.png" "$T/umaauto.png" <<'PY'
import sys
from phs_check import Checker, read_png
c = Checker()
def subtitle(path):
    """The first line of the PNG's iTXt Description (the subtitle)."""
    return read_png(path, pixels=False)[4].get("Description", "").split("\n")[0]
vi, en, uma = (subtitle(p) for p in sys.argv[1:4])
c.ok(vi.startswith("Mô hình từng trạm theo mật độ dân số xã: 3GPP TR 38.901 UMa (đô thị, ngoại ô),"
                   " 3GPP TR 38.901 RMa (nông thôn), ngưỡng"), "vi, model auto: " + vi)
c.ok(en.startswith("Model per site from commune population density: 3GPP TR 38.901 UMa (urban, suburban),"
                   " 3GPP TR 38.901 RMa (rural), threshold"), "en, model auto: " + en)
c.ok(uma.startswith("Model 3GPP TR 38.901 UMa (environment per site from commune population density),"),
     "en, uma with environment auto: " + uma)
for s in (vi, en, uma):
    c.ok("auto" not in s.split(" \u00b7 ")[0], "no bare 'auto' in the model part: " + s)
c.done()
PY
phs_finish

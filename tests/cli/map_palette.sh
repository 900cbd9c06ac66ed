# map_palette.sh: `phusong map --palette NAME --midpoint V --labels
# communes`: the help lists every palette; unknown names and wrong
# combinations are usage errors (2) that say what to give; a diverging map
# around a target and around the province's figure has the colours worked
# out below at each commune (read back with GDAL through the world file);
# commune labels change the drawing. The palettes' tables and the midpoint
# rule are tested in tests/render/render_palette.c, label placement in
# tests/render/render_labels.c; here the wiring.
#
# The squares fixture with household points (tests/fixtures/squares/
# README.md): fibre 90001 4/6 = 66.7 %, 90002 2/4 = 50 %, 90003 5/6 =
# 83.3 %, 90004 2/5 = 40 %, province 13/21 = 61.904762 %. Targets 50, 60, 70
# give "< 50" {90004}, "50 - < 60" {90002}, "60 - < 70" {90001}, ">= 70"
# {90003}.
# - --midpoint 60: two classes below, two above, none straddles: RdYlBu's
#   4 colours in order, #d7191c #fdae61 | #abd9e9 #2c7bb6.
# - --midpoint province (61.9): "60 - < 70" straddles it: two below, one
#   above, h = 2, RdYlBu 5 = #d7191c #fdae61 #ffffbf #abd9e9 #2c7bb6: the
#   classes get #d7191c #fdae61, the neutral #ffffbf, then #abd9e9.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

F="$PHS_SOURCE_DIR/tests/fixtures/squares"
S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "import communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"
expect_rc 0 "import households" "$PHUSONG" import households "$S" "$F/households.csv"
expect_rc 0 "analyze" "$PHUSONG" analyze "$S"

expect_rc 0 "map --help" "$PHUSONG" map --help
for p in YlGnBu Blues Greens OrRd Purples RdYlBu RdBu BrBG PuOr PiYG RdYlGn \
  "--midpoint" "--labels communes" "colour-blind"; do
  out_has "$p" "palette-1 map --help names $p"
done

MAP=(map --metric fibre_households --classes fixed --breaks 50,60,70)
expect_rc 2 "palette-2.1 unknown palette" "$PHUSONG" "${MAP[@]}" --palette Viridis -o "$T/x.png" "$S"
err_has "'Viridis'" "palette-2.1 names the palette"
err_has "YlGnBu, Blues, Greens, OrRd, Purples, RdYlBu, RdBu, BrBG, PuOr, PiYG, RdYlGn" \
  "palette-2.1 lists the palettes"
expect_rc 2 "palette-2.2 diverging without a midpoint" "$PHUSONG" "${MAP[@]}" --palette RdBu -o "$T/x.png" "$S"
err_has "--midpoint" "palette-2.2 asks for --midpoint"
expect_rc 2 "palette-2.3 midpoint with a sequential palette" "$PHUSONG" "${MAP[@]}" --midpoint 60 -o "$T/x.png" "$S"
err_has "diverging" "palette-2.3 says a midpoint needs a diverging palette"
expect_rc 2 "palette-2.4 midpoint not a number" "$PHUSONG" "${MAP[@]}" --palette RdBu --midpoint 6o -o "$T/x.png" "$S"
err_has "'6o' is not a number" "palette-2.4"
expect_rc 2 "palette-2.5 unknown --labels" "$PHUSONG" "${MAP[@]}" --labels villages -o "$T/x.png" "$S"
err_has "communes" "palette-2.5 lists the choices"
# Nine classes, all below a midpoint of 100: an arm has five colours.
expect_rc 2 "palette-2.6 too many classes on one side" "$PHUSONG" map --metric fibre_households \
  --classes fixed --breaks 10,20,30,40,50,60,70,80 --palette RdYlBu --midpoint 100 -o "$T/x.png" "$S"
err_has "at most 5" "palette-2.6"
check "palette-2 no map after the usage errors" test ! -e "$T/x.png"

expect_rc 0 "palette-3 --midpoint 60" "$PHUSONG" "${MAP[@]}" --palette RdYlBu --midpoint 60 -o "$T/m60.png" "$S"
expect_rc 0 "palette-3 --midpoint province" "$PHUSONG" "${MAP[@]}" --palette RdYlBu --midpoint province \
  --lang vi -o "$T/mprov.png" "$S"
expect_rc 0 "palette-3 --midpoint province, SVG" "$PHUSONG" "${MAP[@]}" --palette RdYlBu --midpoint province \
  --lang vi -o "$T/mprov.svg" "$S"
expect_rc 0 "palette-4 --labels communes" "$PHUSONG" "${MAP[@]}" --palette RdYlBu --midpoint 60 \
  --labels communes -o "$T/m60l.png" "$S"
check "palette-4 labels change the map" bash -c "! cmp -s '$T/m60.png' '$T/m60l.png'"

# Points 0.001 deg (about 110 m, some 40 px) inside each commune's outer
# corner: clear of the outlines and of any label (labels sit at the poles
# of inaccessibility, hundreds of metres in).
cat >"$T/pts.txt" <<'EOF'
107.001 10.501
107.001 10.519
107.019 10.501
107.019 10.519
EOF
for m in m60 mprov m60l; do
  gdallocationinfo -valonly -wgs84 "$T/$m.png" <"$T/pts.txt" >"$T/$m.vals" 2>"$T/$m.err"
done
phs_py "palette-3 colours around the midpoint" "$T" <<'EOF'
import sys
from phs_check import Checker
c = Checker()
T = sys.argv[1]
communes = ["90001", "90002", "90003", "90004"]
want = {
    "m60": ["#abd9e9", "#fdae61", "#2c7bb6", "#d7191c"],
    "mprov": ["#ffffbf", "#fdae61", "#abd9e9", "#d7191c"],
    "m60l": ["#abd9e9", "#fdae61", "#2c7bb6", "#d7191c"],
}
for m, rgbs in sorted(want.items()):
    vals = [int(v) for v in open(T + "/" + m + ".vals").read().split()]
    c.eq(len(vals), 12, m + ": R, G, B of four points")
    for i, rgb in enumerate(rgbs):
        v = vals[3 * i:3 * i + 3]
        got = "#%02x%02x%02x" % tuple(v) if len(v) == 3 else None
        c.eq(got, rgb, "%s: commune %s" % (m, communes[i]))
# The legend (in the SVG's <desc>) says where the colours turn: the
# province's 61.904762 % with one decimal and a decimal comma.
import xml.etree.ElementTree as ET
root = ET.parse(T + "/mprov.svg").getroot()
desc = "".join(e.text or "" for e in root.iter("{http://www.w3.org/2000/svg}desc"))
c.ok("Mốc giữa thang màu: 61,9 % (cả tỉnh)" in desc,
     "SVG desc has the midpoint: %r" % desc[:300])
c.done()
EOF

phs_finish

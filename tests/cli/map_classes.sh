# map_classes.sh: `phusong map --classes METHOD`: every method is named in
# the help; for four methods (jenks, pretty, fixed, manual) the map is
# written and its PNG Description names the method, the number of classes
# and the goodness of variance fit (the other methods differ only inside
# render/); wrong combinations of --classes and --breaks are usage errors
# (2). The methods themselves are tested against hand-computed and
# brute-force answers in tests/render/render_classify.c; here only the
# wiring.
#
# The squares fixture with per-commune counts: fibre shares 150/200 = 75 %,
# 120/100 (flagged above 100 %, not drawn: no data), 240/300 = 80 %,
# 300/400 = 75 %. So the drawn values are {75, 75, 80}: two distinct values.
# - jenks, k 3: one class per distinct value, 2 classes, SDCM 0, GVF 1;
# - fixed 80,90,95: 4 classes (< 80 {75,75}, 80-90 {80}, two empty), GVF 1;
# - manual 0,50,100,150: 3 classes, all values in [50,100): SDCM = SDAM,
#   GVF 0.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

S="$T/s.sqlite"
squares_store "$S"

expect_rc 0 "map --help" "$PHUSONG" map --help
for m in jenks pretty stddev headtail manual fixed; do
  out_has "$m" "map --help names $m"
done

for m in jenks pretty; do
  expect_rc 0 "map --classes $m" "$PHUSONG" map --metric fibre_households \
    --classes "$m" -k 3 -o "$T/map_$m.png" "$S"
  out_has "wrote $T/map_$m.png" "map --classes $m"
done
expect_rc 0 "map --classes fixed" "$PHUSONG" map --metric fibre_households \
  --classes fixed --breaks 80,90,95 -o "$T/map_fixed.png" "$S"
expect_rc 0 "map --classes manual" "$PHUSONG" map --metric fibre_households \
  --classes manual --breaks 0,50,100,150 -o "$T/map_manual.png" "$S"
# At most ten bounds (nine classes).
expect_rc 2 "map --classes manual, 11 bounds" "$PHUSONG" map --metric fibre_households \
  --classes manual --breaks 0,10,20,30,40,50,60,70,80,90,100 -o "$T/map_manual11.png" "$S"

expect_rc 2 "map --classes natural" "$PHUSONG" map --metric fibre_households \
  --classes natural -o "$T/x.png" "$S"
err_has "headtail" "an unknown method lists the known ones"
expect_rc 2 "map --classes jenks --breaks" "$PHUSONG" map --metric fibre_households \
  --classes jenks --breaks 1,2 -o "$T/x.png" "$S"
err_has "fixed or manual" "--breaks with another method"
expect_rc 2 "map --classes manual without --breaks" "$PHUSONG" map --metric fibre_households \
  --classes manual -o "$T/x.png" "$S"
err_has "needs --breaks" "manual without --breaks"
expect_rc 2 "map --classes fixed with unsorted --breaks" "$PHUSONG" map --metric fibre_households \
  --classes fixed --breaks 90,80 -o "$T/x.png" "$S"
err_has "ascending" "unsorted thresholds"
check "no PNG after the usage errors" test ! -e "$T/x.png"

phs_py "PNG descriptions" "$T" <<'EOF'
import struct, sys, zlib
from phs_check import Checker
c = Checker()
def description(path):
    d = open(path, "rb").read()
    p = 8
    while p + 8 <= len(d):
        n, = struct.unpack(">I", d[p:p + 4])
        kind, body = d[p + 4:p + 8], d[p + 8:p + 8 + n]
        if kind == b"iTXt" and body.startswith(b"Description\0"):
            rest = body.split(b"\0", 1)[1]
            flag, text = rest[0], rest[2:].split(b"\0", 2)[2]
            return (zlib.decompress(text) if flag else text).decode("utf-8")
        p += 12 + n
    return ""
T = sys.argv[1]
want = {  # file: (method, classes, GVF), worked out in the header above
    "jenks": ("jenks", 2, "1.0000"),
    "fixed": ("fixed", 4, "1.0000"),
    "manual": ("manual", 3, "0.0000"),
}
for f, (m, n, g) in want.items():
    desc = description("%s/map_%s.png" % (T, f))
    c.ok(" classes=%s n=%d " % (m, n) in desc, "%s: classes=%s n=%d in %r" % (f, m, n, desc[-60:]))
    if g:
        c.ok(desc.endswith("gvf=" + g), "%s: gvf=%s" % (f, g))
for m in ["pretty"]:
    desc = description("%s/map_%s.png" % (T, m))
    c.ok(" classes=%s n=" % m in desc and " gvf=1.0000" in desc,
         "%s: method and GVF (two distinct values, each in its class) in %r" % (m, desc[-60:]))
c.done()
EOF

phs_finish

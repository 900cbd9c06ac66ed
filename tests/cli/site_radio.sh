# site_radio.sh: the radio inputs of a site end to end, on the "squares"
# fixture (tests/fixtures/squares/README.md: 0.01 degree squares, SW corner
# 107.00 E 10.50 N; 1e-3 degree = 109.464 m east, 110.611 m north).
#
# 1. Import: mechanical and electrical tilt (Vietnamese names), transmit
#    power in W, antenna gain, feeder loss, stored exactly; the warning
#    naming a site whose EIRP disagrees with P + G - L; two power columns
#    that disagree reject the file.
# 2. EIRP from power: a 4G site with 20 W + 17 dBi - 0 dB = 60.0103 dBm,
#    omnidirectional at the receiver's height (1.5 m, no vertical loss),
#    free space at 1800 MHz, threshold -65 dBm, no margin (sigma 0):
#    EIRP_RS = 60.0103 - 10 log10(1200) = 29.2185 dBm, and
#    20 log10(d_km) <= 29.2185 + 65 - 20 log10(1800) - 32.45 = -3.3370,
#    d <= 0.6810 km.
# 3. --environment auto: communes of hand-set census densities give each
#    site its environment (>= 1500 people/km2 urban, >= 300 suburban, else
#    rural), which sets the default circle radius and, with --model auto,
#    the 38.901 scenario. Areas (README): 90001-90003 1.21081 km2 (90002
#    1.21078), 90004 1.16235 km2 without its hole.
#      90001: 3000 people -> 2477.7/km2 urban
#      90002:  600 people ->  495.5/km2 suburban
#      90003:  200 people ->  165.2/km2 rural
#      90004:  355 people ->  305.4/km2 suburban (on the area without the
#              hole; 293.2, rural, if the hole were counted)
#    Default radii (docs/propagation.md): 4G 1800 MHz urban 380 m, suburban
#    910 m, rural 3050 m; 5G n78 suburban 1010 m, rural 1480 m.
# 4. Sites outside their model's validity (docs/propagation.md, "Validity
#    ranges": UMa h_BS 18.5-36.5 m, RMa 10-150 m, 0.5-100 / 0.5-30 GHz,
#    h_UT 1.5 m inside both): counted and named per technology, each with
#    the model it was computed with (--model auto: its own).
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
F="$PHS_SOURCE_DIR/tests/fixtures/squares"

# ------------------------------------------------------------ 1. import
S="$T/import.sqlite"
cat > "$T/radio.csv" <<'CSV'
site_id,lon,lat,tech,band_mhz,goc_nghieng_co,goc_nghieng_dien,tx_power_w,antenna_gain_dbi,feeder_loss_db,eirp_dbm
P1,107.0050,10.5050,4G,1800,4,2,40,17,2,61.02
P2,107.0060,10.5060,4G,1800,,3,20,18,,65
P3,107.0070,10.5070,5G,3500,0,,,,,
P4,107.0080,10.5080,4G,1800,,,40,,,
CSV
expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"
expect_rc 0 "submit radio columns" "$PHUSONG" submit --operator IMP "$S" "$T/radio.csv"
# P2: 10 log10(20) + 30 = 43.0103 dBm + 18 dBi - 0 = 61.0103 dBm, 3.99 dB
# below its EIRP column; P1: 46.0206 + 17 - 2 = 61.0206, 0.0006 dB off.
err_has "site P2: EIRP 65 dBm, but transmit power 43.0103 dBm + antenna gain 18 dBi - feeder loss 0 dB (not given) = 61.0103 dBm (4.0 dB apart)" "disagreement names P2"
if grep -q "site P1:" "$T/err"; then phs_fail "P1 agrees within 1 dB: no warning"; else phs_pass; fi
phs_py "stored radio columns" "$S" <<'PY'
import math, sqlite3, sys
from phs_check import Checker
c = Checker()
db = sqlite3.connect(sys.argv[1])
rows = {r[0]: r[1:] for r in db.execute(
    "SELECT site_id, tilt_mech_deg, tilt_deg, tx_power_dbm, antenna_gain_dbi,"
    " feeder_loss_db, eirp_dbm FROM site")}
def eq(got, want, what):
    if want is None or got is None:
        c.eq(got, want, what)
    else:
        c.ok(abs(got - want) < 1e-9, "%s: %r vs %r" % (what, got, want))
# 40 W = 10 log10(40) + 30 dBm; 20 W likewise.
w40, w20 = 10 * math.log10(40) + 30, 10 * math.log10(20) + 30
c.near(w40, 46.0206, 1e-4, "40 W in dBm (self-check)")
want = {
    "P1": (4, 2, w40, 17, 2, 61.02),
    "P2": (None, 3, w20, 18, None, 65),
    "P3": (0, None, None, None, None, None),
    "P4": (None, None, w40, None, None, None),
}
cols = ["tilt_mech_deg", "tilt_deg (electrical)", "tx_power_dbm", "antenna_gain_dbi", "feeder_loss_db", "eirp_dbm"]
for sid, vals in want.items():
    for col, got, w in zip(cols, rows[sid], vals):
        eq(got, w, "%s %s" % (sid, col))
c.done()
PY
# A single "tilt" column beside a mechanical one is read as electrical,
# with a warning in case it is the total.
cat > "$T/tilt.csv" <<'CSV'
site_id,lon,lat,tech,tilt,tilt_mech
T1,107.0050,10.5050,5G,6,2
CSV
expect_rc 0 "validate tilt + tilt_mech" "$PHUSONG" validate sites --operator IMP "$T/tilt.csv"
err_has "column 'tilt' is read as the electrical downtilt beside the mechanical 'tilt_mech'" "single tilt read as electrical"
# Two power columns that disagree: 20 W is 43.01 dBm, not 46.
cat > "$T/power.csv" <<'CSV'
site_id,lon,lat,tech,tx_power_dbm,tx_power_w
W1,107.0050,10.5050,4G,46,20
CSV
expect_rc 3 "disagreeing power columns" "$PHUSONG" validate sites --operator IMP "$T/power.csv"
err_has "W is 43.01 dBm, but column 'tx_power_dbm' says 46 dBm" "both power columns named"
# Out of range: a feeder loss of 25 dB.
cat > "$T/feeder.csv" <<'CSV'
site_id,lon,lat,tech,feeder_loss_db
F1,107.0050,10.5050,4G,25
CSV
expect_rc 3 "implausible feeder loss" "$PHUSONG" validate sites --operator IMP "$T/feeder.csv"
err_has "is not a plausible feeder loss (dB) (0 to 20)" "feeder range"

# ----------------------------------------------------- 2. EIRP from power
cat > "$T/census.csv" <<'CSV'
ma_xa,hh_total,dan_so
90001,800,3000
90002,150,600
90003,50,200
90004,90,355
CSV
expect_rc 0 "census counts" "$PHUSONG" import households "$S" "$T/census.csv"
cat > "$T/pwr.csv" <<'CSV'
site_id,lon,lat,tech,band_mhz,height_m,tilt,tx_power_w,antenna_gain_dbi,feeder_loss_db
PW1,107.0050,10.5050,4G,1800,1.5,0,20,17,0
CSV
expect_rc 0 "submit power site" "$PHUSONG" submit --operator PWR "$S" "$T/pwr.csv"
expect_rc 0 "analyze 4G fspl" "$PHUSONG" analyze --model-4g fspl --threshold-4g -65 "$S"
# P4 (IMP) gave 40 W only: default gain and feeder loss, counted.
err_has "1 4G sites gave transmit power but no antenna gain" "default gain counted"
err_has "1 4G sites gave transmit power but no feeder loss: 0 dB assumed" "default feeder counted"
expect_rc 0 "report power" "$PHUSONG" report -f json --lang en -o "$T/pwr.json" "$S"
phs_py "EIRP from power reaches the model" "$T/pwr.json" <<'PY'
import json, math, sys
from phs_check import Checker
c = Checker()
r = json.load(open(sys.argv[1]))
MX, MY = 109464.0, 110611.0   # metres per degree (README)
def covered(cx, cy, rad, x0, x1, y0, y1, step=2.0):
    """km2 of the disc (centre, radius in m) inside [x0,x1]x[y0,y1] (m),
    midpoint rule on a step-m lattice."""
    n = 0
    x = x0 + step / 2
    while x < x1:
        dx = (x - cx) ** 2
        y = y0 + step / 2
        while y < y1:
            if dx + (y - cy) ** 2 <= rad * rad:
                n += 1
            y += step
        x += step
    return n * step * step / 1e6
eirp = 10 * math.log10(20) + 30 + 17 - 0
d_km = 10 ** ((eirp - 10 * math.log10(1200) + 65 - 20 * math.log10(1800) - 32.45) / 20)
c.near(d_km, 0.6810, 1e-4, "hand radius 0.6810 km (self-check)")
# Site at the centre of 90001 (547.3, 553.1 m from its SW corner).
want = covered(0.005 * MX, 0.005 * MY, d_km * 1000, 0, 0.01 * MX, 0, 0.01 * MY)
got = r["communes"][0]["metrics"]["coverage_4g_area_pwr"]["numerator"]
c.ok(abs(got - want) / want < 0.04, "PWR covers %.4f km2 of 90001, disc says %.4f" % (got, want))
c.done()
PY

# ------------------------------------------------ 3. --environment auto
A="$T/env.sqlite"
expect_rc 0 "init env" "$PHUSONG" init "$A"
expect_rc 0 "communes env" "$PHUSONG" import communes "$A" "$F/communes.geojson"
expect_rc 0 "census env" "$PHUSONG" import households "$A" "$T/census.csv"
# One operator per site, so each site's footprint is its operator's.
# URB: centre of 90001. SUB (90002) and HOL (90004) at 985 / 1204 m east
# and 1217 m north of the block's SW corner, more than 910 m from every
# edge of the block. RUR at the centre of 90003. OUT 547 m east of the
# block, in no commune. FIV: a 5G n78 site at the centre of 90003.
submit_one() { # operator id lon lat tech band
  printf 'site_id,lon,lat,tech,band_mhz\n%s,%s,%s,%s,%s\n' "$2" "$3" "$4" "$5" "$6" > "$T/$1.csv"
  expect_rc 0 "submit $1" "$PHUSONG" submit --operator "$1" "$A" "$T/$1.csv"
}
submit_one URB U1 107.0050 10.5050 4G 1800
submit_one SUB S1 107.0090 10.5110 4G 1800
submit_one HOL H1 107.0110 10.5110 4G 1800
submit_one RUR R1 107.0150 10.5050 4G 1800
submit_one OUT O1 107.0250 10.5100 4G 1800
submit_one FIV F1 107.0150 10.5050 5G 3500
expect_rc 2 "unknown environment" "$PHUSONG" analyze --environment jungle "$A"
err_has "unknown environment 'jungle' (urban, suburban, rural, auto)" "auto listed"
expect_rc 0 "analyze circles, env auto" "$PHUSONG" analyze --environment auto "$A"
err_has "4G sites by the census density of their commune (--environment auto): 1 urban, 3 suburban, 1 rural; 1 of them without a density" "4G sites per environment"
err_has "5G sites by the census density of their commune (--environment auto): 0 urban, 0 suburban, 1 rural; 0 of them" "5G sites per environment"
expect_rc 0 "report circles" "$PHUSONG" report -f json --lang en -o "$T/c.json" "$A"
expect_rc 0 "analyze --model auto" "$PHUSONG" analyze --environment auto --model auto "$A"
expect_rc 0 "report model auto" "$PHUSONG" report -f json --lang en -o "$T/auto.json" "$A"
expect_rc 0 "analyze --model uma" "$PHUSONG" analyze --environment auto --model uma "$A"
err_has "5G: --environment auto does not change the uma model" "uma has no environment"
expect_rc 0 "report model uma" "$PHUSONG" report -f json --lang en -o "$T/uma.json" "$A"
expect_rc 0 "analyze fixed rural" "$PHUSONG" analyze --environment rural "$A"
expect_rc 0 "report rural" "$PHUSONG" report -f json --lang en -o "$T/rural.json" "$A"
phs_py "environment per site" "$T/c.json" "$T/auto.json" "$T/uma.json" "$T/rural.json" <<'PY'
import json, math, sys
from phs_check import Checker
c = Checker()
circ, auto, uma, rural = (json.load(open(p)) for p in sys.argv[1:5])
MX, MY = 109464.0, 110611.0
W, H = 0.02 * MX, 0.02 * MY                       # the block, metres
HOLE = (0.014 * MX, 0.016 * MX, 0.014 * MY, 0.016 * MY)
def covered(lon, lat, rad, step=4.0):
    """km2 of the disc inside the block but not the hole (midpoint rule)."""
    cx, cy = (lon - 107) * MX, (lat - 10.5) * MY
    n = 0
    x = max(0.0, cx - rad) + step / 2
    while x < min(W, cx + rad):
        dx = (x - cx) ** 2
        y = max(0.0, cy - rad) + step / 2
        while y < min(H, cy + rad):
            if dx + (y - cy) ** 2 <= rad * rad and not (
                    HOLE[0] < x < HOLE[1] and HOLE[2] < y < HOLE[3]):
                n += 1
            y += step
        x += step
    return n * step * step / 1e6
prov = circ["province"]["metrics"]
block = prov["coverage_4g_area"]["denominator"]
c.near(block, 4.79475173, 1e-6, "province area (README)")
# Densities by hand (README areas): the thresholds of the Degree of
# Urbanisation decide, 90004 on its area without the hole.
c.ok(3000 / 1.21081479 >= 1500 and 600 / 1.21077660 >= 300 and 200 / 1.21081479 < 300, "densities (self-check)")
c.ok(355 / 1.16234554 >= 300 > 355 / 1.21077660, "90004 is suburban only without its hole (self-check)")
want = {
    "urb": covered(107.005, 10.505, 380),    # urban: 380 m, all inside 90001
    "sub": covered(107.009, 10.511, 910),    # suburban
    "hol": covered(107.011, 10.511, 910),    # suburban by the hole-less area
    "rur": covered(107.015, 10.505, 3050),   # rural: the whole block
    "out": covered(107.025, 10.510, 910),    # no commune: suburban
}
c.near(want["urb"], math.pi * 0.38 ** 2, 2e-3, "URB disc lies inside the block (self-check)")
c.near(want["rur"], block, 0.005 * block, "RUR disc covers the block (self-check)")
for op, w in want.items():
    got = prov["coverage_4g_area_" + op]["numerator"]
    c.ok(abs(got - w) / w < 0.03, "4G %s: %.4f km2 covered, disc gives %.4f" % (op, got, w))
p = circ["run"]["params"]
c.eq(p["footprint_4g"], "circle", "4G circles")
c.eq(p["circle_4g"], {"environment": "auto", "environment_sites":
     {"urban": 1, "suburban": 3, "rural": 1, "no_density": 1}}, "4G circle metadata")
c.eq(p["circle"]["environment_sites"], {"urban": 0, "suburban": 0, "rural": 1, "no_density": 0}, "5G circle metadata")
# 5G: rural circle 1480 m; --model auto takes RMa for it, whose edge for
# the default site is the same 1480 m (the table's derivation); --model
# uma keeps UMa, edge 1010 m.
five_circle = covered(107.015, 10.505, 1480)
five_uma = covered(107.015, 10.505, 1010)
g_c = prov["coverage_5g_area"]["numerator"]
g_a = auto["province"]["metrics"]["coverage_5g_area"]["numerator"]
g_u = uma["province"]["metrics"]["coverage_5g_area"]["numerator"]
c.ok(abs(g_c - five_circle) / five_circle < 0.03, "5G circle %.4f vs %.4f" % (g_c, five_circle))
c.ok(abs(g_a - five_circle) / five_circle < 0.04, "5G RMa (auto) %.4f vs %.4f" % (g_a, five_circle))
c.ok(abs(g_u - five_uma) / five_uma < 0.04, "5G UMa %.4f vs %.4f" % (g_u, five_uma))
m = auto["run"]["params"]["model"]
c.eq((m["name"], m["environment"], m["environment_fallback"]), ("auto", "auto", "suburban"), "model auto recorded")
c.eq(m["models"], {"urban": "uma", "suburban": "uma", "rural": "rma"}, "models per environment")
c.eq(m["environment_sites"], {"urban": 0, "suburban": 0, "rural": 1, "no_density": 0}, "model metadata counts")
c.eq(uma["run"]["params"]["model"]["name"], "uma", "uma kept")
p = rural["run"]["params"]
c.eq(p["circle_4g"], {"environment": "rural", "environment_sites":
     {"urban": 0, "suburban": 0, "rural": 5, "no_density": 0}}, "fixed environment: every site")
c.near(rural["province"]["metrics"]["coverage_4g_area_urb"]["numerator"], block, 0.02 * block,
       "URB at 3050 m (rural) covers the block")
c.done()
PY

# ------------------------------------- 4. sites outside the model's range
# 5G n78 sites, 3500 MHz: U45 (45 m) and U25 (25 m) in 90001 (urban by
# density), R45 (45 m) in 90003 (rural). --model uma: 45 m is above UMa's
# 36.5 m, 25 m inside: U45 and R45 counted, U25 not. --model auto
# --environment auto: U45 keeps UMa (urban) and is counted; R45 gets RMa
# (rural), whose 10-150 m holds 45 m: not counted; U25 not.
V="$T/oor.sqlite"
expect_rc 0 "init oor" "$PHUSONG" init "$V"
expect_rc 0 "communes oor" "$PHUSONG" import communes "$V" "$F/communes.geojson"
expect_rc 0 "census oor" "$PHUSONG" import households "$V" "$T/census.csv"
cat > "$T/oor.csv" <<'CSV'
site_id,lon,lat,tech,band_mhz,height_m
U45,107.0050,10.5050,5G,3500,45
U25,107.0040,10.5040,5G,3500,25
R45,107.0150,10.5050,5G,3500,45
CSV
expect_rc 0 "submit oor" "$PHUSONG" submit --operator OOR "$V" "$T/oor.csv"
expect_rc 0 "analyze uma" "$PHUSONG" analyze --model uma "$V"
err_has "5G: 2 sites are outside their path-loss model's validity range (carrier or antenna height), so every cell they reach is extrapolated: R45 (uma, 3500 MHz, 45 m), U45 (uma, 3500 MHz, 45 m) (docs/propagation.md" "UMa: both 45 m sites counted and named (dataset order)"
if grep -q "U25 (" "$T/err"; then phs_fail "U25 at 25 m is inside UMa's band"; else phs_pass; fi
expect_rc 0 "analyze auto" "$PHUSONG" analyze --model auto --environment auto "$V"
err_has "5G: 1 sites are outside their path-loss model's validity range (carrier or antenna height), so every cell they reach is extrapolated: U45 (uma, 3500 MHz, 45 m) (docs/" "auto: only the urban 45 m site"
if grep -q "R45 (\|U25 (" "$T/err"; then phs_fail "R45 (RMa) and U25 are in range"; else phs_pass; fi
expect_rc 0 "analyze circles oor" "$PHUSONG" analyze "$V"
if grep -q "outside their path-loss model" "$T/err"; then phs_fail "circles have no model range"; else phs_pass; fi
phs_finish

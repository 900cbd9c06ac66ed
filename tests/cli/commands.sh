# commands.sh: the command-line interface itself: help and version, exit
# codes and messages of the usual mistakes (0 ok, 1 runtime, 2 usage, 3
# input rejected), the dry run, and the output formats (CSV with BOM,
# Vietnamese number formatting, PNG size, resolution and metadata).
# The store-busy exit code (4) is in store_busy.sh: it takes a minute.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

F="$PHS_SOURCE_DIR/tests/fixtures/squares"
S="$T/s.sqlite" # analysed store: communes, counts, sites
E="$T/empty.sqlite" # a store with no analysis run

sha() { sha256sum "$1" | cut -d' ' -f1; }

# ---------------------------------------------------------------- help
expect_rc 0 "phusong --help" "$PHUSONG" --help
out_has "Usage: phusong COMMAND" "phusong --help"
for cmd in init import submit validate analyze report map synth demo; do
  expect_rc 0 "phusong $cmd --help" "$PHUSONG" "$cmd" --help
  out_has "Usage: phusong $cmd" "phusong $cmd --help"
  run "$PHUSONG" --help
  out_has "  $cmd " "phusong --help lists $cmd"
done
expect_rc 2 "phusong without a command" "$PHUSONG"
err_has "Usage: phusong COMMAND" "phusong without a command prints the usage"

# ------------------------------------------------------------- version
version=$(sed -n 's/^project(phusong VERSION \([0-9.]*\).*/\1/p' "$PHS_SOURCE_DIR/CMakeLists.txt")
expect_rc 0 "phusong --version" "$PHUSONG" --version
check "--version's first line is 'phusong $version' (got '$(head -n 1 "$T/out")')" \
  test "$(head -n 1 "$T/out")" = "phusong $version"
for lib in GDAL PROJ SQLite SpatiaLite libpng cairo; do
  check "--version names $lib with a version" grep -qE "(^|[ ,])$lib [0-9]+\.[0-9]+" "$T/out"
done
# The versions are those of the libraries built against (pkg-config).
if command -v pkg-config >/dev/null; then
  for pair in GDAL:gdal PROJ:proj SQLite:sqlite3 SpatiaLite:spatialite libpng:libpng cairo:cairo; do
    v=$(pkg-config --modversion "${pair#*:}" 2>/dev/null) || continue
    out_has "${pair%%:*} $v" "--version: ${pair%%:*} is pkg-config's $v"
  done
fi
expect_rc 0 "phusong report --version" "$PHUSONG" report --version
out_has "phusong $version" "phusong report --version"

# ---------------------------------------------------- usage errors (2)
expect_rc 2 "unknown command" "$PHUSONG" frobnicate
err_has "unknown command 'frobnicate'" "unknown command"
expect_rc 2 "unknown option" "$PHUSONG" analyze --frobnicate "$S"
err_has "unknown or incomplete option '--frobnicate'" "unknown option"
err_has "phusong analyze --help" "unknown option points to the help"
expect_rc 2 "option missing its value" "$PHUSONG" report "$S" --lang
err_has "unknown or incomplete option" "option missing its value"
expect_rc 2 "--lang fr" "$PHUSONG" report --lang fr "$S"
err_has "--lang must be vi or en" "--lang fr"
expect_rc 2 "analyze with two stores" "$PHUSONG" analyze "$S" "$E"

# ------------------------------------------------- a store to work on
expect_rc 0 "init" "$PHUSONG" init "$S"
out_has "created store $S" "init"
expect_rc 0 "import communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"
expect_rc 0 "import counts" "$PHUSONG" import households "$S" "$F/counts.csv"
expect_rc 0 "submit" "$PHUSONG" submit --operator VIETTEL "$S" "$F/sites_viettel.csv"
expect_rc 0 "analyze" "$PHUSONG" analyze "$S"
expect_rc 0 "init a second store" "$PHUSONG" init "$E"

# init never overwrites
before=$(sha "$S")
expect_rc 2 "init on an existing store" "$PHUSONG" init "$S"
err_has "never overwritten" "init on an existing store"
check "init left the existing store unchanged" test "$(sha "$S")" = "$before"
echo "not a store" >"$T/notes.txt"
expect_rc 2 "init on an existing other file" "$PHUSONG" init "$T/notes.txt"
check "init left the other file unchanged" grep -qx "not a store" "$T/notes.txt"

# missing store: runtime error naming the path, and nothing created
for cmd in analyze report; do
  expect_rc 1 "$cmd on a missing store" "$PHUSONG" "$cmd" "$T/missing.sqlite"
  err_has "$T/missing.sqlite" "$cmd on a missing store names the path"
  check "$cmd did not create the missing store" test ! -e "$T/missing.sqlite"
done
expect_rc 1 "map on a missing store" "$PHUSONG" map --metric fibre_households -o "$T/m0.png" "$T/missing.sqlite"
err_has "$T/missing.sqlite" "map on a missing store names the path"

# report before any analysis
expect_rc 1 "report before any analysis" "$PHUSONG" report "$E"
err_has "no analysis run" "report before any analysis"
expect_rc 1 "map before any analysis" "$PHUSONG" map --metric fibre_households -o "$T/m1.png" "$E"
err_has "no analysis run" "map before any analysis"
check "no PNG after a failed map" test ! -e "$T/m1.png"
expect_rc 2 "report --run of a run that does not exist" "$PHUSONG" report --run 0 "$S"

# report -o: never replaces a file without --overwrite
echo "keep me" >"$T/exists.md"
expect_rc 2 "report -o an existing file" "$PHUSONG" report -o "$T/exists.md" "$S"
err_has "--overwrite" "report -o an existing file suggests --overwrite"
check "report left the existing file unchanged" grep -qx "keep me" "$T/exists.md"
expect_rc 0 "report -o an existing file --overwrite" "$PHUSONG" report --overwrite -o "$T/exists.md" "$S"
check "report --overwrite replaced the file" grep -q "^# " "$T/exists.md"
expect_rc 2 "report -f of an unknown format" "$PHUSONG" report -f pdf "$S"
err_has "unknown report format 'pdf'" "report -f pdf"

# map: metrics
expect_rc 2 "map of an unknown metric" "$PHUSONG" map --metric no_such_metric -o "$T/m2.png" "$S"
err_has "no_such_metric" "map of an unknown metric names it"
check "no PNG for an unknown metric" test ! -e "$T/m2.png"
expect_rc 2 "map of sites_5g (a count)" "$PHUSONG" map --metric sites_5g -o "$T/m3.png" "$S"
err_has "count" "map of sites_5g says why"
check "no PNG for sites_5g" test ! -e "$T/m3.png"
expect_rc 2 "map without --metric" "$PHUSONG" map -o "$T/m4.png" "$S"
expect_rc 2 "map to a .jpg" "$PHUSONG" map --metric fibre_households -o "$T/m.jpg" "$S"
err_has ".png" "map to a .jpg"

# submit needs an operator
expect_rc 2 "submit without --operator" "$PHUSONG" submit "$S" "$F/sites_viettel.csv"
err_has "--operator" "submit without --operator"
expect_rc 2 "submit with a lower-case operator" "$PHUSONG" submit --operator viettel "$S" "$F/sites_viettel.csv"
expect_rc 2 "import sites (use submit)" "$PHUSONG" import sites "$S" "$F/sites_viettel.csv"

# --------------------------------------------------- input rejected (3)
expect_rc 3 "import of a missing file" "$PHUSONG" import households "$S" "$T/nowhere/hh.csv"
err_has "$T/nowhere/hh.csv" "import of a missing file names it"
err_has "nothing imported" "import of a missing file"

# ------------------------------------------- validate: a dry run (0/3)
V="$T/validate"
mkdir -p "$V"
cp "$F/households.csv" "$F/sites_vnpt.csv" "$V/"
printf 'household_id,lon,lat,fibre\nX1,107.0010,10.5010,1\nX2,107.0020,10.5020,maybe\n' >"$V/bad.csv"
listing() { (cd "$V" && find . -exec stat -c '%n %s %Y' {} + | sort && sha256sum ./*); }
store_before=$(sha "$S")
listing >"$T/before.txt"
sleep 1 # so that a file touched by validate gets another mtime
# (run inside $V, where nothing may appear)
expect_rc 0 "validate a good households file" env -C "$V" "$PHUSONG" validate households households.csv
out_has "valid: 23 rows would be imported" "validate a good households file"
expect_rc 0 "validate a good sites file" env -C "$V" "$PHUSONG" validate sites --operator VNPT sites_vnpt.csv
expect_rc 3 "validate a bad households file" env -C "$V" "$PHUSONG" validate households bad.csv
err_has "bad.csv:3: field 'fibre': 'maybe'" "validate names the bad cell"
expect_rc 2 "validate with a store argument" env -C "$V" "$PHUSONG" validate households "$S" households.csv
listing >"$T/after.txt"
check "validate wrote nothing (files, sizes, mtimes, contents)" cmp -s "$T/before.txt" "$T/after.txt"
check "validate did not touch the store" test "$(sha "$S")" = "$store_before"

# -------------------------------------------------------------- formats
# CSV: UTF-8 BOM, then the header line, CRLF.
expect_rc 0 "report -f csv" "$PHUSONG" report -f csv --lang en "$S"
cp "$T/out" "$T/en.csv"
expect_rc 0 "report -f csv --lang vi" "$PHUSONG" report -f csv --lang vi "$S"
cp "$T/out" "$T/vi.csv"
# Options may follow the arguments, as the usage lines write them
# ("import KIND [OPTIONS] STORE FILE").
expect_rc 0 "report STORE -f csv --lang en (options after the store)" "$PHUSONG" report "$S" -f csv --lang en
check "options after the store give the same report" cmp -s "$T/out" "$T/en.csv"
expect_rc 0 "report -o file.csv (format from the extension)" "$PHUSONG" report --lang en -o "$T/by_ext.csv" "$S"
expect_rc 0 "report -f csv --no-bom" "$PHUSONG" report -f csv --no-bom --lang en "$S"
cp "$T/out" "$T/nobom.csv"
phs_py "CSV report" "$T/en.csv" "$T/vi.csv" "$T/by_ext.csv" "$T/nobom.csv" <<'EOF'
import csv, io, sys
from phs_check import Checker
c = Checker()
en, vi, by_ext, nobom = (open(p, "rb").read() for p in sys.argv[1:5])
BOM = b"\xef\xbb\xbf"
HEAD_EN = b"level,code,name,parent_code,metric,numerator,denominator,pct,ci_low_pct,ci_high_pct,n,flags\r\n"
HEAD_VI = b"cap,ma,ten,ma_cap_tren,chi_tieu,tu_so,mau_so,ty_le_pct,ci_duoi_pct,ci_tren_pct,n,canh_bao\r\n"
c.ok(en.startswith(BOM + HEAD_EN), "English CSV starts with the BOM and the header: %r" % en[:40])
c.ok(vi.startswith(BOM + HEAD_VI), "Vietnamese CSV starts with the BOM and its header: %r" % vi[:40])
c.eq(by_ext, en, "report -o x.csv writes the CSV")
c.ok(nobom.startswith(HEAD_EN), "--no-bom: no BOM")
rows = list(csv.DictReader(io.StringIO(en.decode("utf-8-sig"), newline="")))
c.eq(len(rows), 7 * 15, "rows: 7 areas x 15 metrics (fibre + 5G and 4G blocks of 5 + 2 per operator)")
prov = {r["metric"]: r for r in rows if r["level"] == "province"}
f = prov["fibre_households"]
c.eq((f["code"], f["name"], f["numerator"], f["denominator"], f["flags"]),
     ("90", "Tỉnh Thử Nghiệm", "690", "900", "incomplete"), "CSV province fibre row")
c.eq(round(float(f["pct"]), 6), 76.666667, "CSV province fibre pct")
bad = [r for r in rows if r["code"] == "90002" and r["metric"] == "fibre_households"][0]
c.eq((bad["pct"], bad["flags"]), ("", "ratio_over_100"), "CSV: a pct that is not defined is empty")
c.eq(prov["sites_5g"]["denominator"], "", "CSV: a count has no denominator")
c.ok(all(line.endswith(b"\r\n") for line in en.split(b"\n")[:-1] for line in [line + b"\n"]), "CSV lines end in CRLF")
c.done()
EOF

# Markdown: Vietnamese decimal comma and dot thousands; English the reverse.
expect_rc 0 "report md --lang vi" "$PHUSONG" report -f md --lang vi "$S"
cp "$T/out" "$T/vi.md"
expect_rc 0 "report md --lang en" "$PHUSONG" report -f md --lang en "$S"
cp "$T/out" "$T/en.md"
expect_rc 0 "report md (default language: vi)" "$PHUSONG" report "$S"
check "the default report is the Vietnamese Markdown" cmp -s "$T/out" "$T/vi.md"
phs_py "Markdown number formats" "$T/vi.md" "$T/en.md" <<'EOF'
import sys
from phs_check import Checker
c = Checker()
vi, en = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
# province fibre 690/900 = 76.67 %; coverage denominator 1000 households
c.ok("| Hộ có cáp quang | 690 | 900 | 76,7% |" in vi, "vi: '76,7%' with a decimal comma")
c.ok("| 1.000 |" in vi, "vi: '1.000' with a dot for thousands")
c.ok("76.7%" not in vi and "1,000" not in vi, "vi: no English number formats")
c.ok("| Households with fibre | 690 | 900 | 76.7% |" in en, "en: '76.7%'")
c.ok("| 1,000 |" in en, "en: '1,000'")
c.ok("tỷ lệ > 100%: lỗi dữ liệu" in vi, "vi: the ratio_over_100 note")
c.ok("# Báo cáo" in vi and "# Digital infrastructure" in en, "titles in each language")
c.done()
EOF

# Map: 1600 x 1200 PNG, 150 dpi (5906 px/m), iTXt Title.
expect_rc 0 "map" "$PHUSONG" map --metric fibre_households -o "$T/map.png" "$S"
out_has "wrote $T/map.png" "map"
expect_rc 2 "map -o an existing PNG" "$PHUSONG" map --metric fibre_households -o "$T/map.png" "$S"
expect_rc 0 "map --lang en --dpi 300 --width 800 --height 600" "$PHUSONG" map --metric coverage_5g_households \
  --lang en --dpi 300 --width 800 --height 600 -o "$T/map300.png" "$S"
phs_py "PNG" "$T/map.png" "$T/map300.png" <<'EOF'
import struct, sys, zlib
from phs_check import Checker
c = Checker()
def chunks(path):
    d = open(path, "rb").read()
    c.eq(d[:8], b"\x89PNG\r\n\x1a\n", path + ": PNG signature")
    out, p = [], 8
    while p + 8 <= len(d):
        n, = struct.unpack(">I", d[p:p + 4])
        kind, body = d[p + 4:p + 8], d[p + 8:p + 8 + n]
        crc, = struct.unpack(">I", d[p + 8 + n:p + 12 + n])
        c.eq(crc, zlib.crc32(kind + body), "%s: CRC of %s" % (path, kind))
        out.append((kind, body))
        p += 12 + n
    c.eq(p, len(d), path + ": chunks fill the file")
    return out
def check(path, w, h, ppm, title):
    ch = chunks(path)
    c.eq(ch[0][0], b"IHDR", path + ": IHDR first")
    c.eq(struct.unpack(">II", ch[0][1][:8]), (w, h), path + ": IHDR width, height")
    c.eq(ch[-1][0], b"IEND", path + ": IEND last")
    phys = [b for k, b in ch if k == b"pHYs"]
    c.eq(len(phys), 1, path + ": one pHYs")
    if phys:
        c.eq(struct.unpack(">IIB", phys[0]), (ppm, ppm, 1), path + ": pHYs pixels per metre")
    titles = [b for k, b in ch if k == b"iTXt" and b.startswith(b"Title\0")]
    c.eq(len(titles), 1, path + ": one iTXt Title")
    if titles:
        # keyword\0, compression flag, method, language\0, translated\0, text
        kw, rest = titles[0].split(b"\0", 1)
        flag, _method = rest[0], rest[1]
        lang, trans, text = rest[2:].split(b"\0", 2)
        if flag:
            text = zlib.decompress(text)
        c.eq(text.decode("utf-8"), title, path + ": Title text")
check(sys.argv[1], 1600, 1200, 5906, "Hộ có cáp quang")   # 150 dpi = 5905.5 px/m
check(sys.argv[2], 800, 600, 11811, "Households in 5G coverage")  # 300 dpi
c.done()
EOF

phs_finish

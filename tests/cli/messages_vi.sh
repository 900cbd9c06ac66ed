#!/usr/bin/env bash
# messages_vi.sh: messages in Vietnamese (issue 5 item 1; docs/input-formats.md,
# "Language of messages"). Every case of the bad-input catalogue
# (tests/bad-inputs/cases.tsv) runs twice on copies of the same store, with
# --lang en and with --lang vi: both exit with the catalogue's code, and
# each line of the Vietnamese output is its English line translated: the
# same file, row, quoted fields and values and numbers, a Vietnamese
# letter, and none of the English words of the messages left. Then some
# messages verbatim (a ragged row, a swapped coordinate, a CRS conflict, a
# usage error), the language from the locale (LANG=vi_VN.UTF-8 without
# --lang, and what overrides it), and a --report in Vietnamese split into
# its parts. The catalogue's own rules are checked by
# tests/unit/data_messages_vi.c, its coverage by messages_scan.sh.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"
unset LANGUAGE LC_MESSAGES LANG

FIX="$PHS_SOURCE_DIR/tests/bad-inputs"
CASES="$FIX/cases.tsv"
COMMUNES="$PHS_SOURCE_DIR/data/demo/brvt_communes_2008.geojson"

# Fixtures too big or too odd to commit: as bad_inputs.sh's generate().
generate() { # id, path
  case "$1" in
    A14) { printf 'site_id,lon,lat,tech\nS1,'
           head -c 11000000 /dev/zero | tr '\0' 'x'
           printf ',10.355719,4G\n'; } >"$2" ;;
    A14c) { awk 'BEGIN { print "site_id,lon,lat,tech";
                         for (i = 1; i <= 4000; i++)
                           printf "S%d,107.%06d,10.%06d,4G\n", i, i, i }'
            printf 'SX,107.070057\000,10.355719,4G\n'; } >"$2" ;;
    *) return 1 ;;
  esac
}

# The import command of a case, as bad_inputs.sh's build_cmd: sets CMD.
build_cmd() { # kind, operator, store, file, extra args...
  local kind="$1" op="$2" store="$3" file="$4"
  shift 4
  if [ "$kind" = sites ]; then
    CMD=("$PHUSONG" submit --operator "$op" "$@" "$store" "$file")
  else
    CMD=("$PHUSONG" import "$@" "$kind" "$store" "$file")
  fi
}

expect_rc 0 "template store" "$PHUSONG" init -q "$T/tpl_empty.sqlite"
cp "$T/tpl_empty.sqlite" "$T/tpl_communes.sqlite"
expect_rc 0 "template communes" "$PHUSONG" import -q --keep-uncoded communes \
  "$T/tpl_communes.sqlite" "$COMMUNES"

# ------------------------------------------- the catalogue, en and vi
mkdir -p "$T/c"
: >"$T/manifest.tsv"
n_cases=0
while IFS=$'\t' read -r id kind file args want regex absent setup check expect; do
  case "$id" in ''|'#'*|id) continue ;; esac
  extra=()
  if [ "$args" != - ] && ! eval "extra=($args)" 2>/dev/null; then
    phs_fail "$id: cannot parse the args column: $args"
    continue
  fi
  path="$FIX/$file"
  if [ "$setup" = generate ]; then
    path="$T/c/$file"
    generate "$id" "$path" || { phs_fail "$id: no generator"; continue; }
  fi
  store="$T/c/$id.sqlite"
  tpl="$T/tpl_empty.sqlite"
  [ "$setup" = communes ] && tpl="$T/tpl_communes.sqlite"
  cp "$tpl" "$store"
  pre_op=""
  case "$setup" in
    resubmit) pre_op=VIETTEL ;;
    submit:*) pre_op="${setup#submit:}" ;;
  esac
  if [ -n "$pre_op" ]; then
    build_cmd "$kind" "$pre_op" "$store" "$path" "${extra[@]}"
    "${CMD[@]}" >/dev/null 2>&1 || { phs_fail "$id: setup $setup failed"; continue; }
  fi
  for lang in en vi; do
    cp "$store" "$T/c/$id.$lang.sqlite"
    build_cmd "$kind" VIETTEL "$T/c/$id.$lang.sqlite" "$path" --lang "$lang" "${extra[@]}"
    run "${CMD[@]}"
    eval "rc_$lang=\$RC"
    mv "$T/out" "$T/c/$id.$lang.out"
    mv "$T/err" "$T/c/$id.$lang.err"
    rm -f "$T/c/$id.$lang.sqlite"*
  done
  rm -f "$store"*
  [ "$setup" = generate ] && rm -f "$path"
  printf '%s\t%s\t%s\t%s\n' "$id" "$want" "$rc_en" "$rc_vi" >>"$T/manifest.tsv"
  n_cases=$((n_cases + 1))
done <"$CASES"
check "cases read from cases.tsv" [ "$n_cases" -gt 100 ]

phs_py "catalogue en/vi" "$T/manifest.tsv" "$T/c" <<'PY'
import re, sys
from phs_check import Checker
c = Checker()
# Words of the English messages that a translated line must not hold
# (outside quotes, options, names and numbers). Kind names (communes,
# households, survey, sites, coverage) are commands, kept as they are;
# "an", "in", "no", "so", "to" are Vietnamese words too.
EN = set("""a the is are be not nor of on at by for from with
without and or but as than if this that it its their there which
has have can cannot must only more every each any none other
field fields row rows feature features line lines value values column
columns file files hint expected found imported rejected error errors
warning warnings invalid valid missing empty unknown duplicate outside
inside layer layers point points site commune number numbers decimal
decimals separator coordinate coordinates read given kept nothing
refused submit submission already would problem problems shown""".split())
VI = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợ"
                "ùúủũụưừứửữựỳýỷỹỵĐ]", re.I)


# Text GEOS and SQLite give, quoted in a message as its reason.
LIBRARY = [r"(Ring )?Self-intersection at or near point [-0-9. ]+",
           r"Too few points in geometry component at or near point [-0-9. ]+",
           r"Points of LinearRing do not form a closed linestring",
           r"no such module: \w+"]


def words(line):
    """The plain lower-case words of a line: not quoted text, a library's
    reason, options, paths, names or numbers."""
    s = re.sub(r"'[^']*'|\"[^\"]*\"", " ", line)
    for p in LIBRARY:
        s = re.sub(p, " ", s)
    toks = (t.strip("()[],;:.?!") for t in s.split())
    return [t for t in toks if re.fullmatch(r"[a-z]+(?:-[a-z]+)*", t)]


def values(line):
    """What must survive translation: quoted text and numbers."""
    return re.findall(r"'[^']*'", line) + re.findall(r"\d+(?:[.,]\d+)*", line)


man, d = sys.argv[1], sys.argv[2]
for row in open(man, encoding="utf-8"):
    cid, want, rc_en, rc_vi = row.rstrip("\n").split("\t")
    c.eq(rc_en, want, "%s: exit code with --lang en" % cid)
    c.eq(rc_vi, want, "%s: exit code with --lang vi" % cid)
    for stream in ("out", "err"):
        en = open("%s/%s.en.%s" % (d, cid, stream), encoding="utf-8",
                  errors="replace").read().splitlines()
        vi = open("%s/%s.vi.%s" % (d, cid, stream), encoding="utf-8",
                  errors="replace").read().splitlines()
        if not c.eq(len(vi), len(en), "%s: lines of std%s" % (cid, stream)):
            continue
        for le, lv in zip(en, vi):
            lost = [v for v in values(le) if v not in lv]
            c.ok(not lost, "%s: %s lost in translation: %r" % (cid, lost, lv))
            left = sorted(set(w for w in words(lv) if w in EN))
            c.ok(not left, "%s: English words %s left in %r" % (cid, left, lv))
            if any(w in EN for w in words(le)):
                c.ok(VI.search(lv) is not None,
                     "%s: not translated: %r" % (cid, lv))
            c.ok(not re.search(r"\b(ERROR|Warning):", lv),
                 "%s: English prefix in %r" % (cid, lv))
c.done()
PY

# ------------------------------------------------ messages verbatim
S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init -q "$S"
expect_rc 3 "A01 in Vietnamese" "$PHUSONG" submit --lang vi --operator VIETTEL "$S" "$FIX/A01_ragged_short.csv"
err_has "LỖI: $FIX/A01_ragged_short.csv:3: cần 4 trường, có 3 (gợi ý: giá trị bị thiếu vẫn phải có dấu phân cách)" "A01 verbatim"
err_has "phusong: dữ liệu bị từ chối (1 lỗi), không nhập gì" "A01 summary line"
expect_rc 3 "B01 in Vietnamese" "$PHUSONG" submit --lang vi --operator VIETTEL "$S" "$FIX/B01_swapped.csv"
err_has "LỖI: $FIX/B01_swapped.csv:2: trường 'lat': '107.070057' nằm ngoài khoảng [-90,90]; hai cột bị đảo? (đảo lại thì điểm nằm trong Việt Nam: dùng --swap-xy)" "B01 verbatim"
err_has "  $FIX/B01_swapped.csv: mọi điểm đều nằm trong Việt Nam khi đảo kinh độ và vĩ độ: hãy dùng --swap-xy" "B01 whole-file line"
err_has "phusong: dữ liệu bị từ chối (4 lỗi), không nhập gì" "B01 summary line"
expect_rc 3 "B09 in Vietnamese" "$PHUSONG" submit --lang vi --src-crs EPSG:4326 --operator VIETTEL "$S" "$FIX/B09_crs_conflict.geojson"
err_has "LỖI: $FIX/B09_crs_conflict.geojson: tệp khai báo hệ tọa độ là 'WGS 84 / UTM zone 48N' nhưng --src-crs ghi 'EPSG:4326'; khai báo sai hệ tọa độ sẽ làm lệch mọi điểm: hãy sửa tệp hoặc bỏ --src-crs" "B09 verbatim"
expect_rc 2 "a usage error in Vietnamese" "$PHUSONG" submit --bogus --lang vi "$S" x.csv
err_has "LỖI: tùy chọn '--bogus' không có hoặc thiếu giá trị" "unknown option, translated before --lang is parsed"
err_has "Xem 'phusong submit --help'." "the pointer to --help"
expect_rc 0 "accepted in Vietnamese" "$PHUSONG" submit --lang vi --operator VIETTEL "$S" "$FIX/A05b_two_separators.csv"
out_has "$FIX/A05b_two_separators.csv: đã nhập, là lần nộp #1: 2 trên 2 dòng, 1 cảnh báo, sha256 " "the outcome line"
err_has "CẢNH BÁO: $FIX/A05b_two_separators.csv:1: dòng tiêu đề có nhiều loại dấu phân cách; dùng ';'" "a warning"

# ------------------------------------------------ which language
A01="$FIX/A01_ragged_short.csv"
VI_A01="cần 4 trường, có 3"
EN_A01="expected 4 fields, found 3"
lang_case() { # desc, expected text, env assignments... (then the command)
  local desc=$1 want=$2
  shift 2
  run env -u LC_ALL -u LANGUAGE -u LC_MESSAGES -u LANG "$@" \
    "$PHUSONG" validate sites --operator VIETTEL "$A01"
  check "$desc: exit 3" [ "$RC" -eq 3 ]
  err_has "$want" "$desc"
}
lang_case "LANG=vi_VN.UTF-8, no --lang" "$VI_A01" LANG=vi_VN.UTF-8
lang_case "LC_MESSAGES=vi_VN" "$VI_A01" LANG=C.UTF-8 LC_MESSAGES=vi_VN
lang_case "LANGUAGE=fr:vi over LANG=C" "$VI_A01" LANGUAGE=fr:vi LANG=C.UTF-8
lang_case "LC_ALL=C.UTF-8 over LANG=vi_VN" "$EN_A01" LC_ALL=C.UTF-8 LANG=vi_VN.UTF-8
lang_case "no locale at all" "$EN_A01"
run env -u LC_ALL -u LANGUAGE LANG=vi_VN.UTF-8 "$PHUSONG" validate sites --lang en --operator VIETTEL "$A01"
err_has "ERROR: $A01:3: $EN_A01" "--lang en over LANG=vi_VN.UTF-8"

# ------------------------------------------------ --report in Vietnamese
expect_rc 3 "report in Vietnamese" "$PHUSONG" validate sites --lang vi --operator VIETTEL --report "$T/r.json" "$FIX/A07_quoted_decimal_comma.csv"
expect_rc 3 "report of a ragged row" "$PHUSONG" validate sites --lang vi --operator VIETTEL --report "$T/r2.json" "$A01"
expect_rc 0 "report of a warning" "$PHUSONG" validate sites --lang vi --operator VIETTEL --report "$T/r3.json" "$FIX/A05b_two_separators.csv"
phs_py "report in Vietnamese" "$T/r.json" "$T/r2.json" "$T/r3.json" "$FIX" <<'PY'
import sys
from phs_check import Checker, load_json
c = Checker()
r, r2, r3, fix = (load_json(sys.argv[1]), load_json(sys.argv[2]),
                  load_json(sys.argv[3]), sys.argv[4])
c.eq(r["lang"], "vi", "lang")
c.eq(r["outcome"], "rejected", "outcome stays a code")
e = r["errors"][0]
c.eq(e["file"], fix + "/A07_quoted_decimal_comma.csv", "file")
c.eq(e["row"], 2, "row")
c.eq(e["field"], "lon", "field")
c.eq(e["value"], "107,070057", "value")
c.eq(e["problem"], "không rõ là dấu thập phân hay dấu phân cách hàng nghìn;"
     " hãy viết kinh độ với dấu chấm thập phân, hoặc dùng --decimal-comma",
     "problem")
c.ok("hint" not in e, "no hint")
e = r2["errors"][0]
c.eq(e["row"], 3, "ragged: row")
c.ok("field" not in e, "ragged: no field")
c.eq(e["problem"], "cần 4 trường, có 3", "ragged: problem")
c.eq(e["hint"], "giá trị bị thiếu vẫn phải có dấu phân cách", "ragged: hint")
w = r3["warnings"][0]
c.eq(w["row"], 1, "warning: row")
c.eq(w["problem"], "dòng tiêu đề có nhiều loại dấu phân cách; dùng ';'",
     "warning: problem")
c.done()
PY

phs_finish

# import_report.sh: --report FILE of submit, import and validate
# (analyzer/import_report.c; issue 5 item 1): the outcome as JSON, each
# message split into file, row, field, value, problem and hint, at most
# 20 details listed with the total, and the store unchanged on rejection.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

FIX="$PHS_SOURCE_DIR/tests/bad-inputs"
S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init -q "$S"

# jq-like reads with Python: report KEY... prints the value at that path.
report() {
  "$PHS_PY" - "$@" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    v = v[int(k)] if isinstance(v, list) else v.get(k, "(absent)")
print(v)
EOF
}

# A rejected filing: one error naming row 2, field lon, value 107,070057.
cp "$FIX/A07_quoted_decimal_comma.csv" "$T/a07.csv"
expect_rc 3 "rejected submit" "$PHUSONG" submit --operator VIETTEL --report "$T/r1.json" "$S" "$T/a07.csv"
check "outcome rejected" [ "$(report "$T/r1.json" outcome)" = rejected ]
check "exit code 3" [ "$(report "$T/r1.json" exit_code)" = 3 ]
check "messages in English" [ "$(report "$T/r1.json" lang)" = en ]
check "one error" [ "$(report "$T/r1.json" errors_total)" = 1 ]
check "its file" [ "$(report "$T/r1.json" errors 0 file)" = "$T/a07.csv" ]
check "its row" [ "$(report "$T/r1.json" errors 0 row)" = 2 ]
check "its field" [ "$(report "$T/r1.json" errors 0 field)" = lon ]
check "its value" [ "$(report "$T/r1.json" errors 0 value)" = "107,070057" ]
check "its problem" [ "$(report "$T/r1.json" errors 0 problem)" = "ambiguous (decimal or thousands separator); write longitude with a decimal point, or pass --decimal-comma" ]
check "no submission id" [ "$(report "$T/r1.json" submission_id)" = "(absent)" ]
check "store unchanged" [ "$(sqlite3 "$S" 'select count(*) from submission')" = 0 ]

# A structural error with a hint and no field.
cp "$FIX/A01_ragged_short.csv" "$T/a01.csv"
expect_rc 3 "ragged submit" "$PHUSONG" submit --operator VIETTEL --report "$T/r2.json" "$S" "$T/a01.csv"
check "row 3" [ "$(report "$T/r2.json" errors 0 row)" = 3 ]
check "no field" [ "$(report "$T/r2.json" errors 0 field)" = "(absent)" ]
check "problem" [ "$(report "$T/r2.json" errors 0 problem)" = "expected 4 fields, found 3" ]
check "hint" [ "$(report "$T/r2.json" errors 0 hint)" = "a missing value must still have its separator" ]

# 30 bad rows: the summary and 20 details listed, 30 counted.
{ echo "site_id,lon,lat,tech"; for i in $(seq 1 30); do echo "S$i,107.07,abc$i,4G"; done; } >"$T/many.csv"
expect_rc 3 "validate 30 bad rows" "$PHUSONG" validate sites --operator VIETTEL --report "$T/r3.json" "$T/many.csv"
check "30 errors counted" [ "$(report "$T/r3.json" errors_total)" = 30 ]
check "21 listed" [ "$("$PHS_PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["errors"]))' "$T/r3.json")" = 21 ]
check "the last listed is row 22" [ "$(report "$T/r3.json" errors 20 row)" = 22 ]
check "its value" [ "$(report "$T/r3.json" errors 20 value)" = abc21 ]

# An accepted filing with a warning, then the same file again, then validate.
cp "$FIX/A05b_two_separators.csv" "$T/a05b.csv"
expect_rc 0 "submit with a warning" "$PHUSONG" submit --operator VIETTEL --report "$T/r4.json" "$S" "$T/a05b.csv"
check "outcome imported" [ "$(report "$T/r4.json" outcome)" = imported ]
check "submission 1" [ "$(report "$T/r4.json" submission_id)" = 1 ]
check "2 rows accepted" [ "$(report "$T/r4.json" rows_accepted)" = 2 ]
check "1 warning" [ "$(report "$T/r4.json" warnings_total)" = 1 ]
check "the warning's row" [ "$(report "$T/r4.json" warnings 0 row)" = 1 ]
check "the warning's problem" [ "$(report "$T/r4.json" warnings 0 problem)" = "several separators in the header; using ';'" ]
check "no errors" [ "$(report "$T/r4.json" errors_total)" = 0 ]
check "sha256 as stored" [ "$(report "$T/r4.json" sha256)" = "$(sqlite3 "$S" 'select source_sha256 from submission where id = 1')" ]
expect_rc 0 "the same file again" "$PHUSONG" submit --operator VIETTEL --report "$T/r5.json" "$S" "$T/a05b.csv"
check "outcome already imported" [ "$(report "$T/r5.json" outcome)" = "already imported" ]
expect_rc 0 "validate" "$PHUSONG" validate sites --operator VIETTEL --report "$T/r6.json" "$T/a05b.csv"
check "outcome valid" [ "$(report "$T/r6.json" outcome)" = valid ]
check "validate has no submission" [ "$(report "$T/r6.json" submission_id)" = "(absent)" ]
check "command named" [ "$(report "$T/r6.json" command)" = validate ]

# Long Vietnamese column names are cut to whole characters in messages: the
# 79 bytes kept of the x column's name end in the first byte of "đ"
# (C4 91), which goes too, so the field is the name's first 78 bytes, then
# "/" and the y column's name; stderr and the report stay UTF-8.
X="AKinh độ của trạm phát sóng theo hệ toạ độ quốc tế WGS 84 độ thập phân đã đo"
printf 'site_id,name,%s,Vĩ độ,tech\nS1,A,2.35,48.85,5G\n' "$X" >"$T/long.csv"
expect_rc 3 "long column names" "$PHUSONG" validate sites --operator VIETTEL --x "$X" --y "Vĩ độ" --report "$T/r7.json" "$T/long.csv"
check "long names: stderr is UTF-8" iconv -f UTF-8 -t UTF-8 -o /dev/null "$T/err"
check "long names: the field cut before the split character" \
  [ "$(report "$T/r7.json" errors 0 field)" = "AKinh độ của trạm phát sóng theo hệ toạ độ quốc tế WGS 84 /Vĩ độ" ]
check "long names: the problem" \
  [ "$(report "$T/r7.json" errors 0 problem)" = "is outside Vietnam (102.1-109.5 E, 8.2-23.4 N); wrong CRS, a neighbouring country, or a point in the sea?" ]

# A report that cannot be written is an error, not a silent loss.
expect_rc 1 "unwritable report" "$PHUSONG" validate sites --operator VIETTEL --report "$T/no/such/dir/r.json" "$T/a05b.csv"

phs_finish

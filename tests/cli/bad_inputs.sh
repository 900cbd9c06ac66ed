#!/usr/bin/env bash
# bad_inputs.sh: the bad-input catalogue, groups A-C (CSV structure,
# coordinates and CRS, attributes/IDs/encoding) and G-I (archives,
# GeoPackages, injection; tests/cli/untrusted.sh has the cases a table
# cannot hold: paths, symbolic links, a fixture left unchanged), table-driven from
# tests/bad-inputs/cases.tsv (its header describes the columns).
#
# For every case: a fresh store (a copy of a store just made by
# 'phusong init', with the demo communes imported when the case needs
# them), row counts of every table and PRAGMA integrity_check before, the
# import ('phusong submit --operator VIETTEL' for sites, 'phusong import
# KIND' otherwise), then: the exit code, the message regexes, no sanitizer
# report, and for a rejected input the same counts and integrity 'ok'
# after; for an accepted one the SQL (or report) check. Then 'phusong
# validate' (dry run) must give the same exit code (and, when rejecting,
# the same messages). Prints 'ok ID' or 'FAIL ID: why' per case, then
# 'N passed, M failed'; exits 1 when M > 0. A case that cannot run fails.
#
# Environment (set by CTest, see tests/CMakeLists.txt; set them by hand
# otherwise):
#   PHUSONG         the phusong binary
#   PHS_SOURCE_DIR  the source tree (fixtures, demo communes)
#   PHS_TMP         a directory for scratch files
# Needs the sqlite3 command-line shell.
set -u

: "${PHUSONG:?set PHUSONG to the phusong binary}"
: "${PHS_SOURCE_DIR:?set PHS_SOURCE_DIR to the source tree}"
: "${PHS_TMP:?set PHS_TMP to a scratch directory}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PHS_SOURCE_DIR/tests/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LC_ALL=C.UTF-8 # regexes hold Vietnamese letters, '…', '°'
unset LANGUAGE        # English messages, whatever the caller's locale

FIX="$PHS_SOURCE_DIR/tests/bad-inputs"
CASES="$FIX/cases.tsv"
COMMUNES="$PHS_SOURCE_DIR/data/demo/brvt_communes_2008.geojson"
TABLES="submission site household commune_count survey_response survey_answer commune operator claimed_coverage"
SANITIZER='ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer'

mkdir -p "$PHS_TMP" || exit 1
W="$(mktemp -d "$PHS_TMP/bad_inputs.XXXXXX")" || exit 1
trap 'rm -rf "$W"' EXIT

passed=0
failed=0

fail() { # id, why
  echo "FAIL $1: $2"
  failed=$((failed + 1))
}

# Row counts of every table and the integrity check, on one line.
snapshot() {
  local sql="select 'counts'" t
  for t in $TABLES; do sql="$sql || ' $t=' || (select count(*) from $t)"; done
  sqlite3 -batch "$1" "$sql; pragma integrity_check;" 2>&1 | tr '\n' ' '
}

# Does every ' &&& '-separated ERE of $1 match a line of file $2? Echoes
# the first that does not.
regexes_match() {
  local rest="$1" re
  while :; do
    re="${rest%% &&& *}"
    if ! grep -Eq -- "$re" "$2"; then
      echo "$re"
      return 1
    fi
    [ "$re" = "$rest" ] && return 0
    rest="${rest#* &&& }"
  done
}

# Fixtures too big or too odd to commit.
generate() { # id, path
  case "$1" in
    A14) # a data line over 10 MB
      { printf 'site_id,lon,lat,tech\nS1,'
        head -c 11000000 /dev/zero | tr '\0' 'x'
        printf ',10.355719,4G\n'; } >"$2" ;;
    A14c) # valid rows past the first 64 KB read, then a NUL byte
      { awk 'BEGIN { print "site_id,lon,lat,tech";
                     for (i = 1; i <= 4000; i++)
                       printf "S%d,107.%06d,10.%06d,4G\n", i, i, i }'
        printf 'SX,107.070057\000,10.355719,4G\n'; } >"$2" ;;
    *) return 1 ;;
  esac
}

# The phusong command of an import (or, with store "-STORE", of validate
# checked against STORE's communes). Sets the array CMD.
build_cmd() { # kind, operator, store, file, extra args...
  local kind="$1" op="$2" store="$3" file="$4"
  shift 4
  if [ "${store#-}" != "$store" ]; then
    if [ "$kind" = sites ]; then
      CMD=("$PHUSONG" validate --store "${store#-}" --operator "$op" "$@" sites "$file")
    else
      CMD=("$PHUSONG" validate --store "${store#-}" "$@" "$kind" "$file")
    fi
  elif [ "$kind" = sites ]; then
    CMD=("$PHUSONG" submit --operator "$op" "$@" "$store" "$file")
  else
    CMD=("$PHUSONG" import "$@" "$kind" "$store" "$file")
  fi
}

# ---------------------------------------------------------- templates
if ! command -v sqlite3 >/dev/null; then
  echo "FAIL setup: the sqlite3 shell is not installed"
  echo "0 passed, 1 failed"
  exit 1
fi
if ! "$PHUSONG" init -q "$W/tpl_empty.sqlite" >"$W/tpl.log" 2>&1; then
  echo "FAIL setup: phusong init failed: $(head -3 "$W/tpl.log")"
  echo "0 passed, 1 failed"
  exit 1
fi
cp "$W/tpl_empty.sqlite" "$W/tpl_communes.sqlite"
if ! "$PHUSONG" import -q --keep-uncoded communes "$W/tpl_communes.sqlite" \
    "$COMMUNES" >"$W/tpl.log" 2>&1; then
  echo "FAIL setup: importing the demo communes failed: $(head -3 "$W/tpl.log")"
  echo "0 passed, 1 failed"
  exit 1
fi
for f in "$W"/tpl_*.sqlite-wal; do
  [ -e "$f" ] && { echo "FAIL setup: $f left behind"; exit 1; }
done

# -------------------------------------------------------------- cases
n_rows=0
while IFS=$'\t' read -r id kind file args want regex absent setup check expect; do
  case "$id" in ''|'#'*|id) continue ;; esac
  n_rows=$((n_rows + 1))
  if [ -z "$expect" ]; then
    fail "$id" "malformed row in cases.tsv (fewer than 10 columns)"
    continue
  fi
  extra=()
  if [ "$args" != - ] && ! eval "extra=($args)" 2>/dev/null; then
    fail "$id" "cannot parse the args column: $args"
    continue
  fi
  path="$FIX/$file"
  if [ "$setup" = generate ]; then
    path="$W/$file"
    if ! generate "$id" "$path"; then
      fail "$id" "no generator for this case"
      continue
    fi
  elif [ ! -f "$path" ]; then
    fail "$id" "fixture $file is missing"
    continue
  fi
  store="$W/$id.sqlite"
  tpl="$W/tpl_empty.sqlite"
  [ "$setup" = communes ] && tpl="$W/tpl_communes.sqlite"
  cp "$tpl" "$store" || { fail "$id" "cannot copy the store"; continue; }

  # setup steps that file something first
  pre_op=""
  case "$setup" in
    -|communes|generate) ;;
    resubmit) pre_op=VIETTEL ;;
    submit:*) pre_op="${setup#submit:}" ;;
    *) fail "$id" "unknown setup '$setup'"; continue ;;
  esac
  if [ -n "$pre_op" ]; then
    build_cmd "$kind" "$pre_op" "$store" "$path" "${extra[@]}"
    if ! "${CMD[@]}" >"$W/$id.pre.out" 2>&1; then
      fail "$id" "setup ($setup) failed: $(grep -m1 ERROR "$W/$id.pre.out")"
      continue
    fi
  fi

  before="$(snapshot "$store")"
  case "$before" in
    *" ok ") ;;
    *) fail "$id" "store not ok before the case: $before"; continue ;;
  esac

  build_cmd "$kind" VIETTEL "$store" "$path" "${extra[@]}"
  start=$SECONDS
  "${CMD[@]}" >"$W/$id.out" 2>"$W/$id.err"
  rc=$?
  took=$((SECONDS - start))
  cat "$W/$id.out" "$W/$id.err" >"$W/$id.all"
  after="$(snapshot "$store")"

  why=""
  if grep -Eq -- "$SANITIZER" "$W/$id.err"; then
    why="sanitizer report: $(grep -Em1 -- "$SANITIZER" "$W/$id.err")"
  elif [ "$rc" != "$want" ]; then
    why="exit $rc, expected $want: $(grep -m1 -E 'ERROR|Warning' "$W/$id.err")"
  fi
  if [ -z "$why" ]; then
    src="$W/$id.err"
    [ "$want" = 0 ] && src="$W/$id.all"
    if ! miss="$(regexes_match "$regex" "$src")"; then
      why="no line matches /$miss/; got: $(head -2 "$src" | tr '\n' ' ')"
    fi
  fi
  if [ -z "$why" ] && [ "$absent" != - ] && grep -Eq -- "$absent" "$W/$id.all"; then
    why="unexpected /$absent/: $(grep -Em1 -- "$absent" "$W/$id.all")"
  fi
  if [ -z "$why" ]; then
    case "$after" in
      *" ok ") ;;
      *) why="integrity check after: $after" ;;
    esac
  fi
  if [ -z "$why" ] && [ "$want" != 0 ] && [ "$before" != "$after" ]; then
    why="store changed: before [$before] after [$after]"
  fi
  if [ -z "$why" ] && [ "$took" -gt 20 ]; then
    why="took ${took}s"
  fi
  if [ -z "$why" ] && [ "$check" != - ]; then
    if [ "$check" = @report ]; then
      if ! "$PHUSONG" analyze -q "$store" >"$W/$id.an" 2>&1; then
        why="analyze failed: $(grep -m1 ERROR "$W/$id.an")"
      elif ! "$PHUSONG" report -f csv "$store" >"$W/$id.csv" 2>"$W/$id.an"; then
        why="report failed: $(grep -m1 ERROR "$W/$id.an")"
      elif ! grep -Eq -- "$expect" "$W/$id.csv"; then
        why="report CSV has no /$expect/: $(grep -m1 -F "$(printf '%.6s' "${expect#\"\'}")" "$W/$id.csv")"
      fi
    else
      got="$(sqlite3 -batch "$store" "$check" 2>&1)"
      [ "$got" = "$expect" ] || why="check '$check' gave '$got', expected '$expect'"
    fi
  fi

  # the dry run must agree
  if [ -z "$why" ]; then
    build_cmd "$kind" VIETTEL "-$store" "$path" "${extra[@]}"
    "${CMD[@]}" >"$W/$id.vout" 2>"$W/$id.verr"
    vrc=$?
    if grep -Eq -- "$SANITIZER" "$W/$id.verr"; then
      why="validate: sanitizer report: $(grep -Em1 -- "$SANITIZER" "$W/$id.verr")"
    elif [ "$vrc" != "$want" ]; then
      why="validate exit $vrc, import exit $rc: $(grep -m1 ERROR "$W/$id.verr")"
    elif [ "$want" != 0 ] && ! miss="$(regexes_match "$regex" "$W/$id.verr")"; then
      why="validate: no line matches /$miss/"
    fi
  fi

  if [ -n "$why" ]; then
    fail "$id" "$why"
  else
    echo "ok $id"
    passed=$((passed + 1))
  fi
  rm -f "$store" "$store-wal" "$store-shm"
  [ "$setup" = generate ] && rm -f "$path"
done <"$CASES"

if [ "$n_rows" -eq 0 ]; then
  fail table "no cases read from $CASES"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

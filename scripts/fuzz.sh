#!/usr/bin/env bash
# Run the libFuzzer targets of tests/fuzz/ (docs/testing.md, bad-inputs.md
# R2/R3).
#
#   scripts/fuzz.sh [--seconds N] [--jobs J] [--build DIR] [--max-len B]
#                   [--merge] [TARGET...]
#
#   TARGET     csv, values, encoding, import, crs, map_options, shapefile
#              (default: all seven)
#   --seconds  how long each target runs (default 60: the catalogue's
#              per-commit figure, R2, what `make test` and CI use; a
#              release wants hours: --seconds 14400)
#   --jobs     targets run side by side (default 2: seven targets in four
#              rounds)
#   --build    the clang build directory (default build-fuzz)
#   --max-len  the longest input tried, bytes (default 8192: a few rows
#              around a 4 KiB cell; the readers' 64 KiB chunk boundaries
#              need 140000, at a quarter of the speed)
#   --merge    afterwards, add the inputs that reached new code to
#              tests/fuzz-corpus/TARGET/ (libFuzzer -merge=1), so the kept
#              corpus grows from run to run; commit them
#
# Installs what is missing (clang, libclang-rt-dev: scripts/install-deps.sh),
# builds the targets with -DPHS_FUZZ=ON (clang, -fsanitize=fuzzer,address,
# undefined; only the libraries the targets link), then runs each from
# its kept corpus tests/fuzz-corpus/TARGET/ plus a working corpus in the
# build directory. Every crash, leak, timeout or out-of-memory input found
# is copied into tests/fuzz-corpus/TARGET/ as a regression input, which the
# CTest test fuzz_replay_TARGET replays from then on (with gcc too); the
# script then fails, naming them. Exit: 0 clean, 1 findings, 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)

seconds=60
jobs=2
build=build-fuzz
merge=0
max_len=8192
targets=()
all_targets=(csv values encoding import crs map_options shapefile)
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --build) build=${2:?--build needs a directory}; shift 2 ;;
    --max-len) max_len=${2:?--max-len needs a number}; shift 2 ;;
    --merge) merge=1; shift ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  case " ${all_targets[*]} " in
    *" $t "*) ;;
    *) echo "fuzz.sh: no target '$t' (one of: ${all_targets[*]})" >&2; exit 2 ;;
  esac
done
case "$seconds$jobs$max_len" in
  *[!0-9]*) echo "fuzz.sh: --seconds, --jobs and --max-len take whole numbers" >&2; exit 2 ;;
esac

# clang and its libFuzzer runtime (Debian: clang, libclang-rt-dev)
./scripts/install-deps.sh

CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPHS_FUZZ=ON >/dev/null
cmake --build "$build" -j 2 --target "${targets[@]/#/fuzz_}"

# Same sanitizer settings as the test suite (tests/CMakeLists.txt).
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS=suppressions=$src/tests/lsan.supp
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

run_one() {
  local t=$1
  local work="$build/fuzz-work/$t" art="$build/fuzz-artifacts/$t"
  mkdir -p "$work" "$art"
  rm -f "$art"/*
  # -timeout: one input taking 25 s is a hang worth a report; below that,
  # no slow-unit file (PROJ's search for a transformation takes seconds
  # under ASan on a busy machine, which is not a finding).
  "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len="$max_len" \
    -timeout=25 -report_slow_units=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$art/" "$work" "tests/fuzz-corpus/$t" \
    >"$build/fuzz-$t.log" 2>&1 || true
  grep -E '^(stat::number_of_executed_units|stat::new_units_added)' \
    "$build/fuzz-$t.log" | sed "s/^/$t: /" || true
}

running=0
for t in "${targets[@]}"; do
  echo "fuzz_$t: ${seconds} s"
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

failed=0
for t in "${targets[@]}"; do
  found=0
  for f in "$build/fuzz-artifacts/$t"/*; do
    [ -f "$f" ] || continue
    name=$(basename "$f")
    cp "$f" "tests/fuzz-corpus/$t/$name"
    echo "FINDING fuzz_$t: tests/fuzz-corpus/$t/$name (log: $build/fuzz-$t.log)"
    echo "  reproduce: $build/tests/fuzz/fuzz_$t tests/fuzz-corpus/$t/$name"
    found=1
    failed=1
  done
  if [ "$found" -eq 0 ] && ! grep -q '^Done [0-9]* runs' "$build/fuzz-$t.log"; then
    echo "fuzz_$t did not finish its run: see $build/fuzz-$t.log" >&2
    tail -20 "$build/fuzz-$t.log" >&2
    failed=1
  fi
  if [ "$merge" -eq 1 ]; then
    "$build/tests/fuzz/fuzz_$t" -merge=1 -max_len="$max_len" "tests/fuzz-corpus/$t" \
      "$build/fuzz-work/$t" >"$build/fuzz-$t-merge.log" 2>&1
    echo "fuzz_$t: $(ls "tests/fuzz-corpus/$t" | wc -l) inputs kept in tests/fuzz-corpus/$t/"
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz.sh: findings above; each is now a regression input replayed by" \
       "ctest -R fuzz_replay (fix the code, keep the input)" >&2
  exit 1
fi
echo "fuzz.sh: ${targets[*]}: ${seconds} s each, no finding"

#!/usr/bin/env bash
# Line and branch coverage of the importer, validator and store (gcov via
# gcovr; docs/testing.md, bad-inputs.md R11: >= 90 % lines, >= 80 %
# branches).
#
#   scripts/coverage.sh [--build DIR] [--tests REGEX] [--all] [--html FILE]
#                       [--no-run]
#
#   --build   the coverage build directory (default build-cov): a Debug
#             build with --coverage, no sanitizers (they would only slow
#             the run; `make test` is where they run)
#   --tests   run only the CTest tests matching REGEX (default: the whole
#             suite, 5-8 minutes on 2 cores)
#   --all     report every file of data/, not only the R11 set
#   --html    also write a detailed HTML report (per line) to FILE
#   --no-run  report the counters of the last run again, running nothing
#
# Prints a per-file table of lines, then of branches, with the totals; the
# totals' last line is "TOTAL lines N% branches M%". Exit 0 when the
# tests passed (coverage below target is reported, not failed: the figure
# is a report, docs/testing.md), 1 when a test failed.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build-cov
tests=""
all=0
html=""
run=1
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=${2:?--build needs a directory}; shift 2 ;;
    --tests) tests=${2:?--tests needs a regex}; shift 2 ;;
    --all) all=1; shift ;;
    --html) html=${2:?--html needs a file}; shift 2 ;;
    --no-run) run=0; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "coverage.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# The R11 set: what reads, validates and stores a submission. Left out:
# synthetic data (synth*.c), the analysis side of the store (dataset.c,
# history.c, coverage_out.c) and the terrain model (dem.c).
r11=(import csv_points reader reader_text encoding values text untrusted
     shapefile household_points area_check shared_sites outline
     claims_raster submission submission_files store)
if [ "$all" -eq 1 ]; then
  filter='data/.*\.c$'
else
  filter="data/($(IFS='|'; echo "${r11[*]}"))\.c$"
fi

status=0
if [ "$run" -eq 1 ]; then
  ./scripts/install-deps.sh   # gcovr
  # atomic counters: the fast lane and the model count on threads, and
  # racing increments give gcov negative branch counts gcovr refuses
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_FLAGS="--coverage -fprofile-update=atomic" \
    -DCMAKE_EXE_LINKER_FLAGS="--coverage" >/dev/null
  cmake --build "$build" -j 2
  find "$build" -name '*.gcda' -delete   # counters of this run only
  if [ -n "$tests" ]; then
    ctest --test-dir "$build" -j 2 -R "$tests" --output-on-failure || status=1
  else
    ctest --test-dir "$build" -j 2 --output-on-failure || status=1
  fi
fi

common=(--root . --object-directory "$build" --filter "$filter"
        --exclude-directories ".*/CompilerIdC"
        --exclude-unreachable-branches --exclude-throw-branches)
echo
echo "== Lines ($([ "$all" -eq 1 ] && echo 'data/' || echo 'importer, validator, store: R11 set'))"
gcovr "${common[@]}" --sort-percentage
echo
echo "== Branches"
gcovr "${common[@]}" --branches --sort-percentage
if [ -n "$html" ]; then
  mkdir -p "$(dirname "$html")"
  gcovr "${common[@]}" --html-details "$html"
  echo "HTML report: $html"
fi
# Never --output /dev/null: gcovr checks an output path by creating it and
# then unlinking it, which deletes /dev/null (it comes back as a plain file).
summary_txt=$(mktemp)
summary=$(gcovr "${common[@]}" --print-summary --output "$summary_txt")
rm -f "$summary_txt"
lines=$(sed -n 's/^lines: \([0-9.]*%\).*/\1/p' <<<"$summary")
branches=$(sed -n 's/^branches: \([0-9.]*%\).*/\1/p' <<<"$summary")
echo
echo "$summary"
echo "TOTAL lines $lines branches $branches (targets, R11: lines >= 90%, branches >= 80%)"
exit "$status"

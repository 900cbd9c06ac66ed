# fuzz_replay.sh: the replay drivers of the fuzz targets (tests/fuzz/,
# docs/testing.md), which CTest runs as fuzz_replay_<target> on
# tests/fuzz-corpus/<target>/. Checked here: every input of a corpus is
# replayed (the count printed is the number of files, by ls), a single
# file can be replayed, and the cases that must fail do: an empty corpus
# (it would test nothing), a missing path, and an input whose run aborts
# (a FUZZ_ASSERT or a sanitizer report) gives a failing exit status.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

BIN="$(dirname "$PHUSONG")/tests/fuzz"
CORPUS="$PHS_SOURCE_DIR/tests/fuzz-corpus"

for t in csv values encoding import crs map_options shapefile; do
  n=$(find "$CORPUS/$t" -maxdepth 1 -type f ! -name '.*' | wc -l)
  check "corpus $t has inputs" test "$n" -gt 0
  expect_rc 0 "replay $t" "$BIN/fuzz_replay_$t" "$CORPUS/$t"
  out_has "$CORPUS/$t: $n inputs replayed" "replay $t: every file"
  out_has "$n inputs replayed, no failure" "replay $t: total"
done

# one file, named directly
one=$(find "$CORPUS/csv" -maxdepth 1 -type f -name 'seed-A01*' | head -n 1)
expect_rc 0 "replay one file" "$BIN/fuzz_replay_csv" "$one"
out_has "1 inputs replayed, no failure" "one file"

mkdir -p "$T/empty"
expect_rc 1 "empty corpus fails" "$BIN/fuzz_replay_csv" "$T/empty"
err_has "no input found: an empty corpus tests nothing" "empty corpus"
expect_rc 1 "missing corpus fails" "$BIN/fuzz_replay_values" "$T/missing"
err_has "$T/missing: No such file or directory" "missing corpus"

# An input that aborts fails the replay: here the target cannot write its
# scratch file (PHS_FUZZ_TMP names no directory) and stops, as a failed
# property or a sanitizer report stops it.
PHS_FUZZ_TMP="$T/missing" run "$BIN/fuzz_replay_csv" "$one"
check "an aborting input fails the replay (exit $RC)" test "$RC" -ne 0
err_has "$T/missing/phs-fuzz-csv-" "the scratch file is named"

phs_finish

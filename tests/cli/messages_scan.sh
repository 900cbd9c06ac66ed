#!/usr/bin/env bash
# messages_scan.sh: no untranslated message on the import path (issue 5
# item 1). tests/harness/phs_messages.py reads every format literal passed
# to phs_diag_error / _detail / _warn and phs_tr (and the helpers that pass
# English words on to a message) in the files of import, submit and
# validate (its IMPORT_PATH, docs/input-formats.md "Language of messages")
# and fails on one the Vietnamese catalogue (geo/messages_vi.c) lacks: a
# new English message needs its translation in the same change. The
# scanner itself is checked on a made-up source first.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

SCAN=("$PHS_PY" "$PHS_HARNESS/phs_messages.py")

# The scanner finds what it must: a fake tree with two formats, one in
# the catalogue and one not (a ternary's two branches, adjacent literals,
# a string macro, a comment that is not code).
mkdir -p "$T/src/geo" "$T/src/data"
cat >"$T/src/geo/messages_vi.c" <<'C'
static const phs_msg_pair vi[] = {
    {"%s: no such file",
     "%s: không có tệp này"},
    {"rows", "các dòng"},
};
C
cat >"$T/src/geo/names.h" <<'C'
#define KNOWN "a, " \
  "b"
C
cat >"$T/src/data/x.c" <<'C'
/* phs_diag_error(d, 1, "in a comment: ignored"); */
int f(phs_diag *d, int csv) {
  phs_diag_warn(d, "%s: no such"
                " file", "x");
  phs_diag_detail(d, "%s", phs_tr(csv ? "rows" : "features"));
  return phs_diag_error(d, 3, "%s: bad (known: " KNOWN ")", "x");
}
C
run "${SCAN[@]}" "$T/src" missing data/x.c
check "the fake source fails the scan" [ "$RC" -eq 1 ]
out_has "data/x.c:5: no translation: 'features'" "the untranslated branch"
out_has "data/x.c:6: no translation: '%s: bad (known: a, b)'" "the macro expanded"
check "exactly those two" [ "$(wc -l <"$T/out")" -eq 2 ]

# The real sources.
run "${SCAN[@]}" "$PHS_SOURCE_DIR" missing
if [ "$RC" -eq 0 ]; then phs_pass; else
  phs_fail "formats on the import path without a Vietnamese translation:"
  sed 's/^/    /' "$T/out" >&2
fi

phs_finish

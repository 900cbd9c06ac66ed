"""phs_oom.py: out-of-memory runs of one import, for the fault tests
(tests/cli/faults.sh: SQLite's allocations; faults_own_malloc.sh: our own).

An Oom runs a phusong command on a store again and again with a budget of
allocations (an environment variable: PHS_TEST_FAIL_MALLOC_AFTER or
PHS_TEST_FAIL_OWN_MALLOC_AFTER; docs/testing.md, "Test hooks") and checks
each outcome, as SQLite's own malloc tests do:
  - never a sanitizer report, never a crash, never a hang;
  - failed: exit 1, an ERROR line, "out of memory" in the first one when
    the loop asks for it, never "not a phusong store", the store as it
    was (phs_store_check.snapshot) and intact (problems() is []);
  - succeeded: exit 0, the store intact and grown by exactly `grows`
    (table -> rows); the store is then put back as it was.
The store's pristine copy sits beside it while the loop runs.
"""
import os
import re
import shutil
import subprocess

import phs_store_check as sc

SANITIZER = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
             "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer",
             "AddressSanitizer:DEADLYSIGNAL")
TIMEOUT_S = 120


class Oom:
    def __init__(self, checker, store, argv, var, grows, need_oom_text,
                 env=None):
        self.c = checker
        self.env = env or {}  # more variables for every attempt
        self.store = store
        self.argv = argv
        self.var = var
        self.grows = grows
        self.need_oom_text = need_oom_text
        self.env0 = {k: v for k, v in os.environ.items()
                     if not k.startswith("PHS_TEST_")}
        self.pristine = store + ".pristine"
        shutil.copy(store, self.pristine)
        self.before = sc.snapshot(store)
        self.messages = {}  # first ERROR line (file name cut) -> runs
        self.runs = 0

    def restore(self):
        for ext in ("-wal", "-shm"):
            if os.path.exists(self.store + ext):
                os.unlink(self.store + ext)
        shutil.copy(self.pristine, self.store)

    def run(self, extra_env):
        env = dict(self.env0, **extra_env)
        try:
            return subprocess.run(self.argv, env=env, capture_output=True,
                                  text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return None

    def attempt(self, n):
        """Run with allocations failing after the nth; check the outcome;
        True when it succeeded (the store is then restored)."""
        self.runs += 1
        what = " ".join(["%s=%d" % (self.var, n)] +
                        ["%s=%s" % kv for kv in sorted(self.env.items())])
        p = self.run(dict(self.env, **{self.var: str(n)}))
        if not self.c.ok(p is not None, what + ": no end in %d s" % TIMEOUT_S):
            self.restore()
            return False
        self.c.ok(not any(s in p.stderr for s in SANITIZER),
                  what + ": sanitizer report: " + p.stderr[-1500:])
        self.c.ok(p.returncode in (0, 1), what + ": exit %d (stderr %s)"
                  % (p.returncode, p.stderr[-600:]))
        self.c.eq(sc.problems(self.store), [], what + ": store problems")
        if p.returncode == 0:
            after = sc.snapshot(self.store)
            for table, rows in sorted(self.grows.items()):
                self.c.eq(after["counts"][table],
                          self.before["counts"][table] + rows,
                          what + ": succeeded, %s rows" % table)
            self.restore()
            return True
        errs = [l for l in p.stderr.splitlines() if l.startswith("ERROR: ")]
        # An allocation that failed while the schema version was read is
        # not a file that is no store.
        self.c.ok("not a phusong store" not in p.stderr,
                  what + ": out of memory told as " + p.stderr[-300:])
        if self.c.ok(errs, what + ": no ERROR line: " + p.stderr[-600:]):
            if self.need_oom_text:
                self.c.ok("out of memory" in errs[0],
                          what + ": not told as out of memory: " + errs[0])
            key = re.sub(r"^ERROR: (/[^: ]*/)?", "ERROR: ", errs[0])
            self.messages[key] = self.messages.get(key, 0) + 1
        self.c.eq(sc.snapshot(self.store), self.before,
                  what + ": store unchanged")
        self.restore()
        return False

    def summary(self):
        return "%d runs; the errors: %s" % (self.runs, "; ".join(
            "%s (%d)" % kv for kv in sorted(self.messages.items())))

    def done(self):
        self.restore()
        os.unlink(self.pristine)

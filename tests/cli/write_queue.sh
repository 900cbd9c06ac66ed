# write_queue.sh: the line of writers waiting for the store's write lock
# (data/write_lock.c, docs/architecture.md "The store"). While a Python
# connection holds the lock (BEGIN IMMEDIATE, outside the line), submits
# started one after another take places in "STORE-queue" (read locks,
# seen in /proc/locks) and, once it is released, commit in the order they
# came: A, B, C get increasing submission ids. A waiter killed in the
# line (SIGKILL: its lock dies with it) holds nobody up: with the first
# and the middle of three killed, the last gets the lock at once. Ctrl-C
# while waiting: exit 130 within a second, nothing imported. A waiter
# stopped first in line (Ctrl-Z) holds the others up only for the
# patience of PHS_QUEUE_PATIENCE_MS (15 s), after which they try out of
# turn: the one behind commits between 15 and 40 s, well before the
# minute, and the stopped one commits once continued. About 25 s.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

F="$PHS_SOURCE_DIR/tests/fixtures/squares"
S="$T/store.sqlite"
unset PHS_TEST_KILL_AT PHS_TEST_FAIL_MALLOC_AFTER PHS_TEST_MAX_PAGES
expect_rc 0 "init" "$PHUSONG" init "$S"
expect_rc 0 "communes" "$PHUSONG" import communes "$S" "$F/communes.geojson"

phs_py "the line" "$S" "$T" <<'PY'
import os, signal, sqlite3, subprocess, sys, time
import phs_check, phs_store_check as sc

store, tmp = sys.argv[1], sys.argv[2]
queue = store + "-queue"
phusong = os.environ["PHUSONG"]
env = {k: v for k, v in os.environ.items() if not k.startswith("PHS_TEST_")}
c = phs_check.Checker()
san = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
       "SUMMARY: UndefinedBehaviorSanitizer")

def site_file(name):
    """Three sites of the squares block, named after the file: every file
    different from every other."""
    path = os.path.join(tmp, name + ".csv")
    with open(path, "w") as f:
        f.write("site_id,tech,lon,lat\n")
        for k in range(3):
            f.write("%s-%d,5G,%.4f,10.5050\n" % (name, k, 107.002 + 0.005 * k))
    return path

def places():
    """The places taken in the line: read locks on the queue file."""
    if not os.path.exists(queue):
        return 0
    st = os.stat(queue)
    dev = "%02x:%02x:%d" % (os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)
    with open("/proc/locks") as f:
        return sum(1 for line in f if " %s " % dev in line)

def wait_for(cond, what, limit=60):
    end = time.time() + limit
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.02)
    return c.ok(False, "timed out waiting for " + what)

class Holder:
    """A connection holding the write lock outside the line."""
    def __init__(self):
        self.db = sqlite3.connect(store, isolation_level=None)
        self.db.execute("BEGIN IMMEDIATE")
    def release(self):
        self.db.execute("ROLLBACK")
        self.db.close()

def start(name, n_before):
    """Start a submit and wait until it has its place in the line."""
    p = subprocess.Popen([phusong, "submit", "--operator", "VNPT", store,
                          site_file(name)], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    wait_for(lambda: places() == n_before + 1, "%s in the line" % name)
    return p

def finished(p, name, rc):
    out, err = p.communicate(timeout=120)
    c.eq(p.returncode, rc, "%s: exit (stderr %s)" % (name, err[-400:]))
    c.ok(not any(s in err for s in san), "%s: sanitizer report" % name)
    return out, err

def sub_id(name):
    ids = sc.submissions_named(store, name + ".csv")
    return ids[0] if len(ids) == 1 else None

# 1. First come, first served.
c.eq(places(), 0, "nobody in the line yet")
h = Holder()
procs = []
for i, name in enumerate(["A", "B", "C"]):
    procs.append(start(name, i))
time.sleep(0.3)  # all three polling
c.eq([p.poll() for p in procs], [None, None, None], "A, B, C wait")
c.eq(places(), 3, "three places in the line")
h.release()
for name, p in zip(["A", "B", "C"], procs):
    finished(p, name, 0)
ids = [sub_id(n) for n in ["A", "B", "C"]]
c.ok(None not in ids and ids == sorted(ids) and len(set(ids)) == 3,
     "A, B, C committed in the order they came: ids %r" % ids)
c.eq(places(), 0, "the line is empty again")

# 2. Waiters killed in the line hold nobody up.
h = Holder()
d = start("D", 0)
e = start("E", 1)
f = start("F", 2)
e.kill()
e.wait()
d.kill()
d.wait()
wait_for(lambda: places() == 1, "the killed waiters' places gone")
h.release()
t0 = time.time()
finished(f, "F", 0)
c.ok(time.time() - t0 < 10, "F got the lock at once (%.1f s)" % (time.time() - t0))
c.eq([sub_id("D"), sub_id("E")], [None, None], "the killed ones imported nothing")
c.ok(sub_id("F") is not None, "F imported")

# 3. Ctrl-C while waiting.
h = Holder()
g = start("G", 0)
time.sleep(0.2)
t0 = time.time()
g.send_signal(signal.SIGINT)
out, err = finished(g, "G (Ctrl-C)", 130)
c.ok(time.time() - t0 < 2, "Ctrl-C seen at once (%.1f s)" % (time.time() - t0))
c.ok("interrupted (store unchanged)" in err, "G: the message (%r)" % err[-300:])
c.eq(places(), 0, "G left the line")
h.release()
c.eq(sub_id("G"), None, "G imported nothing")

# 4. A waiter stopped first in line: the one behind waits for the
# patience (15 s), then goes out of turn; the stopped one commits later.
h = Holder()
k = start("K", 0)
m = start("M", 1)
k.send_signal(signal.SIGSTOP)
h.release()
t0 = time.time()
finished(m, "M", 0)
waited = time.time() - t0
c.ok(12 <= waited <= 40, "M went ahead of the stopped K after %.1f s" % waited)
k.send_signal(signal.SIGCONT)
finished(k, "K", 0)
c.ok(sub_id("M") is not None and sub_id("K") is not None and
     sub_id("M") < sub_id("K"), "M before K")

c.eq(sc.problems(store), [], "store after the line")
c.done()
PY

phs_finish

# faults_own_malloc.sh: our own allocations fail during an import (spec/
# bad-inputs.md R6). phusong_oom is the tool linked with
# -Wl,--wrap=malloc,calloc,realloc,strdup,strndup (tests/CMakeLists.txt,
# tests/harness/fail_own_malloc.c): PHS_TEST_FAIL_OWN_MALLOC_AFTER=N lets
# the first N of the calls our code makes succeed and fails every later one.
# For a site filing of 10 rows (CSV) and a commune import (GeoJSON), N runs
# from 0 to the import's whole count of allocations (PHS_TEST_COUNT_OWN_
# MALLOC tells it): every run ends in "out of memory", exit 1, the store
# unchanged and intact, no crash, no sanitizer report (tests/harness/
# phs_oom.py), or succeeds with exactly the rows of the file.
#   In CI, N takes every value up to 20, then one in count/45 (the offset
#   from PHS_OOM_SEED, printed), the last 10 values and the count itself.
#   PHS_OOM_FULL=1 runs every N, for a GeoPackage of 3 sites too, and then
#   again failing only the (N+1)th allocation (PHS_TEST_FAIL_OWN_MALLOC_
#   ONCE: a failure the code swallows must still leave the right rows):
#   about 1,450 runs, 25 minutes under ASan.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

: "${PHUSONG_OOM:?PHUSONG_OOM must name the phusong_oom binary}"
F="$PHS_SOURCE_DIR/tests/fixtures/squares"
unset PHS_TEST_KILL_AT PHS_TEST_FAIL_MALLOC_AFTER PHS_TEST_MAX_PAGES \
  PHS_TEST_FAIL_OWN_MALLOC_AFTER PHS_TEST_COUNT_OWN_MALLOC

# The sites store: the squares communes and one VIETTEL filing; the
# communes store: a new store.
expect_rc 0 "init" "$PHUSONG" init "$T/sites.sqlite"
expect_rc 0 "communes" "$PHUSONG" import communes "$T/sites.sqlite" "$F/communes.geojson"
expect_rc 0 "sites" "$PHUSONG" submit --operator VIETTEL "$T/sites.sqlite" "$F/sites_viettel.csv"
expect_rc 0 "init" "$PHUSONG" init "$T/communes.sqlite"
cat >"$T/ten.csv" <<'CSV'
site_id,tech,band_mhz,radius_m,lon,lat
T1,5G,3500,900,107.0030,10.5030
T2,4G,1800,2000,107.0070,10.5040
T3,5G,3500,900,107.0040,10.5080
T4,4G,1800,1500,107.0010,10.5010
T5,5G,3500,800,107.0090,10.5020
T6,4G,1800,1200,107.0050,10.5055
T7,5G,3500,700,107.0020,10.5090
T8,4G,1800,2500,107.0080,10.5070
T9,5G,3500,900,107.0060,10.5060
T10,4G,1800,1000,107.0015,10.5035
CSV
if [ -n "${PHS_OOM_FULL:-}" ] && [ "$PHS_OOM_FULL" != 0 ]; then
  head -n 4 "$T/ten.csv" >"$T/three.csv"
  check "three.gpkg" ogr2ogr -f GPKG "$T/three.gpkg" "$T/three.csv" \
    -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo AUTODETECT_TYPE=YES \
    -a_srs EPSG:4326 -nln sites
fi

phs_py "own allocations fail" "$T" "$F/communes.geojson" <<'PY'
import os, random, re, sys
import phs_check
from phs_oom import Oom

tmp, communes = sys.argv[1], sys.argv[2]
exe = os.environ["PHUSONG_OOM"]
full = os.environ.get("PHS_OOM_FULL", "") not in ("", "0")
seed = int(os.environ.get("PHS_OOM_SEED", "5150"))
c = phs_check.Checker()
print("seed %d (PHS_OOM_SEED=%d to replay)%s" % (seed, seed,
      ", every N (PHS_OOM_FULL)" if full else ""))

def sweep(name, store, args, grows, env=None):
    loop = Oom(c, store, [exe] + args, "PHS_TEST_FAIL_OWN_MALLOC_AFTER",
               grows, need_oom_text=True, env=env)
    # The whole count: a run that fails nothing, told at its exit.
    p = loop.run({"PHS_TEST_COUNT_OWN_MALLOC": "1"})
    m = re.search(r"phusong_oom: (\d+) own allocations", p.stderr if p else "")
    if not c.ok(p is not None and p.returncode == 0 and m,
                name + ": the counting run: " + (p.stderr[-600:] if p else "hung")):
        loop.done()
        return
    loop.restore()
    total = int(m.group(1))
    if full:
        ns = list(range(total + 1))
    else:
        stride = max(1, total // 45)
        off = random.Random("%d %s" % (seed, name)).randrange(stride)
        ns = sorted(set(list(range(min(21, total + 1))) +
                        list(range(21 + off, total + 1, stride)) +
                        list(range(max(0, total - 10), total + 1))))
    first_ok = None
    for n in ns:
        if loop.attempt(n) and first_ok is None:
            first_ok = n
    c.ok(first_ok is not None, name + ": never succeeded, even with all %d"
         " allocations" % total)
    print("%s: %d own allocations in all; %s; the first success at N=%s"
          % (name, total, loop.summary(), first_ok))
    loop.done()

sites = os.path.join(tmp, "sites.sqlite")
runs = [("sites", sites, ["submit", "-q", "--operator", "VNPT", sites,
                          os.path.join(tmp, "ten.csv")],
         {"submission": 1, "site": 10}),
        ("communes", os.path.join(tmp, "communes.sqlite"),
         ["import", "communes", "-q", os.path.join(tmp, "communes.sqlite"),
          communes], {"submission": 1, "commune": 4})]
if full:
    runs.append(("gpkg", sites, ["submit", "-q", "--operator", "VNPT", sites,
                                 os.path.join(tmp, "three.gpkg")],
                 {"submission": 1, "site": 3}))
for r in runs:
    sweep(*r)
if full:
    for r in runs:
        sweep(r[0] + " (once)", *r[1:], env={"PHS_TEST_FAIL_OWN_MALLOC_ONCE": "1"})
c.done()
PY

phs_finish

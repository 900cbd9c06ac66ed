# map_outlines.sh: district outlines are built once, when communes are
# imported, and stored (table district_outline, schema version 6); a map
# from a store without them (one migrated from version 5: simulated by
# deleting the rows) builds the same outlines, draws the same image, and
# stores them; a stale row (its members hash changed) is rebuilt.
#
# The squares fixture (tests/fixtures/squares/README.md): 4 communes, 2
# districts of 2 each: 901 = 90001 + 90002 = [107.00, 107.01] x [10.50,
# 10.52], 902 = 90003 + 90004 = [107.01, 107.02] x [10.50, 10.52] (90004's
# hole, 0.04 km², is under the 0.5 km² kept, so each outline is the
# rectangle, its corners rounded by the 75 m closing, then simplified at
# 1.5 m (data/outline.c), which moves the box's sides in by at most 1.5 m,
# 1.5e-5 degrees: the bounding box is the rectangle's within that). One
# import of communes: submission 1.
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

S="$T/s.sqlite"
squares_store "$S"

# outlines-1: stored at import, one per district, with their communes.
phs_py "outlines-1 stored at import" "$S" "$T/rows1.txt" <<'EOF'
import sqlite3, struct, sys
from phs_check import Checker
c = Checker()
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT district_code, submission_id, communes, members, geom"
                  " FROM district_outline ORDER BY district_code").fetchall()
c.eq([(r[0], r[1], r[2]) for r in rows], [("901", 1, 2), ("902", 1, 2)],
     "one outline per district, 2 communes each, keyed by submission 1")
want = {"901": (107.00, 10.50, 107.01, 10.52), "902": (107.01, 10.50, 107.02, 10.52)}
for code, _, _, _, g in rows:
    # SpatiaLite blob: 0x00, byte order, SRID (int32), MBR (4 doubles)
    order = "<" if g[1] == 1 else ">"
    srid = struct.unpack(order + "i", g[2:6])[0]
    mbr = struct.unpack(order + "4d", g[6:38])
    c.eq(srid, 4326, "%s: lon/lat like the communes" % code)
    c.ok(all(abs(a - b) < 1.5e-5 for a, b in zip(mbr, want[code])),
         "%s: bounds %s are the district's rectangle" % (code, mbr))
open(sys.argv[2], "w").write(repr([(r[0], r[1], r[2], r[3]) for r in rows]))
c.done()
EOF

MAP=(map --metric fibre_households --classes fixed --breaks 78,79)
expect_rc 0 "map with stored outlines" "$PHUSONG" "${MAP[@]}" -o "$T/m1.png" "$S"

# outlines-2: without the rows (a store migrated from version 5), the map
# builds them: the same image, and the rows are stored again, the same.
outlines_delete "outlines-2 delete the rows" "$S"
expect_rc 0 "map without stored outlines" "$PHUSONG" "${MAP[@]}" -o "$T/m2.png" "$S"
check "outlines-2.1 the same image" cmp "$T/m1.png" "$T/m2.png"
phs_py "outlines-2.2 stored again by the map" "$S" "$T/rows1.txt" <<'EOF'
import sqlite3, sys
from phs_check import Checker
c = Checker()
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT district_code, submission_id, communes, members"
                  " FROM district_outline ORDER BY district_code").fetchall()
c.eq(repr(rows), open(sys.argv[2]).read(), "the rows the import stored")
# outlines-3: a stale row (built from other communes) is not used
db.execute("UPDATE district_outline SET members = 0 WHERE district_code = '901'")
db.commit()
c.done()
EOF
expect_rc 0 "map with a stale outline" "$PHUSONG" "${MAP[@]}" -o "$T/m3.png" "$S"
check "outlines-3.1 the same image" cmp "$T/m1.png" "$T/m3.png"
phs_py "outlines-3.2 the stale row replaced" "$S" "$T/rows1.txt" <<'EOF'
import sqlite3, sys
from phs_check import Checker
c = Checker()
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT district_code, submission_id, communes, members"
                  " FROM district_outline ORDER BY district_code").fetchall()
c.eq(repr(rows), open(sys.argv[2]).read(), "rebuilt as the import built it")
c.done()
EOF
phs_finish

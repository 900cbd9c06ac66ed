"""phs_store_check.py: is a store intact, and is each submission in it whole?

Used by the crash, concurrency and fault tests (tests/cli/kill.sh,
concurrency.sh, faults.sh) after every killed, concurrent or failed
import. Standard library only; the store is opened read-only-in-spirit
(queries only) with Python's sqlite3, which also recovers a WAL left by a
killed writer, as the next phusong would.

problems(path) lists what is wrong, [] when nothing is:
  - PRAGMA integrity_check and foreign_key_check;
  - each site submission holds exactly rows_accepted site rows, each
    household-points submission exactly rows_accepted points (chunks plus
    old-style rows), each with its site_filing rows;
  - each submission has its files listed and every kept file's bytes in
    submission_blob (the right size);
  - no row of any table names a submission that does not exist.
snapshot(path) is what must not change when an import fails: every
submission row and the row count of every table.
"""
import sqlite3

# Tables whose rows belong to one submission (submission_id).
OWNED = ["commune", "commune_count", "household", "household_chunk", "site",
         "site_filing", "survey_response", "claimed_coverage",
         "district_outline", "submission_file"]

TABLES = ["submission", "operator", "commune", "commune_count", "household",
          "site", "survey_response", "survey_answer", "analysis_run",
          "result", "claimed_coverage", "district_outline",
          "household_chunk", "site_filing", "submission_blob",
          "submission_file"]


def connect(path):
    db = sqlite3.connect(path, timeout=60)
    db.execute("PRAGMA busy_timeout=60000")
    return db


def problems(path):
    out = []
    db = connect(path)
    try:
        ic = [r[0] for r in db.execute("PRAGMA integrity_check")]
        if ic != ["ok"]:
            out.append("integrity_check: %s" % "; ".join(ic[:5]))
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            out.append("foreign_key_check: %d rows, first %r" % (len(fk), fk[0]))
        for sid, accepted, n in db.execute(
                "SELECT s.id, s.rows_accepted, (SELECT count(*) FROM site t"
                " WHERE t.submission_id = s.id) FROM submission s"
                " WHERE s.kind = 'sites'"):
            if n != accepted:
                out.append("sites submission %d: %d site rows, rows_accepted %d"
                           % (sid, n, accepted))
        for sid, n in db.execute(
                "SELECT s.id, (SELECT count(*) FROM site_filing f WHERE"
                " f.submission_id = s.id) - (SELECT count(DISTINCT tech) FROM"
                " site t WHERE t.submission_id = s.id) FROM submission s"
                " WHERE s.kind = 'sites'"):
            if n != 0:
                out.append("sites submission %d: site_filing rows off by %d"
                           % (sid, n))
        for sid, accepted, n in db.execute(
                "SELECT s.id, s.rows_accepted, (SELECT coalesce(sum(c.n), 0)"
                " FROM household_chunk c WHERE c.submission_id = s.id) +"
                " (SELECT count(*) FROM household h WHERE h.submission_id ="
                " s.id) FROM submission s WHERE s.kind = 'households' AND"
                " s.mode = 'points'"):
            if n != accepted:
                out.append("household submission %d: %d points, rows_accepted"
                           " %d" % (sid, n, accepted))
        for (sid,) in db.execute(
                "SELECT id FROM submission s WHERE NOT EXISTS (SELECT 1 FROM"
                " submission_file f WHERE f.submission_id = s.id)"):
            out.append("submission %d: no submission_file row" % sid)
        for sid, name in db.execute(
                "SELECT f.submission_id, f.name FROM submission_file f WHERE"
                " f.kept = 1 AND NOT EXISTS (SELECT 1 FROM submission_blob b"
                " WHERE b.sha256 = f.sha256 AND b.bytes = f.bytes AND"
                " length(b.data) = f.bytes)"):
            out.append("submission %d: bytes of %s missing from"
                       " submission_blob" % (sid, name))
        for t in OWNED:
            (n,) = db.execute(
                "SELECT count(*) FROM %s WHERE submission_id NOT IN (SELECT id"
                " FROM submission)" % t).fetchone()
            if n:
                out.append("%s: %d orphan rows (no such submission)" % (t, n))
        (n,) = db.execute(
            "SELECT count(*) FROM survey_answer WHERE response_id NOT IN"
            " (SELECT id FROM survey_response)").fetchone()
        if n:
            out.append("survey_answer: %d orphan rows" % n)
    finally:
        db.close()
    return out


def snapshot(path):
    db = connect(path)
    try:
        subs = db.execute(
            "SELECT id, kind, operator_code, source_name, source_sha256,"
            " rows_accepted, status, superseded_by, superseded_at_utc FROM"
            " submission ORDER BY id").fetchall()
        counts = {t: db.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
                  for t in TABLES}
    finally:
        db.close()
    return {"submissions": subs, "counts": counts}


def submissions_named(path, name):
    """The ids of the submissions of the file called name."""
    db = connect(path)
    try:
        return [r[0] for r in db.execute(
            "SELECT id FROM submission WHERE source_name = ? ORDER BY id",
            (name,))]
    finally:
        db.close()

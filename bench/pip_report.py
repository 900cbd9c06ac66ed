#!/usr/bin/python3
"""pip_report.py: check and summarise bench/pip.sh's run as Markdown.

  pip_report.py --results DIR --scale TAG --points N [--geopandas-points N]
                [--communes N]

DIR holds what pip.sh wrote: times.tsv (step, run, elapsed s, peak KB,
user s, system s, PostgreSQL server CPU s, 1-min load average; rows
"STEP / step S" are the phases a tool printed), commands.tsv (step,
command), phusong_counts.csv (`phusong count`: commune_code, commune_name,
points), phusong_counts_gpd.csv (the same on GeoPandas's subset, when it is
one), and the peers' code,n files: postgis_counts_w0.csv, _w2.csv,
spatialite_counts.csv, spatialite_probe_counts.csv, geopandas_counts.csv.

Check: synth puts its points strictly inside the polygons, so no point is on
a shared border; but the 2008 polygons overlap in places, and the plain
count(*) counts a point covered by two of them in both, where phusong puts
it in the lowest code. So PostGIS's and GeoPandas's lowest code per point
(postgis_lowest_code.csv, geopandas_counts_lowest_code.csv) must equal
phusong's counts, and the peers' count(*) must equal PostGIS's; a commune
missing from a file has 0 points. Differences are listed, exit status 1.

Times: the median over the runs of elapsed and of CPU (user + system of the
command + the server's), the largest peak resident memory (of the command:
for PostGIS, psql or ogr2ogr; the backend's VmHWM is given beside the
count), the median load average. "End to end" sums the steps from the CSV
to the counts; the ratios are the peer's time per point over phusong's
(the same points, except the GeoPandas join, set against phusong's
households step per point).

Only Debian's python3 standard library.
"""
import argparse
import csv
import os
import statistics
import sys


def read_times(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            name, _run, secs, kb, usr, sys_, server, load = line.rstrip("\n").split("\t")
            rows.setdefault(name, []).append(
                (float(secs), int(kb), float(usr) + float(sys_) + float(server), float(load)))
    return {k: {"s": statistics.median(r[0] for r in v), "kb": max(r[1] for r in v), "runs": len(v),
                "cpu": statistics.median(r[2] for r in v), "load": statistics.median(r[3] for r in v)}
            for k, v in rows.items()}


def read_counts(path, code_col, n_col):
    with open(path, encoding="utf-8") as f:
        return {r[code_col]: int(r[n_col]) for r in csv.DictReader(f)}


def fmt_s(x):
    return "%.2f s" % x if x < 100 else "%.0f s" % x


def fmt_rate(n, s):
    if not s:
        return ""
    r = n / s
    return "%.2f M/s" % (r / 1e6) if r >= 1e6 else "%.0f k/s" % (r / 1e3)


def vmhwm(path):
    """Largest VmHWM in MB in a file of '/proc/PID/status' lines, or None."""
    if not os.path.exists(path):
        return None
    vals = [int(line.split()[1]) for line in open(path) if line.startswith("VmHWM")]
    return max(vals) / 1024 if vals else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--scale", default="")
    ap.add_argument("--points", type=int, required=True)
    ap.add_argument("--geopandas-points", type=int, default=0)
    ap.add_argument("--communes", default="?")
    a = ap.parse_args()
    res = a.results
    n_all, n_gpd = a.points, a.geopandas_points

    t = read_times(os.path.join(res, "times.tsv"))
    cmds = {}
    with open(os.path.join(res, "commands.tsv"), encoding="utf-8") as f:
        for line in f:
            k, c = line.rstrip("\n").split("\t", 1)
            cmds.setdefault(k, c)

    def points_of(name):
        if "load communes" in name:
            return 0
        if name.startswith("geopandas") or "GeoPandas" in name:
            return n_gpd
        if " / step " in name and not name.endswith(("households", "sjoin", "read points", "make points")):
            return 0
        return n_all

    out = ["## Point-in-polygon counting: %s" % a.scale, ""]
    loads = [v["load"] for v in t.values()]
    out.append("%d household points (synth), %s communes with a polygon; GeoPandas on %d of them. "
               "1-min load average over the steps: %.1f to %.1f (2 cores)."
               % (n_all, a.communes, n_gpd, min(loads), max(loads)))
    phs = os.path.join(res, "phusong_count.stderr")
    if os.path.exists(phs):
        out.append("")
        out.append("phusong count: `%s`" % open(phs, encoding="utf-8").read().strip().splitlines()[-1])
    out.append("")
    out.append("Commands: `$W` is the work folder (`%s`), `phusong` the binary used; the psql steps "
               "run on pip.sh's private cluster (`-h 127.0.0.1 -p PORT -U postgres -d bench`)."
               % os.path.dirname(os.path.abspath(res)))
    out.append("")
    out.append("| step | runs | median elapsed | median CPU (user+sys, + server) | peak memory | "
               "points/s (elapsed) | load | command |")
    out.append("|---|---|---|---|---|---|---|---|")
    for k, v in t.items():
        n = points_of(k)
        mem = "%.0f MB" % (v["kb"] / 1024) if v["kb"] else ""
        m = None
        if k.startswith("postgis count"):
            m = vmhwm(os.path.join(res, "postgis_backend_w%s.txt" % k.split(", ")[-1].split()[0]))
        if m:
            mem += " (backend %.0f MB)" % m
        cmd = cmds.get(k, "(a phase of the row above)" if " / step " in k else "")
        out.append("| %s | %d | %s | %s | %s | %s | %.1f | %s |"
                   % (k, v["runs"], fmt_s(v["s"]), fmt_s(v["cpu"]), mem,
                      fmt_rate(n, v["s"]) if n else "", v["load"],
                      ("`%s`" % cmd.replace("|", "\\|")) if cmd else ""))
    out.append("")

    def total(*names):
        got = [t[x] for x in names if x in t]
        if len(got) != len(names):
            return None
        return {"s": sum(g["s"] for g in got), "cpu": sum(g["cpu"] for g in got),
                "kb": max(g["kb"] for g in got)}

    pg_in = ("postgis load communes (ogr2ogr from the store)", "postgis load points (COPY, ST_MakePoint)",
             "postgis GiST indexes + ANALYZE")
    sl_in = ("spatialite load communes (ogr2ogr from the store)", "spatialite load points (.import, MakePoint)",
             "spatialite R*Tree indexes")
    gk = "geopandas sjoin within + value_counts"
    gc = gk + " / step check only, lowest code per point"
    if gk in t and gc in t:
        t[gk + " (without the check)"] = dict(t[gk], s=t[gk]["s"] - t[gc]["s"], cpu=t[gk]["cpu"] - t[gc]["cpu"])
    base_e2e = total("phusong count")
    base_join = total("phusong analyze --timings / step households")
    base_gpd = total("phusong count (GeoPandas's points)") or (base_e2e if n_gpd == n_all else None)
    comps = [
        ("end to end (CSV to counts)", "phusong count", base_e2e, n_all, base_e2e, n_all),
        ("end to end", "phusong import households + analyze",
         total("phusong import households (into a copy of the store)", "phusong analyze --timings"),
         n_all, base_e2e, n_all),
        ("end to end", "PostGIS, 0 parallel workers",
         total(*pg_in, "postgis count (ST_Covers), 0 parallel workers"), n_all, base_e2e, n_all),
        ("end to end", "PostGIS, 2 parallel workers",
         total(*pg_in, "postgis count (ST_Covers), 2 parallel workers"), n_all, base_e2e, n_all),
        ("end to end", "SpatiaLite", total(*sl_in, "spatialite count (SpatialIndex, ST_Covers)"),
         n_all, base_e2e, n_all),
        ("end to end, GeoPandas's points", "phusong count", base_gpd, n_gpd, base_gpd, n_gpd),
        ("end to end, GeoPandas's points", "GeoPandas", total(gk + " (without the check)"),
         n_gpd, base_gpd, n_gpd),
        ("the join of loaded, indexed points", "phusong analyze, step households", base_join, n_all,
         base_join, n_all),
        ("the join", "PostGIS, 0 parallel workers", total("postgis count (ST_Covers), 0 parallel workers"),
         n_all, base_join, n_all),
        ("the join", "PostGIS, 2 parallel workers", total("postgis count (ST_Covers), 2 parallel workers"),
         n_all, base_join, n_all),
        ("the join", "SpatiaLite (SpatialIndex)", total("spatialite count (SpatialIndex, ST_Covers)"),
         n_all, base_join, n_all),
        ("the join", "SpatiaLite (per-point R*Tree join)", total("spatialite count (per-point R*Tree join)"),
         n_all, base_join, n_all),
        ("the join (per point)", "GeoPandas sjoin", total("geopandas sjoin within + value_counts / step sjoin"),
         n_gpd, base_join, n_all),
    ]
    out.append("| comparison | tool | points | elapsed | CPU | peak memory | points/s | "
               "peer / phusong, elapsed | peer / phusong, CPU |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for what, tool, v, n, b, bn in comps:
        if not v or not n:
            continue
        is_base = b is v
        r_s = r_c = ""
        if b and not is_base and b["s"] > 0 and b["cpu"] > 0:
            r_s = "%.1fx" % ((v["s"] / n) / (b["s"] / bn))
            r_c = "%.1fx" % ((v["cpu"] / n) / (b["cpu"] / bn))
        out.append("| %s | %s | %d | %s | %s | %s | %s | %s | %s |"
                   % (what, tool, n, fmt_s(v["s"]), fmt_s(v["cpu"]),
                      "%.0f MB" % (v["kb"] / 1024) if v["kb"] else "", fmt_rate(n, v["s"]),
                      r_s or ("(base)" if is_base else ""), r_c))
    out.append("")

    # ---------------------------------------------------------------- check
    problems = []

    def counts(fname, code_col="code", n_col="n"):
        p = os.path.join(res, fname)
        return read_counts(p, code_col, n_col) if os.path.exists(p) else None

    ph = counts("phusong_counts.csv", "commune_code", "points")
    ph_gpd = counts("phusong_counts_gpd.csv", "commune_code", "points") or ph
    pg0 = counts("postgis_counts_w0.csv")
    out.append("| check | communes compared | communes that differ | points, reference | points, checked |")
    out.append("|---|---|---|---|---|")
    for label, ref, fname in (
            ("PostGIS, each point in the lowest covering code (phusong's rule), against phusong count",
             ph, "postgis_lowest_code.csv"),
            ("GeoPandas, each point in the lowest covering code, against phusong count on the same points",
             ph_gpd, "geopandas_counts_lowest_code.csv"),
            ("PostGIS count(*), 2 workers, against 0 workers", pg0, "postgis_counts_w2.csv"),
            ("SpatiaLite count(*) against PostGIS count(*)", pg0, "spatialite_counts.csv"),
            ("SpatiaLite per-point join against PostGIS count(*)", pg0, "spatialite_probe_counts.csv")):
        peer = counts(fname)
        if peer is None or ref is None:
            continue
        codes = sorted(set(ref) | set(peer))
        bad = [c for c in codes if ref.get(c, 0) != peer.get(c, 0)]
        out.append("| %s | %d | %d | %d | %d |" % (label, len(codes), len(bad), sum(ref.values()),
                                                    sum(peer.values())))
        if bad:
            problems.append("%s: %d communes differ: %s" % (label, len(bad), "; ".join(
                "%s reference %d, checked %d" % (c, ref.get(c, 0), peer.get(c, 0)) for c in bad[:10])))
    ov = os.path.join(res, "postgis_overlaps.csv")
    if os.path.exists(ov):
        r = next(csv.DictReader(open(ov, encoding="utf-8")))
        out.append("")
        out.append("%s of the %s points in a commune lie in 2 or more (overlapping 2008 polygons): "
                   "count(*) counts them once per polygon (%s point-commune pairs), phusong once, in "
                   "the lowest code; so count(*) is checked between the peers and the lowest code "
                   "against phusong." % (r["points_in_2_or_more"], r["points_in_a_commune"],
                                         r["point_commune_pairs"]))
        if ph is not None and int(r["points_in_a_commune"]) != sum(ph.values()):
            problems.append("points in a commune: phusong %d, PostGIS %s"
                            % (sum(ph.values()), r["points_in_a_commune"]))
    for x in problems:
        out.append("")
        out.append("PROBLEM: " + x)
    if not problems:
        out.append("")
        out.append("Every check holds in every commune.")
    print("\n".join(out))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

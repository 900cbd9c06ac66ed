#!/usr/bin/python3
"""coverage_check.py: compare phusong's per-commune coverage figures with
PostGIS's, and summarise bench/coverage.sh's timings as Markdown.

  coverage_check.py --times times.tsv [--households N] [--scale TAG]
                    phusong.json [postgis.csv]

phusong.json is `phusong report -f json` (docs/report-json.md); postgis.csv
is the export section of bench/coverage.sql (code, area_m2, covered_5g_m2,
covered_4g_m2, households, households_5g, households_4g; a row without code
holds the households in no commune).

Accuracy, per technology (5G, 4G):
- covered area: |phusong pct - 100 * covered_m2 / area_m2| in percentage
  points over the communes with a polygon: max and mean. Both are shares of
  the same commune, so phusong's ellipsoidal area and PostGIS's planar UTM
  area cancel out of the comparison (the UTM scale factor is constant to
  within 1e-5 across one commune);
- covered households: phusong's numerator must equal PostGIS's count in
  every commune, and the households per commune and outside every commune
  must agree too; mismatches are listed.
Exit status 1 when a household count differs or a target is missed, so a
script can tell; the summary says which.

Only Debian's python3 standard library.
"""
import argparse
import csv
import json
import statistics
import sys

TECHS = ("5G", "4G")


def medians(path):
    """{step: (median elapsed s, max peak KB, runs, median CPU s)} in first-seen
    order. CPU = user + system of the command + the PostgreSQL server's CPU
    during it (bench/lib.sh, bench_pg_cpu): what the step cost even when other
    work shared the cores."""
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            # lib.sh's bench_timed: the 1-min load average follows, unused
            name, _run, secs, kb, usr, sys_, server = line.rstrip("\n").split("\t")[:7]
            rows.setdefault(name, []).append(
                (float(secs), int(kb), float(usr) + float(sys_) + float(server)))
    return {k: (statistics.median(r[0] for r in v), max(r[1] for r in v), len(v),
                statistics.median(r[2] for r in v))
            for k, v in rows.items()}


def fmt_s(x):
    return "%.2f s" % x if x < 100 else "%.0f s" % x


def metric(c, key):
    return c["metrics"].get(key) or {}


def compare(report, pg_path, out):
    """Accuracy lines into out; returns (problems, area_stats)."""
    pg, pg_outside = {}, None
    with open(pg_path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["code"] == "":
                pg_outside = r
            else:
                pg[r["code"]] = r
    problems = []
    area_stats = {}
    communes = report["communes"]
    with_geom = [c for c in communes if "no_geometry" not in metric(c, "coverage_5g_area").get("flags", [])
                 and c["code"] in pg]
    missing = [c["code"] for c in communes if c["code"] not in pg
               and "no_geometry" not in metric(c, "coverage_5g_area").get("flags", [])]
    if missing:
        problems.append("%d communes with a polygon in phusong's report are not in PostGIS's: %s"
                        % (len(missing), ", ".join(missing[:10])))
    out.append("Communes compared: %d (with a polygon in both)." % len(with_geom))
    out.append("")
    out.append("| figure | max abs diff | mean abs diff | communes over 0.1 pp | "
               "phusong total | PostGIS total |")
    out.append("|---|---|---|---|---|---|")
    for t in TECHS:
        tl = t.lower()
        diffs, worst = [], None
        for c in with_geom:
            r = pg[c["code"]]
            a = float(r["area_m2"])
            exact = 100.0 * float(r["covered_%s_m2" % tl]) / a if a > 0 else 0.0
            p = metric(c, "coverage_%s_area" % tl).get("pct")
            p = 0.0 if p is None else p
            d = abs(p - exact)
            diffs.append(d)
            if worst is None or d > worst[0]:
                worst = (d, c["code"], p, exact)
        over = sum(1 for d in diffs if d > 0.1)
        area_stats[t] = (max(diffs), statistics.mean(diffs), over, worst)
        ph_km2 = sum(metric(c, "coverage_%s_area" % tl).get("numerator") or 0 for c in with_geom)
        pg_km2 = sum(float(pg[c["code"]]["covered_%s_m2" % tl]) for c in with_geom) / 1e6
        out.append("| covered area %s, pct | %.4f pp (commune %s: %.4f vs %.4f) | %.5f pp | %d | "
                   "%.1f km² (ellipsoidal) | %.1f km² (UTM plane) |"
                   % (t, worst[0], worst[1], worst[2], worst[3], statistics.mean(diffs), over,
                      ph_km2, pg_km2))
    for t in TECHS:
        tl = t.lower()
        bad = []
        ph_tot = pg_tot = 0
        for c in communes:
            m = metric(c, "coverage_%s_households" % tl)
            num = int(m.get("numerator") or 0)
            den = int(m.get("denominator") or 0)
            r = pg.get(c["code"])
            pn = int(r["households_%s" % tl]) if r else 0
            pd = int(r["households"]) if r else 0
            ph_tot += num
            pg_tot += pn
            if num != pn or den != pd:
                bad.append("%s: phusong %d/%d, PostGIS %d/%d" % (c["code"], num, den, pn, pd))
        status = "equal in every commune" if not bad else "%d communes differ" % len(bad)
        out.append("| covered households %s | %s | | | %d | %d |" % (t, status, ph_tot, pg_tot))
        if bad:
            problems.append("%s households differ: %s" % (t, "; ".join(bad[:10])))
    ph_out = report["run"]["diagnostics"]["unassigned"]["households"]
    pg_out_n = int(pg_outside["households"]) if pg_outside else 0
    out.append("")
    out.append("Households outside every commune: phusong %d, PostGIS %d." % (ph_out, pg_out_n))
    if ph_out != pg_out_n:
        problems.append("households outside every commune differ: phusong %d, PostGIS %d"
                        % (ph_out, pg_out_n))
    return problems, area_stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--times", required=True)
    ap.add_argument("--households", type=int, default=0)
    ap.add_argument("--scale", default="")
    ap.add_argument("phusong_json")
    ap.add_argument("postgis_csv", nargs="?")
    a = ap.parse_args()

    report = json.load(open(a.phusong_json, encoding="utf-8"))
    med = medians(a.times)
    out = ["## coverage benchmark: %s" % a.scale, ""]
    p = report["run"]["params"]
    n5 = sum((metric(c, "sites_5g").get("numerator") or 0) for c in report["communes"])
    n4 = sum((metric(c, "sites_4g").get("numerator") or 0) for c in report["communes"])
    out.append("%d communes in the report, %d 5G and %d 4G sites assigned to communes, %d household "
               "points; working CRS %s, cell %s m, footprint %s / %s."
               % (len(report["communes"]), n5, n4, a.households, p["working_crs"],
                  p["area_cell_m"], p.get("footprint"), p.get("footprint_4g")))
    out.append("")
    out.append("| step | median time | median CPU (user+sys, + server) | runs | peak memory (client) |")
    out.append("|---|---|---|---|---|")
    for k, (s, kb, n, cpu) in med.items():
        out.append("| %s | %s | %s | %d | %.0f MB |" % (k, fmt_s(s), fmt_s(cpu), n, kb / 1024))
    out.append("")
    problems = []
    if a.postgis_csv:
        an = next((v for k, v in med.items() if k.startswith("phusong analyze") and " / step " not in k), None)
        step = lambda s: next((v for k, v in med.items() if k.startswith("phusong analyze") and k.endswith(" / step " + s)), None)
        st_area, st_hh = step("areas"), step("households")
        tot = lambda prefix, i: sum(v[i] for k, v in med.items() if k.startswith(prefix))
        pg_area, pg_area_cpu = tot("postgis (a)", 0), tot("postgis (a)", 3)
        pg_hh, pg_hh_cpu = tot("postgis (b)", 0), tot("postgis (b)", 3)
        pg_ready = tot("postgis load", 0) + tot("postgis transform", 0)
        ph_ready = tot("phusong import", 0) + tot("phusong submit", 0)
        out.append("| comparison | phusong | PostGIS | PostGIS / phusong, time | "
                   "PostGIS / phusong, CPU |")
        out.append("|---|---|---|---|---|")
        for what, pt, pc in (("covered area, 5G + 4G (phusong: its whole analyze)", pg_area, pg_area_cpu),
                             ("covered households, 5G + 4G, with the assignment to communes "
                              "(phusong: its whole analyze)", pg_hh, pg_hh_cpu),
                             ("both (analyze vs (a) + (b))", pg_area + pg_hh, pg_area_cpu + pg_hh_cpu)):
            out.append("| %s | %s (CPU %s) | %s (CPU %s) | %.1fx | %.1fx |"
                       % (what, fmt_s(an[0]), fmt_s(an[3]), fmt_s(pt), fmt_s(pc), pt / an[0], pc / an[3]))
        # Like for like: phusong's own step beside the PostGIS queries that do
        # the same work (analyze --timings; CPU is the process's, all threads).
        for what, ph, pt, pc in (("covered area, 5G + 4G (phusong: its step 'areas')", st_area, pg_area, pg_area_cpu),
                                 ("covered households, 5G + 4G, with the assignment to communes "
                                  "(phusong: its step 'households')", st_hh, pg_hh, pg_hh_cpu)):
            if ph and ph[0] > 0 and ph[3] > 0:
                out.append("| %s | %s (CPU %s) | %s (CPU %s) | %.1fx | %.1fx |"
                           % (what, fmt_s(ph[0]), fmt_s(ph[3]), fmt_s(pt), fmt_s(pc), pt / ph[0], pc / ph[3]))
        out.append("| data in (imports vs load + index) | %s | %s | %.1fx | |"
                   % (fmt_s(ph_ready), fmt_s(pg_ready), pg_ready / ph_ready if ph_ready else 0))
        out.append("")
        probs, area = compare(report, a.postgis_csv, out)
        problems += probs
        out.append("")
        out.append("Targets (issue 3): analysis under 15 s and 4 GiB: %s (%s, %.0f MB); "
                   "area within 0.1 pp: %s (max %.3f pp); area at least 3x faster: %s (%.1fx); "
                   "households exact: %s; households at least 100x faster: %s (%.1fx; the "
                   "households step alone: %.1fx)."
                   % ("met" if an[0] < 15 and an[1] < 4 * 1024 * 1024 else "MISSED",
                      fmt_s(an[0]), an[1] / 1024,
                      "met" if all(area[t][0] <= 0.1 for t in TECHS) else "MISSED",
                      max(area[t][0] for t in TECHS),
                      "met" if pg_area / an[0] >= 3 else "MISSED", pg_area / an[0],
                      "met" if not [x for x in probs if "households" in x] else "MISSED",
                      "met" if pg_hh / an[0] >= 100 else "MISSED", pg_hh / an[0],
                      pg_hh / st_hh[0] if st_hh and st_hh[0] > 0 else float("nan")))
    for x in problems:
        out.append("")
        out.append("PROBLEM: " + x)
    print("\n".join(out))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

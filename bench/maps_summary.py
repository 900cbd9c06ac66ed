"""maps_summary.py: the table of bench/maps.sh from its times.tsv.

One row per map (scale, size) and tool: median elapsed time, median CPU
(user + system), median peak resident memory, and phusong's ratio to each
peer (phusong / peer: below 1 phusong is faster), then issue 4's targets:
no slower than MapServer, at least 10x faster than geopandas.

  python3 bench/maps_summary.py results/times.tsv
"""
import statistics
import sys
from collections import defaultdict


def main():
    runs = defaultdict(list)
    for line in open(sys.argv[1]):
        scale, size, tool, _run, secs, kb, usr, sys_ = line.rstrip("\n").split("\t")
        runs[(scale, size, tool)].append((float(secs), float(usr) + float(sys_), int(kb)))
    med = {}
    for key, rs in runs.items():
        med[key] = (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs),
                    statistics.median(r[2] for r in rs) / 1024, len(rs))
    print("| map | tool | elapsed s | CPU s | peak MB | runs | phusong / tool (elapsed, CPU) |")
    print("|---|---|---|---|---|---|---|")
    maps = []
    for key in runs:
        if key[:2] not in maps:
            maps.append(key[:2])
    for scale, size in maps:
        p = med.get((scale, size, "phusong"))
        for tool in ("phusong", "mapserver", "geopandas"):
            m = med.get((scale, size, tool))
            if m is None:
                continue
            ratio = ""
            if p and tool != "phusong":
                ratio = "%.2f, %.2f" % (p[0] / m[0], p[1] / max(m[1], 0.01))
            print("| %s %s | %s | %.2f | %.2f | %.0f | %d | %s |" % (scale, size, tool, m[0], m[1],
                                                                  m[2], m[3], ratio))
    print()
    for scale, size in maps:
        p = med.get((scale, size, "phusong"))
        ms = med.get((scale, size, "mapserver"))
        gp = med.get((scale, size, "geopandas"))
        if not p:
            continue
        if ms:
            print("- %s %s: no slower than MapServer: %s (%.2f s vs %.2f s; CPU %.2f vs %.2f s)"
                  % (scale, size, "met" if p[0] <= ms[0] else "MISSED", p[0], ms[0], p[1], ms[1]))
        if gp:
            print("- %s %s: at least 10x faster than geopandas: %s (%.1fx elapsed, %.1fx CPU)"
                  % (scale, size, "met" if gp[0] >= 10 * p[0] else "MISSED", gp[0] / p[0],
                     gp[1] / max(p[1], 0.01)))


if __name__ == "__main__":
    main()

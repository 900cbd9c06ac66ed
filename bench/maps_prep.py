"""maps_prep.py: the classes and frame the map peers of bench/maps.sh draw.

Reads the GeoPackage maps.sh exported from phusong's store (layer
'communes': one row per commune polygon, the metric's percentage or NULL)
and writes into OUTDIR:

  breaks.txt     the class breaks, comma-separated, full precision
  colors.txt     one #rrggbb per class (ColorBrewer YlGnBu, phusong's
                 default palette), then the no-data grey
  classes.map    MapServer CLASS blocks: [b0,b1), ..., [b(k-1),bk], no data
  frame.sh       EPSG=, EXTENT= for the map (the UTM zone phusong picks
                 from the centre of the communes' bounding box)

The breaks are phusong's default classes (quantile, k = 5) computed with the
same rule as render/classify.c (quantile_breaks), so every tool colours
each commune alike; the class counts printed must equal the counts in
phusong's legend. Standard library and pyproj (a geopandas dependency).

  python3 bench/maps_prep.py MAP.gpkg METRIC OUTDIR [-k 5]
"""
import argparse
import math
import os
import sqlite3
import sys

YLGNBU = {
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
    8: ["#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
    9: ["#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494",
        "#081d58"],
}
NODATA = "#d9d9d9"


def quantile_breaks(s, k):
    """render/classify.c's quantile_breaks over the sorted values s."""
    m = len(s)
    breaks = [s[0]]
    for i in range(1, k):
        ideal = i * m  # positions scaled by k
        p = ideal // k
        lo = hi = p
        while lo > 0 and s[lo - 1] == s[p]:
            lo -= 1
        while hi < m and s[hi] == s[p]:
            hi += 1
        pos, best = -1, 0
        for cand in (lo, hi):
            if cand <= 0 or cand >= m:
                continue
            dist = abs(cand * k - ideal)
            if pos < 0 or dist < best:
                pos, best = cand, dist
        if pos < 0:
            continue
        if s[pos] > breaks[-1]:
            breaks.append(s[pos])
    breaks.append(s[m - 1])
    return breaks


def class_of(breaks, v):
    """phs_classes_find: [b_i, b_i+1), the last class closed; -1 no data."""
    if v is None or not math.isfinite(v) or v < breaks[0] or v > breaks[-1]:
        return -1
    n = len(breaks) - 1
    if v == breaks[n]:
        return n - 1
    for i in range(n - 1, -1, -1):
        if v >= breaks[i]:
            return i
    return -1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gpkg")
    ap.add_argument("metric")
    ap.add_argument("outdir")
    ap.add_argument("-k", type=int, default=5)
    a = ap.parse_args()
    db = sqlite3.connect(a.gpkg)
    vals = [r[0] for r in db.execute('SELECT "%s" FROM communes' % a.metric)]
    finite = sorted(v for v in vals if v is not None and math.isfinite(v))
    if not finite:
        sys.exit("maps_prep.py: no value of %s in %s" % (a.metric, a.gpkg))
    breaks = quantile_breaks(finite, a.k)
    n = len(breaks) - 1
    colors = YLGNBU[max(3, n)][:n] if n >= 3 else [YLGNBU[3][1]] if n == 1 else \
        [YLGNBU[3][0], YLGNBU[3][2]]
    counts = [0] * n
    nodata = 0
    for v in vals:
        c = class_of(breaks, v)
        if c < 0:
            nodata += 1
        else:
            counts[c] += 1

    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "breaks.txt"), "w") as f:
        f.write(",".join(repr(b) for b in breaks) + "\n")
    with open(os.path.join(a.outdir, "colors.txt"), "w") as f:
        f.write("\n".join(colors + [NODATA]) + "\n")
    item = "[%s]" % a.metric
    with open(os.path.join(a.outdir, "classes.map"), "w") as f:
        for i in range(n):
            op = "<=" if i == n - 1 else "<"
            rgb = " ".join(str(int(colors[i][j:j + 2], 16)) for j in (1, 3, 5))
            # OGR hands MapServer a real as text with 15 significant
            # digits: a value equal to a break must compare equal to it.
            f.write("    CLASS\n      EXPRESSION (%s >= %.15g AND %s %s %.15g)\n"
                    "      STYLE COLOR %s OUTLINECOLOR 242 242 242 WIDTH 0.35 END\n"
                    "    END\n" % (item, breaks[i], item, op, breaks[i + 1], rgb))
        f.write("    CLASS # no data\n"
                "      STYLE COLOR 217 217 217 OUTLINECOLOR 242 242 242 WIDTH 0.35 END\n"
                "    END\n")

    # The frame: phs_utm_epsg of the bounding box's centre (northern
    # hemisphere here), the box projected with densified edges, 2% margin.
    minx, miny, maxx, maxy = db.execute(
        "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'communes'"
    ).fetchone()
    lon = (minx + maxx) / 2
    zone = min(60, max(1, int(math.floor((lon + 180.0) / 6.0)) + 1))
    epsg = (32600 if (miny + maxy) / 2 >= 0 else 32700) + zone
    from pyproj import Transformer
    tr = Transformer.from_crs("EPSG:4326", "EPSG:%d" % epsg, always_xy=True)
    x0, y0, x1, y1 = tr.transform_bounds(minx, miny, maxx, maxy, densify_pts=51)
    mx, my = 0.02 * (x1 - x0), 0.02 * (y1 - y0)
    with open(os.path.join(a.outdir, "frame.sh"), "w") as f:
        f.write("EPSG=%d\nEXTENT='%.0f %.0f %.0f %.0f'\n" % (epsg, x0 - mx, y0 - my, x1 + mx, y1 + my))
    print("classes: %s; counts %s, no data %d; EPSG:%d" % (
        ", ".join("%.4f" % b for b in breaks), counts, nodata, epsg))


if __name__ == "__main__":
    main()

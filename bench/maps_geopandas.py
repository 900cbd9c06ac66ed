"""maps_geopandas.py: the geopandas + matplotlib peer of bench/maps.sh.

Draws the map phusong draws, from the GeoPackage maps.sh exported (layers
'communes' with the metric's percentage, 'districts' unioned once by
maps.sh): communes filled by the classes of maps_prep.py (breaks.txt,
colors.txt: the breaks phusong used, [b_i, b_i+1), the last closed, no data
grey), 0.35 pt light borders, 1 pt dark district outlines, in the UTM zone
phusong draws in, with a title and a legend with class counts (no scale
bar, north arrow or labels: matplotlib has none built in), saved as PNG at
WIDTH x HEIGHT pixels and DPI. mapclassify (geopandas' scheme=) is not in
Debian 12, so the classes are computed here with numpy, as scheme=
"UserDefined" would. Prints the time of each phase to stderr.

  python3 bench/maps_geopandas.py MAP.gpkg METRIC PREPDIR EPSG OUT.png W H DPI
"""
import sys
import time

t0 = time.perf_counter()
import geopandas as gpd  # noqa: E402
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402


def main():
    gpkg, metric, prep, epsg, out = sys.argv[1:6]
    w, h, dpi = int(sys.argv[6]), int(sys.argv[7]), float(sys.argv[8])
    breaks = [float(x) for x in open(prep + "/breaks.txt").read().strip().split(",")]
    colors = open(prep + "/colors.txt").read().split()
    nodata_color = colors.pop()
    t1 = time.perf_counter()

    communes = gpd.read_file(gpkg, layer="communes").to_crs(epsg=int(epsg))
    districts = gpd.read_file(gpkg, layer="districts").to_crs(epsg=int(epsg))
    t2 = time.perf_counter()

    v = communes[metric].to_numpy(dtype=float)
    n = len(breaks) - 1
    # [b_i, b_i+1) with the last class closed: side="right" on the inner breaks
    cls = np.searchsorted(np.array(breaks[1:-1]), v, side="right")
    ok = np.isfinite(v) & (v >= breaks[0]) & (v <= breaks[-1])
    fill = np.where(ok, np.array(colors, dtype=object)[np.clip(cls, 0, n - 1)], nodata_color)
    counts = [int(np.sum(ok & (cls == i))) for i in range(n)]

    fig = plt.figure(figsize=(w / dpi, h / dpi), dpi=dpi)
    ax = fig.add_axes([0.02, 0.02, 0.74, 0.88])
    ax.set_axis_off()
    communes.plot(ax=ax, color=list(fill), edgecolor="#f2f2f2", linewidth=0.35)
    districts.boundary.plot(ax=ax, color="#4d4d4d", linewidth=1.0)
    fig.suptitle("Households with fibre", x=0.02, y=0.97, ha="left", fontsize=16,
                 fontweight="bold")
    handles = [Patch(facecolor=colors[i], edgecolor="#999999",
                     label="%.1f – %s %.1f %%  (%d)" % (breaks[i], "<" if i < n - 1 else "",
                                                        breaks[i + 1], counts[i]))
               for i in range(n)]
    handles.append(Patch(facecolor=nodata_color, edgecolor="#999999",
                         label="No data  (%d)" % int(np.sum(~ok))))
    fig.legend(handles=handles, title="Share by commune (%)", loc="upper left",
               bbox_to_anchor=(0.78, 0.88), frameon=False)
    t3 = time.perf_counter()
    fig.savefig(out, dpi=dpi)
    t4 = time.perf_counter()
    print("geopandas phases: import %.2f s, read+project %.2f s, plot %.2f s, savefig %.2f s"
          % (t1 - t0, t2 - t1, t3 - t2, t4 - t3), file=sys.stderr)


if __name__ == "__main__":
    main()

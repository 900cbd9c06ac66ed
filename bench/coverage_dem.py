#!/usr/bin/python3
"""coverage_dem.py: a synthetic DEM of hills for the terrain benchmark.

  coverage_dem.py OUT.tif [--epsg 32648] [--bounds XMIN YMIN XMAX YMAX] [--res 90]

A float32 GeoTIFF (via an ESRI .bil + .hdr and gdal_translate) in a metric
CRS, by default UTM 48N over Bà Rịa - Vũng Tàu with Côn Đảo and the 10 km
reach of `phusong analyze` around them, at 90 m (SRTM's 3 arc-seconds):
rolling ground of 0-60 m plus 80 Gaussian hills of 40-600 m (BR-VT's Núi
Dinh and Núi Thị Vải rise to about 500 m), placed from a fixed seed, so the
same file comes out every time. Only Debian's python3 standard library and
GDAL's command-line tools.
"""
import argparse
import array
import math
import os
import random
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--epsg", type=int, default=32648)
    ap.add_argument("--bounds", type=float, nargs=4, default=[640000, 930000, 800000, 1210000],
                    metavar=("XMIN", "YMIN", "XMAX", "YMAX"))
    ap.add_argument("--res", type=float, default=90.0)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    x0, y0, x1, y1 = a.bounds
    nx = int(math.ceil((x1 - x0) / a.res))
    ny = int(math.ceil((y1 - y0) / a.res))
    rng = random.Random(a.seed)

    # Rolling ground: separable, so one row and one column of factors.
    fx = [math.sin((x0 + (i + 0.5) * a.res) / 7000.0) + 1 for i in range(nx)]
    z = array.array("f", bytes(4 * nx * ny))
    for j in range(ny):
        y = y1 - (j + 0.5) * a.res
        gy = 15.0 * (math.cos(y / 9000.0) + 1)
        base = j * nx
        for i in range(nx):
            z[base + i] = fx[i] * gy
    # Hills, each added over its 3-sigma window only.
    for _ in range(80):
        cx, cy = rng.uniform(x0, x1), rng.uniform(y0, y1)
        h, s = rng.uniform(40, 600), rng.uniform(800, 4000)
        i0 = max(0, int((cx - 3 * s - x0) / a.res))
        i1 = min(nx, int((cx + 3 * s - x0) / a.res) + 1)
        j0 = max(0, int((y1 - cy - 3 * s) / a.res))
        j1 = min(ny, int((y1 - cy + 3 * s) / a.res) + 1)
        k = -0.5 / (s * s)
        ex = [math.exp(k * (x0 + (i + 0.5) * a.res - cx) ** 2) for i in range(i0, i1)]
        for j in range(j0, j1):
            ey = h * math.exp(k * (y1 - (j + 0.5) * a.res - cy) ** 2)
            if ey < 0.01:
                continue
            base = j * nx
            for i in range(i0, i1):
                z[base + i] += ey * ex[i - i0]
    if sys.byteorder != "little":
        z.byteswap()
    with tempfile.TemporaryDirectory() as tmp:
        bil = os.path.join(tmp, "dem.bil")
        with open(bil, "wb") as f:
            z.tofile(f)
        with open(os.path.join(tmp, "dem.hdr"), "w") as f:
            f.write("BYTEORDER I\nLAYOUT BIL\nNROWS %d\nNCOLS %d\nNBANDS 1\nNBITS 32\n"
                    "PIXELTYPE FLOAT\nULXMAP %r\nULYMAP %r\nXDIM %r\nYDIM %r\n"
                    % (ny, nx, x0 + a.res / 2, y1 - a.res / 2, a.res, a.res))
        subprocess.run(["gdal_translate", "-q", "-of", "GTiff", "-a_srs", "EPSG:%d" % a.epsg,
                        "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3", "-co", "TILED=YES",
                        bil, a.out], check=True)
    print("coverage_dem: %s: %d x %d cells of %g m, max %.0f m" % (a.out, nx, ny, a.res, max(z)))


if __name__ == "__main__":
    main()

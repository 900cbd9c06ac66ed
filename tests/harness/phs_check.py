"""phs_check.py: the Python half of the command-line test harness.

A Checker counts checks and failures, prints one line per failure, and
done() prints the summary line "PHS_CHECKS <checks> <failures>" that
phs_cli.sh's phs_py reads. Standard library only.

Also here: the statistics the tests recompute independently of phusong
(Clopper-Pearson bounds by bisection on the binomial tail; Beta quantiles
by bisection on a Simpson-rule incomplete beta function).
"""
import json
import math
import struct
import sys
import zlib


class Checker:
    def __init__(self):
        self.checks = 0
        self.failures = 0

    def ok(self, cond, what):
        self.checks += 1
        if not cond:
            self.failures += 1
            print("FAILED: %s" % what)
        return cond

    def eq(self, got, want, what):
        return self.ok(got == want, "%s: got %r, expected %r" % (what, got, want))

    def near(self, got, want, tol, what):
        good = (isinstance(got, (int, float)) and not isinstance(got, bool)
                and abs(got - want) <= tol)
        return self.ok(good, "%s: got %r, expected %r (tolerance %g)"
                       % (what, got, want, tol))

    def done(self):
        print("PHS_CHECKS %d %d" % (self.checks, self.failures))
        sys.exit(0)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def areas(report):
    """Every area of a phusong-report/1 document, by code."""
    out = {report["province"]["code"]: report["province"]}
    for a in report["districts"] + report["communes"]:
        out[a["code"]] = a
    return out


# ------------------------------------------------------------ statistics

def _bisect(f, target, increasing, iters=60):
    """x in [0, 1] with f(x) = target, f monotone."""
    lo, hi = 0.0, 1.0
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        v = f(mid)
        if (v < target) == increasing:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def binom_cdf(k, n, p):
    """P(X <= k) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i)
               for i in range(0, k + 1))


def clopper_pearson(x, n, alpha=0.05):
    """Exact binomial interval for x successes of n, by bisection on the
    binomial tails (the textbook definition)."""
    lower = 0.0 if x == 0 else _bisect(
        lambda p: 1 - binom_cdf(x - 1, n, p), alpha / 2, True)
    upper = 1.0 if x == n else _bisect(
        lambda p: binom_cdf(x, n, p), alpha / 2, False)
    return lower, upper


def beta_cdf(x, a, b, intervals=2000):
    """Regularized incomplete beta I_x(a, b) by Simpson's rule on the Beta
    density (a >= 1 and b >= 1, or x away from the singular ends)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lnb = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)

    def dens(t):
        if t <= 0:
            return math.exp(-lnb) if a == 1 else 0.0
        return math.exp((a - 1) * math.log(t) + (b - 1) * math.log1p(-t) - lnb)

    h = x / intervals
    s = dens(0.0) + dens(x)
    for i in range(1, intervals):
        s += (4 if i % 2 else 2) * dens(i * h)
    return min(1.0, s * h / 3)


def beta_quantile(q, a, b):
    return _bisect(lambda x: beta_cdf(x, a, b), q, True, iters=34)


def korn_graubard(swy, sw, sw2, alpha=0.05):
    """Clopper-Pearson at Kish's n* = (sw)^2 / sw2 and x* = p n*."""
    p = swy / sw
    n_eff = sw * sw / sw2
    xs = p * n_eff
    ys = n_eff - xs
    lower = 0.0 if swy == 0 else beta_quantile(alpha / 2, xs, ys + 1)
    upper = 1.0 if swy == sw else beta_quantile(1 - alpha / 2, xs + 1, ys)
    return lower, upper


def read_png(path, pixels=True):
    """A PNG as phusong writes it (8-bit RGB/RGBA, not interlaced), decoded
    with the standard library: (width, height, channels, rows, iTXt texts);
    rows (bytes per row) only when pixels is true, else []."""
    b = open(path, "rb").read()
    assert b[:8] == b"\x89PNG\r\n\x1a\n"
    off, idat, text = 8, b"", {}
    while off < len(b):
        n, typ = struct.unpack(">I4s", b[off:off + 8])
        data = b[off + 8:off + 8 + n]
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, inter = struct.unpack(">IIBBBBB", data)
            assert depth == 8 and ctype in (2, 6) and inter == 0
            ch = 3 if ctype == 2 else 4
        elif typ == b"IDAT":
            idat += data
        elif typ == b"iTXt":
            key, rest = data.split(b"\0", 1)
            rest = rest[2:]
            _, rest = rest.split(b"\0", 1)
            _, txt = rest.split(b"\0", 1)
            text[key.decode()] = txt.decode("utf-8")
        off += 12 + n
    if not pixels:
        return w, h, ch, [], text
    raw = zlib.decompress(idat)
    stride, rows, prev, p = w * ch, [], bytearray(w * ch), 0
    for _ in range(h):
        f, line = raw[p], bytearray(raw[p + 1:p + 1 + stride])
        p += 1 + stride
        for i in range(stride):
            a = line[i - ch] if i >= ch else 0
            up = prev[i]
            cu = prev[i - ch] if i >= ch else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + up) & 255
            elif f == 3: line[i] = (line[i] + (a + up) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(up - cu), abs(a - cu), abs(a + up - 2 * cu)
                pr = a if pa <= pb and pa <= pc else (up if pb <= pc else cu)
                line[i] = (line[i] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, ch, rows, text

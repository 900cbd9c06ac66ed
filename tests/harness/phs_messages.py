"""phs_messages.py: the message formats of the C sources and the Vietnamese
catalogue (geo/messages_vi.c), read the way the compiler reads them, for
tests/cli/messages_scan.sh and tests/cli/messages_vi.sh.

A format is the string literal (adjacent literals and string macros joined)
given as the format of phs_diag_error / _detail / _warn, the argument of
phs_tr, or an argument of a few helpers that pass English words on to a
message (FRAGMENTS below). Every literal run of such an argument counts, so
both branches of `cond ? "a" : "b"` are formats. Text without a letter
("%s: %s", ", ...") needs no translation and is skipped.

  python3 phs_messages.py SRC_DIR missing [FILE...]  formats without a translation
  python3 phs_messages.py SRC_DIR stale               catalogue keys no source uses
"""
import glob
import os
import re
import sys

# Function -> indices of the arguments that are (or hold) message text.
CALLS = {"phs_diag_error": (2,), "phs_diag_detail": (1,), "phs_diag_warn": (1,),
         "phs_tr": (0,)}
# Per file: helpers whose arguments reach a message through phs_tr (or a
# translating wrapper), and regexes of table entries that do.
FRAGMENTS = {
    "data/import.c": {"calls": {"report": (4,), "FIND": (2,), "check_id": (3,),
                                "dupes_add": (5,), "coord_cell": (3,)},
                      "tables": [r'\{"[a-z_]+",\s*("(?:[^"\\]|\\.)*"),\s*C_[A-Z_]+,']},
    "data/markup_check.c": {"calls": {"fail": (1,)}},
    "data/coverage_out.c": {"calls": {"gdal_fail": (2,)}},
    "geo/crs_check.c": {"tables": [r"why = ((?:%s\s*)+)" % r'"(?:[^"\\]|\\.)*"']},
    "analyzer/analyze.c": {"tables": [r"\{s->default_\w+,\s*((?:%s\s*)+)\}"
                                      % r'"(?:[^"\\]|\\.)*"']},
    "analyzer/main.c": {"calls": {"usage_error": (1, 2), "need_pos": (2,)}},
}
# The files of import, submit and validate (docs/input-formats.md,
# "Language of messages"): every format in them must have a translation.
IMPORT_PATH = [
    "data/area_check.c", "data/claims_raster.c", "data/csv_points.c",
    "data/encoding.c", "data/household_points.c", "data/import.c",
    "data/markup_check.c", "data/outline.c", "data/reader.c",
    "data/reader_text.c", "data/shapefile.c", "data/shared_sites.c",
    "data/store.c", "data/submission.c", "data/submission_files.c",
    "data/text.c", "data/untrusted.c", "data/values.c",
    "geo/common.c", "geo/crs.c", "geo/crs_check.c", "geo/crs_wkt.c",
    "geo/interrupt.c", "geo/mpoly.c", "geo/near_pairs.c",
    "analyzer/import_report.c", "analyzer/main.c",
]

STR = r'"(?:[^"\\\n]|\\.)*"'
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'",
           "?": "?", "a": "\a", "0": "\0"}


def unescape(lit):
    """The text of one C string literal (quotes included)."""
    body, out, i = lit[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            n = body[i + 1]
            if n == "x":
                m = re.match(r"[0-9a-fA-F]+", body[i + 2:])
                out.append(chr(int(m.group(0), 16)))
                i += 2 + len(m.group(0))
                continue
            out.append(ESCAPES[n])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def strip_comments(src):
    """src with comments blanked (newlines kept, so line numbers hold)."""
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith("/*", i):
            j = src.index("*/", i + 2) + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src[i] in "\"'":
            q, j = src[i], i + 1
            while src[j] != q:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(src[i])
            i += 1
    return "".join(out)


def string_macros(root):
    """#define NAME "literal" ... of every header, string macros in them
    expanded: NAME -> text."""
    defs = {}
    for h in glob.glob(os.path.join(root, "*", "*.h")):
        src = strip_comments(open(h, encoding="utf-8").read())
        src = src.replace("\\\n", " ")
        for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+(.*)$",
                             src, re.M):
            toks = re.findall(r"%s|\w+|\S" % STR, m.group(2))
            if toks and any(t[0] == '"' for t in toks) and all(
                    t[0] == '"' or re.match(r"[A-Za-z_]\w*$", t) for t in toks):
                defs[m.group(1)] = toks
    macros, changed = {}, True
    while changed:
        changed = False
        for name, toks in defs.items():
            if name in macros:
                continue
            if all(t[0] == '"' or t in macros for t in toks):
                macros[name] = "".join(unescape(t) if t[0] == '"' else macros[t]
                                       for t in toks)
                changed = True
    return macros


def split_args(src, i):
    """The arguments of the call whose '(' is at src[i]: [(text, offset)]."""
    depth, args, start, j = 0, [], i + 1, i
    while True:
        c = src[j]
        if c in "\"'":
            k = j + 1
            while src[k] != c:
                k += 2 if src[k] == "\\" else 1
            j = k + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append((src[start:j], start))
                return args
        elif c == "," and depth == 1:
            args.append((src[start:j], start))
            start = j + 1
        j += 1


def literal_runs(text, macros):
    """Each run of adjacent literals (and string macros) in text, joined."""
    tok = re.compile(r"(%s)|'(?:[^'\\]|\\.)*'|([A-Za-z_]\w*)|(\s+)|." % STR)
    runs, cur = [], None
    for m in tok.finditer(text):
        if m.group(3):
            continue  # blanks join literals
        piece = (unescape(m.group(1)) if m.group(1)
                 else macros.get(m.group(2)) if m.group(2) else None)
        if piece is None:
            if cur is not None:
                runs.append(cur)
            cur = None
        else:
            cur = piece if cur is None else cur + piece
    if cur is not None:
        runs.append(cur)
    return runs


def needs_translation(s):
    return re.search(r"[A-Za-z]{2}", re.sub(r"%[-+ #0-9.*]*[hlqjztL]*[a-zA-Z%]",
                                             "", s)) is not None


def formats(root, rel, macros):
    """[(line, text)] of the message formats of one source file."""
    src = strip_comments(open(os.path.join(root, rel), encoding="utf-8").read())
    calls = dict(CALLS)
    extra = FRAGMENTS.get(rel, {})
    calls.update(extra.get("calls", {}))
    found = []
    pat = re.compile(r"\b(%s)\s*\(" % "|".join(map(re.escape, calls)))
    for m in pat.finditer(src):
        args = split_args(src, m.end() - 1)
        line = src.count("\n", 0, m.start()) + 1
        for k in calls[m.group(1)]:
            if k >= len(args):
                continue
            for s in literal_runs(args[k][0], macros):
                if needs_translation(s):
                    found.append((line, s))
    for t in extra.get("tables", []):
        for m in re.finditer(t, src):
            for s in literal_runs(m.group(1), macros):
                if needs_translation(s):
                    found.append((src.count("\n", 0, m.start()) + 1, s))
    return found


def catalogue(root):
    """{English: Vietnamese} of geo/messages_vi.c, and the keys in order."""
    src = strip_comments(open(os.path.join(root, "geo/messages_vi.c"),
                              encoding="utf-8").read())
    body = src[src.index("vi[] = {"):]
    body = body[:body.index("\n};")]
    pairs, keys = {}, []
    for m in re.finditer(r"\{\s*((?:%s\s*)+),\s*((?:%s\s*)+)\}" % (STR, STR),
                         body):
        en = "".join(unescape(s) for s in re.findall(STR, m.group(1)))
        vi = "".join(unescape(s) for s in re.findall(STR, m.group(2)))
        pairs[en] = vi
        keys.append(en)
    return pairs, keys


def all_sources(root):
    return sorted(os.path.relpath(p, root) for d in ("data", "geo", "analyzer")
                  for p in glob.glob(os.path.join(root, d, "*.c")))


def main(argv):
    root, mode = argv[1], argv[2]
    macros = string_macros(root)
    cat, _ = catalogue(root)
    if mode == "missing":
        files = argv[3:] or IMPORT_PATH
        n = 0
        for rel in files:
            if not os.path.exists(os.path.join(root, rel)):
                print("%s: no such source file (IMPORT_PATH is out of date?)" % rel)
                n += 1
                continue
            for line, s in formats(root, rel, macros):
                if s not in cat:
                    print("%s:%d: no translation: %r" % (rel, line, s))
                    n += 1
        return 1 if n else 0
    if mode == "stale":
        used = set()
        for rel in all_sources(root) + ["render/%s" % os.path.basename(p) for p in
                                        glob.glob(os.path.join(root, "render/*.c"))]:
            used.update(s for _, s in formats(root, rel, macros))
        for k in cat:
            if k not in used:
                print("unused: %r" % k)
        return 0
    sys.exit("unknown mode %s" % mode)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

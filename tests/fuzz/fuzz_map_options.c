/*
** fuzz_map_options.c: the map writer's options as the command line takes
** them (map --size, --width, --height, --dpi, --title, --source), the
** description written into the file and the map CRS of the world file,
** through the CLI's parsers (phs_parse_whole, phs_parse_real: geo/common.c;
** phs_map_page_size: render/page_size.c) and the writer (phs_map_save:
** render/map_output.c, png.c, map.c) on a fixed map of two squares in UTM
** 48N, written to a scratch directory.
**
** Input: byte 0 chooses how, the rest is up to 9 fields cut at NUL bytes:
** size, width, height, dpi, title, source, description, CRS, file name.
** A field that is absent (fewer NULs) or empty is an option not given.
**   bits 0-1  format: PNG, SVG, PDF, PNG named .PNG
**   bit 2     English (else Vietnamese)
**   bit 3     raw: width, height and dpi go to the spec as strtol/strtod
**             read them, past the CLI's ranges (map.c's own checks)
**   bit 4     no features (no georeferenced frame: no world file)
**   bit 5     commune names drawn on the squares
**   bit 6     no phs_map_output at all (no description, no CRS)
**   bit 7     the synthetic-data note
** Pages larger than 480 x 480 px are drawn at most 480 px a side, the DPI
** shrunk in proportion (the same layout; the parsed size is checked in
** full first), so an input takes milliseconds.
** Properties checked:
**   - what the CLI's parsers accept the renderer accepts (phs_map_page),
**     at the size and DPI they say, unless the title or source is not
**     UTF-8 that XML can carry; in raw mode it accepts exactly 0 to 20000
**     px and 0 or 1 to 2400 dpi; a refusal is PHS_EUSAGE with a message;
**   - phs_map_save ends in OK, EUSAGE or EINPUT with a message, and on
**     failure leaves no map, world file or .aux.xml behind;
**   - a PNG reads back with libpng at the page's size, with the title and
**     description as its iTXt Title and Description;
**   - its world file is 6 finite numbers (pixel size > 0, 0, 0, minus the
**     pixel size, x, y), its .aux.xml is <PAMDataset><SRS>WKT</SRS>
**     </PAMDataset> in well-formed XML holding phs_crs_wkt(CRS), and both
**     exist exactly when a CRS was given and the map has features;
**   - an SVG is UTF-8 with only characters XML allows and carries the
**     title, escaped, in <title>; a PDF starts %PDF- and ends with %%EOF.
*/
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <png.h>

#include "fuzz_util.h"
#include "phs_render.h"
#include "render_int.h"

/* fontconfig's one allocation per process (tests/lsan.supp), and blocks
** GLib allocates for itself. After about a minute of runs (3,000-5,000),
** LeakSanitizer reports GLib's own blocks: 2,032 bytes from g_malloc0
** (its per-thread slice magazines, g_private_set_alloc0, which GLib's
** valgrind suppressions ignore), then 56 from g_realloc; session 5's code
** (dad5cd7) on the same corpus reports them too, and no input does alone.
** The fast unwinder stops inside GLib, so only the library can be named:
** here alone. The render tests (tests/render, tests/lsan.supp) keep
** reporting GLib and Pango objects phusong forgets to free. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:libfontconfig.so\nleak:libglib-2.0.so\n";
}

#define DRAW_MAX_PX 480 /* pages are drawn at most this wide and high */
#define N_FIELDS 9

static char out_dir[512];
static int verbose; /* PHS_FUZZ_VERBOSE=1: one line per input */

/* Remove every file of the scratch directory. */
static void clean_dir(void) {
  DIR *dp = opendir(out_dir);
  if (dp == NULL) return;
  struct dirent *e;
  char p[1024];
  while ((e = readdir(dp)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    snprintf(p, sizeof(p), "%s/%s", out_dir, e->d_name);
    unlink(p);
  }
  closedir(dp);
}

static void remove_dir(void) {
  clean_dir();
  rmdir(out_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  verbose = getenv("PHS_FUZZ_VERBOSE") != NULL;
  snprintf(out_dir, sizeof(out_dir), "%s/phs-fuzz-map-%ld", fuzz_tmp_dir(),
           (long)getpid());
  if (mkdir(out_dir, 0700) != 0) {
    perror(out_dir);
    abort();
  }
  atexit(remove_dir);
  return 0;
}

/* The whole file at path (malloc'd, NUL-terminated; *n its length), or
** NULL when there is none. */
static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 4096, len = 0, got;
  char *b = malloc(cap + 1);
  while (b && (got = fread(b + len, 1, cap - len, f)) > 0) {
    len += got;
    if (len == cap) {
      char *g = realloc(b, (cap *= 2) + 1);
      if (g == NULL) free(b);
      b = g;
    }
  }
  fclose(f);
  if (b == NULL) abort();
  b[len] = '\0';
  if (n) *n = len;
  return b;
}

static int exists(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0;
}

/* Is s[0..n) UTF-8 made only of the characters XML 1.0 allows (tab, LF,
** CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF)? */
static int xml_text_ok(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  while (p < end) {
    unsigned c = *p;
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
              : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || p + len > end) return 0;
    unsigned cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F
                                                                : c & 0x07;
    for (int i = 1; i < len; i++) {
      if ((p[i] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len]) return 0; /* overlong */
    if (cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD) return 0;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF ||
        cp > 0x10FFFF)
      return 0;
    p += len;
  }
  return 1;
}

/* s with &, <, > and " escaped as map_output.c escapes them (malloc'd). */
static char *xml_escaped(const char *s) {
  phs_buf b;
  phs_buf_init(&b);
  for (const char *p = s; *p; p++) {
    switch (*p) {
      case '&': phs_buf_puts(&b, "&amp;"); break;
      case '<': phs_buf_puts(&b, "&lt;"); break;
      case '>': phs_buf_puts(&b, "&gt;"); break;
      case '"': phs_buf_puts(&b, "&quot;"); break;
      default: phs_buf_append(&b, p, 1);
    }
  }
  char *out = strdup(b.data ? b.data : "");
  phs_buf_free(&b);
  if (out == NULL) abort();
  return out;
}

/* The PNG at path, read with libpng: its size and its iTXt/tEXt Title and
** Description must be what was written. */
static void check_png(const char *path, int w, int h, const char *title,
                      const char *description) {
  FILE *f = fopen(path, "rb");
  FUZZ_ASSERT(f != NULL);
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL,
                                           NULL);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  FUZZ_ASSERT(png != NULL && info != NULL);
  png_bytep row = NULL;
  if (setjmp(png_jmpbuf(png))) {
    fprintf(stderr, "fuzz_map_options: libpng cannot read %s\n", path);
    FUZZ_ASSERT(!"the PNG reads back");
  }
  png_init_io(png, f);
  png_read_info(png, info);
  FUZZ_ASSERT((int)png_get_image_width(png, info) == w);
  FUZZ_ASSERT((int)png_get_image_height(png, info) == h);
  FUZZ_ASSERT(png_get_bit_depth(png, info) == 8);
  /* every row decodes (a truncated or corrupt stream longjmps) */
  row = malloc(png_get_rowbytes(png, info));
  FUZZ_ASSERT(row != NULL);
  for (int y = 0; y < h; y++) png_read_row(png, row, NULL);
  png_read_end(png, info);
  png_textp text = NULL;
  int n_text = 0, saw_title = 0, saw_desc = 0;
  png_get_text(png, info, &text, &n_text);
  for (int i = 0; i < n_text; i++) {
    if (strcmp(text[i].key, "Title") == 0) {
      saw_title = 1;
      FUZZ_ASSERT(strcmp(text[i].text, title) == 0);
    } else if (strcmp(text[i].key, "Description") == 0) {
      saw_desc = 1;
      FUZZ_ASSERT(description && strcmp(text[i].text, description) == 0);
    }
  }
  FUZZ_ASSERT(saw_title);
  FUZZ_ASSERT(saw_desc == (description != NULL));
  free(row);
  png_destroy_read_struct(&png, &info, NULL);
  fclose(f);
}

/* The world file: 6 lines, each a finite number and nothing else. */
static void check_world_file(const char *path) {
  size_t n = 0;
  char *text = slurp(path, &n);
  FUZZ_ASSERT(text != NULL);
  double v[6];
  char *p = text;
  for (int i = 0; i < 6; i++) {
    char *end;
    v[i] = strtod(p, &end);
    FUZZ_ASSERT(end != p && *end == '\n' && isfinite(v[i]));
    p = end + 1;
  }
  FUZZ_ASSERT(*p == '\0');
  FUZZ_ASSERT(v[0] > 0 && v[1] == 0 && v[2] == 0 && v[3] == -v[0]);
  free(text);
}

/* The .aux.xml: the PAM wrapper around the escaped WKT of crs. */
static void check_aux_xml(const char *path, const char *crs) {
  size_t n = 0;
  char *text = slurp(path, &n);
  FUZZ_ASSERT(text != NULL);
  FUZZ_ASSERT(strlen(text) == n);
  FUZZ_ASSERT(xml_text_ok(text, n));
  static const char head[] = "<PAMDataset>\n  <SRS>";
  static const char tail[] = "</SRS>\n</PAMDataset>\n";
  FUZZ_ASSERT(n >= strlen(head) + strlen(tail));
  FUZZ_ASSERT(memcmp(text, head, strlen(head)) == 0);
  FUZZ_ASSERT(strcmp(text + n - strlen(tail), tail) == 0);
  text[n - strlen(tail)] = '\0';
  const char *srs = text + strlen(head);
  FUZZ_ASSERT(strchr(srs, '<') == NULL && strchr(srs, '>') == NULL);
  phs_diag d;
  phs_diag_init(&d);
  char *wkt = phs_crs_wkt(crs, &d);
  FUZZ_ASSERT(wkt != NULL);
  char *esc = xml_escaped(wkt);
  FUZZ_ASSERT(strcmp(srs, esc) == 0);
  free(esc);
  free(wkt);
  phs_diag_clear(&d);
  free(text);
}

static void check_svg(const char *path, const char *title) {
  size_t n = 0;
  char *text = slurp(path, &n);
  FUZZ_ASSERT(text != NULL);
  FUZZ_ASSERT(xml_text_ok(text, n));
  char *esc = xml_escaped(title);
  char *want = phs_strdup_printf("<title>%s</title>", esc);
  FUZZ_ASSERT(want && strstr(text, want) != NULL);
  free(want);
  free(esc);
  free(text);
}

static void check_pdf(const char *path) {
  size_t n = 0;
  char *text = slurp(path, &n);
  FUZZ_ASSERT(text != NULL);
  FUZZ_ASSERT(n > 10 && memcmp(text, "%PDF-", 5) == 0);
  FUZZ_ASSERT(strstr(text + n - 8, "%%EOF") != NULL);
  free(text);
}

/* --width/--height/--dpi as the CLI reads them (main.c: INT_OPTION and
** parse_double over these ranges); raw: as strtol/strtod read them. */
static int read_page(const char *w, const char *h, const char *dpi, int raw,
                     int *width, int *height, double *d_dpi) {
  long long v;
  if (raw) {
    if (w) *width = (int)strtol(w, NULL, 10);
    if (h) *height = (int)strtol(h, NULL, 10);
    if (dpi) *d_dpi = strtod(dpi, NULL);
    return 0;
  }
  if (w) {
    if (phs_parse_whole(w, PHS_MAP_MIN_PX, PHS_MAP_MAX_PX, &v)) return -1;
    *width = (int)v;
  }
  if (h) {
    if (phs_parse_whole(h, PHS_MAP_MIN_PX, PHS_MAP_MAX_PX, &v)) return -1;
    *height = (int)v;
  }
  if (dpi && phs_parse_real(dpi, PHS_MAP_MIN_DPI, PHS_MAP_MAX_DPI, d_dpi))
    return -1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  unsigned sel = data[0];
  /* the fields, each a C string inside one copy of the input */
  char *buf = malloc(size);
  if (buf == NULL) abort();
  memcpy(buf, data + 1, size - 1);
  buf[size - 1] = '\0';
  const char *f[N_FIELDS] = {NULL};
  int nf = 0;
  for (size_t i = 0; size > 1 && nf < N_FIELDS && i <= size - 1;) {
    f[nf++] = buf + i; /* the rest split at NULs, as Python's split */
    i += strlen(buf + i) + 1;
  }
  for (int i = 0; i < nf; i++)
    if (f[i][0] == '\0') f[i] = NULL; /* empty: not given */
  int raw = (sel & 8) != 0;
  int width = 0, height = 0;
  double dpi = 0;
  phs_diag d;
  phs_diag_init(&d);
  if (read_page(f[1], f[2], f[3], raw, &width, &height, &dpi) != 0) goto done;
  if (!raw) {
    int st = phs_map_page_size(f[0], &width, &height, &dpi, &d);
    if (st != PHS_OK) {
      FUZZ_ASSERT(st == PHS_EUSAGE && d.msg[0] != '\0');
      goto done;
    }
    FUZZ_ASSERT(width == 0 ||
                (width >= PHS_MAP_MIN_PX && width <= PHS_MAP_MAX_PX));
    FUZZ_ASSERT(height == 0 ||
                (height >= PHS_MAP_MIN_PX && height <= PHS_MAP_MAX_PX));
    FUZZ_ASSERT(dpi == 0 || (dpi >= PHS_MAP_MIN_DPI && dpi <= PHS_MAP_MAX_DPI));
  }

  /* two 1 km squares side by side, 50 % and 80 % */
  double xy[2][8] = {{600000, 2300000, 601000, 2300000, 601000, 2301000,
                      600000, 2301000},
                     {601000, 2300000, 602000, 2300000, 602000, 2301000,
                      601000, 2301000}};
  int starts[2] = {0, 4};
  unsigned char hole[1] = {0};
  phs_mpoly sq[2];
  phs_map_feature feat[2];
  memset(sq, 0, sizeof(sq));
  memset(feat, 0, sizeof(feat));
  for (int i = 0; i < 2; i++) {
    sq[i].n_rings = 1;
    sq[i].ring_start = starts;
    sq[i].ring_hole = hole;
    sq[i].xy = xy[i];
    sq[i].cap_rings = 1;
    sq[i].cap_xy = 4;
    sq[i].minx = xy[i][0];
    sq[i].miny = xy[i][1];
    sq[i].maxx = xy[i][2];
    sq[i].maxy = xy[i][5];
    feat[i].geom = &sq[i];
    feat[i].value = i ? 80 : 50;
    feat[i].label = i ? "Xã Đông" : "Xã Tây";
  }
  phs_map_spec spec;
  memset(&spec, 0, sizeof(spec));
  spec.width = width;
  spec.height = height;
  spec.dpi = dpi;
  spec.lang = (sel & 4) ? PHS_LANG_EN : PHS_LANG_VI;
  spec.title = f[4] ? f[4] : "Hộ có cáp quang";
  spec.subtitle = "Tỉnh Thử Nghiệm";
  spec.legend_title = "Tỷ lệ theo xã (%)";
  spec.source = f[5] ? f[5] : "Nguồn: fuzz · phusong " PHS_VERSION;
  spec.note = (sel & 128) ? "Dữ liệu tổng hợp (synthetic)" : NULL;
  spec.unit = "%";
  spec.decimals = 1;
  spec.classes.n = 2;
  spec.classes.breaks[0] = 50;
  spec.classes.breaks[1] = 65;
  spec.classes.breaks[2] = 80;
  spec.classes.counts[0] = 1;
  spec.classes.counts[1] = 1;
  spec.features = (sel & 16) ? NULL : feat;
  spec.n_features = (sel & 16) ? 0 : 2;
  spec.feature_labels = (sel & 32) != 0;

  /* Whatever the CLI accepted, the renderer takes as it is, unless a text
  ** is not UTF-8 that XML can carry (map.c: phs_map_text_check). */
  int texts_ok = xml_text_ok(spec.title, strlen(spec.title)) &&
                 xml_text_ok(spec.source, strlen(spec.source));
  int W = 0, H = 0;
  double D = 0;
  int st = phs_map_page(&spec, &W, &H, &D, &d);
  /* map.c's ranges: 0 (the default) or 1 to 20000 px, 1 to 2400 dpi */
  int in_range = width >= 0 && width <= 20000 && height >= 0 &&
                 height <= 20000 && (dpi == 0 || (dpi >= 1 && dpi <= 2400));
  if (!raw) FUZZ_ASSERT(in_range);
  FUZZ_ASSERT((st == PHS_OK) == (in_range && texts_ok));
  if (st != PHS_OK) {
    FUZZ_ASSERT(st == PHS_EUSAGE && d.msg[0] != '\0');
    goto done;
  }
  FUZZ_ASSERT(W == (width > 0 ? width : 1600));
  FUZZ_ASSERT(H == (height > 0 ? height : 1200));
  FUZZ_ASSERT(D == (dpi > 0 ? dpi : 150));
  if (W > DRAW_MAX_PX || H > DRAW_MAX_PX) {
    /* the same page at a smaller scale: pixels and DPI shrink together */
    double k = fmin((double)DRAW_MAX_PX / W, (double)DRAW_MAX_PX / H);
    spec.width = W = (int)fmax(1, floor(W * k));
    spec.height = H = (int)fmax(1, floor(H * k));
    spec.dpi = D = fmax(1, D * k);
  }

  /* the file: the name field without '/', at most 64 bytes, or "map" */
  static const char *const ext[] = {"png", "svg", "pdf", "PNG"};
  int fmt = (int)(sel & 3);
  char stem[65];
  snprintf(stem, sizeof(stem), "%s", f[8] && *f[8] ? f[8] : "map");
  for (char *p = stem; *p; p++)
    if (*p == '/') *p = '_';
  char path[700], stem_path[700], pgw[720], aux[720];
  snprintf(path, sizeof(path), "%s/%s.%s", out_dir, stem, ext[fmt]);
  snprintf(stem_path, sizeof(stem_path), "%s/%s", out_dir, stem);
  snprintf(pgw, sizeof(pgw), "%s.pgw", stem_path);
  snprintf(aux, sizeof(aux), "%s.aux.xml", path);
  phs_map_output out = {f[6], f[7]};
  const phs_map_output *o = (sel & 64) ? NULL : &out;
  clean_dir();
  phs_map_frame frame;
  st = phs_map_save(&spec, path, o, &frame, &d);
  if (verbose)
    fprintf(stderr, "fuzz_map_options: %s %dx%d at %g dpi: status %d %s\n",
            ext[fmt], W, H, D, st, d.msg);
  if (o && o->description &&
      !xml_text_ok(o->description, strlen(o->description)))
    FUZZ_ASSERT(st == PHS_EUSAGE); /* phs_map_text_check */
  if (st != PHS_OK) {
    if (st != PHS_EUSAGE && st != PHS_EINPUT)
      fprintf(stderr, "fuzz_map_options: status %d: %s\n", st, d.msg);
    FUZZ_ASSERT(st == PHS_EUSAGE || st == PHS_EINPUT);
    FUZZ_ASSERT(d.msg[0] != '\0');
    FUZZ_ASSERT(!exists(path));
    FUZZ_ASSERT(!exists(pgw));
    FUZZ_ASSERT(!exists(aux));
    goto done;
  }
  if (fmt == 0 || fmt == 3) {
    check_png(path, W, H, spec.title, o ? o->description : NULL);
    int georef = o && o->crs && spec.n_features > 0;
    FUZZ_ASSERT(frame.valid == (spec.n_features > 0));
    FUZZ_ASSERT(exists(pgw) == georef);
    FUZZ_ASSERT(exists(aux) == georef);
    if (georef) {
      check_world_file(pgw);
      check_aux_xml(aux, o->crs);
    }
  } else if (fmt == 1) {
    check_svg(path, spec.title);
  } else {
    check_pdf(path);
  }
done:
  phs_diag_clear(&d);
  free(buf);
  return 0;
}

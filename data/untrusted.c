/*
** untrusted.c: what a submitted file must pass before GDAL or SQLite
** reads it as data (../shared/spec/bad-inputs.md groups G, H and I).
**
** A submission comes from outside, so phusong looks at it first with
** plain reads it controls:
**   - the path must name a local regular file, opened with O_NOFOLLOW: no
**     /vsi prefix, no URL, no symbolic link (G5, I3; untrusted_open.c);
**   - a .zip is judged by its central directory, read with pread() and
**     never extracted: member names, symbolic links, compression methods,
**     nested archives, declared sizes and the compression ratio (G1-G6);
**     then every member is decompressed once, up to one byte past the size
**     its header declares, because the header can lie (G2), so whatever
**     reads a member later reads at most the declared bytes;
**   - a GeoPackage (any SQLite file) is read once, whole, from the
**     descriptor opened above into a private copy in memory, hashed, and
**     opened by us from that copy (sqlite3_deserialize, read-only), with
**     the schema untrusted and triggers and views off, checked
**     (quick_check, application_id, gpkg_contents) and its layers counted,
**     before OGR reads the same copy (/vsimem/) read-only (H1-H4): a file
**     swapped on disk meanwhile is never what is imported. Layers that are
**     views are refused: reading a view runs SQL the submitter wrote.
** A submitted database is never ATTACHed to the store.
*/
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data_int.h"

#define ZIP_EOCD_MIN 22            /* end of central directory record */
#define ZIP_TAIL_MAX (22 + 65535)  /* ... plus the longest comment */
#define ZIP_MAX_MEMBERS 10000
#define ZIP_MAX_CD_BYTES (16 << 20)
#define ZIP_RATIO_FLOOR (1 << 20)  /* smaller totals cannot be bombs */
#define MAX_LISTED 20

static uint16_t le16(const unsigned char *p) {
  return (uint16_t)(p[0] | p[1] << 8);
}
static uint32_t le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}
static uint64_t le64(const unsigned char *p) {
  return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* ---------------------------------------------------------------- paths */

int untrusted_sidecars_check(const char *path, phs_diag *d) {
  /* GDAL opens a shapefile's other files by name: none may be a link
  ** (G5), whatever the case of its extension */
  static const char *const ext[] = {"shx", "dbf", "prj", "cpg", "qix",
                                    "sbn", "sbx", NULL};
  size_t n = strlen(path);
  if (n < 4 || path[n - 4] != '.') return PHS_OK;
  char *side = strdup(path);
  if (side == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  int st = PHS_OK;
  for (int i = 0; ext[i] && st == PHS_OK; i++)
    for (int upper = 0; upper < 2 && st == PHS_OK; upper++) {
      for (int k = 0; k < 3; k++)
        side[n - 3 + k] = upper ? (char)(ext[i][k] - 'a' + 'A') : ext[i][k];
      struct stat sb;
      if (lstat(side, &sb) == 0 && S_ISLNK(sb.st_mode))
        st = phs_diag_error(d, PHS_EINPUT,
                            "%s: is a symbolic link; submit the file itself"
                            " (hint: a shapefile's files are read by name)",
                            side);
    }
  free(side);
  return st;
}

char *untrusted_gdal_path(const char *path) {
  /* A relative name is given to GDAL as ./NAME: GDAL reads "GPKG:a:b",
  ** "CSV:x" or "{...}" (inline GeoJSON) as something other than a file. */
  if (path[0] == '/' || strncmp(path, "./", 2) == 0 ||
      strncmp(path, "../", 3) == 0)
    return strdup(path);
  return phs_strdup_printf("./%s", path);
}

/* ------------------------------------------------------------------ zip */

typedef struct zip_member {
  char *name;    /* owned: as GDAL names it (UTF-8) */
  uint64_t size; /* declared uncompressed size */
  int dir;       /* a directory entry */
} zip_member;

static void members_free(zip_member *m, int n) {
  for (int i = 0; i < n; i++) free(m[i].name);
  free(m);
}

static int read_at(int fd, void *buf, size_t n, uint64_t off) {
  size_t done = 0;
  while (done < n) {
    ssize_t got = pread(fd, (char *)buf + done, n - done,
                        (off_t)(off + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return -1;
    done += (size_t)got;
  }
  return 0;
}

/* Why a member name is unsafe (G1), in the message language, or NULL.
** raw has len bytes. */
static const char *bad_member_name(const char *raw, size_t len) {
  if (len == 0) return phs_tr("an empty name");
  if (memchr(raw, '\0', len)) return phs_tr("a NUL byte in its name");
  if (memchr(raw, '\\', len))
    return phs_tr("a backslash in its name (a Windows path)");
  if (raw[0] == '/') return phs_tr("an absolute path");
  if (len >= 2 && raw[1] == ':' &&
      ((raw[0] >= 'A' && raw[0] <= 'Z') || (raw[0] >= 'a' && raw[0] <= 'z')))
    return phs_tr("a drive letter");
  for (size_t i = 0; i < len;) { /* a ".." path component */
    size_t j = i;
    while (j < len && raw[j] != '/') j++;
    if (j - i == 2 && raw[i] == '.' && raw[i + 1] == '.')
      return phs_tr("'..' in its path (a path outside the archive)");
    i = j + 1;
  }
  return NULL;
}

/* The member's file name without directories. */
static const char *base_name(const char *name) {
  const char *s = strrchr(name, '/');
  return s ? s + 1 : name;
}

/* macOS Finder adds __MACOSX/ and ._NAME resource forks: not layers. */
static int is_mac_fork(const char *name) {
  return strncmp(name, "__MACOSX/", 9) == 0 ||
         strncmp(base_name(name), "._", 2) == 0;
}

static int is_archive(const char *name) {
  static const char *const ext[] = {".zip", ".kmz", ".7z",  ".rar", ".tar",
                                    ".gz",  ".tgz", ".bz2", ".xz",  NULL};
  for (int i = 0; ext[i]; i++)
    if (ends_with(name, ext[i])) return 1;
  return 0;
}

/* Layer kind of a member: "CSV", "Shapefile", ... or NULL. */
static const char *layer_kind(const char *name) {
  if (is_mac_fork(name)) return NULL;
  if (ends_with(name, ".csv")) return "CSV";
  if (ends_with(name, ".shp")) return "Shapefile";
  if (ends_with(name, ".geojson") || ends_with(name, ".json"))
    return "GeoJSON";
  if (ends_with(name, ".kml")) return "KML";
  return NULL;
}

/* The layer name of a member: its file name without the extension. */
static char *layer_name(const char *member) {
  char *s = strdup(base_name(member));
  char *dot = s ? strrchr(s, '.') : NULL;
  if (dot && dot != s) *dot = '\0';
  return s;
}

/*
** The central directory of the zip open on fd: its members into *out
** (n in *n_out), their declared totals into *unc and *comp. Every
** structural fault and every refused member is an error naming it.
*/
static int zip_directory(const char *path, int fd, uint64_t file_size,
                         zip_member **out, int *n_out, uint64_t *unc,
                         uint64_t *comp, phs_diag *d) {
  *out = NULL;
  *n_out = 0;
  *unc = *comp = 0;
  if (file_size < ZIP_EOCD_MIN)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: not a zip archive (%llu bytes, too short)",
                          path, (unsigned long long)file_size);
  size_t tail_len =
      file_size < ZIP_TAIL_MAX ? (size_t)file_size : (size_t)ZIP_TAIL_MAX;
  uint64_t tail_off = file_size - tail_len;
  unsigned char *tail = malloc(tail_len);
  if (tail == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  if (read_at(fd, tail, tail_len, tail_off) != 0) {
    free(tail);
    return phs_diag_error(d, PHS_EINPUT, "%s: cannot read", path);
  }
  long eocd = -1;
  for (long i = (long)tail_len - ZIP_EOCD_MIN; i >= 0; i--)
    if (memcmp(tail + i, "PK\x05\x06", 4) == 0) {
      eocd = i;
      break;
    }
  if (eocd < 0) {
    free(tail);
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: not a zip archive (no central directory;"
                          " hint: a damaged or partial upload?)",
                          path);
  }
  const unsigned char *e = tail + eocd;
  uint64_t n_entries = le16(e + 10), cd_size = le32(e + 12),
           cd_off = le32(e + 16);
  int disk = le16(e + 4), cd_disk = le16(e + 6);
  uint64_t eocd_at = tail_off + (uint64_t)eocd;
  if (n_entries == 0xffff || cd_size == 0xffffffffu ||
      cd_off == 0xffffffffu) { /* ZIP64: the real values are elsewhere */
    unsigned char loc[20], z64[56];
    if (eocd_at < 20 || read_at(fd, loc, 20, eocd_at - 20) != 0 ||
        memcmp(loc, "PK\x06\x07", 4) != 0 ||
        le64(loc + 8) > file_size - sizeof(z64) ||
        read_at(fd, z64, sizeof(z64), le64(loc + 8)) != 0 ||
        memcmp(z64, "PK\x06\x06", 4) != 0) {
      free(tail);
      return phs_diag_error(d, PHS_EINPUT,
                            "%s: damaged zip archive (ZIP64 record missing)",
                            path);
    }
    n_entries = le64(z64 + 32);
    cd_size = le64(z64 + 40);
    cd_off = le64(z64 + 48);
    disk = (int)le32(z64 + 16);
    cd_disk = (int)le32(z64 + 20);
  }
  free(tail);
  if (disk != 0 || cd_disk != 0)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: a split (multi-volume) zip archive; submit"
                          " one .zip file",
                          path);
  if (cd_off > file_size || cd_size > file_size - cd_off ||
      n_entries > cd_size / 46 + 1)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: damaged zip archive (central directory out of"
                          " bounds)",
                          path);
  if (n_entries > ZIP_MAX_MEMBERS || cd_size > ZIP_MAX_CD_BYTES)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: %llu members in the zip, over the limit of %d"
                          " (hint: zip only the layer's files)",
                          path, (unsigned long long)n_entries,
                          ZIP_MAX_MEMBERS);
  unsigned char *cd = malloc(cd_size ? (size_t)cd_size : 1);
  zip_member *m = calloc(n_entries ? (size_t)n_entries : 1, sizeof(*m));
  if (cd == NULL || m == NULL) {
    free(cd);
    free(m);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  int st = PHS_OK, n = 0;
  if (read_at(fd, cd, (size_t)cd_size, cd_off) != 0)
    st = phs_diag_error(d, PHS_EINPUT, "%s: cannot read the zip directory",
                        path);
  size_t at = 0;
  char q[256];
  for (uint64_t k = 0; st == PHS_OK && k < n_entries; k++) {
    const unsigned char *h = cd + at;
    if (at + 46 > cd_size || memcmp(h, "PK\x01\x02", 4) != 0) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: damaged zip archive (member %llu of the"
                          " central directory)",
                          path, (unsigned long long)k + 1);
      break;
    }
    int host = h[5], flags = le16(h + 8), method = le16(h + 10);
    uint64_t csize = le32(h + 20), usize = le32(h + 24);
    size_t name_len = le16(h + 28), extra_len = le16(h + 30),
           comment_len = le16(h + 32);
    uint32_t ext_attr = le32(h + 38);
    if (at + 46 + name_len + extra_len + comment_len > cd_size) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: damaged zip archive (member %llu of the"
                          " central directory)",
                          path, (unsigned long long)k + 1);
      break;
    }
    const char *raw = (const char *)h + 46;
    /* ZIP64 extra field: the 64-bit sizes, in this order, when the 32-bit
    ** ones are 0xffffffff */
    const unsigned char *x = h + 46 + name_len, *xe = x + extra_len;
    while (x + 4 <= xe) {
      size_t len = le16(x + 2);
      if (x + 4 + len > xe) break;
      if (le16(x) == 0x0001) {
        const unsigned char *v = x + 4;
        if (usize == 0xffffffffu && v + 8 <= x + 4 + len) {
          usize = le64(v);
          v += 8;
        }
        if (csize == 0xffffffffu && v + 8 <= x + 4 + len) csize = le64(v);
      }
      x += 4 + len;
    }
    at += 46 + name_len + extra_len + comment_len;

    char *raw_name = malloc(name_len + 1);
    if (raw_name == NULL) {
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
      break;
    }
    memcpy(raw_name, raw, name_len);
    raw_name[name_len] = '\0';
    /* GDAL reads names without the UTF-8 flag (bit 11) as CP437 */
    int ascii = 1;
    for (size_t i = 0; i < name_len; i++)
      if ((unsigned char)raw[i] >= 0x80) ascii = 0;
    char *name = raw_name;
    if (!ascii && !(flags & 0x800)) {
      name = CPLRecode(raw_name, "CP437", CPL_ENC_UTF8);
      char *copy = strdup(name ? name : "");
      CPLFree(name);
      name = copy;
      free(raw_name);
      raw_name = NULL;
    }
    text_quote(name, q, sizeof(q));
    const char *why = bad_member_name(raw, name_len);
    unsigned mode = ext_attr >> 16;
    if (why) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: member '%s': %s; refused, phusong never"
                          " extracts (hint: zip the layer's files alone,"
                          " without folders above them)",
                          path, q, why);
    } else if (host == 3 && (mode & 0170000) == 0120000) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: member '%s': a symbolic link; refused (hint:"
                          " zip the files themselves, not links to them)",
                          path, q);
    } else if (flags & 0x1) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: member '%s': encrypted; submit a zip without"
                          " a password",
                          path, q);
    } else if (method == 9) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: member '%s': compressed with Deflate64"
                          " (method 9, Windows \"compressed folder\" over 2"
                          " GB); re-zip with standard Deflate",
                          path, q);
    } else if (method != 0 && method != 8) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: member '%s': compression method %d is not"
                          " supported; re-zip with standard Deflate",
                          path, q, method);
    } else if (is_archive(name)) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: member '%s': an archive inside the zip; nested"
                          " archives are refused (hint: put the layer's files"
                          " in one .zip)",
                          path, q);
    } else if (ends_with(name, ".gpkg") && !is_mac_fork(name)) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: member '%s': a GeoPackage inside a zip;"
                          " submit the .gpkg itself (it is checked as a"
                          " file)",
                          path, q);
    }
    if (st) {
      free(name);
      break;
    }
    m[n].name = name;
    m[n].size = usize;
    m[n].dir = name_len > 0 && raw[name_len - 1] == '/';
    n++;
    if (*unc + usize < *unc) *unc = UINT64_MAX; /* overflow: over any cap */
    else *unc += usize;
    *comp += csize;
  }
  free(cd);
  if (st) {
    members_free(m, n);
    return st;
  }
  *out = m;
  *n_out = n;
  return PHS_OK;
}

/*
** Decompress member m of zip_path once, up to one byte past its declared
** size: more means the header lied (a bomb hidden from the size check),
** fewer a damaged member. Whatever reads the member afterwards reads the
** same bytes, at most the declared ones.
*/
static int zip_member_verify(const char *path, const char *vsi_zip,
                             const zip_member *m, phs_diag *d) {
  char *inner = phs_strdup_printf("%s/%s", vsi_zip, m->name);
  VSILFILE *fp = VSIFOpenL(inner, "rb");
  free(inner);
  char q[256];
  if (fp == NULL)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: member '%s': cannot be read (hint: a damaged"
                          " zip? re-zip with standard Deflate)",
                          path, text_quote(m->name, q, sizeof(q)));
  char *buf = malloc(1 << 16);
  if (buf == NULL) {
    VSIFCloseL(fp);
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  uint64_t total = 0;
  for (;;) {
    size_t want = 1 << 16;
    if (total + want > m->size + 1) want = (size_t)(m->size + 1 - total);
    size_t got = VSIFReadL(buf, 1, want, fp);
    total += got;
    if (got < want || total > m->size) break;
  }
  free(buf);
  VSIFCloseL(fp);
  if (total > m->size)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: member '%s': holds more than the %llu bytes its"
                          " header declares; reading stopped there (a zip"
                          " bomb?); refused",
                          path, text_quote(m->name, q, sizeof(q)),
                          (unsigned long long)m->size);
  if (total < m->size)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: member '%s': only %llu of its %llu bytes can be"
                          " read (hint: a damaged zip? re-zip the files)",
                          path, text_quote(m->name, q, sizeof(q)),
                          (unsigned long long)total,
                          (unsigned long long)m->size);
  return PHS_OK;
}

int untrusted_zip_check(const char *path, int fd, const char *vsi_zip,
                        const phs_import_opts *o, char **member,
                        int *member_csv, phs_diag *d) {
  *member = NULL;
  *member_csv = 0;
  struct stat sb;
  if (fstat(fd, &sb) != 0)
    return phs_diag_error(d, PHS_EINPUT, "%s: cannot read", path);
  zip_member *m = NULL;
  int n = 0;
  uint64_t unc = 0, comp = 0;
  int st = zip_directory(path, fd, (uint64_t)sb.st_size, &m, &n, &unc, &comp,
                         d);
  if (st) return st;
  long long cap = o->max_uncompressed > 0 ? o->max_uncompressed
                                          : PHS_DEFAULT_MAX_UNCOMPRESSED;
  if (unc > (uint64_t)cap) {
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: the zip declares %llu bytes uncompressed, over"
                        " the %lld-byte limit (raise it with"
                        " --max-uncompressed)",
                        path, (unsigned long long)unc, cap);
  } else if (unc >= ZIP_RATIO_FLOOR &&
             unc / (comp ? comp : 1) > PHS_ZIP_MAX_RATIO) {
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: compression ratio %llu:1 (%llu bytes from %llu),"
                        " over %d:1: a zip bomb? refused (hint: real layers"
                        " compress about 3:1 to 20:1)",
                        path, (unsigned long long)(unc / (comp ? comp : 1)),
                        (unsigned long long)unc, (unsigned long long)comp,
                        PHS_ZIP_MAX_RATIO);
  }
  /* one name, one member: a second "sites.csv" would be checked under the
  ** first one's declared size while GDAL reads whichever it finds */
  for (int i = 0; st == PHS_OK && i < n; i++)
    for (int j = i + 1; st == PHS_OK && j < n; j++)
      if (strcmp(m[i].name, m[j].name) == 0) {
        char q[256];
        st = phs_diag_error(d, PHS_EINPUT,
                            "%s: member '%s': appears twice in the zip;"
                            " refused (hint: zip the files again)",
                            path, text_quote(m[i].name, q, sizeof(q)));
      }
  /* the layers: CSV files, shapefiles, GeoJSON, KML (G4) */
  int n_layers = 0, chosen = -1;
  phs_buf names;
  phs_buf_init(&names);
  for (int i = 0; st == PHS_OK && i < n; i++) {
    const char *kind = m[i].dir ? NULL : layer_kind(m[i].name);
    if (kind == NULL) continue;
    char *lname = layer_name(m[i].name);
    char q1[256], q2[256];
    if (n_layers < MAX_LISTED)
      phs_buf_printf(&names, "%s'%s' (%s)", n_layers ? ", " : "",
                     text_quote(lname ? lname : "", q1, sizeof(q1)),
                     text_quote(m[i].name, q2, sizeof(q2)));
    if (o->layer && chosen < 0 && lname &&
        (strcmp(o->layer, lname) == 0 || strcmp(o->layer, m[i].name) == 0))
      chosen = i;
    free(lname);
    n_layers++;
  }
  if (st == PHS_OK && o->layer && chosen < 0 && n_layers > 0) {
    char q[256];
    st = phs_diag_error(d, PHS_EUSAGE,
                        "%s: no layer named '%s' in the zip; its layers: %s",
                        path, text_quote(o->layer, q, sizeof(q)),
                        names.data ? names.data : "");
  } else if (st == PHS_OK && !o->layer && n_layers > 1) {
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: %d layers in the zip (%s%s); choose one with"
                        " --layer NAME",
                        path, n_layers, names.data ? names.data : "",
                        n_layers > MAX_LISTED ? ", ..." : "");
  } else if (st == PHS_OK && chosen < 0 && n_layers == 1) {
    for (int i = 0; i < n && chosen < 0; i++)
      if (!m[i].dir && layer_kind(m[i].name)) chosen = i;
    /* one shapefile: OGR opens the zip (the .shp with its .shx and .dbf);
    ** a GeoJSON or KML member is opened alone (OGR cannot open a zip of a
    ** GeoJSON beside other files, a README) */
    if (strcmp(layer_kind(m[chosen].name), "Shapefile") == 0) chosen = -1;
  }
  phs_buf_free(&names);
  /* the real sizes: stop one byte past the declared size (G2) */
  for (int i = 0; st == PHS_OK && i < n; i++)
    if (!m[i].dir) st = zip_member_verify(path, vsi_zip, &m[i], d);
  if (st == PHS_OK && chosen >= 0) {
    *member = strdup(m[chosen].name);
    *member_csv = strcmp(layer_kind(m[chosen].name), "CSV") == 0;
    if (*member == NULL) st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  members_free(m, n);
  return st;
}

/* ------------------------------------------------------------ GeoPackage */

int untrusted_is_sqlite(int fd) {
  char head[16];
  return read_at(fd, head, sizeof(head), 0) == 0 &&
         memcmp(head, "SQLite format 3", 16) == 0;
}

/* file:PATH?mode=ro&immutable=1, the path percent-encoded. */
static char *sqlite_uri(const char *path) {
  phs_buf b;
  phs_buf_init(&b);
  phs_buf_puts(&b, "file:");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || strchr("-._~", *p) ||
                (*p == '/' && !(p == (const unsigned char *)path && p[1] == '/'));
    if (plain) phs_buf_append(&b, (const char *)p, 1);
    else phs_buf_printf(&b, "%%%02X", *p);
  }
  /* immutable: no lock, no -wal or -shm read or made beside the file */
  phs_buf_puts(&b, "?mode=ro&immutable=1");
  if (b.oom) {
    phs_buf_free(&b);
    return NULL;
  }
  return b.data;
}

/* A sidecar of a database in WAL or rollback mode would change what
** GDAL reads after our check: refuse it. */
static int sidecar_check(const char *path, phs_diag *d) {
  static const char *const sfx[] = {"-wal", "-journal", NULL};
  for (int i = 0; sfx[i]; i++) {
    char *side = phs_strdup_printf("%s%s", path, sfx[i]);
    if (side == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    struct stat sb;
    int there = lstat(side, &sb) == 0;
    free(side);
    if (there)
      return phs_diag_error(d, PHS_EINPUT,
                            "%s: a %s file lies beside it; changes not yet"
                            " written into the GeoPackage would be read"
                            " unchecked (hint: close the program that wrote"
                            " it, or export it again, and submit the .gpkg"
                            " alone)",
                            path, sfx[i] + 1);
  }
  return PHS_OK;
}

static int gpkg_sql_error(const char *path, sqlite3 *db, phs_diag *d) {
  if (db == NULL || sqlite3_errcode(db) == SQLITE_NOMEM)
    return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  return phs_diag_error(d, PHS_EINPUT,
                        "%s: not a readable GeoPackage: %s (hint: a damaged"
                        " file? export it again)",
                        path, sqlite3_errmsg(db));
}

/* H2: nothing the file holds may run: no trigger, no view, no function
** that is not marked innocuous, no writable schema; no value longer than
** 64 MB. */
static int gpkg_lock_down(sqlite3 *db, phs_diag *d) {
  int off = 0;
  if (sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &off) !=
          SQLITE_OK ||
      sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &off) !=
          SQLITE_OK ||
      sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, &off) !=
          SQLITE_OK ||
      sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &off) != SQLITE_OK)
    return phs_diag_error(d, PHS_ERUNTIME,
                          "SQLite %s cannot turn triggers and views off",
                          sqlite3_libversion());
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 64 << 20);
  return PHS_OK;
}

/* The checks on an open connection; see untrusted_gpkg_check. */
static int gpkg_checks(const char *path, sqlite3 *db,
                       const phs_import_opts *o, char **layer,
                       phs_diag *d) {
  sqlite3_stmt *q = NULL;
  char qt[256];
  int st = PHS_OK, rc;
  /* H1: structure first; cell_size_check also guards every later read */
  if (sqlite3_exec(db, "PRAGMA cell_size_check=ON", NULL, NULL, NULL) !=
          SQLITE_OK ||
      sqlite3_prepare_v2(db, "PRAGMA quick_check(20)", -1, &q, NULL) !=
          SQLITE_OK)
    return gpkg_sql_error(path, db, d);
  int n_bad = 0;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    const char *line = (const char *)sqlite3_column_text(q, 0);
    if (line && strcmp(line, "ok") == 0) continue;
    static const char db_main[] = "*** in database main ***\n";
    if (line && strncmp(line, db_main, sizeof(db_main) - 1) == 0)
      line += sizeof(db_main) - 1;
    if (n_bad++ == 0)
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: damaged GeoPackage: quick_check: '%s' (hint:"
                          " export it again)",
                          path, text_quote(line ? line : "", qt, sizeof(qt)));
  }
  if (rc != SQLITE_DONE && st == PHS_OK) st = gpkg_sql_error(path, db, d);
  sqlite3_finalize(q);
  if (st) return st;

  /* H3: the GeoPackage marks */
  int app = 0;
  if (sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &q, NULL) !=
      SQLITE_OK)
    return gpkg_sql_error(path, db, d);
  if (sqlite3_step(q) == SQLITE_ROW) app = sqlite3_column_int(q, 0);
  sqlite3_finalize(q);
  if (app != 0x47504B47 && app != 0x47503130 && app != 0x47503131)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: not a GeoPackage: an SQLite database with"
                          " application_id 0x%08X, not 'GPKG' (hint: export"
                          " the layer as a GeoPackage)",
                          path, (unsigned)app);
  int has_contents = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT count(*) FROM sqlite_master WHERE type ="
                         " 'table' AND name = 'gpkg_contents'",
                         -1, &q, NULL) != SQLITE_OK)
    return gpkg_sql_error(path, db, d);
  if (sqlite3_step(q) == SQLITE_ROW) has_contents = sqlite3_column_int(q, 0);
  sqlite3_finalize(q);
  if (!has_contents)
    return phs_diag_error(d, PHS_EINPUT,
                          "%s: not a GeoPackage: no gpkg_contents table"
                          " (hint: export the layer as a GeoPackage)",
                          path);

  /* H2: no entry of gpkg_contents (features, attributes, tiles) may be a
  ** view: reading a view runs SQL the submitter wrote */
  if (sqlite3_prepare_v2(db,
                         "SELECT c.table_name FROM gpkg_contents c JOIN"
                         " sqlite_master m ON m.name = c.table_name COLLATE"
                         " NOCASE AND m.type = 'view' ORDER BY 1 LIMIT 1",
                         -1, &q, NULL) != SQLITE_OK)
    return gpkg_sql_error(path, db, d);
  if ((rc = sqlite3_step(q)) == SQLITE_ROW)
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: layer '%s': a view (stored SQL that runs when"
                        " it is read); refused (hint: save the layer as a"
                        " table, e.g. export it to a new GeoPackage)",
                        path,
                        text_quote((const char *)sqlite3_column_text(q, 0),
                                   qt, sizeof(qt)));
  else if (rc != SQLITE_DONE)
    st = gpkg_sql_error(path, db, d);
  sqlite3_finalize(q);
  if (st) return st;

  /* H2: virtual tables run a module's code when read. A layer must be a
  ** plain table; any other virtual table (GDAL's own are rtree indexes)
  ** must use a module this plain SQLite has: one GDAL or SpatiaLite would
  ** register (VirtualOGR, VirtualText, ...) could read other files. */
  if (sqlite3_prepare_v2(db,
                         "SELECT m.name, EXISTS(SELECT 1 FROM gpkg_contents"
                         " c WHERE c.table_name = m.name COLLATE NOCASE)"
                         " FROM sqlite_master m WHERE m.type = 'table' AND"
                         " m.sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY 1",
                         -1, &q, NULL) != SQLITE_OK)
    return gpkg_sql_error(path, db, d);
  while (st == PHS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(q, 0);
    text_quote(name ? name : "", qt, sizeof(qt));
    if (sqlite3_column_int(q, 1)) {
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: layer '%s': a virtual table (a module's code"
                          " runs when it is read); refused (hint: export the"
                          " layer to a new GeoPackage)",
                          path, qt);
      break;
    }
    char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" LIMIT 0",
                                name ? name : "");
    sqlite3_stmt *probe = NULL;
    if (sql && sqlite3_prepare_v2(db, sql, -1, &probe, NULL) != SQLITE_OK) {
      char why[256];
      snprintf(why, sizeof(why), "%s", sqlite3_errmsg(db));
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: table '%s': a virtual table phusong cannot"
                          " vouch for (%s); refused (hint: export the layer"
                          " to a new GeoPackage)",
                          path, qt, why);
    }
    sqlite3_finalize(probe);
    sqlite3_free(sql);
  }
  if (st == PHS_OK && rc != SQLITE_DONE) st = gpkg_sql_error(path, db, d);
  sqlite3_finalize(q);
  if (st || o == NULL) return st; /* o NULL: the safety checks only */

  /* H4: the layers GDAL will list, each a real table */
  if (sqlite3_prepare_v2(
          db,
          "SELECT c.table_name, (SELECT m.type FROM sqlite_master m WHERE"
          " m.name = c.table_name COLLATE NOCASE AND m.type IN ('table',"
          " 'view')) FROM gpkg_contents c WHERE c.data_type IN ('features',"
          " 'attributes') ORDER BY c.table_name",
          -1, &q, NULL) != SQLITE_OK)
    return gpkg_sql_error(path, db, d);
  int n_layers = 0;
  char *chosen = NULL;
  phs_buf names;
  phs_buf_init(&names);
  while (st == PHS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(q, 0);
    const char *type = (const char *)sqlite3_column_text(q, 1);
    if (name == NULL) continue;
    text_quote(name, qt, sizeof(qt));
    if (type == NULL)
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: layer '%s': listed in gpkg_contents but there"
                          " is no such table (hint: a damaged export?)",
                          path, qt);
    if (n_layers < MAX_LISTED)
      phs_buf_printf(&names, "%s'%s'", n_layers ? ", " : "", qt);
    if (o->layer && chosen == NULL && strcasecmp(o->layer, name) == 0)
      chosen = strdup(name);
    n_layers++;
  }
  if (st == PHS_OK && rc != SQLITE_DONE) st = gpkg_sql_error(path, db, d);
  sqlite3_finalize(q);
  if (st == PHS_OK && n_layers == 0)
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: no feature layer in the GeoPackage"
                        " (gpkg_contents lists none)",
                        path);
  else if (st == PHS_OK && o->layer && chosen == NULL)
    st = phs_diag_error(d, PHS_EUSAGE, "%s: no layer named '%s'; layers: %s",
                        path, text_quote(o->layer, qt, sizeof(qt)),
                        names.data ? names.data : "");
  else if (st == PHS_OK && !o->layer && n_layers > 1)
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: %d layers (%s%s); choose one with --layer NAME",
                        path, n_layers, names.data ? names.data : "",
                        n_layers > MAX_LISTED ? ", ..." : "");
  phs_buf_free(&names);
  if (st == PHS_OK && chosen == NULL) { /* the only layer */
    if (sqlite3_prepare_v2(db,
                           "SELECT table_name FROM gpkg_contents WHERE"
                           " data_type IN ('features', 'attributes')",
                           -1, &q, NULL) != SQLITE_OK)
      st = gpkg_sql_error(path, db, d);
    else if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
      chosen = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
  }
  /* H4: a row cap, counted before OGR reads a row */
  if (st == PHS_OK && chosen) {
    char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", chosen);
    long long rows = 0;
    if (sql == NULL ||
        sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
      st = gpkg_sql_error(path, db, d);
    } else {
      if (sqlite3_step(q) == SQLITE_ROW) rows = sqlite3_column_int64(q, 0);
      else st = gpkg_sql_error(path, db, d);
      sqlite3_finalize(q);
    }
    sqlite3_free(sql);
    long long cap = o->max_rows > 0 ? o->max_rows : PHS_DEFAULT_MAX_ROWS;
    if (st == PHS_OK && rows > cap)
      st = phs_diag_error(d, PHS_EINPUT,
                          "%s: layer '%s': %lld rows, over the %lld-row limit"
                          " (raise it with --max-rows)",
                          path, text_quote(chosen, qt, sizeof(qt)), rows, cap);
  }
  if (st == PHS_OK && layer) *layer = chosen;
  else free(chosen);
  return st;
}

int untrusted_gpkg_check(const char *path, const phs_import_opts *o,
                         char **layer, phs_diag *d) {
  if (layer) *layer = NULL;
  int st = sidecar_check(path, d);
  if (st) return st;
  char *uri = sqlite_uri(path);
  if (uri == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                           NULL);
  free(uri);
  if (rc != SQLITE_OK) {
    st = gpkg_sql_error(path, db, d);
    sqlite3_close(db);
    return st;
  }
  st = gpkg_lock_down(db, d);
  if (st == PHS_OK) st = gpkg_checks(path, db, o, layer, d);
  sqlite3_close(db);
  return st;
}

/* The SHA-256 of n bytes at p, in hex. 0, or -1 when libcrypto fails. */
static int bytes_sha256(const void *p, size_t n, char hex[65]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (EVP_Digest(p, n, md, &md_len, EVP_sha256(), NULL) != 1 || md_len != 32)
    return -1;
  for (unsigned i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
  return 0;
}

int untrusted_gpkg_read(const char *path, int fd, const phs_import_opts *o,
                        char **layer, char **vsimem, char sha256[65],
                        phs_diag *d) {
  *layer = NULL;
  *vsimem = NULL;
  sha256[0] = '\0';
  int st = sidecar_check(path, d);
  if (st) return st;
  struct stat sb;
  if (fstat(fd, &sb) != 0)
    return phs_diag_error(d, PHS_EINPUT, "%s: cannot read", path);
  /* One byte more than its size: a file still growing is caught. */
  size_t n = (size_t)sb.st_size, got = 0;
  unsigned char *buf = VSIMalloc(n + 1); /* VSIFree'd by /vsimem/ */
  if (buf == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  ssize_t k = 0;
  while (got < n + 1) {
    k = pread(fd, buf + got, n + 1 - got, (off_t)got);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    got += (size_t)k;
  }
  sqlite3 *db = NULL;
  if (k < 0)
    st = phs_diag_error(d, PHS_EINPUT, "%s: cannot read: %s", path,
                        strerror(errno));
  else if (got != n)
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: the file changed while it was imported;"
                        " nothing imported",
                        path);
  else if (bytes_sha256(buf, n, sha256) != 0)
    st = phs_diag_error(d, PHS_ERUNTIME, "SHA-256 unavailable");
  if (st) goto out;
  /* A database left in WAL mode (file format bytes 18-19 = 2) cannot be
  ** read from memory; no -wal file is read either way (sidecar_check),
  ** so the copy says "rollback journal" (1) instead: the same pages. The
  ** hash above is of the bytes as submitted. */
  if (n >= 20 && buf[18] == 2 && buf[19] == 2) buf[18] = buf[19] = 1;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) !=
      SQLITE_OK) {
    st = gpkg_sql_error(path, db, d);
    goto out;
  }
  st = gpkg_lock_down(db, d);
  if (st == PHS_OK &&
      sqlite3_deserialize(db, "main", buf, (sqlite3_int64)n,
                          (sqlite3_int64)n,
                          SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
    st = gpkg_sql_error(path, db, d);
  if (st == PHS_OK) st = gpkg_checks(path, db, o, layer, d);
  sqlite3_close(db); /* before the bytes go to /vsimem/: it reads them */
  db = NULL;
  if (st) goto out;
  /* OGR reads the very bytes checked: the copy, adopted by /vsimem/ */
  char *name = phs_strdup_printf("/vsimem/phusong-gpkg-%p.gpkg", (void *)buf);
  VSILFILE *fp = name ? VSIFileFromMemBuffer(name, buf, n, TRUE) : NULL;
  if (fp == NULL) {
    free(name);
    st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    goto out;
  }
  VSIFCloseL(fp);
  *vsimem = name;
  return PHS_OK;
out:
  sqlite3_close(db);
  VSIFree(buf);
  free(*layer);
  *layer = NULL;
  sha256[0] = '\0';
  return st;
}

/*
** submission_files.c: the raw bytes of every filing, kept in the store so
** any import can be re-run or audited later (spec/bad-inputs.md B-iii,
** docs/submissions.md). Content-addressed: submission_blob holds each
** distinct file once, keyed by its SHA-256, however many filings name it;
** submission_file lists the files of one filing (a shapefile's .shp with
** its .shx, .dbf, .prj... sidecars; one file otherwise), and says when a
** set was over the size limit and its bytes were not kept. Also the way
** back out: phs_submission_extract writes a filing's files to a folder,
** and whether a shapefile set was filed before with every file the same.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data_int.h"

/* One file of a filing: where it is, its name in the store. */
typedef struct member {
  char *path;       /* owned */
  const char *name; /* into path: the last component */
  long long bytes;
} member;

static int ends_with_ci(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static int cmp_member(const void *a, const void *b) {
  return strcmp(((const member *)a)->name, ((const member *)b)->name);
}

static void members_free(member *m, int n) {
  for (int i = 0; i < n; i++) free(m[i].path);
  free(m);
}

/*
** The files of a filing: path itself, and for a shapefile every regular
** file beside it whose name is its stem and a dot ("roads.shp" brings
** "roads.dbf", "roads.prj", "roads.shp.xml"), sorted by name. Symbolic
** links are left out, as the reader refuses them. NULL when out of memory.
*/
static member *list_members(const char *path, int *n_out) {
  *n_out = 0;
  member *m = calloc(1, sizeof(*m));
  if (m == NULL) return NULL;
  m[0].path = strdup(path);
  if (m[0].path == NULL) return (free(m), NULL);
  const char *slash = strrchr(m[0].path, '/');
  m[0].name = slash ? slash + 1 : m[0].path;
  int n = 1;
  if (ends_with_ci(path, ".shp")) {
    const char *base = slash ? strrchr(path, '/') + 1 : path;
    size_t stem = strlen(base) - 4;
    char *dir = slash ? strndup(path, (size_t)(base - 1 - path)) : NULL;
    DIR *dh = opendir(slash ? (dir && dir[0] ? dir : "/") : ".");
    struct dirent *e;
    while (dh && (e = readdir(dh)) != NULL) {
      if (strncmp(e->d_name, base, stem) != 0 || e->d_name[stem] != '.' ||
          strcmp(e->d_name, base) == 0)
        continue;
      char *p = slash ? phs_strdup_printf("%s/%s", dir ? dir : "", e->d_name)
                      : strdup(e->d_name);
      struct stat sb;
      if (p == NULL || lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        free(p);
        continue;
      }
      member *g = realloc(m, sizeof(*m) * (size_t)(n + 1));
      if (g == NULL) {
        free(p);
        break;
      }
      m = g;
      m[n].path = p;
      m[n].name = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
      n++;
    }
    if (dh) closedir(dh);
    free(dir);
  }
  qsort(m, (size_t)n, sizeof(*m), cmp_member);
  *n_out = n;
  return m;
}

/*
** Write the file at path into the blob of rowid, hashing it as it goes;
** PHS_EINPUT when its SHA-256 is no longer sha (it changed since it was
** hashed: the import is rolled back).
*/
static int blob_fill(phs_store *s, sqlite3_int64 rowid, const char *path,
                     long long bytes, const char *sha, phs_diag *d) {
  sqlite3_blob *b = NULL;
  FILE *fp = fopen(path, "rb");
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  int st = PHS_OK;
  if (fp == NULL || ctx == NULL ||
      EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
    st = phs_diag_error(d, PHS_EINPUT, "%s: cannot read: %s", path,
                        fp ? phs_tr("SHA-256 unavailable") : strerror(errno));
    goto out;
  }
  if (sqlite3_blob_open(s->db, "main", "submission_blob", "data", rowid, 1,
                        &b) != SQLITE_OK) {
    st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
    goto out;
  }
  unsigned char buf[1 << 16];
  long long off = 0;
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
    if (off + (long long)n > bytes) break; /* grew: caught below */
    EVP_DigestUpdate(ctx, buf, n);
    if (sqlite3_blob_write(b, buf, (int)n, (int)off) != SQLITE_OK) {
      st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
      goto out;
    }
    off += (long long)n;
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  char hex[65] = "";
  EVP_DigestFinal_ex(ctx, md, &md_len);
  for (unsigned i = 0; i < md_len && i < 32; i++)
    snprintf(hex + 2 * i, 3, "%02x", md[i]);
  if (off != bytes || n > 0 || strcmp(hex, sha) != 0)
    st = phs_diag_error(d, PHS_EINPUT,
                        "%s: the file changed while it was imported;"
                        " nothing imported",
                        path);
out:
  if (b) sqlite3_blob_close(b);
  if (fp) fclose(fp);
  EVP_MD_CTX_free(ctx);
  return st;
}

/* One submission_file row, and (keep) its blob unless the store has it. */
static int keep_one(phs_store *s, long long sub_id, const member *m,
                    const char *sha, int keep, phs_diag *d) {
  sqlite3_stmt *q = NULL;
  int st = PHS_OK;
  if (keep) {
    st = store_prepare(s,
                       "INSERT OR IGNORE INTO submission_blob(sha256, bytes,"
                       " data) VALUES(?1, ?2, zeroblob(?2))",
                       &q, d);
    if (st) return st;
    sqlite3_bind_text(q, 1, sha, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, m->bytes);
    if (sqlite3_step(q) != SQLITE_DONE)
      st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
    int added = st == PHS_OK && sqlite3_changes(s->db) == 1;
    sqlite3_finalize(q);
    q = NULL;
    if (added)
      st = blob_fill(s, sqlite3_last_insert_rowid(s->db), m->path, m->bytes,
                     sha, d);
    if (st) return st;
  }
  st = store_prepare(s,
                     "INSERT INTO submission_file(submission_id, name,"
                     " sha256, bytes, kept) VALUES(?,?,?,?,?)",
                     &q, d);
  if (st) return st;
  sqlite3_bind_int64(q, 1, sub_id);
  sqlite3_bind_text(q, 2, m->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, sha, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 4, m->bytes);
  sqlite3_bind_int(q, 5, keep);
  if (sqlite3_step(q) != SQLITE_DONE)
    st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
  sqlite3_finalize(q);
  return st;
}

int store_submission_keep_files(phs_store *s, long long sub_id,
                                const store_submission *sub, phs_diag *d) {
  int n = 0;
  member *m = list_members(sub->source_path, &n);
  if (m == NULL) return phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  char (*sha)[65] = calloc((size_t)n, sizeof(*sha));
  int st = sha ? PHS_OK : phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  long long total = 0;
  for (int i = 0; i < n && st == PHS_OK; i++) {
    if (strcmp(m[i].path, sub->source_path) == 0) {
      /* the filing's own file: hashed already (and checked as it is
      ** copied in) */
      memcpy(sha[i], sub->sha256, 65);
      m[i].bytes = sub->bytes;
    } else {
      st = file_sha256(m[i].path, sha[i], &m[i].bytes, d);
    }
    total += m[i].bytes;
  }
  long long limit = sub->keep_raw_max == 0 ? PHS_KEEP_RAW_DEFAULT
                                           : sub->keep_raw_max;
  int keep = limit >= 0 && total <= limit;
  for (int i = 0; i < n && st == PHS_OK; i++)
    st = keep_one(s, sub_id, &m[i], sha[i], keep, d);
  if (st == PHS_OK && !keep)
    phs_diag_warn(d,
                  "%s: %lld bytes in all: over the %lld-byte limit of raw"
                  " bytes kept in the store (--keep-raw-max); its SHA-256 is"
                  " recorded, its bytes are not: keep the file yourself",
                  sub->source_path, total, limit < 0 ? 0 : limit);
  free(sha);
  members_free(m, n);
  return st;
}

/* "ext:sha" for a file name and its SHA-256, the extension (after the last
** dot) in lower case: what must match for two sets to be the same. */
static char *ext_sha(const char *name, const char *sha) {
  const char *dot = strrchr(name, '.');
  char *k = phs_strdup_printf("%s:%s", dot ? dot + 1 : "", sha);
  for (char *p = k; p && *p != ':'; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  return k;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int store_submission_same_files(phs_store *s, long long sub_id,
                                const char *path, int *same, phs_diag *d) {
  *same = 0;
  int n = 0, n_kept = 0, cap = 8;
  member *m = list_members(path, &n);
  char **now = m ? calloc((size_t)n + 1, sizeof(char *)) : NULL;
  char **kept = calloc((size_t)cap, sizeof(char *));
  int st = now && kept ? PHS_OK
                       : phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  for (int i = 0; i < n && st == PHS_OK; i++) {
    char sha[65];
    st = file_sha256(m[i].path, sha, &m[i].bytes, d);
    if (st == PHS_OK && (now[i] = ext_sha(m[i].name, sha)) == NULL)
      st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
  }
  sqlite3_stmt *q = NULL;
  if (st == PHS_OK)
    st = store_prepare(s, "SELECT name, sha256 FROM submission_file WHERE"
                       " submission_id = ?", &q, d);
  if (st == PHS_OK) {
    sqlite3_bind_int64(q, 1, sub_id);
    int rc = SQLITE_DONE;
    while (st == PHS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
      if (n_kept == cap) {
        char **g = realloc(kept, sizeof(char *) * (size_t)(cap *= 2));
        if (g == NULL) {
          st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
          break;
        }
        kept = g;
      }
      const char *name = (const char *)sqlite3_column_text(q, 0);
      const char *sha = (const char *)sqlite3_column_text(q, 1);
      if ((kept[n_kept++] = ext_sha(name ? name : "", sha ? sha : "")) ==
          NULL)
        st = phs_diag_error(d, PHS_ERUNTIME, "out of memory");
    }
    if (st == PHS_OK && rc != SQLITE_DONE)
      st = store_sqlite_error(s, rc, d);
  }
  sqlite3_finalize(q);
  if (st == PHS_OK && n == n_kept) {
    qsort(now, (size_t)n, sizeof(char *), cmp_str);
    qsort(kept, (size_t)n_kept, sizeof(char *), cmp_str);
    *same = 1;
    for (int i = 0; i < n && *same; i++) *same = strcmp(now[i], kept[i]) == 0;
  }
  for (int i = 0; now && i < n; i++) free(now[i]);
  for (int i = 0; i < n_kept; i++) free(kept[i]);
  free(now);
  free(kept);
  if (m) members_free(m, n);
  return st;
}

/* ------------------------------------------------------ the way back */

int phs_submission_extract(phs_store *s, long long sub_id, const char *dir,
                           int *n_written, phs_diag *d) {
  *n_written = 0;
  sqlite3_stmt *q = NULL;
  int st = store_prepare(s,
                         "SELECT f.name, f.sha256, f.kept, b.rowid, b.bytes"
                         " FROM submission_file f LEFT JOIN submission_blob b"
                         " ON b.sha256 = f.sha256 WHERE f.submission_id = ?"
                         " ORDER BY f.name",
                         &q, d);
  if (st) return st;
  sqlite3_bind_int64(q, 1, sub_id);
  int rows = 0;
  unsigned char buf[1 << 16];
  while (st == PHS_OK && sqlite3_step(q) == SQLITE_ROW) {
    rows++;
    const char *name = (const char *)sqlite3_column_text(q, 0);
    if (sqlite3_column_int(q, 2) == 0 ||
        sqlite3_column_type(q, 3) == SQLITE_NULL) {
      st = phs_diag_error(d, PHS_ERUNTIME,
                          "submission #%lld: the bytes of '%s' were not kept"
                          " (over the size limit when it was filed); only"
                          " its SHA-256 %s is recorded",
                          sub_id, name, sqlite3_column_text(q, 1));
      break;
    }
    /* Names come from the store: never a path. */
    if (name == NULL || !*name || strchr(name, '/') ||
        strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
      st = phs_diag_error(d, PHS_ERUNTIME, "submission #%lld: bad file name",
                          sub_id);
      break;
    }
    char *out = phs_strdup_printf("%s/%s", dir, name);
    int fd = out ? open(out,
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        0644)
                 : -1;
    if (fd < 0) {
      st = phs_diag_error(d, errno == EEXIST ? PHS_EUSAGE : PHS_ERUNTIME,
                          "%s: %s", out ? out : dir,
                          errno == EEXIST
                              ? phs_tr("exists; never overwritten")
                              : strerror(errno));
      free(out);
      break;
    }
    sqlite3_blob *b = NULL;
    long long bytes = sqlite3_column_int64(q, 4);
    if (sqlite3_blob_open(s->db, "main", "submission_blob", "data",
                          sqlite3_column_int64(q, 3), 0, &b) != SQLITE_OK)
      st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
    for (long long off = 0; st == PHS_OK && off < bytes;) {
      int n = bytes - off < (long long)sizeof(buf) ? (int)(bytes - off)
                                                   : (int)sizeof(buf);
      if (sqlite3_blob_read(b, buf, n, (int)off) != SQLITE_OK)
        st = store_sqlite_error(s, sqlite3_errcode(s->db), d);
      else if (write(fd, buf, (size_t)n) != n)
        st = phs_diag_error(d, PHS_ERUNTIME, "%s: %s", out, strerror(errno));
      off += n;
    }
    if (b) sqlite3_blob_close(b);
    if (close(fd) != 0 && st == PHS_OK)
      st = phs_diag_error(d, PHS_ERUNTIME, "%s: %s", out, strerror(errno));
    if (st == PHS_OK) (*n_written)++;
    free(out);
  }
  sqlite3_finalize(q);
  if (st == PHS_OK && rows == 0)
    st = phs_diag_error(d, PHS_ERUNTIME,
                        "%s: submission #%lld has no raw bytes in the store"
                        " (no such submission, or filed before schema"
                        " version 8)",
                        s->path, sub_id);
  return st;
}

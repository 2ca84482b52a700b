/* C tests of qoltanba's C ABI (include/qoltanba.h): every call, the error
 * paths (NULL, garbage, truncated, oversized input), documents on the demo
 * PKI and on the national CA's real material, a batch, and many threads
 * verifying while one swaps CRL sets.
 *
 * Run from the repository root by ffi/tests/run.sh (paths are relative to it).
 * Every validation happens at a fixed time; nothing depends on today's date.
 * Prints "N passed, N failed" and exits non-zero on any failure. */

#define _POSIX_C_SOURCE 200809L /* mkdtemp (the online test) */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qoltanba.h"

static int passed, failed;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (cond) {                                                              \
      passed++;                                                              \
    } else {                                                                 \
      failed++;                                                              \
      fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__,  \
              __func__, #cond);                                              \
    }                                                                        \
  } while (0)

#define CHECK_RC(call, expected) CHECK((call) == (expected))

#define DEMO "test-vectors/demo/"
#define CMS "test-vectors/cms/"
#define KZ "test-vectors/third-party/kz/skarm-kalkan/"
/* DEMO_TIME of test-vectors/demo/README.md: 2025-06-01T00:00:00Z. */
#define DEMO_TIME 1748736000LL

typedef struct {
  uint8_t *data;
  size_t len;
} file_t;

static file_t slurp(const char *path) {
  file_t f = {NULL, 0};
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  fseek(fp, 0, SEEK_END);
  long n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  f.data = malloc((size_t)n + 1);
  f.len = fread(f.data, 1, (size_t)n, fp);
  fclose(fp);
  return f;
}

static void release(file_t *f) {
  free(f->data);
  f->data = NULL;
  f->len = 0;
}

/* Text accessors into a fixed buffer: "" when absent or failing. */
static char text_buf[65536];

static const char *report_text(qoltanba_result (*fn)(const qoltanba_report *,
                                                     char *, size_t, size_t *),
                               const qoltanba_report *r) {
  size_t n = 0;
  if (fn(r, text_buf, sizeof text_buf, &n) != QOLTANBA_OK) return "";
  return text_buf;
}

static const char *reason(const qoltanba_report *r) {
  return report_text(qoltanba_report_reason_code, r);
}

/* The report's reason as a number (qoltanba_reason). */
static qoltanba_reason reason_number(const qoltanba_report *r) {
  qoltanba_reason n = QOLTANBA_REASON_OTHER;
  CHECK_RC(qoltanba_report_reason(r, &n), QOLTANBA_OK);
  return n;
}

static const char *refusal(const qoltanba_report *r) {
  return report_text(qoltanba_report_refusal_code, r);
}

static const char *signer_field(const qoltanba_report *r, size_t i,
                                qoltanba_field field) {
  size_t n = 0;
  if (qoltanba_report_signer_field(r, i, field, text_buf, sizeof text_buf,
                                   &n) != QOLTANBA_OK)
    return "";
  return text_buf;
}

static qoltanba_outcome check_of(const qoltanba_report *r, size_t i,
                                 qoltanba_check check) {
  qoltanba_outcome o = 99;
  if (qoltanba_report_signer_check(r, i, check, &o) != QOLTANBA_OK) return 99;
  return o;
}

static const char *json(const qoltanba_report *r) {
  return report_text(qoltanba_report_json, r);
}

static char *base64(const uint8_t *in, size_t len) {
  static const char tbl[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char *out = malloc(4 * ((len + 2) / 3) + 1);
  size_t o = 0;
  for (size_t i = 0; i < len; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16;
    if (i + 1 < len) v |= (uint32_t)in[i + 1] << 8;
    if (i + 2 < len) v |= in[i + 2];
    out[o++] = tbl[(v >> 18) & 63];
    out[o++] = tbl[(v >> 12) & 63];
    out[o++] = i + 1 < len ? tbl[(v >> 6) & 63] : '=';
    out[o++] = i + 2 < len ? tbl[v & 63] : '=';
  }
  out[o] = 0;
  return out;
}

static void add_file(qoltanba_result (*add)(qoltanba_verifier_builder *,
                                            const uint8_t *, size_t),
                     qoltanba_verifier_builder *b, const char *path) {
  file_t f = slurp(path);
  CHECK_RC(add(b, f.data, f.len), QOLTANBA_OK);
  release(&f);
}

static void add_crl_to_set(qoltanba_crl_set *set, const char *path) {
  file_t f = slurp(path);
  CHECK_RC(qoltanba_crl_set_add(set, f.data, f.len), QOLTANBA_OK);
  release(&f);
}

/* The demo PKI's default inputs (test-vectors/demo/README.md). */
static const qoltanba_verifier *demo_verifier(void) {
  qoltanba_verifier_builder *b = NULL;
  CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
  add_file(qoltanba_verifier_builder_add_trust, b, DEMO "root-rsa.pem");
  add_file(qoltanba_verifier_builder_add_trust, b, DEMO "root-ec.pem");
  add_file(qoltanba_verifier_builder_add_intermediate, b, DEMO "nca-rsa.pem");
  add_file(qoltanba_verifier_builder_add_intermediate, b, DEMO "nca-ec.pem");
  const char *crls[] = {"root-rsa.crl", "root-ec.crl", "nca-rsa.crl",
                        "nca-rsa-delta.crl", "nca-ec-fresh.crl"};
  for (size_t i = 0; i < sizeof crls / sizeof *crls; i++) {
    char path[256];
    snprintf(path, sizeof path, DEMO "%s", crls[i]);
    add_file(qoltanba_verifier_builder_add_crl, b, path);
  }
  CHECK_RC(qoltanba_verifier_builder_set_revocation(b, QOLTANBA_REVOCATION_REQUIRED),
           QOLTANBA_OK);
  const qoltanba_verifier *v = NULL;
  CHECK_RC(qoltanba_verifier_builder_build(b, &v), QOLTANBA_OK);
  CHECK(v != NULL);
  return v;
}

static qoltanba_options *demo_options(void) {
  qoltanba_options *o = NULL;
  CHECK_RC(qoltanba_options_new(&o), QOLTANBA_OK);
  CHECK_RC(qoltanba_options_set_time_unix(o, DEMO_TIME), QOLTANBA_OK);
  return o;
}

static qoltanba_report *verify_cert_file(const qoltanba_verifier *v,
                                         const char *path,
                                         const qoltanba_options *o) {
  file_t f = slurp(path);
  qoltanba_report *r = NULL;
  CHECK_RC(qoltanba_verifier_verify_certificate(v, f.data, f.len, o, &r),
           QOLTANBA_OK);
  release(&f);
  return r;
}

static qoltanba_report *verify_doc(const qoltanba_verifier *v,
                                   const uint8_t *doc, size_t len,
                                   const char *content_path,
                                   const qoltanba_options *o) {
  qoltanba_report *r = NULL;
  file_t c = {NULL, 0};
  if (content_path) c = slurp(content_path);
  CHECK_RC(qoltanba_verifier_verify_document(v, doc, len, c.data, c.len, o, &r),
           QOLTANBA_OK);
  release(&c);
  return r;
}

static qoltanba_report *verify_doc_file(const qoltanba_verifier *v,
                                        const char *path,
                                        const char *content_path,
                                        const qoltanba_options *o) {
  file_t f = slurp(path);
  qoltanba_report *r = verify_doc(v, f.data, f.len, content_path, o);
  release(&f);
  return r;
}

static qoltanba_signer *demo_signer(const char *name) {
  char key_path[256], cert_path[256];
  snprintf(key_path, sizeof key_path, DEMO "%s.key.pem", name);
  snprintf(cert_path, sizeof cert_path, DEMO "%s.pem", name);
  file_t key = slurp(key_path), cert = slurp(cert_path);
  qoltanba_signer *s = NULL;
  CHECK_RC(qoltanba_signer_new_pkcs8(key.data, key.len, cert.data, cert.len, &s),
           QOLTANBA_OK);
  release(&key);
  release(&cert);
  return s;
}

/* ---- version, result messages, last error -------------------------------- */

static void test_version_and_messages(void) {
  const char *version = qoltanba_version();
  CHECK(version != NULL && strlen(version) > 0);
  /* The header's version macros name the library's version. */
  char macros[64];
  snprintf(macros, sizeof macros, "%d.%d.%d", QOLTANBA_VERSION_MAJOR, QOLTANBA_VERSION_MINOR,
           QOLTANBA_VERSION_PATCH);
  CHECK(strcmp(version, macros) == 0);

  char buf[128];
  size_t n = 0;
  CHECK_RC(qoltanba_result_message(QOLTANBA_OK, buf, sizeof buf, &n), QOLTANBA_OK);
  CHECK(strcmp(buf, "success") == 0 && n == strlen("success"));
  CHECK_RC(qoltanba_result_message(QOLTANBA_PANIC, buf, sizeof buf, &n), QOLTANBA_OK);
  CHECK(strstr(buf, "internal error") != NULL);
  /* Size query: NULL buffer of length 0 gives the size needed, NUL included. */
  n = 0;
  CHECK_RC(qoltanba_result_message(QOLTANBA_OK, NULL, 0, &n), QOLTANBA_INSUFFICIENT_SIZE);
  CHECK(n == strlen("success") + 1);
  /* A buffer one byte short. */
  CHECK_RC(qoltanba_result_message(QOLTANBA_OK, buf, strlen("success"), &n),
           QOLTANBA_INSUFFICIENT_SIZE);
  CHECK(n == strlen("success") + 1);
  /* Exactly large enough. */
  CHECK_RC(qoltanba_result_message(QOLTANBA_OK, buf, strlen("success") + 1, &n),
           QOLTANBA_OK);
  CHECK_RC(qoltanba_result_message(99, buf, sizeof buf, &n), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_result_message(QOLTANBA_OK, buf, sizeof buf, NULL),
           QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_result_message(QOLTANBA_OK, NULL, 64, &n), QOLTANBA_NULL_PARAMETER);
  /* The last failure of this thread is explained. */
  qoltanba_certificate *c = NULL;
  CHECK_RC(qoltanba_certificate_parse((const uint8_t *)"garbage", 7, &c), QOLTANBA_MALFORMED);
  CHECK(c == NULL);
  CHECK_RC(qoltanba_last_error(buf, sizeof buf, &n), QOLTANBA_OK);
  CHECK(strstr(buf, "malformed certificate") != NULL);
  CHECK_RC(qoltanba_last_error(buf, sizeof buf, NULL), QOLTANBA_NULL_PARAMETER);
}

/* ---- NULL everywhere, _free(NULL) ---------------------------------------- */

static void test_null_parameters(void) {
  qoltanba_verifier_builder_free(NULL);
  qoltanba_verifier_free(NULL);
  qoltanba_crl_set_free(NULL);
  qoltanba_options_free(NULL);
  qoltanba_report_free(NULL);
  qoltanba_certificate_free(NULL);
  qoltanba_signer_free(NULL);
  qoltanba_buffer_free(NULL);
  CHECK(qoltanba_buffer_data(NULL) == NULL);
  CHECK(qoltanba_buffer_len(NULL) == 0);
  CHECK(!qoltanba_report_valid(NULL));
  CHECK(qoltanba_report_signer_count(NULL) == 0);

  const uint8_t byte = 0x30;
  char buf[64];
  size_t n;
  int64_t t0, t1;
  bool flag;
  qoltanba_outcome outcome;
  CHECK_RC(qoltanba_verifier_builder_new(NULL), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_builder_add_profile(NULL, QOLTANBA_PROFILE_NCA),
           QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_builder_add_trust(NULL, &byte, 1), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_builder_add_intermediate(NULL, &byte, 1), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_builder_add_crl(NULL, &byte, 1), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_builder_set_revocation(NULL, 0), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_builder_set_legacy_algorithms(NULL, true), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_builder_set_sign_key_required(NULL, true), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_builder_set_ca_revocation(NULL, true), QOLTANBA_NULL_PARAMETER);
  const qoltanba_verifier *v = NULL;
  CHECK_RC(qoltanba_verifier_builder_build(NULL, &v), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_crl_set_new(NULL), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_crl_set_add(NULL, &byte, 1), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_swap_crls(NULL, NULL), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_add_crls(NULL, NULL), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_options_new(NULL), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_options_set_time_unix(NULL, 0), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_options_set_time_rfc3339(NULL, "2025-06-01"), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_options_set_purpose(NULL, QOLTANBA_PURPOSE_ANY), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_options_set_iin(NULL, "871008401427"), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_options_set_bin(NULL, "940140000385"), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_options_add_role(NULL, "individual"), QOLTANBA_NULL_PARAMETER);
  qoltanba_report *r = NULL;
  CHECK_RC(qoltanba_verifier_verify_certificate(NULL, &byte, 1, NULL, &r), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_verify_document(NULL, &byte, 1, NULL, 0, NULL, &r),
           QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_verify_request(NULL, &byte, 1, NULL, &r), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_verify_licence(NULL, &byte, 1, NULL, &r), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_verify_documents(NULL, NULL, 0, NULL, 0, &r),
           QOLTANBA_NULL_PARAMETER);
  CHECK(r == NULL);
  CHECK_RC(qoltanba_report_reason_code(NULL, buf, sizeof buf, &n), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_report_reason_detail(NULL, buf, sizeof buf, &n), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_report_refusal_code(NULL, buf, sizeof buf, &n), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_report_message(NULL, QOLTANBA_LANGUAGE_KK, buf, sizeof buf, &n),
           QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_report_signer_valid(NULL, 0, &flag), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_report_signer_reason_code(NULL, 0, buf, sizeof buf, &n),
           QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_report_signer_field(NULL, 0, QOLTANBA_FIELD_IIN, buf, sizeof buf, &n),
           QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_report_signer_validity(NULL, 0, &t0, &t1), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_report_signer_check(NULL, 0, QOLTANBA_CHECK_CHAIN, &outcome),
           QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_report_json(NULL, buf, sizeof buf, &n), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_certificate_parse(NULL, 1, NULL), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_certificate_field(NULL, QOLTANBA_FIELD_IIN, buf, sizeof buf, &n),
           QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_certificate_validity(NULL, &t0, &t1), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_certificate_json(NULL, buf, sizeof buf, &n), QOLTANBA_NULL_PARAMETER);
  qoltanba_signer *s = NULL;
  CHECK_RC(qoltanba_signer_new_pkcs8(NULL, 1, &byte, 1, &s), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_signer_new_pkcs8(&byte, 1, NULL, 1, &s), QOLTANBA_NULL_PARAMETER);
  qoltanba_buffer *out = NULL;
  CHECK_RC(qoltanba_signer_sign(NULL, &byte, 1, DEMO_TIME, 0, &out), QOLTANBA_NULL_PARAMETER);
  CHECK(s == NULL && out == NULL);

  /* NULL inputs and outputs on live objects. */
  qoltanba_verifier_builder *b = NULL;
  CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
  CHECK_RC(qoltanba_verifier_builder_add_trust(b, NULL, 10), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_builder_build(b, NULL), QOLTANBA_NULL_PARAMETER); /* frees b */
  v = demo_verifier();
  qoltanba_options *o = demo_options();
  CHECK_RC(qoltanba_verifier_verify_certificate(v, NULL, 10, o, &r), QOLTANBA_NULL_PARAMETER);
  file_t cert = slurp(DEMO "individual-sign.pem");
  CHECK_RC(qoltanba_verifier_verify_certificate(v, cert.data, cert.len, o, NULL),
           QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_verify_document(v, NULL, 10, NULL, 0, o, &r),
           QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_swap_crls(v, NULL), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_add_crls(v, NULL), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_options_set_iin(o, NULL), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_options_set_time_rfc3339(o, NULL), QOLTANBA_NULL_PARAMETER);
  CHECK(r == NULL);
  release(&cert);
  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}

/* ---- invalid parameters, oversized input ---------------------------------- */

static void test_invalid_parameters(void) {
  qoltanba_verifier_builder *b = NULL;
  CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
  CHECK_RC(qoltanba_verifier_builder_add_profile(b, 7), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_verifier_builder_set_revocation(b, 9), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_verifier_builder_add_trust(b, (const uint8_t *)"garbage", 7),
           QOLTANBA_MALFORMED);
  CHECK_RC(qoltanba_verifier_builder_add_crl(b, (const uint8_t *)"garbage", 7),
           QOLTANBA_MALFORMED);
  /* Oversized: the length is refused before anything is read. */
  const uint8_t byte = 0x30;
  CHECK_RC(qoltanba_verifier_builder_add_crl(b, &byte, (size_t)65 * 1024 * 1024),
           QOLTANBA_INPUT_TOO_LARGE);
  /* No anchors: nothing could ever validate. The builder is consumed. */
  const qoltanba_verifier *v = NULL;
  CHECK_RC(qoltanba_verifier_builder_build(b, &v), QOLTANBA_INVALID_PARAMETER);
  CHECK(v == NULL);

  qoltanba_options *o = NULL;
  CHECK_RC(qoltanba_options_new(&o), QOLTANBA_OK);
  CHECK_RC(qoltanba_options_set_iin(o, "871008401428"), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_options_set_iin(o, "87100840142"), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_options_set_bin(o, "940140000386"), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_options_set_time_rfc3339(o, "yesterday"), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_options_set_time_rfc3339(o, "2025-06-01T06:00:00+06:00"), QOLTANBA_OK);
  CHECK_RC(qoltanba_options_set_purpose(o, 5), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_options_add_role(o, "emperor"), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_options_set_iin(o, "\xff\xfe"), QOLTANBA_INVALID_PARAMETER);
  /* An unterminated-looking string longer than the 4096-byte bound. */
  char *longstr = malloc(5000);
  memset(longstr, '7', 4999);
  longstr[4999] = 0;
  CHECK_RC(qoltanba_options_set_iin(o, longstr), QOLTANBA_INPUT_TOO_LARGE);
  free(longstr);
  qoltanba_options_free(o);

  qoltanba_certificate *c = NULL;
  CHECK_RC(qoltanba_certificate_parse(&byte, (size_t)65 * 1024 * 1024, &c),
           QOLTANBA_INPUT_TOO_LARGE);
  /* A truncated certificate. */
  file_t cert = slurp(DEMO "individual-sign.pem");
  CHECK_RC(qoltanba_certificate_parse(cert.data, cert.len / 2, &c), QOLTANBA_MALFORMED);
  CHECK(c == NULL);
  release(&cert);
}

/* ---- certificates --------------------------------------------------------- */

static void test_certificates(void) {
  const qoltanba_verifier *v = demo_verifier();
  qoltanba_options *o = demo_options();

  qoltanba_report *r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK(qoltanba_report_valid(r));
  CHECK(qoltanba_report_signer_count(r) == 1);
  bool ok = false;
  CHECK_RC(qoltanba_report_signer_valid(r, 0, &ok), QOLTANBA_OK);
  CHECK(ok);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_IIN), "871008401427") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_ROLES), "individual") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_KEY_KIND), "SIGN") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_COMMON_NAME), "ТЕСТОВА АЛИЯ") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_SURNAME), "ТЕСТОВА") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_PATRONYMIC), "СЕРІКҚЫЗЫ") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_EMAIL), "aliya.testova@demo.invalid") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_SERIAL),
               "44454d4f00000000000000000000000000000010") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_NOT_BEFORE), "2025-01-01T00:00:00Z") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_NOT_AFTER), "2026-01-01T00:00:00Z") == 0);
  CHECK(strstr(signer_field(r, 0, QOLTANBA_FIELD_ISSUER), "DEMO NCA (RSA)") != NULL);
  CHECK(strstr(signer_field(r, 0, QOLTANBA_FIELD_SUBJECT), "IIN871008401427") != NULL);
  CHECK(strlen(signer_field(r, 0, QOLTANBA_FIELD_SIGNATURE_ALGORITHM)) > 0);
  char buf[64];
  size_t n = 0;
  CHECK_RC(qoltanba_report_signer_field(r, 0, QOLTANBA_FIELD_BIN, buf, sizeof buf, &n),
           QOLTANBA_NOT_FOUND);
  CHECK_RC(qoltanba_report_signer_field(r, 0, QOLTANBA_FIELD_ORGANIZATION, buf, sizeof buf, &n),
           QOLTANBA_NOT_FOUND);
  CHECK_RC(qoltanba_report_signer_field(r, 0, 99, buf, sizeof buf, &n),
           QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_report_signer_field(r, 1, QOLTANBA_FIELD_IIN, buf, sizeof buf, &n),
           QOLTANBA_OUT_OF_RANGE);
  int64_t nb = 0, na = 0;
  CHECK_RC(qoltanba_report_signer_validity(r, 0, &nb, &na), QOLTANBA_OK);
  CHECK(nb == 1735689600LL && na == 1767225600LL);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_CHAIN) == QOLTANBA_OUTCOME_PASSED);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_VALIDITY) == QOLTANBA_OUTCOME_PASSED);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_REVOCATION) == QOLTANBA_OUTCOME_PASSED);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_KEY_USAGE) == QOLTANBA_OUTCOME_PASSED);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_IDENTITY) == QOLTANBA_OUTCOME_NOT_PERFORMED);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_SIGNATURE) == QOLTANBA_OUTCOME_NOT_PERFORMED);
  qoltanba_outcome outcome;
  CHECK_RC(qoltanba_report_signer_check(r, 0, 42, &outcome), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_report_reason_code(r, buf, sizeof buf, &n), QOLTANBA_NOT_FOUND);
  CHECK_RC(qoltanba_report_reason_detail(r, buf, sizeof buf, &n), QOLTANBA_NOT_FOUND);
  CHECK_RC(qoltanba_report_refusal_code(r, buf, sizeof buf, &n), QOLTANBA_NOT_FOUND);
  CHECK_RC(qoltanba_report_message(r, QOLTANBA_LANGUAGE_EN, buf, sizeof buf, &n),
           QOLTANBA_NOT_FOUND);
  CHECK_RC(qoltanba_report_signer_reason_code(r, 0, buf, sizeof buf, &n), QOLTANBA_NOT_FOUND);
  CHECK(strstr(json(r), "\"kind\": \"certificate\"") != NULL);
  CHECK(strstr(json(r), "\"valid\": true") != NULL);
  CHECK(strstr(json(r), "\"refusal\": null") != NULL);
  /* JSON into a small buffer: the size needed comes back. */
  CHECK_RC(qoltanba_report_json(r, buf, sizeof buf, &n), QOLTANBA_INSUFFICIENT_SIZE);
  CHECK(n > sizeof buf);
  char *big = malloc(n);
  size_t written = 0;
  CHECK_RC(qoltanba_report_json(r, big, n, &written), QOLTANBA_OK);
  CHECK(written == n - 1 && big[written] == 0);
  free(big);
  qoltanba_report_free(r);

  /* Identity and roles. */
  CHECK_RC(qoltanba_options_set_iin(o, "871008401427"), QOLTANBA_OK);
  CHECK_RC(qoltanba_options_add_role(o, "individual"), QOLTANBA_OK);
  r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK(qoltanba_report_valid(r));
  CHECK(check_of(r, 0, QOLTANBA_CHECK_IDENTITY) == QOLTANBA_OUTCOME_PASSED);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_ROLES) == QOLTANBA_OUTCOME_PASSED);
  qoltanba_report_free(r);
  r = verify_cert_file(v, DEMO "ceo-sign.pem", o);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "identity-mismatch") == 0);
  CHECK(strcmp(refusal(r), "eds-identity-mismatch") == 0);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_IDENTITY) == QOLTANBA_OUTCOME_FAILED);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_ROLES) == QOLTANBA_OUTCOME_FAILED);
  qoltanba_report_free(r);
  qoltanba_options_free(o);

  o = demo_options();
  CHECK_RC(qoltanba_options_set_bin(o, "940140000385"), QOLTANBA_OK);
  CHECK_RC(qoltanba_options_add_role(o, "first-head"), QOLTANBA_OK);
  r = verify_cert_file(v, DEMO "ceo-sign.pem", o);
  CHECK(qoltanba_report_valid(r));
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_BIN), "940140000385") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_IIN), "760212350620") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_ROLES), "legal-entity,first-head") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_ORGANIZATION), "ТОО \"ДЕМО\"") == 0);
  qoltanba_report_free(r);
  r = verify_cert_file(v, DEMO "signer-sign.pem", o); /* right-to-sign, not first head */
  CHECK(strcmp(reason(r), "missing-role") == 0);
  CHECK(strcmp(refusal(r), "eds-no-right-to-sign") == 0);
  qoltanba_report_free(r);
  qoltanba_options_free(o);

  /* Refusals, with the regulations' messages. */
  o = demo_options();
  r = verify_cert_file(v, DEMO "revoked.pem", o);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "cert-revoked") == 0);
  CHECK(strcmp(refusal(r), "eds-revoked") == 0);
  CHECK_RC(qoltanba_report_message(r, QOLTANBA_LANGUAGE_RU, text_buf, sizeof text_buf, &n),
           QOLTANBA_OK);
  CHECK(strcmp(text_buf, "регистрационное свидетельство ЭЦП находится в списке отозванных "
                         "(аннулированных) регистрационных свидетельств") == 0);
  CHECK_RC(qoltanba_report_message(r, QOLTANBA_LANGUAGE_KK, text_buf, sizeof text_buf, &n),
           QOLTANBA_OK);
  CHECK(strcmp(text_buf, "ЭЦҚ тіркеу куәлігі кері қайтарылған (жойылған) тіркеу "
                         "куәліктерінің тізімінде тұр") == 0);
  CHECK_RC(qoltanba_report_message(r, QOLTANBA_LANGUAGE_EN, text_buf, sizeof text_buf, &n),
           QOLTANBA_OK);
  CHECK(strcmp(text_buf, "the EDS registration certificate is in the list of revoked "
                         "(annulled) registration certificates") == 0);
  CHECK_RC(qoltanba_report_message(r, 3, text_buf, sizeof text_buf, &n),
           QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_report_reason_detail(r, text_buf, sizeof text_buf, &n), QOLTANBA_OK);
  CHECK(strstr(text_buf, "revoked") != NULL);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_REVOCATION) == QOLTANBA_OUTCOME_FAILED);
  CHECK_RC(qoltanba_report_signer_reason_code(r, 0, buf, sizeof buf, &n), QOLTANBA_OK);
  CHECK(strcmp(buf, "cert-revoked") == 0);
  CHECK(strstr(json(r), "\"code\": \"eds-revoked\"") != NULL);
  qoltanba_report_free(r);

  r = verify_cert_file(v, DEMO "expired.pem", o);
  CHECK(strcmp(reason(r), "cert-expired") == 0);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_VALIDITY) == QOLTANBA_OUTCOME_FAILED);
  qoltanba_report_free(r);
  r = verify_cert_file(v, DEMO "not-yet-valid.pem", o);
  CHECK(strcmp(reason(r), "cert-not-valid-yet") == 0);
  qoltanba_report_free(r);
  r = verify_cert_file(v, DEMO "revoked-delta.pem", o);
  CHECK(strcmp(reason(r), "cert-revoked") == 0);
  qoltanba_report_free(r);
  r = verify_cert_file(v, DEMO "wrong-issuer.pem", o);
  CHECK(strcmp(reason(r), "unknown-issuer") == 0);
  CHECK(strcmp(refusal(r), "eds-untrusted") == 0);
  qoltanba_report_free(r);
  r = verify_cert_file(v, DEMO "individual-auth.pem", o);
  CHECK(strcmp(reason(r), "wrong-key-kind") == 0);
  CHECK(strcmp(refusal(r), "eds-not-a-signing-key") == 0);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_KEY_USAGE) == QOLTANBA_OUTCOME_FAILED);
  qoltanba_report_free(r);
  /* ... unless the purpose is "any". */
  CHECK_RC(qoltanba_options_set_purpose(o, QOLTANBA_PURPOSE_ANY), QOLTANBA_OK);
  r = verify_cert_file(v, DEMO "individual-auth.pem", o);
  CHECK(qoltanba_report_valid(r));
  qoltanba_report_free(r);
  /* RFC 3339 time: a year later the certificate has expired. */
  CHECK_RC(qoltanba_options_set_time_rfc3339(o, "2026-06-01T00:00:00Z"), QOLTANBA_OK);
  r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK(strcmp(reason(r), "cert-expired") == 0);
  qoltanba_report_free(r);
  qoltanba_options_free(o);

  /* Garbage and truncated certificates are call errors, not reports. */
  r = NULL;
  CHECK_RC(qoltanba_verifier_verify_certificate(v, (const uint8_t *)"garbage", 7, NULL, &r),
           QOLTANBA_MALFORMED);
  file_t cert = slurp(DEMO "individual-sign.pem");
  CHECK_RC(qoltanba_verifier_verify_certificate(v, cert.data, cert.len - 40, NULL, &r),
           QOLTANBA_MALFORMED);
  CHECK(r == NULL);

  /* Inspection: facts, nothing verified. */
  qoltanba_certificate *c = NULL;
  CHECK_RC(qoltanba_certificate_parse(cert.data, cert.len, &c), QOLTANBA_OK);
  CHECK_RC(qoltanba_certificate_field(c, QOLTANBA_FIELD_IIN, buf, sizeof buf, &n), QOLTANBA_OK);
  CHECK(strcmp(buf, "871008401427") == 0 && n == 12);
  CHECK_RC(qoltanba_certificate_field(c, QOLTANBA_FIELD_BIN, buf, sizeof buf, &n),
           QOLTANBA_NOT_FOUND);
  CHECK_RC(qoltanba_certificate_field(c, 1000, buf, sizeof buf, &n), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_certificate_validity(c, &nb, &na), QOLTANBA_OK);
  CHECK(nb == 1735689600LL && na == 1767225600LL);
  CHECK_RC(qoltanba_certificate_json(c, text_buf, sizeof text_buf, &n), QOLTANBA_OK);
  CHECK(strstr(text_buf, "\"verified\": false") != NULL);
  CHECK(strstr(text_buf, "\"iin\": \"871008401427\"") != NULL);
  qoltanba_certificate_free(c);
  release(&cert);
  qoltanba_verifier_free(v);
}

/* ---- documents on the demo PKI -------------------------------------------- */

static void test_documents(void) {
  const qoltanba_verifier *v = demo_verifier();
  qoltanba_options *o = demo_options();

  qoltanba_report *r = verify_doc_file(v, CMS "rsa-cades-attached.der", NULL, o);
  CHECK(qoltanba_report_valid(r));
  CHECK(reason_number(r) == QOLTANBA_REASON_NONE);
  qoltanba_reason signer_reason = QOLTANBA_REASON_OTHER;
  CHECK_RC(qoltanba_report_signer_reason(r, 0, &signer_reason), QOLTANBA_OK);
  CHECK(signer_reason == QOLTANBA_REASON_NONE);
  CHECK_RC(qoltanba_report_signer_reason(r, 1, &signer_reason), QOLTANBA_OUT_OF_RANGE);
  CHECK_RC(qoltanba_report_reason(r, NULL), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_report_reason(NULL, &signer_reason), QOLTANBA_NULL_PARAMETER);
  CHECK(qoltanba_report_signer_count(r) == 1);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_IIN), "871008401427") == 0);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_SIGNATURE) == QOLTANBA_OUTCOME_PASSED);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_CHAIN) == QOLTANBA_OUTCOME_PASSED);
  CHECK(strstr(json(r), "\"kind\": \"document\"") != NULL);
  qoltanba_report_free(r);

  /* PEM and base64 encodings of documents. */
  r = verify_doc_file(v, CMS "ec-cades-attached.pem", NULL, o);
  CHECK(qoltanba_report_valid(r));
  qoltanba_report_free(r);
  file_t der = slurp(CMS "rsa-cades-attached.der");
  char *b64 = base64(der.data, der.len);
  r = verify_doc(v, (const uint8_t *)b64, strlen(b64), NULL, o);
  CHECK(qoltanba_report_valid(r));
  qoltanba_report_free(r);
  free(b64);

  /* Truncated and garbage documents are verdicts: malformed. */
  r = verify_doc(v, der.data, der.len / 2, NULL, o);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "malformed") == 0);
  CHECK(reason_number(r) == QOLTANBA_REASON_MALFORMED);
  CHECK(strcmp(refusal(r), "eds-malformed") == 0);
  CHECK(qoltanba_report_signer_count(r) == 0);
  bool ok;
  CHECK_RC(qoltanba_report_signer_valid(r, 0, &ok), QOLTANBA_OUT_OF_RANGE);
  qoltanba_report_free(r);
  r = verify_doc(v, (const uint8_t *)"\x30\x03\x02\x01\x01", 5, NULL, o);
  CHECK(strcmp(reason(r), "malformed") == 0);
  qoltanba_report_free(r);
  r = verify_doc(v, (const uint8_t *)"", 0, NULL, o);
  CHECK(!qoltanba_report_valid(r));
  qoltanba_report_free(r);
  r = NULL;
  CHECK_RC(qoltanba_verifier_verify_document(v, der.data, (size_t)65 * 1024 * 1024, NULL, 0, o,
                                             &r),
           QOLTANBA_INPUT_TOO_LARGE);
  CHECK(r == NULL);
  release(&der);

  /* Detached: with its content, without, with other content. */
  r = verify_doc_file(v, CMS "rsa-detached.der", CMS "content.txt", o);
  CHECK(qoltanba_report_valid(r));
  qoltanba_report_free(r);
  r = verify_doc_file(v, CMS "rsa-detached.der", NULL, o);
  CHECK(strcmp(reason(r), "detached-content-missing") == 0);
  qoltanba_report_free(r);
  r = verify_doc_file(v, CMS "rsa-detached.der", CMS "other.txt", o);
  CHECK(strcmp(reason(r), "message-digest-mismatch") == 0);
  CHECK(reason_number(r) == QOLTANBA_REASON_MESSAGE_DIGEST_MISMATCH);
  CHECK(strcmp(refusal(r), "eds-document-altered") == 0);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_SIGNATURE) == QOLTANBA_OUTCOME_FAILED);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_CHAIN) == QOLTANBA_OUTCOME_PASSED);
  qoltanba_report_free(r);

  /* Signer refused for its certificate; the signature itself passed. */
  r = verify_doc_file(v, CMS "revoked-attached.der", NULL, o);
  CHECK(strcmp(reason(r), "cert-revoked") == 0);
  CHECK(reason_number(r) == QOLTANBA_REASON_CERT_REVOKED);
  CHECK(QOLTANBA_REASON_CERT_REVOKED == 20);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_SIGNATURE) == QOLTANBA_OUTCOME_PASSED);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_REVOCATION) == QOLTANBA_OUTCOME_FAILED);
  qoltanba_report_free(r);
  r = verify_doc_file(v, CMS "auth-attached.der", NULL, o);
  CHECK(strcmp(reason(r), "wrong-key-kind") == 0);
  qoltanba_report_free(r);

  /* Two signers. */
  r = verify_doc_file(v, CMS "cosigned-attached.der", NULL, o);
  CHECK(qoltanba_report_valid(r));
  CHECK(qoltanba_report_signer_count(r) == 2);
  CHECK(strcmp(signer_field(r, 1, QOLTANBA_FIELD_IIN), "871008401427") == 0);
  qoltanba_report_free(r);

  /* Without the signer's certificate: the signature is not checked. */
  r = verify_doc_file(v, CMS "rsa-nocerts-attached.der", NULL, o);
  CHECK(strcmp(reason(r), "signer-certificate-not-found") == 0);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_SIGNATURE) == QOLTANBA_OUTCOME_NOT_PERFORMED);
  int64_t nb, na;
  CHECK_RC(qoltanba_report_signer_validity(r, 0, &nb, &na), QOLTANBA_NOT_FOUND);
  qoltanba_report_free(r);

  /* Expected identity applies to every signer. */
  CHECK_RC(qoltanba_options_set_iin(o, "760212350620"), QOLTANBA_OK);
  r = verify_doc_file(v, CMS "rsa-cades-attached.der", NULL, o);
  CHECK(strcmp(reason(r), "identity-mismatch") == 0);
  qoltanba_report_free(r);
  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}

/* ---- signing -------------------------------------------------------------- */

static void test_signing(void) {
  const qoltanba_verifier *v = demo_verifier();
  qoltanba_options *o = demo_options();
  const char *content = "Өтініш: медициналық қызметке лицензия";

  const char *names[] = {"individual-sign", "individual-sign-ec"};
  for (size_t i = 0; i < 2; i++) {
    qoltanba_signer *s = demo_signer(names[i]);
    qoltanba_buffer *doc = NULL;
    CHECK_RC(qoltanba_signer_sign(s, (const uint8_t *)content, strlen(content), DEMO_TIME, 0,
                                  &doc),
             QOLTANBA_OK);
    CHECK(qoltanba_buffer_len(doc) > 0 && qoltanba_buffer_data(doc)[0] == 0x30);
    qoltanba_report *r =
        verify_doc(v, qoltanba_buffer_data(doc), qoltanba_buffer_len(doc), NULL, o);
    CHECK(qoltanba_report_valid(r));
    CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_IIN), "871008401427") == 0);
    qoltanba_report_free(r);
    qoltanba_buffer_free(doc);

    /* Detached: verifies with the content only. */
    CHECK_RC(qoltanba_signer_sign(s, (const uint8_t *)content, strlen(content), DEMO_TIME,
                                  QOLTANBA_SIGN_DETACHED, &doc),
             QOLTANBA_OK);
    qoltanba_report *missing = NULL, *with = NULL;
    CHECK_RC(qoltanba_verifier_verify_document(v, qoltanba_buffer_data(doc),
                                               qoltanba_buffer_len(doc), NULL, 0, o, &missing),
             QOLTANBA_OK);
    CHECK(strcmp(reason(missing), "detached-content-missing") == 0);
    CHECK_RC(qoltanba_verifier_verify_document(v, qoltanba_buffer_data(doc),
                                               qoltanba_buffer_len(doc),
                                               (const uint8_t *)content, strlen(content), o,
                                               &with),
             QOLTANBA_OK);
    CHECK(qoltanba_report_valid(with));
    qoltanba_report_free(missing);
    qoltanba_report_free(with);
    qoltanba_buffer_free(doc);

    qoltanba_buffer *none = NULL;
    CHECK_RC(qoltanba_signer_sign(s, (const uint8_t *)content, strlen(content), DEMO_TIME, 6,
                                  &none),
             QOLTANBA_INVALID_PARAMETER);
    CHECK_RC(qoltanba_signer_sign(s, NULL, 3, DEMO_TIME, 0, &none), QOLTANBA_NULL_PARAMETER);
    CHECK_RC(qoltanba_signer_sign(s, (const uint8_t *)content, 3, DEMO_TIME, 0, NULL),
             QOLTANBA_NULL_PARAMETER);
    CHECK(none == NULL);
    qoltanba_signer_free(s);
  }

  /* A key that is not the certificate's, garbage, a truncated key. */
  file_t key = slurp(DEMO "individual-sign.key.pem");
  file_t cert = slurp(DEMO "ceo-sign.pem");
  qoltanba_signer *s = NULL;
  CHECK_RC(qoltanba_signer_new_pkcs8(key.data, key.len, cert.data, cert.len, &s),
           QOLTANBA_KEY_MISMATCH);
  CHECK_RC(qoltanba_signer_new_pkcs8((const uint8_t *)"garbage", 7, cert.data, cert.len, &s),
           QOLTANBA_MALFORMED);
  CHECK_RC(qoltanba_signer_new_pkcs8(cert.data, cert.len, cert.data, cert.len, &s),
           QOLTANBA_MALFORMED); /* a certificate is not a key */
  /* The key's PEM minus its last 80 bytes: no complete PEM section left. */
  CHECK(qoltanba_signer_new_pkcs8(key.data, key.len - 80, cert.data, cert.len, &s) !=
        QOLTANBA_OK);
  CHECK(s == NULL);
  release(&key);
  release(&cert);
  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}

/* ---- the document model: requests and licences ---------------------------- */

static qoltanba_report *sign_and_check_with(const qoltanba_verifier *v, const char *who,
                                            const char *payload, bool licence,
                                            const qoltanba_options *o, const char *policy,
                                            qoltanba_result expect) {
  qoltanba_signer *s = demo_signer(who);
  qoltanba_buffer *doc = NULL;
  CHECK_RC(qoltanba_signer_sign(s, (const uint8_t *)payload, strlen(payload), DEMO_TIME, 0,
                                &doc),
           QOLTANBA_OK);
  qoltanba_report *r = NULL;
  if (licence)
    CHECK_RC(qoltanba_verifier_verify_licence_with(v, qoltanba_buffer_data(doc),
                                                   qoltanba_buffer_len(doc), o, policy, &r),
             expect);
  else
    CHECK_RC(qoltanba_verifier_verify_request_with(v, qoltanba_buffer_data(doc),
                                                   qoltanba_buffer_len(doc), o, policy, &r),
             expect);
  qoltanba_buffer_free(doc);
  qoltanba_signer_free(s);
  return r;
}

static const char *receipt(const qoltanba_report *r) {
  size_t n = 0;
  CHECK_RC(qoltanba_report_receipt(r, text_buf, sizeof text_buf, &n), QOLTANBA_OK);
  return text_buf;
}

/* Channels and licence signer policies through the policy JSON; receipts. */
static void test_document_policies(void) {
  const qoltanba_verifier *v = demo_verifier();
  qoltanba_options *o = demo_options();
  const char *centre_request =
      "{\"version\":1,\"service\":\"00501\",\"kind\":\"issue\",\"channel\":\"service-centre\","
      "\"applicant\":{\"iin\":\"871008401427\"}}";
  const char *centre_policy =
      "{\"channel\":\"service-centre\",\"service_centre_bins\":[\"950341000052\"]}";
  qoltanba_report *r =
      sign_and_check_with(v, "operator-sign", centre_request, false, o, centre_policy, QOLTANBA_OK);
  CHECK(qoltanba_report_valid(r));
  CHECK(strstr(receipt(r), "\"schema\": \"qoltanba/receipt/1\"") != NULL);
  CHECK(strstr(text_buf, "\"part\": \"operator\"") != NULL);
  CHECK(strstr(text_buf, "\"document_sha256\": \"") != NULL);
  qoltanba_report_free(r);
  /* The default policy configures no service centre. */
  r = sign_and_check_with(v, "operator-sign", centre_request, false, o, NULL, QOLTANBA_OK);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(refusal(r), "eds-not-authorised-to-certify") == 0);
  size_t n;
  CHECK_RC(qoltanba_report_message(r, QOLTANBA_LANGUAGE_EN, text_buf, sizeof text_buf, &n),
           QOLTANBA_OK);
  CHECK(strcmp(text_buf,
               "The authenticity of the EDS certifying the request is not confirmed: the signer "
               "is not an employee of an organisation authorised to certify the request") == 0);
  qoltanba_report_free(r);
  /* A bad policy: no report. */
  r = sign_and_check_with(v, "operator-sign", centre_request, false, o, "{\"chanel\":\"portal\"}",
                          QOLTANBA_INVALID_PARAMETER);
  CHECK(r == NULL);
  CHECK_RC(qoltanba_last_error(text_buf, sizeof text_buf, &n), QOLTANBA_OK);
  CHECK(strcmp(text_buf, "policy: unknown member \"chanel\"") == 0);
  r = sign_and_check_with(v, "operator-sign", centre_request, false, o,
                          "{\"service_centre_bins\":[\"950341000053\"]}", QOLTANBA_INVALID_PARAMETER);
  CHECK(r == NULL);

  const char *licence =
      "{\"version\":1,\"number\":\"25-0042\",\"licensee\":{\"iin\":\"871008401427\"},"
      "\"activity\":\"x\",\"issued\":\"2025-05-30\",\"status\":\"issued\","
      "\"issuer_name\":\"ДЕМО\",\"issuer_bin\":\"940140000385\"}";
  r = sign_and_check_with(v, "employee-sign", licence, true, o, NULL, QOLTANBA_OK);
  CHECK(strcmp(refusal(r), "eds-no-right-to-sign") == 0);
  qoltanba_report_free(r);
  r = sign_and_check_with(v, "employee-sign", licence, true, o, "{\"signer\":\"employee\"}",
                          QOLTANBA_OK);
  CHECK(qoltanba_report_valid(r));
  CHECK(strstr(receipt(r), "\"kind\": \"licence\"") != NULL);
  qoltanba_report_free(r);
  /* A certificate's report has no receipt. */
  r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK_RC(qoltanba_report_receipt(r, text_buf, sizeof text_buf, &n), QOLTANBA_NOT_FOUND);
  qoltanba_report_free(r);
  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}

static qoltanba_report *sign_and_check(const qoltanba_verifier *v, const char *who,
                                       const char *payload, bool licence,
                                       const qoltanba_options *o) {
  qoltanba_signer *s = demo_signer(who);
  qoltanba_buffer *doc = NULL;
  CHECK_RC(qoltanba_signer_sign(s, (const uint8_t *)payload, strlen(payload), DEMO_TIME, 0,
                                &doc),
           QOLTANBA_OK);
  qoltanba_report *r = NULL;
  if (licence)
    CHECK_RC(qoltanba_verifier_verify_licence(v, qoltanba_buffer_data(doc),
                                              qoltanba_buffer_len(doc), o, &r),
             QOLTANBA_OK);
  else
    CHECK_RC(qoltanba_verifier_verify_request(v, qoltanba_buffer_data(doc),
                                              qoltanba_buffer_len(doc), o, &r),
             QOLTANBA_OK);
  qoltanba_buffer_free(doc);
  qoltanba_signer_free(s);
  return r;
}

static void test_document_model(void) {
  const qoltanba_verifier *v = demo_verifier();
  qoltanba_options *o = demo_options();
  const char *request =
      "{\"version\":1,\"service\":\"00501\",\"kind\":\"issue\",\"channel\":\"portal\","
      "\"applicant\":{\"iin\":\"871008401427\"},"
      "\"fields\":{\"activity\":\"медициналық қызмет\"},\"attachments\":[]}";
  const char *other_applicant =
      "{\"version\":1,\"service\":\"00501\",\"kind\":\"issue\",\"channel\":\"portal\","
      "\"applicant\":{\"iin\":\"760212350620\"}}";
  const char *licence =
      "{\"version\":1,\"number\":\"25-0042\",\"licensee\":{\"iin\":\"871008401427\"},"
      "\"activity\":\"медициналық қызмет\",\"issued\":\"2025-05-30\",\"status\":\"issued\","
      "\"issuer_name\":\"ДЕМО\",\"issuer_bin\":\"940140000385\"}";

  qoltanba_report *r = sign_and_check(v, "individual-sign", request, false, o);
  CHECK(qoltanba_report_valid(r));
  CHECK(qoltanba_report_signer_count(r) == 1);
  CHECK(strstr(json(r), "\"kind\": \"request\"") != NULL);
  CHECK(strstr(json(r), "\"service\": \"00501\"") != NULL);
  qoltanba_report_free(r);

  r = sign_and_check(v, "individual-sign", other_applicant, false, o);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "identity-mismatch") == 0);
  CHECK(strcmp(refusal(r), "eds-identity-mismatch") == 0);
  size_t n;
  CHECK_RC(qoltanba_report_message(r, QOLTANBA_LANGUAGE_RU, text_buf, sizeof text_buf, &n),
           QOLTANBA_OK);
  CHECK(strcmp(text_buf,
               "Отказ в оказании запрашиваемой услуги в связи с неподтверждением подлинности ЭЦП "
               "услугополучателя: ИИН/БИН, указанный в запросе, не совпадает с данными "
               "регистрационного свидетельства ЭЦП") == 0);
  qoltanba_report_free(r);

  /* A licence issued by the first head verifies; an employee has no right. */
  r = sign_and_check(v, "ceo-sign", licence, true, o);
  CHECK(qoltanba_report_valid(r));
  CHECK(strstr(json(r), "\"kind\": \"licence\"") != NULL);
  qoltanba_report_free(r);
  r = sign_and_check(v, "employee-sign", licence, true, o);
  CHECK(strcmp(refusal(r), "eds-no-right-to-sign") == 0);
  qoltanba_report_free(r);
  /* A request signed with a revoked certificate. */
  r = sign_and_check(v, "revoked", request, false, o);
  CHECK(strcmp(refusal(r), "eds-revoked") == 0);
  qoltanba_report_free(r);
  /* Not a document at all. */
  r = NULL;
  CHECK_RC(qoltanba_verifier_verify_request(v, (const uint8_t *)"{}", 2, o, &r), QOLTANBA_OK);
  CHECK(strcmp(refusal(r), "eds-malformed") == 0);
  CHECK(qoltanba_report_signer_count(r) == 0);
  qoltanba_report_free(r);
  r = NULL;
  CHECK_RC(qoltanba_verifier_verify_licence(v, (const uint8_t *)"{}", 2, o, &r), QOLTANBA_OK);
  CHECK(strcmp(refusal(r), "eds-malformed") == 0);
  qoltanba_report_free(r);
  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}

/* ---- batch ---------------------------------------------------------------- */

static void test_batch(void) {
  const qoltanba_verifier *v = demo_verifier();
  qoltanba_options *o = demo_options();
  file_t good = slurp(CMS "rsa-cades-attached.der");
  file_t revoked = slurp(CMS "revoked-attached.der");
  file_t detached = slurp(CMS "rsa-detached.der");
  file_t content = slurp(CMS "content.txt");
  enum { N = 60 };
  qoltanba_document_input in[N];
  for (size_t i = 0; i < N; i++) {
    switch (i % 4) {
      case 0: in[i] = (qoltanba_document_input){good.data, good.len, NULL, 0}; break;
      case 1: in[i] = (qoltanba_document_input){revoked.data, revoked.len, NULL, 0}; break;
      case 2:
        in[i] = (qoltanba_document_input){detached.data, detached.len, content.data, content.len};
        break;
      default: in[i] = (qoltanba_document_input){(const uint8_t *)"junk", 4, NULL, 0}; break;
    }
  }
  size_t thread_counts[] = {4, 0, 1};
  for (size_t t = 0; t < 3; t++) {
    qoltanba_report *reports[N];
    memset(reports, 0, sizeof reports);
    CHECK_RC(qoltanba_verifier_verify_documents(v, in, N, o, thread_counts[t], reports),
             QOLTANBA_OK);
    int right = 0;
    for (size_t i = 0; i < N; i++) {
      const char *want = (i % 4 == 0 || i % 4 == 2) ? "" : (i % 4 == 1) ? "cert-revoked"
                                                                         : "malformed";
      if (strcmp(reason(reports[i]), want) == 0 &&
          qoltanba_report_valid(reports[i]) == (want[0] == 0))
        right++;
      qoltanba_report_free(reports[i]);
    }
    CHECK(right == N);
  }
  /* Empty batch; bad inputs are refused before any work, nothing written. */
  qoltanba_report *one[1] = {NULL};
  CHECK_RC(qoltanba_verifier_verify_documents(v, in, 0, o, 2, one), QOLTANBA_OK);
  CHECK(one[0] == NULL);
  qoltanba_document_input bad[2] = {{good.data, good.len, NULL, 0}, {NULL, 5, NULL, 0}};
  qoltanba_report *two[2] = {NULL, NULL};
  CHECK_RC(qoltanba_verifier_verify_documents(v, bad, 2, o, 2, two), QOLTANBA_NULL_PARAMETER);
  CHECK(two[0] == NULL && two[1] == NULL);
  bad[1] = (qoltanba_document_input){good.data, (size_t)65 * 1024 * 1024, NULL, 0};
  CHECK_RC(qoltanba_verifier_verify_documents(v, bad, 2, o, 2, two), QOLTANBA_INPUT_TOO_LARGE);
  CHECK_RC(qoltanba_verifier_verify_documents(v, NULL, 2, o, 2, two), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_verify_documents(v, in, 2, o, 2, NULL), QOLTANBA_NULL_PARAMETER);
  CHECK_RC(qoltanba_verifier_verify_documents(v, in, (size_t)1 << 21, o, 2, two),
           QOLTANBA_INPUT_TOO_LARGE);
  CHECK(two[0] == NULL && two[1] == NULL);
  release(&good);
  release(&revoked);
  release(&detached);
  release(&content);
  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}

/* ---- real national material: the national provider's GOST documents ------ */

/* The national CA's PKCS#12 keys sign through the C ABI: a GOST 2015-512 key
 * of the test CA and an RSA key of the production CA; each document verifies
 * against the bundled roots inside the certificate's validity. A wrong
 * password, garbage and NULLs are refused. */
static void test_pkcs12_signing(void) {
  struct {
    const char *p12, *password, *time;
    qoltanba_trust_profile profile;
  } cases[] = {
      {KZ "p12__GOST512_02c7a21f2df78b99cb67323e2e255779bb6ae309.p12", "Qwerty12",
       "2024-01-10T00:00:00Z", QOLTANBA_PROFILE_NCA_TEST},
      {"test-vectors/third-party/kz/ncanode-2018/RSA256_8426360556902ce4ac33977836f873e1dc190976.p12",
       "Qwerty12", "2019-01-10T00:00:00Z", QOLTANBA_PROFILE_NCA},
  };
  const char *content = "licence application";
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    file_t p12 = slurp(cases[i].p12);
    qoltanba_signer *s = NULL;
    CHECK_RC(qoltanba_signer_new_pkcs12(p12.data, p12.len, "wrong", &s),
             QOLTANBA_WRONG_PASSWORD);
    CHECK(s == NULL);
    CHECK_RC(qoltanba_signer_new_pkcs12(p12.data, p12.len / 2, cases[i].password, &s),
             QOLTANBA_MALFORMED);
    CHECK_RC(qoltanba_signer_new_pkcs12(NULL, p12.len, cases[i].password, &s),
             QOLTANBA_NULL_PARAMETER);
    CHECK_RC(qoltanba_signer_new_pkcs12(p12.data, p12.len, NULL, &s), QOLTANBA_NULL_PARAMETER);
    CHECK_RC(qoltanba_signer_new_pkcs12(p12.data, p12.len, cases[i].password, NULL),
             QOLTANBA_NULL_PARAMETER);
    CHECK_RC(qoltanba_signer_new_pkcs12(p12.data, p12.len, cases[i].password, &s), QOLTANBA_OK);

    qoltanba_verifier_builder *b = NULL;
    CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
    CHECK_RC(qoltanba_verifier_builder_add_profile(b, cases[i].profile), QOLTANBA_OK);
    CHECK_RC(qoltanba_verifier_builder_set_revocation(b, QOLTANBA_REVOCATION_OFF), QOLTANBA_OK);
    const qoltanba_verifier *v = NULL;
    CHECK_RC(qoltanba_verifier_builder_build(b, &v), QOLTANBA_OK);
    qoltanba_options *o = NULL;
    CHECK_RC(qoltanba_options_new(&o), QOLTANBA_OK);
    CHECK_RC(qoltanba_options_set_time_rfc3339(o, cases[i].time), QOLTANBA_OK);

    qoltanba_buffer *doc = NULL;
    CHECK_RC(qoltanba_signer_sign(s, (const uint8_t *)content, strlen(content), 1704844800, 0,
                                  &doc),
             QOLTANBA_OK);
    qoltanba_report *r =
        verify_doc(v, qoltanba_buffer_data(doc), qoltanba_buffer_len(doc), NULL, o);
    CHECK(qoltanba_report_valid(r));
    CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_IIN), "123456789011") == 0);
    qoltanba_report_free(r);
    qoltanba_buffer_free(doc);
    qoltanba_options_free(o);
    qoltanba_verifier_free(v);
    qoltanba_signer_free(s);
    release(&p12);
  }
}

/* OCSP as revocation evidence: the national test CA's real response for a
 * revoked GOST 2015 key, added to the builder and to a swapped-in set. */
static void test_ocsp(void) {
  const char *ncanode = "test-vectors/third-party/kz/ncanode/";
  char path[512];
  snprintf(path, sizeof path, "%socsp__ocsp_response_ceo_2015_revoked.bin", ncanode);
  file_t resp = slurp(path);
  qoltanba_options *o = NULL;
  CHECK_RC(qoltanba_options_new(&o), QOLTANBA_OK);
  CHECK_RC(qoltanba_options_set_time_rfc3339(o, "2022-09-02T17:30:00Z"), QOLTANBA_OK);
  CHECK_RC(qoltanba_options_set_purpose(o, QOLTANBA_PURPOSE_ANY), QOLTANBA_OK);
  const char *ceo = "test-vectors/kz/KEY_CEO_REVOKED_2015.pem";

  for (int with_ocsp = 0; with_ocsp < 2; with_ocsp++) {
    qoltanba_verifier_builder *b = NULL;
    CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
    CHECK_RC(qoltanba_verifier_builder_add_profile(b, QOLTANBA_PROFILE_NCA_TEST), QOLTANBA_OK);
    CHECK_RC(qoltanba_verifier_builder_set_ca_revocation(b, false), QOLTANBA_OK);
    CHECK_RC(qoltanba_verifier_builder_add_ocsp(b, (const uint8_t *)"garbage", 7),
             QOLTANBA_MALFORMED);
    CHECK_RC(qoltanba_verifier_builder_add_ocsp(b, NULL, 7), QOLTANBA_NULL_PARAMETER);
    if (with_ocsp) {
      CHECK_RC(qoltanba_verifier_builder_add_ocsp(b, resp.data, resp.len), QOLTANBA_OK);
    }
    const qoltanba_verifier *v = NULL;
    CHECK_RC(qoltanba_verifier_builder_build(b, &v), QOLTANBA_OK);
    qoltanba_report *r = verify_cert_file(v, ceo, o);
    CHECK(!qoltanba_report_valid(r));
    CHECK(strcmp(reason(r), with_ocsp ? "cert-revoked" : "revocation-status-unknown") == 0);
    qoltanba_report_free(r);

    /* The same evidence through a swapped-in set. */
    if (!with_ocsp) {
      qoltanba_crl_set *set = NULL;
      CHECK_RC(qoltanba_crl_set_new(&set), QOLTANBA_OK);
      CHECK_RC(qoltanba_crl_set_add_ocsp(set, resp.data, resp.len / 2), QOLTANBA_MALFORMED);
      CHECK_RC(qoltanba_crl_set_add_ocsp(set, resp.data, resp.len), QOLTANBA_OK);
      CHECK_RC(qoltanba_verifier_swap_crls(v, set), QOLTANBA_OK);
      r = verify_cert_file(v, ceo, o);
      CHECK(strcmp(reason(r), "cert-revoked") == 0);
      qoltanba_report_free(r);
    }
    qoltanba_verifier_free(v);
  }
  qoltanba_options_free(o);
  release(&resp);
}

static void test_national_documents(void) {
  qoltanba_verifier_builder *b = NULL;
  CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
  CHECK_RC(qoltanba_verifier_builder_add_profile(b, QOLTANBA_PROFILE_NCA_TEST), QOLTANBA_OK);
  /* The documents' time-stamps come from the production TSA. */
  CHECK_RC(qoltanba_verifier_builder_add_profile(b, QOLTANBA_PROFILE_NCA), QOLTANBA_OK);
  /* No CRL of the test CA is fresh in the signers' validity windows. */
  CHECK_RC(qoltanba_verifier_builder_set_revocation(b, QOLTANBA_REVOCATION_OFF), QOLTANBA_OK);
  const qoltanba_verifier *v = NULL;
  CHECK_RC(qoltanba_verifier_builder_build(b, &v), QOLTANBA_OK);

  struct {
    const char *doc, *content, *signer, *bin;
  } cases[] = {
      {KZ "cms__individual_attached.der", NULL, KZ "cms__individual_signer.cer", NULL},
      {KZ "cms__individual_detached.der", KZ "cms__individual_document.txt",
       KZ "cms__individual_signer.cer", NULL},
      {KZ "cms__legal_entity_attached.der", NULL, KZ "cms__legal_entity_signer.cer",
       "123456789021"},
      {KZ "cms__legal_entity_detached.der", KZ "cms__legal_entity_document.txt",
       KZ "cms__legal_entity_signer.cer", "123456789021"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    /* Validate inside the signer certificate's validity, after the
     * documents' time-stamps (2026-07-20): a time-stamp only moves
     * validation back in time. */
    file_t signer = slurp(cases[i].signer);
    qoltanba_certificate *c = NULL;
    CHECK_RC(qoltanba_certificate_parse(signer.data, signer.len, &c), QOLTANBA_OK);
    int64_t nb = 0, na = 0;
    CHECK_RC(qoltanba_certificate_validity(c, &nb, &na), QOLTANBA_OK);
    qoltanba_certificate_free(c);
    release(&signer);
    qoltanba_options *o = NULL;
    CHECK_RC(qoltanba_options_new(&o), QOLTANBA_OK);
    CHECK_RC(qoltanba_options_set_time_rfc3339(o, "2026-08-01T00:00:00Z"), QOLTANBA_OK);
    CHECK(nb < 1785542400LL && 1785542400LL < na);

    qoltanba_report *r = verify_doc_file(v, cases[i].doc, cases[i].content, o);
    CHECK(qoltanba_report_valid(r));
    if (!qoltanba_report_valid(r)) fprintf(stderr, "  %s: %s\n", cases[i].doc, reason(r));
    CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_IIN), "123456789011") == 0);
    CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_BIN), cases[i].bin ? cases[i].bin : "") == 0);
    CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_KEY_KIND), "SIGN") == 0);
    CHECK(check_of(r, 0, QOLTANBA_CHECK_SIGNATURE) == QOLTANBA_OUTCOME_PASSED);
    CHECK(check_of(r, 0, QOLTANBA_CHECK_REVOCATION) == QOLTANBA_OUTCOME_NOT_CHECKED);
    qoltanba_report_free(r);

    /* After the certificate's notAfter the signature stays valid: its
     * time-stamp (CAdES-T) proves it existed while the certificate was. */
    CHECK_RC(qoltanba_options_set_time_unix(o, na + 86400), QOLTANBA_OK);
    r = verify_doc_file(v, cases[i].doc, cases[i].content, o);
    CHECK(qoltanba_report_valid(r));
    qoltanba_report_free(r);
    /* The production roots do not anchor the test CA. */
    qoltanba_options_free(o);
  }
  qoltanba_verifier_free(v);

  b = NULL;
  CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
  CHECK_RC(qoltanba_verifier_builder_add_profile(b, QOLTANBA_PROFILE_NCA), QOLTANBA_OK);
  CHECK_RC(qoltanba_verifier_builder_set_revocation(b, QOLTANBA_REVOCATION_OFF), QOLTANBA_OK);
  CHECK_RC(qoltanba_verifier_builder_build(b, &v), QOLTANBA_OK);
  qoltanba_options *o = NULL;
  CHECK_RC(qoltanba_options_new(&o), QOLTANBA_OK);
  CHECK_RC(qoltanba_options_set_time_rfc3339(o, "2026-08-01T00:00:00Z"), QOLTANBA_OK);
  qoltanba_report *r = verify_doc_file(v, KZ "cms__individual_attached.der", NULL, o);
  CHECK(strcmp(reason(r), "unknown-issuer") == 0);
  qoltanba_report_free(r);
  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}

/* ---- issue 13 item 10 (fail-open, time-stamps): a time-stamp only moves
 * validation back in time ------------------------------------------------ */

/* The national provider's CAdES-T document (signer certificate valid from
 * 2026-05-08, time-stamped 2026-07-20) verified at 2020-01-01: not valid,
 * time-in-future (it was "valid, validated at 2026-07-20"); after its
 * time-stamp, valid. */
static void test_time_stamp_from_the_future(void) {
  qoltanba_verifier_builder *b = NULL;
  CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
  CHECK_RC(qoltanba_verifier_builder_add_profile(b, QOLTANBA_PROFILE_NCA_TEST), QOLTANBA_OK);
  CHECK_RC(qoltanba_verifier_builder_add_profile(b, QOLTANBA_PROFILE_NCA), QOLTANBA_OK);
  CHECK_RC(qoltanba_verifier_builder_set_revocation(b, QOLTANBA_REVOCATION_OFF), QOLTANBA_OK);
  const qoltanba_verifier *v = NULL;
  CHECK_RC(qoltanba_verifier_builder_build(b, &v), QOLTANBA_OK);
  qoltanba_options *o = NULL;
  CHECK_RC(qoltanba_options_new(&o), QOLTANBA_OK);
  CHECK_RC(qoltanba_options_set_time_rfc3339(o, "2020-01-01T00:00:00Z"), QOLTANBA_OK);
  qoltanba_report *r =
      verify_doc_file(v, "test-vectors/kz/cades-t/legal_entity_attached.der", NULL, o);
  CHECK(r != NULL && !qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "time-in-future") == 0);
  qoltanba_report_free(r);
  CHECK_RC(qoltanba_options_set_time_rfc3339(o, "2026-08-01T00:00:00Z"), QOLTANBA_OK);
  r = verify_doc_file(v, "test-vectors/kz/cades-t/legal_entity_attached.der", NULL, o);
  CHECK(r != NULL && qoltanba_report_valid(r));
  qoltanba_report_free(r);
  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}

/* ---- a delta CRL added to the CRLs in force ------------------------------- */

/* With the delta in force: revoked-delta.pem revoked, individual-sign.pem
 * (listed by no CRL) valid. */
static void check_revoked_and_valid(const qoltanba_verifier *v, const qoltanba_options *o) {
  qoltanba_report *r = verify_cert_file(v, DEMO "revoked-delta.pem", o);
  CHECK(strcmp(reason(r), "cert-revoked") == 0);
  qoltanba_report_free(r);
  r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK(qoltanba_report_valid(r));
  qoltanba_report_free(r);
}

/* The demo RSA hierarchy with its base CRLs (root-rsa.crl, nca-rsa.crl). */
static const qoltanba_verifier *rsa_base_verifier(void) {
  qoltanba_verifier_builder *b = NULL;
  CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
  add_file(qoltanba_verifier_builder_add_trust, b, DEMO "root-rsa.pem");
  add_file(qoltanba_verifier_builder_add_intermediate, b, DEMO "nca-rsa.pem");
  add_file(qoltanba_verifier_builder_add_crl, b, DEMO "root-rsa.crl");
  add_file(qoltanba_verifier_builder_add_crl, b, DEMO "nca-rsa.crl");
  const qoltanba_verifier *v = NULL;
  CHECK_RC(qoltanba_verifier_builder_build(b, &v), QOLTANBA_OK);
  return v;
}

/* revoked-delta.pem is listed only in nca-rsa-delta.crl. Adding the delta
 * to a verifier holding the base revokes it; another certificate stays
 * valid (the base is still in force); a swap to the base alone drops what
 * was added; a NULL verifier still frees the set (LeakSanitizer). */
static void test_add_delta(void) {
  const qoltanba_verifier *v = rsa_base_verifier();
  qoltanba_options *o = demo_options();

  qoltanba_report *r = verify_cert_file(v, DEMO "revoked-delta.pem", o);
  CHECK(qoltanba_report_valid(r));
  qoltanba_report_free(r);

  qoltanba_crl_set *delta = NULL;
  CHECK_RC(qoltanba_crl_set_new(&delta), QOLTANBA_OK);
  add_crl_to_set(delta, DEMO "nca-rsa-delta.crl");
  CHECK_RC(qoltanba_verifier_add_crls(v, delta), QOLTANBA_OK);
  check_revoked_and_valid(v, o);

  /* A swap replaces everything, the added delta included. */
  qoltanba_crl_set *base = NULL;
  CHECK_RC(qoltanba_crl_set_new(&base), QOLTANBA_OK);
  add_crl_to_set(base, DEMO "root-rsa.crl");
  add_crl_to_set(base, DEMO "nca-rsa.crl");
  CHECK_RC(qoltanba_verifier_swap_crls(v, base), QOLTANBA_OK);
  r = verify_cert_file(v, DEMO "revoked-delta.pem", o);
  CHECK(qoltanba_report_valid(r));
  qoltanba_report_free(r);

  /* The set is consumed even when the call fails. */
  qoltanba_crl_set *orphan = NULL;
  CHECK_RC(qoltanba_crl_set_new(&orphan), QOLTANBA_OK);
  add_crl_to_set(orphan, DEMO "nca-rsa-delta.crl");
  CHECK_RC(qoltanba_verifier_add_crls(NULL, orphan), QOLTANBA_NULL_PARAMETER);

  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}

/* ---- issue 13 defects 1-2: how full and delta CRLs combine --------------- */

#define DELTA "test-vectors/delta/"

/* The demo RSA hierarchy with the root's CRL and one NCA CRL of
 * test-vectors/delta/ (made by tests/fail_open_delta.rs). */
static const qoltanba_verifier *delta_verifier(const char *full) {
  qoltanba_verifier_builder *b = NULL;
  CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
  add_file(qoltanba_verifier_builder_add_trust, b, DEMO "root-rsa.pem");
  add_file(qoltanba_verifier_builder_add_intermediate, b, DEMO "nca-rsa.pem");
  add_file(qoltanba_verifier_builder_add_crl, b, DEMO "root-rsa.crl");
  add_file(qoltanba_verifier_builder_add_crl, b, full);
  const qoltanba_verifier *v = NULL;
  CHECK_RC(qoltanba_verifier_builder_build(b, &v), QOLTANBA_OK);
  return v;
}

/* Full CRL #101 (2025-05-20) revokes individual-sign.pem (keyCompromise);
 * an older delta (2025-05-10, base 100, removeFromCRL for it) added
 * through qoltanba_verifier_add_crls must not make it valid. And full CRL
 * #99 with an added delta of base 100 that revokes it: revoked, not
 * dropped. */
static void test_delta_fail_open(void) {
  qoltanba_options *o = demo_options();

  const qoltanba_verifier *v = delta_verifier(DELTA "full-101-keycompromise.crl");
  qoltanba_report *r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK(strcmp(reason(r), "cert-revoked") == 0);
  qoltanba_report_free(r);
  qoltanba_crl_set *older = NULL;
  CHECK_RC(qoltanba_crl_set_new(&older), QOLTANBA_OK);
  add_crl_to_set(older, DELTA "delta-older-remove.crl");
  CHECK_RC(qoltanba_verifier_add_crls(v, older), QOLTANBA_OK);
  r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "cert-revoked") == 0);
  qoltanba_report_free(r);
  qoltanba_verifier_free(v);

  v = delta_verifier(DELTA "full-99.crl");
  r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK(qoltanba_report_valid(r));
  qoltanba_report_free(r);
  qoltanba_crl_set *newer = NULL;
  CHECK_RC(qoltanba_crl_set_new(&newer), QOLTANBA_OK);
  add_crl_to_set(newer, DELTA "delta-base100-revoke.crl");
  CHECK_RC(qoltanba_verifier_add_crls(v, newer), QOLTANBA_OK);
  r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "cert-revoked") == 0);
  qoltanba_report_free(r);
  qoltanba_verifier_free(v);

  qoltanba_options_free(o);
}

/* ---- many threads verify while one swaps CRL sets ------------------------- */

/* revoked-delta.pem is listed only in nca-rsa-delta.crl: valid with the
 * set {root-rsa.crl, nca-rsa.crl}, revoked once the delta joins. The
 * swapper publishes a generation around each swap, seqlock-style: odd while
 * a swap is under way, even (2 * number of swaps done) when none is. A
 * verification that starts and ends in the same even generation must give
 * exactly that generation's verdict; any other must still be one of the two
 * whole verdicts, never a half-updated one. */

enum { READERS = 6, SWAPS = 2000 };

static const qoltanba_verifier *stress_verifier;
static const qoltanba_options *stress_options;
static file_t stress_cert;
static atomic_uint generation;
static atomic_bool swapping_done;
static atomic_int wrong_verdicts, exact_checks, total_checks;

/* Swap k (1-based) installs the delta-including set when k is odd. */
static bool revoked_in_generation(unsigned gen) {
  unsigned swaps = gen / 2;
  return swaps % 2 == 1;
}

static void *reader(void *arg) {
  (void)arg;
  int after_done = 0;
  while (after_done < 50) {
    if (atomic_load(&swapping_done)) after_done++;
    unsigned g1 = atomic_load(&generation);
    qoltanba_report *r = NULL;
    if (qoltanba_verifier_verify_certificate(stress_verifier, stress_cert.data, stress_cert.len,
                                             stress_options, &r) != QOLTANBA_OK) {
      atomic_fetch_add(&wrong_verdicts, 1);
      continue;
    }
    unsigned g2 = atomic_load(&generation);
    char code[64];
    size_t n;
    bool valid = qoltanba_report_valid(r);
    bool revoked = !valid && qoltanba_report_reason_code(r, code, sizeof code, &n) == QOLTANBA_OK &&
                   strcmp(code, "cert-revoked") == 0;
    if (!valid && !revoked) atomic_fetch_add(&wrong_verdicts, 1);
    if (g1 == g2 && g1 % 2 == 0) {
      atomic_fetch_add(&exact_checks, 1);
      if (revoked != revoked_in_generation(g1)) atomic_fetch_add(&wrong_verdicts, 1);
    }
    atomic_fetch_add(&total_checks, 1);
    qoltanba_report_free(r);
  }
  return NULL;
}

/* Resident memory of this process in KiB (Linux), 0 if unknown. run.sh
 * keeps ASan's quarantine small (4 MB) so the figures mean something. */
static long rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = 0;
  if (!f) return 0;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "VmRSS:", 6) == 0) kib = strtol(line + 6, NULL, 10);
  }
  fclose(f);
  return kib;
}

static void test_crl_swap_under_load(void) {
  const qoltanba_verifier *v = rsa_base_verifier();
  stress_verifier = v;
  qoltanba_options *o = demo_options();
  stress_options = o;
  stress_cert = slurp(DEMO "revoked-delta.pem");

  /* Before any swap: valid. */
  qoltanba_report *r = verify_cert_file(v, DEMO "revoked-delta.pem", o);
  CHECK(qoltanba_report_valid(r));
  qoltanba_report_free(r);

  file_t root = slurp(DEMO "root-rsa.crl"), full = slurp(DEMO "nca-rsa.crl"),
         delta = slurp(DEMO "nca-rsa-delta.crl");
  long rss_before = rss_kib(), rss_middle = 0;
  pthread_t threads[READERS];
  for (int i = 0; i < READERS; i++) pthread_create(&threads[i], NULL, reader, NULL);
  for (unsigned k = 1; k <= SWAPS; k++) {
    qoltanba_crl_set *set = NULL;
    CHECK_RC(qoltanba_crl_set_new(&set), QOLTANBA_OK);
    CHECK_RC(qoltanba_crl_set_add(set, root.data, root.len), QOLTANBA_OK);
    CHECK_RC(qoltanba_crl_set_add(set, full.data, full.len), QOLTANBA_OK);
    if (k % 2 == 1) CHECK_RC(qoltanba_crl_set_add(set, delta.data, delta.len), QOLTANBA_OK);
    atomic_fetch_add(&generation, 1); /* odd: swap under way */
    CHECK_RC(qoltanba_verifier_swap_crls(v, set), QOLTANBA_OK);
    atomic_fetch_add(&generation, 1); /* even: swap k done */
    if (k == SWAPS / 2) rss_middle = rss_kib();
  }
  /* SWAPS is even: the last set is the one without the delta. Swap once
   * more to end on the revoking set. */
  qoltanba_crl_set *last = NULL;
  CHECK_RC(qoltanba_crl_set_new(&last), QOLTANBA_OK);
  add_crl_to_set(last, DEMO "root-rsa.crl");
  add_crl_to_set(last, DEMO "nca-rsa.crl");
  add_crl_to_set(last, DEMO "nca-rsa-delta.crl");
  CHECK_RC(qoltanba_crl_set_add(last, (const uint8_t *)"garbage", 7), QOLTANBA_MALFORMED);
  atomic_fetch_add(&generation, 1);
  CHECK_RC(qoltanba_verifier_swap_crls(v, last), QOLTANBA_OK);
  atomic_fetch_add(&generation, 1);
  atomic_store(&swapping_done, true);
  for (int i = 0; i < READERS; i++) pthread_join(threads[i], NULL);

  CHECK(atomic_load(&wrong_verdicts) == 0);
  CHECK(atomic_load(&total_checks) >= READERS * 50);
  CHECK(atomic_load(&exact_checks) > 0);
  fprintf(stderr,
          "crl swap: %d verifications (%d with a known set) across %d swaps; "
          "RSS %ld KiB before, %ld KiB half-way, %ld KiB after\n",
          atomic_load(&total_checks), atomic_load(&exact_checks), SWAPS + 1, rss_before,
          rss_middle, rss_kib());
  /* After the revoking set is in: revoked, every time; a certificate the
   * sets do not list stays valid throughout. */
  check_revoked_and_valid(v, o);
  /* An empty set: revocation status unknown (fail closed). */
  qoltanba_crl_set *empty = NULL;
  CHECK_RC(qoltanba_crl_set_new(&empty), QOLTANBA_OK);
  CHECK_RC(qoltanba_verifier_swap_crls(v, empty), QOLTANBA_OK);
  r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK(strcmp(reason(r), "revocation-status-unknown") == 0);
  qoltanba_report_free(r);

  release(&root);
  release(&full);
  release(&delta);
  release(&stress_cert);
  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}

/* ---- policy setters ------------------------------------------------------- */

static void test_policy(void) {
  /* SHA-1 documents need the legacy policy. */
  for (int legacy = 0; legacy < 2; legacy++) {
    qoltanba_verifier_builder *b = NULL;
    CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
    add_file(qoltanba_verifier_builder_add_trust, b, DEMO "root-rsa.pem");
    add_file(qoltanba_verifier_builder_add_intermediate, b, DEMO "nca-rsa.pem");
    add_file(qoltanba_verifier_builder_add_crl, b, DEMO "nca-rsa.crl");
    CHECK_RC(qoltanba_verifier_builder_set_legacy_algorithms(b, legacy == 1), QOLTANBA_OK);
    CHECK_RC(qoltanba_verifier_builder_set_ca_revocation(b, false), QOLTANBA_OK);
    CHECK_RC(qoltanba_verifier_builder_set_sign_key_required(b, true), QOLTANBA_OK);
    CHECK_RC(qoltanba_verifier_builder_set_revocation(b, QOLTANBA_REVOCATION_IF_AVAILABLE),
             QOLTANBA_OK);
    const qoltanba_verifier *v = NULL;
    CHECK_RC(qoltanba_verifier_builder_build(b, &v), QOLTANBA_OK);
    qoltanba_options *o = demo_options();
    qoltanba_report *r = verify_doc_file(v, CMS "rsa-sha1-attached.der", NULL, o);
    if (legacy)
      CHECK(qoltanba_report_valid(r));
    else
      CHECK(strcmp(reason(r), "legacy-algorithm-not-allowed") == 0);
    qoltanba_report_free(r);
    qoltanba_options_free(o);
    qoltanba_verifier_free(v);
  }
}

/* ---- OCSP fail-open (issue 13, defects 5-7) ----
 * test-vectors/ocsp-fail-open/ (made by tests/fail_open_ocsp.rs): a
 * delegated responder (id-kp-OCSPSigning, id-pkix-ocsp-nocheck) valid
 * 2023-01-01..2024-01-01 or only from 2026 says "good" for revoked.pem
 * (keyCompromise in nca-rsa.crl) with nextUpdate 2030; the CA's "good" with
 * thisUpdate in 2099 or nine days after the demo time; one response with
 * "good" then "revoked" for individual-sign.pem. With the OCSP response as
 * the only evidence about the leaf (the old code said valid for all six),
 * through the builder and through a swapped-in set. */
static void test_ocsp_fail_open(void) {
  static const struct {
    const char *file, *leaf, *code;
  } cases[] = {
      {"expired-responder.der", "revoked.pem", "ocsp-invalid"},
      {"backdated-produced-at.der", "revoked.pem", "ocsp-invalid"},
      {"future-responder.der", "revoked.pem", "ocsp-invalid"},
      {"this-update-2099.der", "revoked.pem", "ocsp-invalid"},
      {"this-update-nine-days-ahead.der", "revoked.pem", "ocsp-invalid"},
      {"good-then-revoked.der", "individual-sign.pem", "cert-revoked"},
  };
  qoltanba_options *o = demo_options();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[512], leaf[512];
    snprintf(path, sizeof path, "test-vectors/ocsp-fail-open/%s", cases[i].file);
    snprintf(leaf, sizeof leaf, DEMO "%s", cases[i].leaf);
    file_t f = slurp(path);
    for (int swapped = 0; swapped < 2; swapped++) {
      qoltanba_verifier_builder *b = NULL;
      CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
      add_file(qoltanba_verifier_builder_add_trust, b, DEMO "root-rsa.pem");
      add_file(qoltanba_verifier_builder_add_intermediate, b, DEMO "nca-rsa.pem");
      if (!swapped) {
        add_file(qoltanba_verifier_builder_add_crl, b, DEMO "root-rsa.crl");
        CHECK_RC(qoltanba_verifier_builder_add_ocsp(b, f.data, f.len), QOLTANBA_OK);
      }
      const qoltanba_verifier *v = NULL;
      CHECK_RC(qoltanba_verifier_builder_build(b, &v), QOLTANBA_OK);
      if (swapped) {
        qoltanba_crl_set *set = NULL;
        CHECK_RC(qoltanba_crl_set_new(&set), QOLTANBA_OK);
        add_crl_to_set(set, DEMO "root-rsa.crl");
        CHECK_RC(qoltanba_crl_set_add_ocsp(set, f.data, f.len), QOLTANBA_OK);
        CHECK_RC(qoltanba_verifier_swap_crls(v, set), QOLTANBA_OK);
      }
      qoltanba_report *r = verify_cert_file(v, leaf, o);
      CHECK(r != NULL && !qoltanba_report_valid(r));
      if (r && strcmp(reason(r), cases[i].code) != 0)
        fprintf(stderr, "%s: reason %s, expected %s\n", cases[i].file, reason(r),
                cases[i].code);
      CHECK(r != NULL && strcmp(reason(r), cases[i].code) == 0);
      qoltanba_report_free(r);
      qoltanba_verifier_free(v);
    }
    release(&f);
  }
  qoltanba_options_free(o);
}

/* test-vectors/malformed/: every file of its expectations.tsv (file, reason
 * code, 1 = a "not valid" verdict, 2 = an input error) is refused with that
 * code: cert-* validated as the certificate, crl-* in place of nca-rsa.crl
 * while validating individual-sign.pem, ocsp-* as the only evidence for
 * individual-sign.pem, cms-* verified as a document (an unreadable document
 * is still a report whose reason is the code). */
static void test_malformed_suite(void) {
  const qoltanba_verifier *v = demo_verifier();
  qoltanba_options *o = demo_options();
  FILE *table = fopen("test-vectors/malformed/expectations.tsv", "r");
  CHECK(table != NULL);
  char line[1024], name[256], code[64];
  int kind_exit, files = 0;
  while (table && fgets(line, sizeof line, table)) {
    if (sscanf(line, "%255[^\t]\t%63[^\t]\t%d", name, code, &kind_exit) != 3 ||
        strcmp(name, "file") == 0)
      continue;
    char path[512];
    snprintf(path, sizeof path, "test-vectors/malformed/%s", name);
    file_t f = slurp(path);
    qoltanba_report *r = NULL;
    qoltanba_result rc;
    qoltanba_result input_error = strcmp(code, "limit-exceeded") == 0
                                      ? QOLTANBA_INPUT_TOO_LARGE
                                      : QOLTANBA_MALFORMED;
    if (strncmp(name, "cms-", 4) == 0) {
      rc = qoltanba_verifier_verify_document(v, f.data, f.len, NULL, 0, o, &r);
    } else if (strncmp(name, "cert-", 5) == 0) {
      rc = qoltanba_verifier_verify_certificate(v, f.data, f.len, o, &r);
    } else {
      /* crl-*: in place of nca-rsa.crl; ocsp-*: the only evidence for the
       * leaf (root-rsa.crl covers DEMO NCA (RSA) itself). */
      qoltanba_verifier_builder *b = NULL;
      CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
      add_file(qoltanba_verifier_builder_add_trust, b, DEMO "root-rsa.pem");
      add_file(qoltanba_verifier_builder_add_intermediate, b, DEMO "nca-rsa.pem");
      add_file(qoltanba_verifier_builder_add_crl, b, DEMO "root-rsa.crl");
      rc = strncmp(name, "ocsp-", 5) == 0
               ? qoltanba_verifier_builder_add_ocsp(b, f.data, f.len)
               : qoltanba_verifier_builder_add_crl(b, f.data, f.len);
      const qoltanba_verifier *cv = NULL;
      CHECK_RC(qoltanba_verifier_builder_build(b, &cv), QOLTANBA_OK);
      if (rc == QOLTANBA_OK) r = verify_cert_file(cv, DEMO "individual-sign.pem", o);
      qoltanba_verifier_free(cv);
    }
    bool as_report = kind_exit == 1 || strncmp(name, "cms-", 4) == 0;
    CHECK_RC(rc, as_report ? QOLTANBA_OK : input_error);
    if (as_report) {
      CHECK(r != NULL && !qoltanba_report_valid(r));
      if (r && strcmp(reason(r), code) != 0)
        fprintf(stderr, "%s: reason %s, expected %s\n", name, reason(r), code);
      CHECK(r != NULL && strcmp(reason(r), code) == 0);
    } else {
      CHECK(r == NULL);
    }
    qoltanba_report_free(r);
    release(&f);
    files++;
  }
  if (table) fclose(table);
  CHECK(files >= 41);
  printf("malformed suite: %d files refused\n", files);
  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}

/* ---- issue 13 items 8 and 12: signer certificates (fail_open_signer) ------ */

/* A certificate naming two IINs has no owner: refused with its own code for
 * the certificate, a document and a request; a signer certificate given to
 * the verifier (not the document) is found. test-vectors/signer/README.md */
static void test_signer_certificates(void) {
  const qoltanba_verifier *v = demo_verifier();
  qoltanba_options *o = demo_options();
  qoltanba_report *r = verify_cert_file(v, "test-vectors/signer/ambiguous-iin.der", o);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "ambiguous-identity") == 0);
  qoltanba_report_free(r);

  CHECK_RC(qoltanba_options_set_iin(o, "871008401427"), QOLTANBA_OK);
  r = verify_doc_file(v, "test-vectors/signer/ambiguous-iin-attached.der", NULL, o);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "ambiguous-identity") == 0);
  CHECK(strcmp(refusal(r), "eds-ambiguous-identity") == 0);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_IIN), "") == 0);
  qoltanba_report_free(r);
  qoltanba_options_free(o);

  file_t req = slurp("test-vectors/signer/ambiguous-iin-request.der");
  o = demo_options();
  r = NULL;
  CHECK_RC(qoltanba_verifier_verify_request(v, req.data, req.len, o, &r), QOLTANBA_OK);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "ambiguous-identity") == 0);
  CHECK(strcmp(refusal(r), "eds-ambiguous-identity") == 0);
  qoltanba_report_free(r);
  release(&req);
  qoltanba_verifier_free(v);

  /* The signer's certificate of a document made without certificates, in
   * the verifier's pool: found and valid; another certificate there is not
   * taken for it. */
  const char *pool[] = {"individual-sign.pem", "employee-sign.pem"};
  for (size_t i = 0; i < 2; i++) {
    qoltanba_verifier_builder *b = NULL;
    CHECK_RC(qoltanba_verifier_builder_new(&b), QOLTANBA_OK);
    add_file(qoltanba_verifier_builder_add_trust, b, DEMO "root-rsa.pem");
    add_file(qoltanba_verifier_builder_add_intermediate, b, DEMO "nca-rsa.pem");
    char path[256];
    snprintf(path, sizeof path, DEMO "%s", pool[i]);
    add_file(qoltanba_verifier_builder_add_intermediate, b, path);
    add_file(qoltanba_verifier_builder_add_crl, b, DEMO "root-rsa.crl");
    add_file(qoltanba_verifier_builder_add_crl, b, DEMO "nca-rsa.crl");
    add_file(qoltanba_verifier_builder_add_crl, b, DEMO "nca-rsa-delta.crl");
    const qoltanba_verifier *pv = NULL;
    CHECK_RC(qoltanba_verifier_builder_build(b, &pv), QOLTANBA_OK);
    r = verify_doc_file(pv, CMS "rsa-nocerts-attached.der", NULL, o);
    if (i == 0) {
      CHECK(qoltanba_report_valid(r));
      CHECK(strcmp(reason(r), "") == 0);
      CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_IIN), "871008401427") == 0);
    } else {
      CHECK(!qoltanba_report_valid(r));
      CHECK(strcmp(reason(r), "signer-certificate-not-found") == 0);
    }
    qoltanba_report_free(r);
    qoltanba_verifier_free(pv);
  }
  qoltanba_options_free(o);
}

/* ---- online: fetcher, refresh now, refresher (issue 16) ------------------ */

/* No server listens on 127.0.0.1:1: every download fails, nothing is
 * cached, and a refresh swaps in a set without CRLs: the status of every
 * certificate is then unknown (never valid). The fetch tests against a
 * live 127.0.0.1 server are Rust tests (ffi/src/online_tests.rs). */
static void test_online_fetcher(void) {
  qoltanba_fetcher *f = NULL;
  CHECK_RC(qoltanba_fetcher_new(NULL, NULL), QOLTANBA_NULL_PARAMETER);
  char dir[] = "/tmp/qoltanba-ffi-cache-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_RC(qoltanba_fetcher_new(dir, &f), QOLTANBA_OK);
  CHECK_RC(qoltanba_fetcher_add_url(f, "http://crl.demo.invalid/nca.crl"), QOLTANBA_OK);
  CHECK_RC(qoltanba_fetcher_add_rewrite(f, "crl.demo.invalid", "127.0.0.1:1"), QOLTANBA_OK);
  CHECK_RC(qoltanba_fetcher_add_rewrite(f, "", "x"), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_fetcher_set_timeout_ms(f, 0), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_fetcher_set_timeout_ms(f, 500), QOLTANBA_OK);
  const qoltanba_verifier *v = demo_verifier();
  qoltanba_options *o = demo_options();
  qoltanba_report *r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK(qoltanba_report_valid(r));
  qoltanba_report_free(r);
  size_t failed = 99;
  CHECK_RC(qoltanba_fetcher_refresh(f, v, &failed), QOLTANBA_OK);
  CHECK(failed == 1);
  r = verify_cert_file(v, DEMO "individual-sign.pem", o);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "revocation-status-unknown") == 0);
  qoltanba_report_free(r);
  qoltanba_refresher *rf = NULL;
  CHECK_RC(qoltanba_refresher_start(f, v, 999, &rf), QOLTANBA_INVALID_PARAMETER);
  CHECK_RC(qoltanba_refresher_start(f, v, 1000, &rf), QOLTANBA_OK);
  qoltanba_fetcher_free(f);
  qoltanba_verifier_free(v); /* the refresher keeps it alive */
  qoltanba_refresher_stop(rf);
  qoltanba_refresher_stop(NULL);
  qoltanba_fetcher_free(NULL);
  qoltanba_options_free(o);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
}

/* ---- XML signatures (issue 15) ------------------------------------------ */
static void test_xml(void) {
  const qoltanba_verifier *v = demo_verifier();
  qoltanba_options *o = demo_options();
  /* What xmlsec1 signed: a SOAP message, WS-Security, RSA. */
  file_t f = slurp("test-vectors/xml/xmlsec/soap-rsa.xml");
  qoltanba_report *r = NULL;
  CHECK_RC(qoltanba_verifier_verify_xml(v, f.data, f.len, o, &r), QOLTANBA_OK);
  CHECK(qoltanba_report_valid(r));
  CHECK(reason_number(r) == QOLTANBA_REASON_NONE);
  CHECK(qoltanba_report_signer_count(r) == 1);
  CHECK(strcmp(signer_field(r, 0, QOLTANBA_FIELD_IIN), "871008401427") == 0);
  CHECK(check_of(r, 0, QOLTANBA_CHECK_SIGNATURE) == QOLTANBA_OUTCOME_PASSED);
  CHECK(strstr(json(r), "\"kind\": \"xml\"") != NULL);
  CHECK(strstr(json(r), "\"signed_elements\": [") != NULL);
  qoltanba_report_free(r);
  /* The batch path (verify_document's reader) accepts XML too. */
  r = verify_doc(v, f.data, f.len, NULL, o);
  CHECK(qoltanba_report_valid(r));
  qoltanba_report_free(r);
  release(&f);
  /* An XSW attack: refused with its own reason number. */
  f = slurp("test-vectors/malformed/xml/xsw-duplicate-id.xml");
  CHECK_RC(qoltanba_verifier_verify_xml(v, f.data, f.len, o, &r), QOLTANBA_OK);
  CHECK(!qoltanba_report_valid(r));
  CHECK(strcmp(reason(r), "xml-duplicate-id") == 0);
  CHECK(reason_number(r) == QOLTANBA_REASON_XML_DUPLICATE_ID);
  qoltanba_report_free(r);
  release(&f);
  /* A DOCTYPE is a verdict, not a call error. */
  const char *dtd = "<!DOCTYPE a [<!ENTITY x \"x\">]><a>&x;</a>";
  CHECK_RC(qoltanba_verifier_verify_xml(v, (const uint8_t *)dtd, strlen(dtd), o, &r), QOLTANBA_OK);
  CHECK(reason_number(r) == QOLTANBA_REASON_XML_DOCTYPE);
  qoltanba_report_free(r);
  CHECK_RC(qoltanba_verifier_verify_xml(v, NULL, 0, o, &r), QOLTANBA_NULL_PARAMETER);
  qoltanba_options_free(o);
  qoltanba_verifier_free(v);
}
/* ---- end of XML signatures ------------------------------------------------ */

int main(void) {
  test_version_and_messages();
  test_null_parameters();
  test_invalid_parameters();
  test_certificates();
  test_documents();
  test_signing();
  test_pkcs12_signing();
  test_ocsp();
  test_ocsp_fail_open();
  test_document_model();
  test_document_policies();
  test_batch();
  test_national_documents();
  test_add_delta();
  test_delta_fail_open();
  test_crl_swap_under_load();
  test_policy();
  test_malformed_suite();
  test_time_stamp_from_the_future(); /* issue 13 item 10 */
  test_signer_certificates();
  test_online_fetcher();
  test_xml(); /* issue 15 */
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

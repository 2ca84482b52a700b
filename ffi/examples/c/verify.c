/* Verify a signed document on the demo PKI: cc verify.c -lqoltanba */
#include <stdio.h>
#include <stdlib.h>
#include "qoltanba.h"

static size_t load(const char *path, uint8_t **data) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(2); }
  *data = malloc(1 << 20);
  size_t n = fread(*data, 1, 1 << 20, f);
  fclose(f);
  return n;
}

static void add(qoltanba_result (*fn)(qoltanba_verifier_builder *, const uint8_t *, size_t),
                qoltanba_verifier_builder *b, const char *path) {
  uint8_t *data;
  size_t n = load(path, &data);
  if (fn(b, data, n) != QOLTANBA_OK) { fprintf(stderr, "cannot load %s\n", path); exit(2); }
  free(data);
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: verify DOCUMENT\n"); return 2; }
  qoltanba_verifier_builder *b;
  qoltanba_verifier_builder_new(&b);
  add(qoltanba_verifier_builder_add_trust, b, "test-vectors/demo/root-rsa.pem");
  add(qoltanba_verifier_builder_add_intermediate, b, "test-vectors/demo/nca-rsa.pem");
  add(qoltanba_verifier_builder_add_crl, b, "test-vectors/demo/root-rsa.crl");
  add(qoltanba_verifier_builder_add_crl, b, "test-vectors/demo/nca-rsa.crl");
  const qoltanba_verifier *verifier;
  if (qoltanba_verifier_builder_build(b, &verifier) != QOLTANBA_OK) return 2;

  qoltanba_options *options;
  qoltanba_options_new(&options);
  qoltanba_options_set_time_rfc3339(options, "2025-06-01T00:00:00Z"); /* NULL options: now */

  uint8_t *doc;
  size_t len = load(argv[1], &doc);
  qoltanba_report *report;
  qoltanba_verifier_verify_document(verifier, doc, len, NULL, 0, options, &report);
  char text[256];
  size_t n;
  if (qoltanba_report_valid(report)) {
    printf("valid: yes\n");
  } else {
    qoltanba_report_reason_code(report, text, sizeof text, &n);
    printf("valid: no (%s)\n", text);
    qoltanba_report_message(report, QOLTANBA_LANGUAGE_KK, text, sizeof text, &n);
    printf("%s\n", text);
  }
  if (qoltanba_report_signer_field(report, 0, QOLTANBA_FIELD_IIN, text, sizeof text, &n) ==
      QOLTANBA_OK)
    printf("IIN: %s\n", text);
  int code = qoltanba_report_valid(report) ? 0 : 1;
  qoltanba_report_free(report);
  qoltanba_options_free(options);
  qoltanba_verifier_free(verifier);
  free(doc);
  return code;
}

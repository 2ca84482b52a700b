/* OpenSSL's own bulk path, the baseline of benches/bulk.rs: a loop of
 * d2i_CMS_bio + CMS_verify over one DER document, with an X509_STORE of
 * trust anchors and, optionally, CRLs (X509_V_FLAG_CRL_CHECK_ALL), at a
 * fixed validation time. Prints documents per second.
 *
 * usage: cms_verify DOC.der ANCHORS.pem INTERMEDIATES.pem UNIX_TIME SECONDS [CRL.der ...]
 */
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static unsigned char *slurp(const char *path, long *len) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(*len);
    if (fread(buf, 1, *len, f) != (size_t)*len) { perror(path); exit(2); }
    fclose(f);
    return buf;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s DOC.der ANCHORS.pem INTERMEDIATES.pem UNIX_TIME SECONDS [CRL.der ...]\n", argv[0]);
        return 2;
    }
    long doc_len;
    unsigned char *doc = slurp(argv[1], &doc_len);
    X509_STORE *store = X509_STORE_new();
    if (X509_STORE_load_file(store, argv[2]) != 1) { ERR_print_errors_fp(stderr); return 2; }
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    BIO *ib = BIO_new_file(argv[3], "r");
    X509 *x;
    /* CMS_verify searches `certs` for the signer only; the chain is built
     * from the document's certificates and the store, so the intermediates
     * go into the store too (the root stays the anchor: trusted-first). */
    while ((x = PEM_read_bio_X509(ib, NULL, NULL, NULL)) != NULL) {
        X509_STORE_add_cert(store, x);
        sk_X509_push(untrusted, x);
    }
    ERR_clear_error();
    BIO_free(ib);
    X509_VERIFY_PARAM *param = X509_STORE_get0_param(store);
    X509_VERIFY_PARAM_set_time(param, (time_t)atoll(argv[4]));
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY);
    double seconds = atof(argv[5]);
    for (int i = 6; i < argc; i++) {
        long crl_len;
        unsigned char *crl_der = slurp(argv[i], &crl_len);
        const unsigned char *p = crl_der;
        X509_CRL *crl = d2i_X509_CRL(NULL, &p, crl_len);
        if (!crl) { ERR_print_errors_fp(stderr); return 2; }
        X509_STORE_add_crl(store, crl);
        X509_CRL_free(crl);
        free(crl_der);
        X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
    }
    long n = 0;
    double start = now(), elapsed = 0;
    while (elapsed < seconds || n < 3) {
        BIO *in = BIO_new_mem_buf(doc, (int)doc_len);
        CMS_ContentInfo *cms = d2i_CMS_bio(in, NULL);
        if (!cms) { ERR_print_errors_fp(stderr); return 1; }
        BIO *out = BIO_new(BIO_s_mem());
        if (CMS_verify(cms, untrusted, store, NULL, out, CMS_BINARY) != 1) {
            ERR_print_errors_fp(stderr);
            return 1;
        }
        BIO_free(out);
        CMS_ContentInfo_free(cms);
        BIO_free(in);
        n++;
        elapsed = now() - start;
    }
    printf("%.3f\n", n / elapsed);
    return 0;
}

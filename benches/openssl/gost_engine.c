/* The GOST baseline of benches/gost.rs and benches/bulk.rs: OpenSSL's GOST
 * engine (Debian's libengine-gost-openssl) signing and verifying in a loop,
 * with a key it generates on the given parameter set: first one digest
 * (EVP_PKEY_sign/verify), then a message, hashed with the curve's digest
 * as part of each operation (EVP_DigestSign/Verify: what qoltanba's public
 * API does). Prints "sign_us verify_us message_sign_us message_verify_us":
 * microseconds per operation, the fastest of several blocks (as the Rust
 * side reports).
 *
 * usage: gost_engine gost2012_512|gost2001 SECONDS [MESSAGE]
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void fail(const char *what) {
    fprintf(stderr, "%s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(2);
}

/* Microseconds per operation: the fastest of `blocks` blocks, each run
 * for seconds / blocks. */
static double best_us(EVP_PKEY_CTX *ctx, int sign, const unsigned char *dgst, size_t dlen,
                      unsigned char *sig, size_t siglen, double seconds) {
    const int blocks = 8;
    double best = 1e30;
    for (int b = 0; b < blocks; b++) {
        long n = 0;
        double start = now(), elapsed;
        do {
            if (sign) {
                size_t len = siglen;
                if (EVP_PKEY_sign(ctx, sig, &len, dgst, dlen) != 1) fail("EVP_PKEY_sign");
            } else {
                if (EVP_PKEY_verify(ctx, sig, siglen, dgst, dlen) != 1) fail("EVP_PKEY_verify");
            }
            n++;
            elapsed = now() - start;
        } while (elapsed < seconds / blocks);
        double us = elapsed * 1e6 / n;
        if (us < best) best = us;
    }
    return best;
}

/* The same for a message, hashed with `md` in each operation. */
static double best_message_us(EVP_PKEY *pkey, ENGINE *e, const EVP_MD *md, int sign,
                              const unsigned char *msg, size_t mlen, unsigned char *sig,
                              size_t siglen, double seconds) {
    const int blocks = 8;
    double best = 1e30;
    for (int b = 0; b < blocks; b++) {
        long n = 0;
        double start = now(), elapsed;
        do {
            EVP_MD_CTX *mctx = EVP_MD_CTX_new();
            if (!mctx) fail("EVP_MD_CTX_new");
            if (sign) {
                size_t len = siglen;
                if (EVP_DigestSignInit(mctx, NULL, md, e, pkey) != 1 ||
                    EVP_DigestSign(mctx, sig, &len, msg, mlen) != 1)
                    fail("EVP_DigestSign");
            } else {
                if (EVP_DigestVerifyInit(mctx, NULL, md, e, pkey) != 1 ||
                    EVP_DigestVerify(mctx, sig, siglen, msg, mlen) != 1)
                    fail("EVP_DigestVerify");
            }
            EVP_MD_CTX_free(mctx);
            n++;
            elapsed = now() - start;
        } while (elapsed < seconds / blocks);
        double us = elapsed * 1e6 / n;
        if (us < best) best = us;
    }
    return best;
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: %s gost2012_512|gost2001 SECONDS [MESSAGE]\n", argv[0]);
        return 2;
    }
    const char *msg = argc == 4 ? argv[3] : "a message";
    const char *alg = argv[1];
    double seconds = atof(argv[2]);
    size_t dlen = strcmp(alg, "gost2012_512") == 0 ? 64 : 32;

    ENGINE_load_builtin_engines();
    ENGINE *e = ENGINE_by_id("gost");
    if (!e || !ENGINE_init(e)) fail("loading the gost engine");
    ENGINE_set_default(e, ENGINE_METHOD_ALL);

    int nid = OBJ_txt2nid(alg);
    if (nid == NID_undef) fail("OBJ_txt2nid");
    EVP_PKEY_CTX *kctx = EVP_PKEY_CTX_new_id(nid, e);
    EVP_PKEY *pkey = NULL;
    if (!kctx || EVP_PKEY_keygen_init(kctx) != 1) fail("keygen init");
    if (EVP_PKEY_CTX_ctrl_str(kctx, "paramset", "A") <= 0) fail("paramset A");
    if (EVP_PKEY_keygen(kctx, &pkey) != 1) fail("keygen");

    unsigned char dgst[64], sig[128];
    for (size_t i = 0; i < dlen; i++) dgst[i] = (unsigned char)(i * 37 + 11);
    size_t siglen = 2 * dlen;

    EVP_PKEY_CTX *sctx = EVP_PKEY_CTX_new(pkey, e);
    if (!sctx || EVP_PKEY_sign_init(sctx) != 1) fail("sign init");
    double sign_us = best_us(sctx, 1, dgst, dlen, sig, siglen, seconds);
    size_t len = siglen;
    if (EVP_PKEY_sign(sctx, sig, &len, dgst, dlen) != 1 || len != siglen) fail("sign");

    EVP_PKEY_CTX *vctx = EVP_PKEY_CTX_new(pkey, e);
    if (!vctx || EVP_PKEY_verify_init(vctx) != 1) fail("verify init");
    double verify_us = best_us(vctx, 0, dgst, dlen, sig, siglen, seconds);

    const EVP_MD *md = ENGINE_get_digest(
        e, OBJ_txt2nid(strcmp(alg, "gost2012_512") == 0 ? "md_gost12_512" : "md_gost94"));
    if (!md) fail("the engine's digest");
    size_t mlen = strlen(msg);
    double message_sign_us =
        best_message_us(pkey, e, md, 1, (const unsigned char *)msg, mlen, sig, siglen, seconds);
    len = siglen;
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    if (!mctx || EVP_DigestSignInit(mctx, NULL, md, e, pkey) != 1 ||
        EVP_DigestSign(mctx, sig, &len, (const unsigned char *)msg, mlen) != 1 || len != siglen)
        fail("message sign");
    EVP_MD_CTX_free(mctx);
    double message_verify_us =
        best_message_us(pkey, e, md, 0, (const unsigned char *)msg, mlen, sig, siglen, seconds);

    printf("%.1f %.1f %.1f %.1f\n", sign_us, verify_us, message_sign_us, message_verify_us);
    EVP_PKEY_CTX_free(vctx);
    EVP_PKEY_CTX_free(sctx);
    EVP_PKEY_CTX_free(kctx);
    EVP_PKEY_free(pkey);
    ENGINE_finish(e);
    ENGINE_free(e);
    return 0;
}

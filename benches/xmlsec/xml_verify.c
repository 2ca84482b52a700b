/* The baseline of benches/xml.rs: xmlsec1's library (OpenSSL backend)
 * verifying one signed XML document in a loop, each time as a service
 * would: parse the bytes, find the Signature, verify it (X509Data chained
 * to the trusted roots at a fixed time). Prints microseconds per document,
 * the fastest of 8 blocks.
 *
 * usage: xml_verify DOC.xml TRUSTED.pem[,UNTRUSTED.pem...] UNIX_TIME SECONDS
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <xmlsec/crypto.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static char *slurp(const char *path, long *len) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc(*len);
    if (fread(buf, 1, *len, f) != (size_t)*len) { perror(path); exit(2); }
    fclose(f);
    return buf;
}

static int verify_once(xmlSecKeysMngrPtr mngr, const char *doc, long len, time_t at) {
    xmlDocPtr d = xmlReadMemory(doc, (int)len, NULL, NULL, XML_PARSE_NONET);
    if (!d) return 0;
    xmlNodePtr node = xmlSecFindNode(xmlDocGetRootElement(d), xmlSecNodeSignature, xmlSecDSigNs);
    int ok = 0;
    if (node) {
        xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate(mngr);
        ctx->keyInfoReadCtx.certsVerificationTime = at;
        if (xmlSecDSigCtxVerify(ctx, node) == 0 && ctx->status == xmlSecDSigStatusSucceeded) ok = 1;
        xmlSecDSigCtxDestroy(ctx);
    }
    xmlFreeDoc(d);
    return ok;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s DOC.xml TRUSTED.pem[,UNTRUSTED.pem...] UNIX_TIME SECONDS\n", argv[0]);
        return 2;
    }
    long len;
    char *doc = slurp(argv[1], &len);
    time_t at = (time_t)atoll(argv[3]);
    double seconds = atof(argv[4]);
    xmlInitParser();
    if (xmlSecInit() < 0 || xmlSecCryptoAppInit(NULL) < 0 || xmlSecCryptoInit() < 0) {
        fprintf(stderr, "xmlsec initialisation failed\n");
        return 2;
    }
    xmlSecKeysMngrPtr mngr = xmlSecKeysMngrCreate();
    if (!mngr || xmlSecCryptoAppDefaultKeysMngrInit(mngr) < 0) return 2;
    char *certs = strdup(argv[2]);
    int first = 1;
    for (char *c = strtok(certs, ","); c; c = strtok(NULL, ","), first = 0) {
        if (xmlSecCryptoAppKeysMngrCertLoad(mngr, c, xmlSecKeyDataFormatPem,
                first ? xmlSecKeyDataTypeTrusted : xmlSecKeyDataTypeNone) < 0) {
            fprintf(stderr, "cannot load %s\n", c);
            return 2;
        }
    }
    if (!verify_once(mngr, doc, len, at)) {
        fprintf(stderr, "the document does not verify in xmlsec1\n");
        return 1;
    }
    double best = 1e30;
    for (int b = 0; b < 8; b++) {
        long n = 0;
        double start = now(), elapsed;
        do {
            if (!verify_once(mngr, doc, len, at)) { fprintf(stderr, "verification failed\n"); return 1; }
            n++;
            elapsed = now() - start;
        } while (elapsed < seconds / 8);
        double us = elapsed * 1e6 / n;
        if (us < best) best = us;
    }
    printf("%.1f\n", best);
    xmlSecKeysMngrDestroy(mngr);
    xmlSecCryptoShutdown();
    xmlSecCryptoAppShutdown();
    xmlSecShutdown();
    return 0;
}

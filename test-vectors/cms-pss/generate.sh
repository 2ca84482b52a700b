#!/bin/sh
# Makes RSASSA-PSS CMS SignedData documents with the OpenSSL CLI (OpenSSL
# 3.0+) and the demo PKI's RSA-2048 signer, one per salt length (issue 13
# defect 11): the salt length is stated in the signature's
# RSASSA-PSS-params (RFC 4055 section 3.1) and the verifier must use it.
# OpenSSL 3's default when signing is the maximum, emLen - hLen - 2 (222
# bytes for RSA-2048 with SHA-256); "auto" also signs with the maximum.
# The content is ../cms/content.txt. PSS signatures are randomised, so each
# run gives other bytes; the tests only need them to verify.
set -eu
cd "$(dirname "$0")"
D=../demo
rm -f ./*.der
sign() { # out, md, saltlen
    openssl cms -sign -binary -in ../cms/content.txt -md "$2" -outform DER -nodetach -cades \
        -signer $D/individual-sign.pem -inkey $D/individual-sign.key.pem \
        -keyopt rsa_padding_mode:pss -keyopt "rsa_pss_saltlen:$3" -out "$1"
}
sign pss-sha256-salt0.der sha256 0
sign pss-sha256-salt20.der sha256 20
sign pss-sha256-salt32.der sha256 digest
sign pss-sha256-saltmax.der sha256 max
sign pss-sha256-saltauto.der sha256 auto
sign pss-sha512-salt32.der sha512 32
sign pss-sha512-saltmax.der sha512 max
# The OpenSSL default (no rsa_pss_saltlen): the maximum in OpenSSL 3.
openssl cms -sign -binary -in ../cms/content.txt -md sha256 -outform DER -nodetach -cades \
    -signer $D/individual-sign.pem -inkey $D/individual-sign.key.pem \
    -keyopt rsa_padding_mode:pss -out pss-sha256-default.der

# Cross-check with OpenSSL itself.
cat $D/root-rsa.pem $D/nca-rsa.pem > /tmp/qoltanba-pss-roots.pem
for f in ./*.der; do
    openssl cms -verify -binary -inform DER -in "$f" -CAfile /tmp/qoltanba-pss-roots.pem \
        -attime 1748736000 -purpose any -out /dev/null 2>/dev/null || { echo "OpenSSL does not verify $f" >&2; exit 1; }
done
rm -f /tmp/qoltanba-pss-roots.pem
echo ok

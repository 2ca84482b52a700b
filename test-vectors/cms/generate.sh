#!/bin/sh
# Makes the CMS SignedData documents of this directory with the OpenSSL CLI
# (an independent implementation) and the demo PKI's keys. OpenSSL 3.0+.
# signingTime is "now" (it is reported, never trusted); RSA PKCS#1 v1.5
# signatures over the same bytes are otherwise stable, ECDSA/PSS are not.
set -eu
cd "$(dirname "$0")"
D=../demo
rm -f ./*.der ./*.pem
printf 'Request for a licence. Applicant IIN 871008401427.\n' > content.txt
printf 'Some other content.\n' > other.txt

sign() { # out, extra args...
    out=$1; shift
    openssl cms -sign -binary -in content.txt -md sha256 -outform DER -out "$out" "$@"
}
rsa="-signer $D/individual-sign.pem -inkey $D/individual-sign.key.pem"
ec="-signer $D/individual-sign-ec.pem -inkey $D/individual-sign-ec.key.pem"

# shellcheck disable=SC2086
{
sign rsa-attached.der $rsa -nodetach
sign rsa-detached.der $rsa
sign rsa-cades-attached.der $rsa -nodetach -cades
sign rsa-cades-detached.der $rsa -cades
sign rsa-noattr-attached.der $rsa -nodetach -noattr
sign rsa-nocerts-attached.der $rsa -nodetach -nocerts
sign rsa-keyid-attached.der $rsa -nodetach -keyid -cades
sign rsa-sha512-attached.der $rsa -nodetach -cades -md sha512
sign rsa-sha1-attached.der $rsa -nodetach -md sha1
sign rsa-pss-attached.der $rsa -nodetach -cades -keyopt rsa_padding_mode:pss -keyopt rsa_pss_saltlen:digest
sign ec-attached.der $ec -nodetach
sign ec-cades-detached.der $ec -cades
sign cosigned-attached.der $rsa $ec -nodetach -cades
sign carries-other-cert.der $rsa -nodetach -nocerts -certfile $D/employee-sign.pem
sign expired-attached.der -signer $D/expired.pem -inkey $D/expired.key.pem -nodetach -cades
sign revoked-attached.der -signer $D/revoked.pem -inkey $D/revoked.key.pem -nodetach -cades
sign auth-attached.der -signer $D/individual-auth.pem -inkey $D/individual-auth.key.pem -nodetach -cades
}
# Streaming output: BER with indefinite lengths and a constructed eContent.
openssl cms -sign -binary -stream -in content.txt -md sha256 -outform DER -nodetach \
    -signer $D/individual-sign.pem -inkey $D/individual-sign.key.pem -out rsa-ber-attached.der
# PEM ("-----BEGIN CMS-----").
openssl cms -sign -binary -in content.txt -md sha256 -outform PEM -nodetach -cades \
    -signer $D/individual-sign-ec.pem -inkey $D/individual-sign-ec.key.pem -out ec-cades-attached.pem
# A second signature added to an existing document.
openssl cms -resign -binary -inform DER -in rsa-cades-attached.der -outform DER -nodetach \
    -signer $D/employee-sign.pem -inkey $D/employee-sign.key.pem -md sha256 -out resigned-attached.der

# Cross-check: OpenSSL verifies the valid ones (signature and chain; it does
# not check revocation here).
# (OpenSSL 3.0's cms -verify takes no untrusted chain, so the NCAs sit in
# the CA file beside the roots.)
cat $D/root-rsa.pem $D/root-ec.pem $D/nca-rsa.pem $D/nca-ec.pem > /tmp/qoltanba-cms-roots.pem
cat $D/individual-sign.pem > /tmp/qoltanba-cms-untrusted.pem
for f in rsa-attached rsa-cades-attached rsa-noattr-attached rsa-nocerts-attached rsa-keyid-attached \
         rsa-sha512-attached rsa-sha1-attached rsa-pss-attached ec-attached cosigned-attached \
         rsa-ber-attached resigned-attached; do
    openssl cms -verify -binary -inform DER -in $f.der -CAfile /tmp/qoltanba-cms-roots.pem \
        -certfile /tmp/qoltanba-cms-untrusted.pem -attime 1748736000 -purpose any -out /dev/null 2>/dev/null \
        || { echo "openssl does not verify $f.der" >&2; exit 1; }
done
for f in rsa-detached rsa-cades-detached ec-cades-detached; do
    openssl cms -verify -binary -inform DER -in $f.der -content content.txt -CAfile /tmp/qoltanba-cms-roots.pem \
        -certfile /tmp/qoltanba-cms-untrusted.pem -attime 1748736000 -purpose any -out /dev/null 2>/dev/null \
        || { echo "openssl does not verify $f.der" >&2; exit 1; }
done
rm -f /tmp/qoltanba-cms-roots.pem /tmp/qoltanba-cms-untrusted.pem
echo "ok"

#!/usr/bin/env bash
# Signs the templates with xmlsec1 (Debian package xmlsec1, OpenSSL
# backend): an implementation independent of qoltanba. The keys are the
# demo PKI's (../../demo): individual-sign (RSA-2048) and
# individual-sign-ec (P-256). tests/xml_xmlsec.rs verifies every output
# with qoltanba; `xmlsec1 --verify` checks them here first.
# rsa-issuer-serial and ecdsa-ski name their signer by X509IssuerSerial or
# X509SKI only (xmlsec1 fills the empty template nodes from the signer's
# certificate): the verifier must be given the certificate.
# soap12-rsa and xsw-header-only-soap12 are soap-rsa and xsw-header-only
# in a SOAP 1.2 Envelope (http://www.w3.org/2003/05/soap-envelope).
# ecdsa-p384-enveloped signs with ../keys/p384-sign (P-384, ecdsa-sha384,
# SHA-384 digest; a certificate under the demo EC CA).
# Arguments: the templates to sign (default: all of them; ECDSA signatures
# are randomized, so re-signing one changes its file).
set -euo pipefail
cd "$(dirname "$0")"
DEMO=../../demo
WSU=http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd
SOAP=http://schemas.xmlsoap.org/soap/envelope/
SOAP12=http://www.w3.org/2003/05/soap-envelope
ids=(--id-attr:Id data --id-attr:Id "urn:p:data" --id-attr:Id "$WSU:Timestamp" --id-attr:Id "$SOAP:Body"
     --id-attr:Id "$SOAP12:Body")
templates=("$@")
[ $# -gt 0 ] || templates=(templates/*.xml)
for t in "${templates[@]}"; do
  n=$(basename "$t")
  case "$n" in
    ecdsa-p384-*) key=../keys/p384-sign ;;
    ecdsa-*|soap-ecdsa*) key=$DEMO/individual-sign-ec ;;
    *) key=$DEMO/individual-sign ;;
  esac
  xmlsec1 --sign "${ids[@]}" --privkey-pem "$key.key.pem,$key.pem" \
    --output "$n" "$t" 2>/dev/null
  xmlsec1 --verify "${ids[@]}" --trusted-pem "$DEMO/root-rsa.pem" --trusted-pem "$DEMO/root-ec.pem" \
    --untrusted-pem "$DEMO/nca-rsa.pem" --untrusted-pem "$DEMO/nca-ec.pem" \
    --untrusted-pem "$DEMO/individual-sign.pem" --untrusted-pem "$DEMO/individual-sign-ec.pem" \
    --verification-gmt-time 2025-06-01+00:00:00 "$n" >/dev/null 2>&1 || echo "xmlsec1 does not verify its own $n" >&2
done

#!/usr/bin/env bash
# A P-384 signing certificate under the demo PKI's EC CA (../../demo,
# nca-ec), for the XML ECDSA P-384 tests (tests/xml_sign.rs,
# tests/xml_xmlsec.rs): the subject, extensions and validity of the demo's
# individual-sign-ec (IIN 871008401427, 2025-01-01 to 2026-01-01), serial
# DEMO...f384 (no demo CRL lists it). OpenSSL 3 CLI; the key is random on
# each run. Generated for this project, CC0.
set -euo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")"
DEMO=../../demo
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cat >"$W/openssl.cnf" <<EOF
[ req ]
distinguished_name = req_dn
string_mask = utf8only
utf8 = yes
prompt = no
[ req_dn ]
CN = unused
[ ca ]
default_ca = demo_ca
[ demo_ca ]
dir = $W
database = $W/index.txt
serial = $W/serial
new_certs_dir = $W
certificate = $DEMO/nca-ec.pem
private_key = $DEMO/nca-ec.key.pem
default_md = sha256
policy = policy_any
preserve = yes
unique_subject = no
email_in_dn = no
copy_extensions = none
string_mask = utf8only
utf8 = yes
[ policy_any ]
commonName = optional
surname = optional
serialNumber = optional
countryName = optional
givenName = optional
[ v3_sign_email ]
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection, 1.2.398.3.3.4.1.1
authorityKeyIdentifier = keyid:always
subjectKeyIdentifier = hash
certificatePolicies = 1.2.398.3.3.2.3, 1.2.398.3.3.2
crlDistributionPoints = URI:http://demo.invalid/crl/nca-ec.crl
freshestCRL = URI:http://demo.invalid/crl/nca-ec-delta.crl
authorityInfoAccess = caIssuers;URI:http://demo.invalid/cert/nca-ec.cer
subjectAltName = email:aliya.testova@demo.invalid
EOF
export OPENSSL_CONF="$W/openssl.cnf"
: >"$W/index.txt"
echo 44454d4f0000000000000000000000000000f384 >"$W/serial"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384-sign.key.pem
openssl req -new -key p384-sign.key.pem -out "$W/req.pem" -utf8 \
  -subj "/CN=ТЕСТОВА АЛИЯ/SN=ТЕСТОВА/serialNumber=IIN871008401427/C=KZ/GN=СЕРІКҚЫЗЫ"
openssl ca -batch -notext -in "$W/req.pem" -out p384-sign.pem -extensions v3_sign_email \
  -startdate 20250101000000Z -enddate 20260101000000Z 2>/dev/null
openssl verify -CAfile "$DEMO/root-ec.pem" -untrusted "$DEMO/nca-ec.pem" \
  -attime 1748736000 p384-sign.pem

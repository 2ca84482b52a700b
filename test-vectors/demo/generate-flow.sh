#!/usr/bin/env bash
# Adds the request/licence flow's extra certificates (issue 17) to the demo
# PKI WITHOUT regenerating it: issued by the existing nca-rsa key with
# generate.sh's own openssl.cnf and helpers, so nothing else changes.
#
#   operator-sign.pem        a service centre's operator: employee of
#                            НАО "ДЕМО ЦОН" (BIN 950341000052), role employee
#   representative-sign.pem  an individual (IIN 921115300456) acting for the
#                            applicant on a power of attorney
#   test-ids-sign.pem        first head of an organisation with the national
#                            CA's test identifiers (IIN 123456789011,
#                            BIN 123456789021; both fail the check digit)
#
# Validity 2025-01-01..2026-01-01; valid at DEMO_TIME with the default inputs.
# Run generate.sh first if the PKI is regenerated, then this script.
set -euo pipefail
export LC_ALL=C.UTF-8

OUT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$OUT"

# generate.sh's settings, openssl.cnf and helpers: everything between its
# settings marker and its CA section (which would make new CAs).
sed -n '/^# -* settings$/,/^# -* CAs$/p' generate.sh >"$WORK/common.sh"
# shellcheck disable=SC1091
. "$WORK/common.sh"
become_ca nca-rsa

Y1=20250101000000Z; Y2=20260101000000Z
leaf operator-sign nca-rsa ${S}30 $Y1 $Y2 v3_sign "$EKU_SIGN_LE, 1.2.398.3.3.4.1.2.5" $POL_LE_SIGN \
    '/CN=ОПЕРАТОРОВА ДАНА/SN=ОПЕРАТОРОВА/serialNumber=IIN850305400120/C=KZ/O=НАО "ДЕМО ЦОН"/OU=BIN950341000052/GN=АСЫЛБЕКҚЫЗЫ'
leaf representative-sign nca-rsa ${S}31 $Y1 $Y2 v3_sign_email "$EKU_SIGN_IND" $POL_IND_SIGN \
    '/CN=ӨКІЛОВ ДӘУРЕН/SN=ӨКІЛОВ/serialNumber=IIN921115300456/C=KZ/GN=СЕРІКҰЛЫ'
leaf test-ids-sign nca-rsa ${S}32 $Y1 $Y2 v3_sign "$EKU_SIGN_LE, 1.2.398.3.3.4.1.2.1" $POL_LE_SIGN \
    '/CN=ТЕСТОВ ТЕСТ/SN=ТЕСТОВ/serialNumber=IIN123456789011/C=KZ/O=АО "ТЕСТ"/OU=BIN123456789021/GN=ТЕСТОВИЧ'

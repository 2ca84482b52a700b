#!/bin/sh
# Regenerates the throw-away keys, certificates and PKCS#12 files of this
# folder with the OpenSSL CLI (3.x). Tests only read the output; the keys
# are random on each run, the expectations (README.md) do not change.
set -eu
cd "$(dirname "$0")"
PASS=qoltanba
SUBJ_CA="/C=KZ/CN=qoltanba keys test CA"

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key.pem
openssl req -x509 -new -key ca.key.pem -subj "$SUBJ_CA" -days 36500 -sha256 \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
  -out ca.pem

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048.key.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.key.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.key.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out p521.key.pem
for k in rsa2048 p256; do
  openssl pkcs8 -topk8 -nocrypt -in $k.key.pem -outform DER -out $k.key.der
  openssl req -new -key $k.key.pem -subj "/C=KZ/CN=qoltanba $k/serialNumber=IIN123456789011" -out $k.csr
  openssl x509 -req -in $k.csr -CA ca.pem -CAkey ca.key.pem -set_serial 0x$(openssl rand -hex 8) \
    -days 36500 -sha256 -extfile /dev/stdin -out $k.pem <<EXT
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=emailProtection
EXT
  rm $k.csr
done
# Forms SigningKey refuses: encrypted PKCS#8 PEM, PKCS#1 and SEC1 PEM.
openssl pkey -in rsa2048.key.pem -aes256 -passout pass:$PASS -out rsa2048.enc.key.pem
openssl pkey -in rsa2048.key.pem -traditional -out rsa2048.pkcs1.pem
openssl ec -in p256.key.pem -out p256.sec1.pem 2>/dev/null

# PKCS#12: OpenSSL 3 default (PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC, MAC
# SHA-256), the legacy one (3DES key, 40-bit RC2 certificates, MAC SHA-1),
# AES-128 with a SHA-512 MAC, and one without a MAC.
openssl pkcs12 -export -inkey rsa2048.key.pem -in rsa2048.pem -certfile ca.pem \
  -passout pass:$PASS -out rsa2048-pbes2.p12
openssl pkcs12 -export -legacy -inkey rsa2048.key.pem -in rsa2048.pem -certfile ca.pem \
  -passout pass:$PASS -out rsa2048-legacy.p12
openssl pkcs12 -export -inkey p256.key.pem -in p256.pem -certfile ca.pem \
  -keypbe AES-128-CBC -certpbe AES-128-CBC -macalg sha512 \
  -passout pass:$PASS -out p256-aes128-sha512.p12
openssl pkcs12 -export -inkey p256.key.pem -in p256.pem -name "qoltanba test key" \
  -passout pass:$PASS -out p256-named.p12
openssl pkcs12 -export -inkey p256.key.pem -in p256.pem -nomac \
  -passout pass:$PASS -out p256-nomac.p12
# Iteration counts: Bouncy Castle's default of 600,000 opens; 3,000,000 per
# derivation with the legacy ciphers (MAC, RC2 key and IV, 3DES key of two
# blocks and IV: 18 million hash iterations) exceeds the per-file bound.
openssl pkcs12 -export -inkey rsa2048.key.pem -in rsa2048.pem -certfile ca.pem \
  -iter 600000 -passout pass:$PASS -out rsa2048-600k.p12
openssl pkcs12 -export -legacy -inkey rsa2048.key.pem -in rsa2048.pem -certfile ca.pem \
  -iter 3000000 -passout pass:$PASS -out rsa2048-legacy-3m.p12
rm ca.key.pem

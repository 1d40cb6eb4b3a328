#!/bin/sh
# Test certificates for imaplib-cpp's TLS tests.
#
# Usage: make-certs.sh DIR
#
# Writes into DIR (created if missing; existing files are overwritten), all PEM,
# keys unencrypted (EC P-256):
#   ca.pem, ca.key                   a test CA
#   server.pem, server.key           signed by the CA; SAN DNS:localhost, IP:127.0.0.1, IP:::1
#   wronghost.pem, wronghost.key     signed by the CA; SAN DNS:wrong.example only
#   expired.pem, expired.key         signed by the CA; SAN as server.pem; validity in 2020
#   selfsigned.pem, selfsigned.key   self-signed; SAN as server.pem
# Needs the openssl command line tool. Exits non-zero on any failure.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
dir=$1
mkdir -p "$dir"
cd "$dir"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/imaplib-certs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

san='subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'
leaf_ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth"

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# The CA.
newkey ca.key
openssl req -new -x509 -key ca.key -out ca.pem -days 3650 -subj "/CN=imaplib-cpp test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"

# sign NAME SAN: a leaf certificate NAME.pem signed by the CA, valid from now.
sign() {
    newkey "$1.key"
    openssl req -new -key "$1.key" -out "$tmp/$1.csr" -subj "/CN=$1"
    printf '%s\n%s\n' "$leaf_ext" "$2" > "$tmp/$1.ext"
    openssl x509 -req -in "$tmp/$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
        -CAserial "$tmp/ca.srl" -out "$1.pem" -days 825 -extfile "$tmp/$1.ext" 2>/dev/null
}

sign server "$san"
sign wronghost 'subjectAltName=DNS:wrong.example'

# expired: `openssl x509 -days` takes no past dates, `openssl ca` does (-startdate/-enddate).
newkey expired.key
openssl req -new -key expired.key -out "$tmp/expired.csr" -subj "/CN=localhost"
: > "$tmp/index.txt"
cat > "$tmp/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
database = $tmp/index.txt
new_certs_dir = $tmp
serial = $tmp/serial
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[any]
commonName = supplied
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1
CNF
echo 1000 > "$tmp/serial"
openssl ca -batch -config "$tmp/ca.cnf" -cert ca.pem -keyfile ca.key -extensions leaf \
    -startdate 20200101000000Z -enddate 20200201000000Z \
    -in "$tmp/expired.csr" -out "$tmp/expired.full" 2>/dev/null
openssl x509 -in "$tmp/expired.full" -out expired.pem

# selfsigned: the right names, but no CA vouches for it.
newkey selfsigned.key
openssl req -new -x509 -key selfsigned.key -out selfsigned.pem -days 825 -subj "/CN=localhost" \
    -addext "$san"

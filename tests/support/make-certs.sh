#!/bin/sh
# Test certificates for imaplib-cpp's TLS tests.
#
# Usage: make-certs.sh DIR           the base set
#        make-certs.sh DIR policy    adds the TLS policy set to a DIR holding the base set
#                                    (apart: its RSA 2048 key takes a second or more)
#
# Writes into DIR (created if missing; existing files are overwritten), all PEM,
# keys unencrypted (EC P-256):
#   ca.pem, ca.key                   a test CA
#   server.pem, server.key           signed by the CA; SAN DNS:localhost, IP:127.0.0.1, IP:::1
#   wronghost.pem, wronghost.key     signed by the CA; SAN DNS:wrong.example only
#   expired.pem, expired.key         signed by the CA; SAN as server.pem; validity in 2020
#   selfsigned.pem, selfsigned.key   self-signed; SAN as server.pem
#   client.pem, client.key           signed by the CA; CN=alice, clientAuth only
# and with "policy", for tests/tls_policy_test.cpp, signed by the CA unless said:
#   rsa2048          RSA 2048, SAN as server.pem (the RSA suites)
#   rsa1024          RSA 1024, SAN as server.pem (too short)
#   ecc192, ecc224   EC P-192 / P-224, SAN as server.pem (too short)
#   sha1leaf         SAN as server.pem, signed with SHA-1
#   sha1chain        signed with SHA-256 by sha1inter.pem, a CA the CA signed with SHA-1;
#                    sha1chain.pem holds the leaf, then the intermediate
#   interchain       as sha1chain, the intermediate signed with SHA-256
#   name-star        SAN DNS:*              name-prefix   SAN DNS:local*
#   name-suffix      SAN DNS:*host          name-wildlocal SAN DNS:*.localhost
#   name-wild        SAN DNS:*.imap.test    name-dnsip    SAN DNS:127.0.0.1 only
#   name-cnip        CN=127.0.0.1, no SAN   name-cnonly   CN=localhost, no SAN
#   name-cnnotsan    CN=localhost, SAN DNS:other.example
# Needs the openssl command line tool. Exits non-zero on any failure.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ] || { [ $# -eq 2 ] && [ "$2" != policy ]; }; then
    echo "usage: $0 DIR [policy]" >&2
    exit 2
fi
dir=$1
set_name=${2:-base}
mkdir -p "$dir"
cd "$dir"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/imaplib-certs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

san='subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'
leaf_ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth"

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

if [ "$set_name" = base ]; then

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

# client: a client certificate whose CN is a test user (EXTERNAL, RFC 4422 appendix A).
newkey client.key
openssl req -new -key client.key -out "$tmp/client.csr" -subj "/CN=alice"
printf '%s\n' "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth" > "$tmp/client.ext"
openssl x509 -req -in "$tmp/client.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
    -CAserial "$tmp/ca.srl" -out client.pem -days 825 -extfile "$tmp/client.ext" 2>/dev/null

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

fi  # base

# --- the TLS policy tests --------------------------------------------------------------
[ "$set_name" = policy ] || exit 0

# issue NAME KEYSPEC SUBJECT EXT [DIGEST [CA]]: NAME.key of KEYSPEC ("rsa:BITS" or
# "ec:CURVE"), NAME.pem signed by CA (default: the CA) with DIGEST (default sha256).
issue() {
    case $2 in
    rsa:*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa:}" -out "$1.key" 2>/dev/null ;;
    ec:*) openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:${2#ec:}" -out "$1.key" 2>/dev/null ;;
    esac
    openssl req -new -key "$1.key" -out "$tmp/$1.csr" -subj "$3"
    printf '%s\n' "$4" > "$tmp/$1.ext"
    ca=${6:-ca}
    openssl x509 -req -in "$tmp/$1.csr" -CA "$ca.pem" -CAkey "$ca.key" -CAcreateserial \
        -CAserial "$tmp/$ca.srl" -out "$1.pem" -days 825 -extfile "$tmp/$1.ext" "-${5:-sha256}" 2>/dev/null
}
leaf_san="$leaf_ext
$san"
ca_ext="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign"

issue rsa2048 rsa:2048 /CN=localhost "$leaf_san"
issue rsa1024 rsa:1024 /CN=localhost "$leaf_san"
issue ecc192 ec:P-192 /CN=localhost "$leaf_san"
issue ecc224 ec:P-224 /CN=localhost "$leaf_san"
issue sha1leaf ec:P-256 /CN=localhost "$leaf_san" sha1

issue sha1inter ec:P-256 "/CN=imaplib-cpp SHA-1 intermediate" "$ca_ext" sha1
issue sha1chain ec:P-256 /CN=localhost "$leaf_san" sha256 sha1inter
cat sha1inter.pem >> sha1chain.pem
issue inter ec:P-256 "/CN=imaplib-cpp intermediate" "$ca_ext"
issue interchain ec:P-256 /CN=localhost "$leaf_san" sha256 inter
cat inter.pem >> interchain.pem

issue name-star ec:P-256 /CN=star "$leaf_ext
subjectAltName=DNS:*"
issue name-prefix ec:P-256 /CN=prefix "$leaf_ext
subjectAltName=DNS:local*"
issue name-suffix ec:P-256 /CN=suffix "$leaf_ext
subjectAltName=DNS:*host"
issue name-wildlocal ec:P-256 /CN=wildlocal "$leaf_ext
subjectAltName=DNS:*.localhost"
issue name-wild ec:P-256 /CN=wild "$leaf_ext
subjectAltName=DNS:*.imap.test"
issue name-dnsip ec:P-256 /CN=dnsip "$leaf_ext
subjectAltName=DNS:127.0.0.1"
issue name-cnip ec:P-256 /CN=127.0.0.1 "$leaf_ext"
issue name-cnonly ec:P-256 /CN=localhost "$leaf_ext"
issue name-cnnotsan ec:P-256 /CN=localhost "$leaf_ext
subjectAltName=DNS:other.example"

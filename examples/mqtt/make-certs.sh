#!/usr/bin/env bash
# A test certificate authority and certificates for the MQTT transport,
# made with OpenSSL: for trying vigil out and for its tests. A province uses
# its own CA instead (doc/deployment.md, "Certificates").
#
#   bash make-certs.sh DIR BROKER [HOST...]
#
# DIR/ca.pem, ca.key    the CA (made once; kept when already there)
# DIR/broker.pem, .key  the central broker's server certificate, for the
#                       name BROKER (a DNS name or an IP address)
# DIR/HOST.pem, .key    a client certificate whose CN is HOST: an agency's
#                       collectd Hostname, or the central subscriber's name
# Keys are EC P-256, mode 0600; certificates are valid for 2 years.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 DIR BROKER [HOST...]" >&2; exit 2; }
dir=$1 broker=$2
shift 2
umask 077
mkdir -p "$dir"
cd "$dir"
if [ ! -f ca.pem ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
    -days 730 -subj "/CN=vigil test MQTT CA" -addext basicConstraints=critical,CA:true \
    -addext keyUsage=critical,keyCertSign,cRLSign 2> /dev/null
fi
case $broker in
  *[!0-9.]* | "") san="DNS:$broker" ;;
  *) san="IP:$broker" ;;
esac
issue() { # NAME SUBJECT-CN EXTENDED-KEY-USAGE SAN
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" \
    -subj "/CN=$2" 2> /dev/null
  printf 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n%s' \
    "$3" "${4:+subjectAltName=$4
}" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 730 -sha256 \
    -extfile "$1.ext" -out "$1.pem" 2> /dev/null
  rm -f "$1.csr" "$1.ext"
}
issue broker "$broker" serverAuth "$san"
for host in "$@"; do
  case $host in
    *[!A-Za-z0-9._-]* | "" | broker | ca) echo "$0: '$host' cannot be a host name here" >&2; exit 2 ;;
  esac
  issue "$host" "$host" clientAuth ""
done
chmod 600 ./*.key
chmod 644 ./*.pem

# Sourced by run.sh and multizone.sh: the internal mutual TLS of a local Atrium, under one directory both
# share (global and its zones must trust one CA: a zone's store calls global's).
#   ensure_internal_tls DIR NAME...   the CA once (DIR/ca.crt, ca.key), then a certificate per NAME
#                                     (DIR/NAME.crt, NAME.key: serverAuth + clientAuth, for 127.0.0.1);
#                                     what exists is kept. The directory is 0700: it holds the CA's key.
ensure_internal_tls() {
  local tls=$1 name
  shift
  if [ ! -f "$tls/ca.crt" ]; then
    mkdir -p "$tls" && chmod 700 "$tls"
    openssl req -x509 -new -newkey rsa:2048 -nodes -subj /CN=atrium-internal-ca -days 3650 -keyout "$tls/ca.key" \
      -out "$tls/ca.crt" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  fi
  for name in "$@"; do
    [ -f "$tls/$name.crt" ] && continue
    openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$name" -keyout "$tls/$name.key" -out "$tls/$name.csr" 2>/dev/null
    openssl x509 -req -in "$tls/$name.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 3650 \
      -out "$tls/$name.crt" 2>/dev/null -extfile <(printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
        'basicConstraints=critical,CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth,clientAuth')
    rm -f "$tls/$name.csr"
  done
}

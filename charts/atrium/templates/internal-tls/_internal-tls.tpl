{{/*
Mutual TLS between the services (the Store gRPC API): one internal CA, and a certificate per
component (resource-store, xds-server, metrics, admission-webhook) in the Secret
<fullname>-<component>-internal-tls (ca.crt, tls.crt, tls.key), mounted at /etc/atrium/internal-tls.
The xds-server's certificate is also its serving certificate on the xds port (ADS and bootstrap), so
its SANs hold the xds Service's DNS names; proxies verify it with the internal CA.
*/}}

{{- define "atrium.internalTls.components" -}}
{{- $c := list "resource-store" "xds-server" "admission-webhook" -}}
{{- if .Values.metrics.enabled -}}{{- $c = append $c "metrics" -}}{{- end -}}
{{- toJson $c -}}
{{- end -}}

{{- define "atrium.internalTls.secretName" -}}
{{- printf "%s-internal-tls" (include "atrium.componentName" .) -}}
{{- end -}}

{{- define "atrium.internalTls.caName" -}}
{{- printf "%s-internal-ca" (include "atrium.fullname" .) -}}
{{- end -}}

{{/*
A component's names: its Service's DNS names; the store and the xds-server add localhost and
127.0.0.1 (kubectl port-forward: atriumctl, or atrium-dp --cp-address https://localhost:5678), the
xds-server xds.tls.extraSans. Takes (dict "root" $ "component" "..."); returns
{"dns": [...], "ips": [...]}.
*/}}
{{- define "atrium.internalTls.sans" -}}
{{- $svc := include "atrium.componentName" . -}}
{{- $ns := .root.Release.Namespace -}}
{{- $dns := list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.%s" $svc $ns .root.Values.clusterDomain) -}}
{{- $ips := list -}}
{{- if or (eq .component "resource-store") (eq .component "xds-server") -}}
{{- $dns = append $dns "localhost" -}}{{- $ips = append $ips "127.0.0.1" -}}
{{- end -}}
{{- if eq .component "xds-server" -}}
{{- range .root.Values.xds.tls.extraSans -}}
{{- if regexMatch "^[0-9.]+$|:" . -}}{{- $ips = append $ips . -}}{{- else -}}{{- $dns = append $dns . -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson (dict "dns" $dns "ips" $ips) -}}
{{- end -}}

{{/*
The CA and certificates Helm makes (internalTls.certManager.enabled false), base64 PEM:
{"ca": {cert, key}, "<component>": {cert, key}}. An earlier install's CA Secret and certificates are
reused (lookup), so an upgrade keeps what the services and the proxies already trust; a certificate
whose names changed is issued again by the same CA. Computed once per render and kept in .Values.
*/}}
{{- define "atrium.internalTls.generated" -}}
{{- if not (hasKey .Values "__atriumInternalTls") -}}
{{- $days := int .Values.internalTls.certificateValidityDays -}}
{{- $out := dict -}}
{{- $caSecret := lookup "v1" "Secret" .Release.Namespace (include "atrium.internalTls.caName" .) -}}
{{- $caData := dict -}}
{{- if $caSecret -}}{{- $caData = default dict $caSecret.data -}}{{- end -}}
{{- $ca := dict -}}
{{- if and (index $caData "tls.crt") (index $caData "tls.key") -}}
{{- $ca = buildCustomCert (index $caData "tls.crt") (index $caData "tls.key") -}}
{{- $_ := set $out "ca" (dict "cert" (index $caData "tls.crt") "key" (index $caData "tls.key")) -}}
{{- else -}}
{{- $ca = genCA (include "atrium.internalTls.caName" .) $days -}}
{{- $_ := set $out "ca" (dict "cert" ($ca.Cert | b64enc) "key" ($ca.Key | b64enc)) -}}
{{- end -}}
{{- range $component := include "atrium.internalTls.components" $ | fromJsonArray -}}
{{- $ctx := dict "root" $ "component" $component -}}
{{- $sans := include "atrium.internalTls.sans" $ctx | fromJson -}}
{{- $existing := lookup "v1" "Secret" $.Release.Namespace (include "atrium.internalTls.secretName" $ctx) -}}
{{- $data := dict -}}
{{- if $existing -}}{{- $data = default dict $existing.data -}}{{- end -}}
{{- $namesKey := printf "%s|%s" (join "," $sans.dns) (join "," $sans.ips) | sha256sum -}}
{{- $existingNames := "" -}}
{{- if $existing -}}{{- $existingNames = index (default dict $existing.metadata.annotations) "atrium.dev/sans-sha256" | default "" -}}{{- end -}}
{{- if and (index $data "tls.crt") (index $data "tls.key") (eq (index $data "ca.crt") $out.ca.cert) (eq $existingNames $namesKey) -}}
{{- $_ := set $out $component (dict "cert" (index $data "tls.crt") "key" (index $data "tls.key") "sans" $namesKey) -}}
{{- else -}}
{{- $cert := genSignedCert (index $sans.dns 2) $sans.ips $sans.dns $days $ca -}}
{{- $_ := set $out $component (dict "cert" ($cert.Cert | b64enc) "key" ($cert.Key | b64enc) "sans" $namesKey) -}}
{{- end -}}
{{- end -}}
{{- $_ := set .Values "__atriumInternalTls" $out -}}
{{- end -}}
{{- toJson (get .Values "__atriumInternalTls") -}}
{{- end -}}

{{/* The environment of a service that calls or serves the Store gRPC API; takes the root context. */}}
{{- define "atrium.internalTls.env" -}}
{{- if .Values.internalTls.enabled }}
- name: ATRIUM_INTERNAL_CA_FILE
  value: /etc/atrium/internal-tls/ca.crt
- name: ATRIUM_INTERNAL_TLS_CERT_FILE
  value: /etc/atrium/internal-tls/tls.crt
- name: ATRIUM_INTERNAL_TLS_KEY_FILE
  value: /etc/atrium/internal-tls/tls.key
{{- else }}
# internalTls.enabled false: plaintext between the services, for development only.
- name: ATRIUM_INTERNAL_TLS
  value: disabled
{{- end }}
{{- end -}}

{{- define "atrium.internalTls.volumeMount" -}}
- name: internal-tls
  mountPath: /etc/atrium/internal-tls
  readOnly: true
{{- end -}}

{{/* Takes (dict "root" $ "component" "..."). */}}
{{- define "atrium.internalTls.volume" -}}
- name: internal-tls
  secret:
    secretName: {{ include "atrium.internalTls.secretName" . }}
    defaultMode: 0440
{{- end -}}

{{/* A checksum of a component's certificate (Helm-made): a new one restarts the Pods, which read it at start. */}}
{{- define "atrium.internalTls.checksum" -}}
{{- if not .root.Values.internalTls.certManager.enabled }}
checksum/internal-tls: {{ (index (include "atrium.internalTls.generated" .root | fromJson) .component).cert | sha256sum }}
{{- end }}
{{- end -}}

{{/*
The webhook's serving certificate and what the webhook configurations need of it.
*/}}

{{- define "atrium.webhook.name" -}}
{{- include "atrium.componentName" (dict "root" . "component" "admission-webhook") -}}
{{- end -}}

{{/* The Secret holding tls.crt, tls.key and ca.crt, made by Helm or by cert-manager. */}}
{{- define "atrium.webhook.tlsSecretName" -}}
{{- printf "%s-tls" (include "atrium.webhook.name" .) -}}
{{- end -}}

{{/* The DNS names the API server may use for the webhook's Service. */}}
{{- define "atrium.webhook.dnsNames" -}}
{{- $svc := include "atrium.webhook.name" . -}}
{{- $ns := .Release.Namespace -}}
{{- toJson (list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.%s" $svc $ns .Values.clusterDomain)) -}}
{{- end -}}

{{/*
The certificate Helm makes (webhook.certManager.enabled false), base64 PEM as a Secret holds it:
{ca, cert, key}. The Secret of an earlier install or upgrade is reused (lookup), so an upgrade keeps
the CA the API server already trusts; otherwise (first install, or `helm template`, where lookup sees
no cluster) a new CA and serving certificate are generated. Computed once per render and kept in
.Values, so the Secret and both webhook configurations get the same CA.
*/}}
{{- define "atrium.webhook.generatedTls" -}}
{{- if not (hasKey .Values "__atriumWebhookTls") -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "atrium.webhook.tlsSecretName" .) -}}
{{- $data := dict -}}
{{- if $existing -}}{{- $data = default dict $existing.data -}}{{- end -}}
{{- $tls := dict -}}
{{- if and (index $data "ca.crt") (index $data "tls.crt") (index $data "tls.key") -}}
{{- $tls = dict "ca" (index $data "ca.crt") "cert" (index $data "tls.crt") "key" (index $data "tls.key") -}}
{{- else -}}
{{- $days := int .Values.webhook.certificateValidityDays -}}
{{- $ca := genCA (printf "%s-ca" (include "atrium.webhook.name" .)) $days -}}
{{- $names := include "atrium.webhook.dnsNames" . | fromJsonArray -}}
{{- $cert := genSignedCert (index $names 2) nil $names $days $ca -}}
{{- $tls = dict "ca" ($ca.Cert | b64enc) "cert" ($cert.Cert | b64enc) "key" ($cert.Key | b64enc) -}}
{{- end -}}
{{- $_ := set .Values "__atriumWebhookTls" $tls -}}
{{- end -}}
{{- toJson (get .Values "__atriumWebhookTls") -}}
{{- end -}}

{{/* With cert-manager, cainjector's annotation (it writes the caBundle): for a webhook configuration's metadata. */}}
{{- define "atrium.webhook.caInjectionAnnotation" -}}
{{- if .Values.webhook.certManager.enabled }}
annotations:
  cert-manager.io/inject-ca-from: {{ printf "%s/%s" .Release.Namespace (include "atrium.webhook.name" .) }}
{{- end }}
{{- end -}}

{{/* One webhook's clientConfig; takes (dict "root" $ "path" "/mutate/pods"). */}}
{{- define "atrium.webhook.clientConfig" -}}
clientConfig:
  service:
    name: {{ include "atrium.webhook.name" .root }}
    namespace: {{ .root.Release.Namespace }}
    path: {{ .path }}
    port: {{ .root.Values.webhook.service.port }}
  {{- if not .root.Values.webhook.certManager.enabled }}
  caBundle: {{ (include "atrium.webhook.generatedTls" .root | fromJson).ca }}
  {{- end }}
{{- end -}}

{{/* Namespaces never sent to the mutating webhook: kube-system and the control plane's own. */}}
{{- define "atrium.webhook.excludedNamespaces" -}}
- key: kubernetes.io/metadata.name
  operator: NotIn
  values: [kube-system, {{ .Release.Namespace }}]
{{- end -}}

{{/*
The store validates what it writes itself, and with the Kubernetes backend it writes kuma.io objects
through the API server: those requests skip the webhook, which would otherwise validate them twice
and, on a fresh install, hold the store's first write (the default Mesh) until the webhook is ready,
while the webhook waits for the store.
*/}}
{{- define "atrium.webhook.notFromStore" -}}
matchConditions:
  - name: not-from-the-resource-store
    expression: {{ printf "request.userInfo.username != 'system:serviceaccount:%s:%s'" .Release.Namespace (include "atrium.componentName" (dict "root" . "component" "resource-store")) | quote }}
{{- end -}}

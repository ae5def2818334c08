{{/*
Names, labels and the pieces every component's Deployment shares. Helpers that concern one
component take a dict: (dict "root" $ "component" "resource-store" "values" .Values.store).
*/}}

{{- define "atrium.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>, or <release>-<chart> when the release name does not contain the chart name. */}}
{{- define "atrium.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<component>: the name of a component's Deployment, Service and ServiceAccount. */}}
{{- define "atrium.componentName" -}}
{{- printf "%s-%s" (include "atrium.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "atrium.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object; takes (dict "root" $ "component" "...") — component may be empty. */}}
{{- define "atrium.labels" -}}
helm.sh/chart: {{ include "atrium.chart" .root }}
{{ include "atrium.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: atrium
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* What a component's Service and Deployment select its Pods by; never changes on upgrade. */}}
{{- define "atrium.selectorLabels" -}}
app.kubernetes.io/name: {{ include "atrium.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end -}}

{{/* repository:tag, the tag defaulting to the chart's appVersion. Takes (dict "root" $ "image" ...). */}}
{{- define "atrium.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/* The cluster-internal host name of a component's Service: <name>.<namespace>.svc */}}
{{- define "atrium.serviceHost" -}}
{{- printf "%s.%s.svc" (include "atrium.componentName" .) .root.Release.Namespace -}}
{{- end -}}

{{/* The store's Secret namespace and default namespace with the kubernetes backend. */}}
{{- define "atrium.store.systemNamespace" -}}
{{- default .Release.Namespace .Values.store.kubernetes.systemNamespace -}}
{{- end -}}

{{/* The xds-server's address as proxies' atrium-dp sees it: HTTPS, verified with the internal CA. */}}
{{- define "atrium.xds.address" -}}
{{- printf "https://%s:%d" (include "atrium.serviceHost" (dict "root" . "component" "xds-server")) (int .Values.xds.service.port) -}}
{{- end -}}

{{/* The Store gRPC API for the other services: host and port environment variables. */}}
{{- define "atrium.storeClientEnv" -}}
- name: ATRIUM_STORE_GRPC_HOST
  value: {{ include "atrium.serviceHost" (dict "root" . "component" "resource-store") | quote }}
- name: ATRIUM_STORE_GRPC_PORT
  value: {{ .Values.store.service.grpcPort | quote }}
{{- end -}}

{{/* The metrics service's control-plane targets: component=host:port of each service's /q/metrics. */}}
{{- define "atrium.metrics.controlPlaneTargets" -}}
{{- $targets := list -}}
{{- $targets = append $targets (printf "resource-store=%s:%d" (include "atrium.serviceHost" (dict "root" . "component" "resource-store")) (int .Values.store.service.httpPort)) -}}
{{- $targets = append $targets (printf "xds-server=%s:%d" (include "atrium.serviceHost" (dict "root" . "component" "xds-server")) (int .Values.xds.service.port)) -}}
{{- $targets = append $targets (printf "admission-webhook=%s:5444" (include "atrium.serviceHost" (dict "root" . "component" "admission-webhook"))) -}}
{{- $targets = append $targets (printf "metrics=%s:%d" (include "atrium.serviceHost" (dict "root" . "component" "metrics")) (int .Values.metrics.service.port)) -}}
{{- join "," $targets -}}
{{- end -}}

{{/* prometheus.io annotations for a Pod serving /q/metrics; takes (dict "root" $ "port" N ["scheme" "https"]). */}}
{{- define "atrium.scrapeAnnotations" -}}
{{- if .root.Values.metrics.scrapeAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /q/metrics
{{- with .scheme }}
prometheus.io/scheme: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
The Pod spec fields every component shares, after containers: takes (dict "root" $ "values" ...).
*/}}
{{- define "atrium.podScheduling" -}}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- with .values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
Quarkus' health endpoints as probes; takes (dict "port" "<port name>" ["scheme" "HTTPS"]). The startup probe gives a
slow start (a JVM on a small CPU share, the Kubernetes store listing every kind) three minutes.
*/}}
{{- define "atrium.probes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: {{ .port }}
    {{- with .scheme }}
    scheme: {{ . }}
    {{- end }}
  periodSeconds: 5
  failureThreshold: 36
livenessProbe:
  httpGet:
    path: /q/health/live
    port: {{ .port }}
    {{- with .scheme }}
    scheme: {{ . }}
    {{- end }}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: {{ .port }}
    {{- with .scheme }}
    scheme: {{ . }}
    {{- end }}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/* A component's PodDisruptionBudget; takes (dict "root" $ "component" "..." "values" ...). */}}
{{- define "atrium.podDisruptionBudget" -}}
{{- if .values.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "atrium.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "atrium.labels" . | nindent 4 }}
spec:
  {{- if hasKey .values.podDisruptionBudget "minAvailable" }}
  minAvailable: {{ .values.podDisruptionBudget.minAvailable }}
  {{- else }}
  maxUnavailable: {{ .values.podDisruptionBudget.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "atrium.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{/* A component's ServiceAccount; takes (dict "root" $ "component" "..." "automount" bool). */}}
{{- define "atrium.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "atrium.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "atrium.labels" . | nindent 4 }}
automountServiceAccountToken: {{ .automount }}
{{- end -}}

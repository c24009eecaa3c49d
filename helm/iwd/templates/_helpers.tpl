{{/* The release's base name: <release>-iwd, or the release name when it already contains the chart's name. */}}
{{- define "iwd.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "iwd.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object; call with (dict "ctx" $ "component" "iwd-api"). */}}
{{- define "iwd.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: iwd
{{ include "iwd.selectorLabels" . }}
{{- end -}}

{{- define "iwd.selectorLabels" -}}
app.kubernetes.io/name: {{ include "iwd.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end -}}

{{- define "iwd.image" -}}
{{- $tag := .ctx.Values.image.tag | default .ctx.Chart.AppVersion -}}
{{- printf "%s/%s/%s:%s" .ctx.Values.image.registry .ctx.Values.image.repository .component $tag -}}
{{- end -}}

{{- define "iwd.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "iwd.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The chart's own Secret (credentials given as values, and generated keys). */}}
{{- define "iwd.secretName" -}}{{ include "iwd.fullname" . }}-credentials{{- end -}}

{{/*
An env entry read from a Secret: the user's existingSecret when set, else the chart's Secret under chartKey.
Call with (dict "ctx" $ "env" "IWD_DB_PASSWORD" "cred" .Values.iwdDatabase "chartKey" "iwd-db-password").
*/}}
{{- define "iwd.secretEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      {{- if .cred.existingSecret }}
      name: {{ .cred.existingSecret }}
      key: {{ .cred.existingSecretKey }}
      {{- else }}
      name: {{ include "iwd.secretName" .ctx }}
      key: {{ .chartKey }}
      {{- end }}
{{- end -}}

{{/*
A generated credential: the value given, else the one already in the chart's Secret (upgrade), else a new random
one. Call with (dict "ctx" $ "value" "..." "key" "admin-api-key" "random" "alnum|bytes32").
*/}}
{{- define "iwd.generated" -}}
{{- if .value -}}
{{- .value | b64enc -}}
{{- else -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace (include "iwd.secretName" .ctx) -}}
{{- if and $existing (hasKey $existing.data .key) -}}
{{- index $existing.data .key -}}
{{- else if eq .random "bytes32" -}}
{{- randBytes 32 | b64enc -}}
{{- else -}}
{{- randAlphaNum 48 | b64enc -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Whether the Prometheus Operator objects are rendered. */}}
{{- define "iwd.prometheusOperator" -}}
{{- $mode := toString .Values.monitoring.prometheusOperator -}}
{{- if or (eq $mode "true") (and (eq $mode "auto") (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1")) -}}
true
{{- end -}}
{{- end -}}

{{/* The pod-level parts every IWD pod shares. Call with (dict "ctx" $ "values" .Values.api). */}}
{{- define "iwd.podCommon" -}}
serviceAccountName: {{ include "iwd.serviceAccountName" .ctx }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .ctx.Values.podSecurityContext | nindent 2 }}
{{- with .ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The container-level parts every IWD container shares: security context and the /tmp mount. */}}
{{- define "iwd.containerCommon" -}}
imagePullPolicy: {{ .ctx.Values.image.pullPolicy }}
securityContext:
  {{- toYaml .ctx.Values.securityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}

{{- define "iwd.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end -}}

{{/* Probes on the management port's health groups; startup gives a slow first start time without slowing liveness. */}}
{{- define "iwd.probes" -}}
startupProbe:
  httpGet: {path: /actuator/health/liveness, port: management}
  {{- toYaml .Values.probes.startup | nindent 2 }}
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: management}
  {{- toYaml .Values.probes.liveness | nindent 2 }}
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: management}
  {{- toYaml .Values.probes.readiness | nindent 2 }}
{{- end -}}

{{/*
The credentials etl-jobs reads, the Deployment's and the CronJobs' alike; the cluster datamart key unless the
CronJob's tenant brings its own. Call with (dict "ctx" $ "clusterKey" true).
*/}}
{{- define "iwd.etlSecretEnv" -}}
{{ include "iwd.secretEnv" (dict "ctx" .ctx "env" "IWDDM_DB_PASSWORD" "cred" .ctx.Values.datamartDatabase "chartKey" "iwddm-db-password") }}
{{ include "iwd.secretEnv" (dict "ctx" .ctx "env" "GIM_DB_PASSWORD" "cred" .ctx.Values.infoMart "chartKey" "gim-db-password") }}
{{- if .clusterKey }}
{{ include "iwd.secretEnv" (dict "ctx" .ctx "env" "IWD_DATAMART_API_KEY" "cred" .ctx.Values.apiKeys.datamart "chartKey" "datamart-api-key") }}
{{- end }}
{{- end -}}

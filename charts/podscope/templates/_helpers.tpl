{{/* The release's name for its objects: "podscope" for a release called podscope. */}}
{{- define "podscope.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "podscope.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "podscope.labels" -}}
{{ include "podscope.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "podscope.allowedHosts" -}}
{{- if .Values.allowedHosts -}}
{{- join "," .Values.allowedHosts -}}
{{- else if .Values.ingress.enabled -}}
{{- .Values.ingress.host -}}
{{- else -}}
podscope.example.com
{{- end -}}
{{- end -}}

{{/* Refuse what cannot work, before anything is applied. */}}
{{- define "podscope.validate" -}}
{{- if and (gt (int .Values.replicas) 1) (not .Values.database.existingSecret) -}}
{{- fail "replicas above 1 need database.existingSecret (PostgreSQL): the SQLite store has one writer" -}}
{{- end -}}
{{- if not (has .Values.auth.mode (list "token" "proxy")) -}}
{{- fail "auth.mode must be token or proxy (local mode is for one person's machine, not a cluster)" -}}
{{- end -}}
{{- if and (eq .Values.auth.mode "proxy") (not .Values.auth.proxy.existingSecret) -}}
{{- fail "auth.mode=proxy needs auth.proxy.existingSecret: a Secret with the proxy's shared secret" -}}
{{- end -}}
{{- if not (has .Values.recorder.mode (list "watched" "background")) -}}
{{- fail "recorder.mode must be watched or background" -}}
{{- end -}}
{{- end -}}

{{/* The chart's short name. */}}
{{- define "tuneloop.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name, the prefix of every object (63 characters at most, a DNS label). */}}
{{- define "tuneloop.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "tuneloop.labels" -}}
app.kubernetes.io/name: {{ include "tuneloop.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "tuneloop.releaseLabels" . }}
{{- end }}

{{/* The labels besides the selector's: chart, version, manager and commonLabels. */}}
{{- define "tuneloop.releaseLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component (operator or aggregator); never change after install. */}}
{{- define "tuneloop.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tuneloop.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "tuneloop.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tuneloop.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "tuneloop.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "tuneloop.leaseNamespace" -}}
{{- default .Release.Namespace .Values.operator.leaderElection.leaseNamespace }}
{{- end }}

{{/*
The container security context of every Tuneloop container: no root, no privilege escalation,
no capabilities, a read-only root filesystem (the writable paths are emptyDir volumes).
*/}}
{{- define "tuneloop.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "tuneloop.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
The operator's rules on BrokerClusters and the Pulsar objects it tunes, derived from the API calls
in operator/src/main (RbacCoverageTest checks them both ways against recorded traffic):
- brokerclusters: the JOSDK informer lists and watches them; a status write reads the resource,
  then patches its status subresource;
- tuningdecisions: listed by cluster label, created, read and their status patched, old ones deleted;
- statefulsets: read, and JSON-patched for replicas, pod-template annotations and bookie
  decommission bookkeeping (never the /scale subresource);
- configmaps: read, and JSON-patched for restart-required settings;
- pods: read one by name (roll and decommission progress), listed by label (metrics endpoints);
- persistentvolumeclaims: deleted after a bookie was safely decommissioned;
- secrets: one read, the Pulsar admin token the BrokerCluster names;
- events: created on the BrokerCluster for each decision.
*/}}
{{- define "tuneloop.operatorRules" -}}
- apiGroups: ["tuneloop.io"]
  resources: ["brokerclusters"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["tuneloop.io"]
  resources: ["brokerclusters/status"]
  verbs: ["patch"]
- apiGroups: ["tuneloop.io"]
  resources: ["tuningdecisions"]
  verbs: ["get", "list", "create", "delete"]
- apiGroups: ["tuneloop.io"]
  resources: ["tuningdecisions/status"]
  verbs: ["patch"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "patch"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "patch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["delete"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

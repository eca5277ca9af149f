/** A chart and its consumers for the tests of Helm changes (diff and the app). */
// `privileged` comes from `.Values.debug`: another key name, so only narrowing finds its line.
export const CHART: Record<string, string> = {
  'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
  'charts/api/values.yaml': `image:
  repository: ghcr.io/acme/api
  tag: "1.0.0"
debug: false
hostNetwork: false
securityContext:
  allowPrivilegeEscalation: false
`,
  'charts/api/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      hostNetwork: {{ .Values.hostNetwork }}
      containers:
        - name: api
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          securityContext:
            privileged: {{ .Values.debug }}
            {{- toYaml .Values.securityContext | nindent 12 }}
`,
};
export const FLUX_SYSTEM = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  url: https://github.com/acme/fleet
`;
export const release = (values: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: api
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: ./charts/api
      sourceRef:
        kind: GitRepository
        name: flux-system
        namespace: flux-system
  values:
${values}`;
export const SAFE_VALUES = `    replicas: 2
    hostNetwork: false
    debug: false
    image:
      tag: "1.0.0"
`;
export const ARGO_APP = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: api-argo
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/acme/fleet
    path: charts/api
    helm:
      valueFiles:
        - ../../values/api-prod.yaml
  destination:
    namespace: shop
`;

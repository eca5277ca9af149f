/**
 * A hardened, well-scoped application: restricted security context, digest-pinned image,
 * requests, limits, probes, its own service account without a token, a PSA-labelled
 * namespace, a ClusterIP Service, a TLS Ingress and a NetworkPolicy that keeps the cloud
 * metadata endpoint out of its egress. No workload or network rule may raise anything at
 * medium or above on it; every rule of these folders lists it as a valid case.
 */
const HARDENED_APP = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
        seccompProfile: {type: RuntimeDefault}
      initContainers:
        - name: migrate
          image: ghcr.io/example/web:1.4.2@sha256:4c1d7f6a0b2e9c8d5f3a1b7e6d4c2a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b
          command: ["/app/migrate"]
          env:
            - name: DB_HOST
              value: postgres.shop.svc
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 50m, memory: 64Mi}
            limits: {cpu: 200m, memory: 128Mi}
      containers:
        - name: web
          image: ghcr.io/example/web:1.4.2@sha256:4c1d7f6a0b2e9c8d5f3a1b7e6d4c2a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_PASSWORD_FILE
              value: /var/run/secrets/db/password
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          livenessProbe:
            httpGet: {path: /healthz, port: http}
          readinessProbe:
            httpGet: {path: /ready, port: http}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
            - {name: db, mountPath: /var/run/secrets/db, readOnly: true}
      volumes:
        - name: tmp
          emptyDir: {}
        - name: db
          secret: {secretName: web-db}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: ClusterIP
  selector: {app: web}
  ports:
    - {name: http, port: 80, targetPort: http}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {name: http}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except: [169.254.169.254/32, 10.0.0.0/8]
      ports:
        - {port: 443, protocol: TCP}
`;

/** Only rules at medium or above must stay silent on the hardened app; a valid case has no findings at all. */
export const hardenedCase = {
  name: 'hardened application (Namespace, ServiceAccount, Deployment, Service, Ingress, NetworkPolicy)',
  yaml: HARDENED_APP,
};

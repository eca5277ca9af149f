/**
 * Realistic secrets planted everywhere a GitOps repository keeps them, different on the base
 * and the head side of a change, and the check every output must pass: no 6-character run of
 * any of them (or of the base64 form a Secret's `data` holds) appears.
 */

export interface Planted {
  password: string;
  urlPassword: string;
  githubToken: string;
  annotationToken: string;
  helmPassword: string;
  secretString: string;
  secretData: string;
  embedded: string;
  awsKey: string;
}

export const BASE_SECRETS: Planted = {
  password: 'Zq8vWm3xKp2rTn6y',
  urlPassword: 'Hd4jLs9bQe1fVc',
  githubToken: 'ghp_Bq7Wd2Rf9Tk4Lm8Np3Xs6Vz1Cy5Hg0Ju2Ke',
  annotationToken: 'Ay7uIo3pEw5rTzQx',
  helmPassword: 'Mn2bVc8xZl4kJhGf',
  secretString: 'Ws9eDr4fTg7yHuJi',
  secretData: 'Pl0oKi9jUh8yGtFr',
  embedded: 'Rf5tGb6yHn7uJmKo',
  awsKey: 'AKIAQWERTZUIOPASDFGH',
};

export const HEAD_SECRETS: Planted = {
  password: 'Yx3cVb8nMq5wEr2t',
  urlPassword: 'Ko8iJu7hYg6tFr',
  githubToken: 'ghp_Xc4Vb9Nm2Qw7Er5Ty1Ui8Op3As6Df0Gh4Jk',
  annotationToken: 'Lk4jHg8fDs2aPo6i',
  helmPassword: 'Qa1zWs5xEd9cRf3v',
  secretString: 'Tg6yHn2uJm8iKo4l',
  secretData: 'Bv5cXz9aSd3fGh7j',
  embedded: 'Uj8iKo2lPq6wEr0t',
  awsKey: 'AKIAZXCVBNMLKJHGFDSA',
};

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Every form of the planted values that must not leave: the values and the base64 a Secret's `data` holds. */
export function forbidden(...sides: Planted[]): string[] {
  return sides.flatMap((s) => [...Object.values(s), b64(s.secretData)]);
}

/** The 6-character runs of `secrets` found in `output` (empty: no leak). */
export function leaks(output: string, secrets: readonly string[]): string[] {
  const found = new Set<string>();
  for (const secret of secrets) {
    for (let i = 0; i + 6 <= secret.length; i++) {
      const run = secret.slice(i, i + 6);
      if (output.includes(run)) found.add(`${run} (of ${secret.slice(0, 3)}…)`);
    }
  }
  return [...found];
}

/**
 * Manifests holding `s` in a ConfigMap (a credential key, a URL, an embedded properties file,
 * an annotation), a Deployment's env (a GitHub token, a DSN), Helm values and a Secret
 * (`stringData` and base64 `data`), an Argo CD repository Secret. `privileged` adds a finding the change introduces.
 */
export function plantedManifests(s: Planted, privileged: boolean): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: apps
  annotations:
    example.com/token: "${s.annotationToken}"
data:
  DB_PASSWORD: "${s.password}"
  database_url: "postgres://admin:${s.urlPassword}@db.example.com:5432/app"
  app.properties: |
    spring.datasource.password=${s.embedded}
    aws.accessKeyId=${s.awsKey}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: apps}
spec:
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1.0
          env:
            - name: API_TOKEN
              value: "${s.githubToken}"
            - name: DSN
              value: "mysql://root:${s.urlPassword}@mysql:3306/x"
${privileged ? '          securityContext:\n            privileged: true\n' : ''}---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: redis, namespace: apps}
spec:
  interval: 5m
  chart:
    spec: {chart: redis, version: 1.0.0, sourceRef: {kind: HelmRepository, name: bitnami}}
  values:
    auth:
      password: "${s.helmPassword}"
    existingToken: "${s.githubToken}"
---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: apps}
stringData:
  api-token: "${s.secretString}"
data:
  password: ${b64(s.secretData)}
---
apiVersion: v1
kind: Secret
metadata:
  name: repo
  namespace: argocd
  labels: {argocd.argoproj.io/secret-type: repository}
stringData:
  url: https://github.com/example/repo.git
  password: ${s.password}
`;
}

/** A custom CEL rule (on the base branch) whose message quotes a Secret's value. */
export const ECHO_RULE = `id: secret-echo
title: Echoes a Secret value
severity: high
description: A careless rule that quotes the value it judges.
remediation: Do not.
match:
  kinds: [Secret]
validations:
  - expression: "false"
    messageExpression: "'the token is ' + object.stringData['api-token'] + ' and the password ' + string(object.data.password)"
    message: fallback
`;

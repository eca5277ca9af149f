/** Manifests and payload builders shared by the app's end-to-end tests. */

export const BASE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

/** BASE_DEPLOYMENT plus `privileged: true` on lines 12-13 (pss-privileged, critical, with a fix on line 13). */
export const PRIVILEGED_DEPLOYMENT = `${BASE_DEPLOYMENT}          securityContext:
            privileged: true
`;

export const PRIVILEGED_PATCH = `@@ -8,4 +8,6 @@ spec:
     spec:
       containers:
         - name: app
           image: nginx:1.27
+          securityContext:
+            privileged: true`;

export const FIX_PATCH = `@@ -8,6 +8,4 @@ spec:
     spec:
       containers:
         - name: app
           image: nginx:1.27
-          securityContext:
-            privileged: true`;

export function manifestFile(filename: string, patch: string, status = 'modified') {
  return {
    sha: 'f'.repeat(40),
    filename,
    status,
    additions: 2,
    deletions: 0,
    changes: 2,
    blob_url: '',
    raw_url: '',
    contents_url: '',
    patch,
  };
}

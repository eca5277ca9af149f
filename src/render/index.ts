// Pure: targets, build closures, mapping of rendered fields to source lines, judgement of rendered targets.
export * from './plan/kustomization.js';
export * from './plan/closure.js';
export * from './plan/targets.js';
export * from './plan/mapping.js';
export * from './plan/substitute.js';
export * from './plan/judge-rendered.js';
export * from './plan/helm-chart.js';
export * from './plan/helm-values.js';
export * from './plan/helm-targets.js';
export * from './plan/helm-mapping.js';
// Adapters: binaries, the sandboxed runner, temporary copies, rendering a repository on disk.
export * from './exec/binaries.js';
export * from './exec/sandbox.js';
export * from './exec/render-target.js';
export * from './exec/render-helm.js';
export * from './exec/disk-repo.js';
export * from './exec/render-repository.js';
export * from './exec/render-scan.js';
export * from './plan/judge-rendered-change.js';
export * from './exec/renderer-port.js';

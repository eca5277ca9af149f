export * from './resource.js';
export * from './source-document.js';
export * from './load.js';
export * from './pod-spec.js';
export * from './fingerprint.js';
export * from './kustomize-patches.js';
export * from './resource-index.js';
export { SCHEMA_KINDS } from './document-head.js';

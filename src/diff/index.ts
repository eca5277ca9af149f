export * from './types.js';
export * from './diff-change.js';
export * from './line-diff.js';
export * from './unified-diff.js';
export * from './object-diff.js';
export * from './deltas/index.js';
export * from './finding-status.js';

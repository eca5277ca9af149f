export * from './types.js';
export * from './diff-change.js';

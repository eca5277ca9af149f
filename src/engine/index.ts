export * from './types.js';
export * from './define-rule.js';
export * from './options.js';
export * from './run-rules.js';
export * from './fix.js';
export * from './stable-path.js';
export * from './exceptions.js';
export * from './scan.js';

export * from './finding.js';
export * from './text.js';

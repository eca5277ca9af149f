export * from './finding.js';
export * from './text.js';
export * from './glob.js';

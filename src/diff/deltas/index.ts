export type { ActiveDelta } from './types.js';
export { deltaRules } from './all.js';
export { splitDeltaSettings } from './settings.js';

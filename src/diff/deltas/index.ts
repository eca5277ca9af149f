export type { ActiveDelta, DeltaContext, DeltaReport, DeltaRule } from './types.js';
export { defineDelta } from './types.js';
export { deltaRules } from './all.js';
export { splitDeltaSettings } from './settings.js';

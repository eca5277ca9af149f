export * from './types.js';
export { judgeChange } from './judge-change.js';
export { resolveSettings, DEFAULT_CONFIG_FILE } from './settings.js';
export { mayHoldPolicy } from './policies.js';
export { judgePush, type PushFacts, type PushJudgement } from './judge-push.js';

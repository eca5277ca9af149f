export * from './types.js';
export { judgeChange } from './judge-change.js';
export { resolveSettings } from './settings.js';
export { judgePush, type PushFacts, type PushJudgement } from './judge-push.js';

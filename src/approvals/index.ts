export * from './types.js';
export * from './config.js';
export {
  planApprovals,
  changesDeployment,
  invalidatesApprovals,
  likelyTeams,
  type PlanInput,
} from './plan.js';
export { judgeApprovals } from './judge.js';
export {
  planBlock,
  readPlanBlock,
  stateBlock,
  readStateBlock,
  MAX_BLOCK_CHARS,
  type ApprovalsState,
} from './block.js';

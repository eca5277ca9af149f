import * as z from 'zod';
import type { ApprovalPlan } from './types.js';

/**
 * The hidden, machine-readable blocks of our check runs: the approval plan of a head in the
 * manifest review's summary, and what the approvals run learnt (which reviewed commits changed what
 * is deployed) in its own. Each is the FIRST line of the summary, an HTML comment holding base64
 * JSON: base64 has no `-`, `<` or `>`, so nothing inside can close the comment, and repository text
 * (escaped by safe-text, placed after it) can never come first. Only the first line is read, only
 * from our own app's check run, and it is validated; it is small (MAX_BLOCK_CHARS) and first, so
 * GitHub's 65,535-character summary limit (truncation cuts the end) never cuts it.
 */

export const MAX_BLOCK_CHARS = 24_000;
const PLAN_TAG = 'gitops-guard:approvals-plan';
const STATE_TAG = 'gitops-guard:approvals-state';

const sha = z.string().regex(/^[0-9a-f]{40}$/);
const text = z.string().max(2_000);

const requirementSchema = z.strictObject({
  id: z.string().regex(/^[a-z]+(-\d+)?$/),
  kind: z.enum(['independent', 'production', 'security']),
  required: z.number().int().min(0).max(20),
  owners: z.array(z.string().max(200)).max(100),
  ownersSource: text.optional(),
  separateFromAuthorTeams: z.boolean(),
  reasons: z.array(text).max(50),
  moreReasons: z.number().int().min(0).optional(),
  problem: text.optional(),
});

const planSchema = z.strictObject({
  version: z.literal(1),
  headSha: sha,
  requirements: z.array(requirementSchema).max(50),
  countStale: z.boolean(),
  advisory: z.boolean(),
  bots: z.array(z.string().max(200)).max(100),
  teams: z.array(z.string().max(200)).max(50),
  deployPaths: z.strictObject({
    policyFolders: z.array(z.string().max(500)).max(50),
    configFile: z.string().max(500),
  }),
  notes: z.array(text).max(20),
});

export interface ApprovalsState {
  version: 1;
  headSha: string;
  /** Reviewed commits other than the head: whether what is deployed changed between them and the head. */
  deployChangedSince: Record<string, boolean>;
}

const stateSchema = z.strictObject({
  version: z.literal(1),
  headSha: sha,
  deployChangedSince: z.record(sha, z.boolean()),
});

function encode(tag: string, value: unknown): string {
  return `<!-- ${tag}=${Buffer.from(JSON.stringify(value), 'utf8').toString('base64')} -->`;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decode(tag: string, summary: string | null | undefined): unknown {
  if (!summary) return undefined;
  const firstLine = summary.slice(0, summary.indexOf('\n') < 0 ? summary.length : summary.indexOf('\n'));
  const open = `<!-- ${tag}=`;
  if (firstLine.length > MAX_BLOCK_CHARS || !firstLine.startsWith(open) || !firstLine.endsWith(' -->'))
    return undefined;
  const payload = firstLine.slice(open.length, -' -->'.length);
  if (!BASE64.test(payload)) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Drops reasons (then notes) until the block fits: the requirements themselves always stay. */
function shrink(plan: ApprovalPlan, keep: number): ApprovalPlan {
  return {
    ...plan,
    notes: plan.notes.slice(0, keep),
    requirements: plan.requirements.map((r) => ({
      ...r,
      reasons: r.reasons.slice(0, keep),
      ...(r.reasons.length > keep || r.moreReasons
        ? { moreReasons: (r.moreReasons ?? 0) + Math.max(0, r.reasons.length - keep) }
        : {}),
    })),
  };
}

/** The plan as the first line of the manifest review's summary (ends with a newline). */
export function planBlock(plan: ApprovalPlan): string {
  for (const keep of [Infinity, 10, 3, 1, 0]) {
    const block = encode(PLAN_TAG, keep === Infinity ? plan : shrink(plan, keep));
    if (block.length <= MAX_BLOCK_CHARS) return `${block}\n`;
  }
  // Requirements alone past the bound: never dropped silently, one requirement nobody can meet says so.
  const failed: ApprovalPlan = {
    ...shrink(plan, 0),
    requirements: [
      {
        id: 'security',
        kind: 'security',
        required: 1,
        owners: [],
        separateFromAuthorTeams: false,
        reasons: [],
        problem: `the approval plan (${plan.requirements.length} requirements) was too large to keep in the check run; re-run after narrowing the change`,
      },
    ],
  };
  return `${encode(PLAN_TAG, failed)}\n`;
}

/** The plan in a summary, when its first line is our valid block for `headSha`. */
export function readPlanBlock(summary: string | null | undefined, headSha: string): ApprovalPlan | undefined {
  const parsed = planSchema.safeParse(decode(PLAN_TAG, summary));
  return parsed.success && parsed.data.headSha === headSha ? (parsed.data as ApprovalPlan) : undefined;
}

export function stateBlock(state: ApprovalsState): string {
  const entries = Object.entries(state.deployChangedSince).slice(0, 100);
  return `${encode(STATE_TAG, { ...state, deployChangedSince: Object.fromEntries(entries) })}\n`;
}

export function readStateBlock(
  summary: string | null | undefined,
  headSha: string,
): ApprovalsState | undefined {
  const parsed = stateSchema.safeParse(decode(STATE_TAG, summary));
  return parsed.success && parsed.data.headSha === headSha ? parsed.data : undefined;
}

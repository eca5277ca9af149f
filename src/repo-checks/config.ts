import * as z from 'zod';
import { SEVERITIES, type Severity } from '../model/index.js';

const severity = z.enum(SEVERITIES);

/** The `repository` section of `.github/gitops-guard.yml`. Every key is optional; defaults in DEFAULT_REPOSITORY_CONFIG. */
export const repositoryConfigSchema = z.strictObject({
  signatures: z
    .strictObject({
      enabled: z
        .boolean()
        .optional()
        .describe('Check that every commit of the pull request is signed and verified (default true).'),
      severity: severity.optional().describe('Severity of an unsigned or unverified commit (default high).'),
      allowedBots: z
        .array(z.string())
        .optional()
        .describe(
          'Bot logins (`renovate[bot]`) whose unverified commits are accepted when the bot is both author and committer (default none).',
        ),
    })
    .optional(),
  codeowners: z
    .strictObject({
      enabled: z
        .boolean()
        .optional()
        .describe('Check CODEOWNERS coverage of the changed files (default true).'),
      severity: severity
        .optional()
        .describe(
          'Severity of an unowned changed file or a sensitive path without its owners (default high).',
        ),
      requireCoverage: z
        .boolean()
        .optional()
        .describe('Every changed file must have at least one owner (default true).'),
      changeSeverity: severity
        .optional()
        .describe(
          'Severity of a pull request that changes CODEOWNERS without touching sensitive paths (default medium).',
        ),
      sensitivePaths: z
        .array(
          z.strictObject({
            pattern: z.string().min(1).describe('Glob of sensitive paths (`clusters/prod/**`).'),
            owners: z
              .array(z.string().min(1))
              .min(1)
              .describe('At least one of these must own each matching path (`@org/security`).'),
          }),
        )
        .optional()
        .describe('Paths that must be owned by given owners.'),
    })
    .optional(),
  branchProtection: z
    .strictObject({
      enabled: z
        .boolean()
        .optional()
        .describe("Compare the base branch's protection with the baseline (default true)."),
      severity: severity
        .optional()
        .describe('Severity of a baseline requirement that is not met (default high).'),
      baseline: z
        .strictObject({
          requirePullRequest: z
            .boolean()
            .optional()
            .describe('Changes must go through a pull request (default true).'),
          requiredApprovals: z
            .number()
            .int()
            .min(0)
            .max(10)
            .optional()
            .describe('Approving reviews required (default 2).'),
          requireCodeOwnerReview: z.boolean().optional().describe('Code owners must approve (default true).'),
          dismissStaleReviews: z
            .boolean()
            .optional()
            .describe('New pushes dismiss approvals (default true).'),
          requireSignedCommits: z.boolean().optional().describe('Signed commits required (default true).'),
          requiredStatusChecks: z
            .array(z.string())
            .optional()
            .describe('Status checks that must be required (default [gitops-guard]).'),
          blockForcePushes: z.boolean().optional().describe('Force pushes blocked (default true).'),
          blockDeletions: z.boolean().optional().describe('Branch deletion blocked (default true).'),
          noAdminBypass: z
            .boolean()
            .optional()
            .describe('Administrators may not bypass the protection (default true).'),
        })
        .optional(),
    })
    .optional(),
});

export type RepositoryConfigInput = z.infer<typeof repositoryConfigSchema>;

export interface BranchProtectionBaseline {
  requirePullRequest: boolean;
  requiredApprovals: number;
  requireCodeOwnerReview: boolean;
  dismissStaleReviews: boolean;
  requireSignedCommits: boolean;
  requiredStatusChecks: string[];
  blockForcePushes: boolean;
  blockDeletions: boolean;
  noAdminBypass: boolean;
}

export interface RepositoryChecksConfig {
  signatures: { enabled: boolean; severity: Severity; allowedBots: string[] };
  codeowners: {
    enabled: boolean;
    severity: Severity;
    requireCoverage: boolean;
    changeSeverity: Severity;
    sensitivePaths: { pattern: string; owners: string[] }[];
  };
  branchProtection: { enabled: boolean; severity: Severity; baseline: BranchProtectionBaseline };
}

/** The name of this app's check run, required by the default baseline. */
const CHECK_NAME = 'gitops-guard';

const DEFAULT_REPOSITORY_CONFIG: RepositoryChecksConfig = {
  signatures: { enabled: true, severity: 'high', allowedBots: [] },
  codeowners: {
    enabled: true,
    severity: 'high',
    requireCoverage: true,
    changeSeverity: 'medium',
    sensitivePaths: [],
  },
  branchProtection: {
    enabled: true,
    severity: 'high',
    baseline: {
      requirePullRequest: true,
      requiredApprovals: 2,
      requireCodeOwnerReview: true,
      dismissStaleReviews: true,
      requireSignedCommits: true,
      requiredStatusChecks: [CHECK_NAME],
      blockForcePushes: true,
      blockDeletions: true,
      noAdminBypass: true,
    },
  },
};

/** Fills every unset key with its default. */
export function resolveRepositoryConfig(input: RepositoryConfigInput | undefined): RepositoryChecksConfig {
  const d = DEFAULT_REPOSITORY_CONFIG;
  const s = input?.signatures ?? {};
  const c = input?.codeowners ?? {};
  const b = input?.branchProtection ?? {};
  return {
    signatures: {
      enabled: s.enabled ?? d.signatures.enabled,
      severity: s.severity ?? d.signatures.severity,
      allowedBots: s.allowedBots ?? [],
    },
    codeowners: {
      enabled: c.enabled ?? d.codeowners.enabled,
      severity: c.severity ?? d.codeowners.severity,
      requireCoverage: c.requireCoverage ?? d.codeowners.requireCoverage,
      changeSeverity: c.changeSeverity ?? d.codeowners.changeSeverity,
      sensitivePaths: c.sensitivePaths ?? [],
    },
    branchProtection: {
      enabled: b.enabled ?? d.branchProtection.enabled,
      severity: b.severity ?? d.branchProtection.severity,
      baseline: {
        ...d.branchProtection.baseline,
        ...Object.fromEntries(Object.entries(b.baseline ?? {}).filter(([, v]) => v !== undefined)),
      },
    },
  };
}

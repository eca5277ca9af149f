import * as z from 'zod';

/** The `approvals` section of `.github/gitops-guard.yml` (docs/approvals.md). Every key is optional. */

const count = z.number().int().min(0).max(20);
const owners = z.array(z.string().min(1));

export const approvalsConfigSchema = z.strictObject({
  enabled: z
    .boolean()
    .optional()
    .describe('Publish the `gitops-guard / approvals` check run (default true).'),
  required: count
    .optional()
    .describe('Approvals that count needed by any pull request that changes what is deployed (default 1).'),
  countStaleApprovals: z
    .boolean()
    .optional()
    .describe(
      'Count approvals given before the latest push that changed what is deployed (default false: they are stale).',
    ),
  bots: z
    .array(z.string().min(1))
    .optional()
    .describe(
      'Logins whose approvals never count, beside every account GitHub marks as a bot (`renovate[bot]`).',
    ),
  teams: owners
    .optional()
    .describe(
      'Teams (`@org/team`) that separate duties: a production approval from someone who shares one of them with the author does not count. Needs the Members: read permission.',
    ),
  production: z
    .strictObject({
      required: count
        .optional()
        .describe(
          'Approvals from owners (CODEOWNERS of the base branch) of the changed production paths (default 1).',
        ),
    })
    .optional()
    .describe(
      'Changes to what `production` names (paths, namespaces, Argo CD destinations, rendered targets).',
    ),
  security: z
    .strictObject({
      owners: owners
        .optional()
        .describe(
          'Who answers for security (`@org/security`, `@user`); default: the CODEOWNERS owners of `.github/gitops-guard.yml` on the base branch.',
        ),
      required: count
        .optional()
        .describe(
          'Approvals from security owners needed by a risky delta, a new suppression or an edit of CODEOWNERS, this configuration or the policies (default 1).',
        ),
    })
    .optional(),
});

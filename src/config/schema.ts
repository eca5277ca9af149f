import * as z from 'zod';
import { approvalsConfigSchema } from '../approvals/config.js';
import { SEVERITIES } from '../model/index.js';
import { repositoryConfigSchema } from '../repo-checks/config.js';

const severity = z.enum(SEVERITIES);
const globs = z.array(z.string());

const ruleSetting = z.union([
  z.literal('off'),
  z.literal(false), // `off` read by a YAML 1.1 parser
  severity,
  z.strictObject({
    enabled: z.boolean().optional().describe('Turn the rule on or off.'),
    severity: severity.optional().describe('Severity of its findings.'),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("The rule's parameters (see its doc page)."),
  }),
]);

const exception = z.strictObject({
  rule: z.string().describe('Rule id, or a glob of rule ids (`pss-*`).'),
  resource: z
    .strictObject({
      kind: z.string().optional(),
      namespace: z.string().optional(),
      name: z.string().optional(),
    })
    .optional()
    .describe('Globs on the resource kind, namespace and name.'),
  path: z.string().optional().describe('Glob on the file path.'),
  reason: z.string().min(1).describe('Why the finding is accepted (required).'),
  expires: z
    .union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'), z.date()])
    .optional()
    .describe('Date (YYYY-MM-DD) after which the exception stops applying.'),
});

/** `.github/gitops-guard.yml`. Unknown keys are errors, so a typo never silently disables a check. */
export const configSchema = z.strictObject({
  _extends: z
    .string()
    .optional()
    .describe(
      "Inherit from another repository's file (`.github`, `other-repo`, `owner/repo:path.yml`). Followed by the GitHub App (Probot); the CLI reads this file alone.",
    ),
  paths: z
    .strictObject({
      include: globs
        .optional()
        .describe('Globs of manifest files (default: every .yaml, .yml and .json file).'),
      exclude: globs.optional().describe('Globs of files never scanned.'),
    })
    .optional(),
  packs: z
    .array(z.string())
    .optional()
    .describe('Policy packs to enable (policies/<name>.yml). Default: `recommended`.'),
  profile: z
    .enum(['baseline', 'restricted'])
    .optional()
    .describe('Pod Security Standards level (default restricted).'),
  pssVersion: z
    .string()
    .regex(/^(latest|v?\d+\.\d+)$/, 'expected "latest" or a version like v1.35')
    .optional(),
  severityThreshold: severity
    .optional()
    .describe('Findings at or above this severity fail the check (default high).'),
  rules: z
    .record(z.string(), ruleSetting)
    .optional()
    .describe('Per-rule `off`, a severity, or `{enabled, severity, params}`.'),
  production: z
    .strictObject({
      namespaces: globs.optional(),
      paths: globs.optional(),
      clusters: globs.optional(),
    })
    .optional()
    .describe(
      'What counts as production: namespaces, file path globs, Argo CD destination servers or names.',
    ),
  exceptions: z.array(exception).optional(),
  review: z
    .strictObject({
      comments: z.enum(['on', 'off']).optional().describe('Inline review comments (default on).'),
      drafts: z.boolean().optional().describe('Comment on draft pull requests too (default false).'),
      maxComments: z.number().int().min(0).max(100).optional(),
      advisory: z.boolean().optional().describe('Conclude `neutral` instead of `failure`.'),
      failOn: z.enum(['introduced', 'existing']).optional(),
    })
    .optional(),
  repository: repositoryConfigSchema
    .optional()
    .describe('Repository checks (signatures, CODEOWNERS, branch protection).'),
  policies: z
    .strictObject({
      paths: globs.optional().describe('Folders of custom rules and admission policies.'),
      repository: z
        .strictObject({
          name: z
            .string()
            .regex(/^[\w.-]+\/[\w.-]+$/, 'owner/repo')
            .describe('The repository holding more admission policies (`owner/repo`).'),
          ref: z
            .string()
            .min(1)
            .optional()
            .describe("Branch, tag or commit (default: that repository's default branch)."),
          paths: globs
            .optional()
            .describe('Globs of its policy files (default: every .yaml, .yml and .json file).'),
        })
        .optional()
        .describe(
          "Admission policies (ValidatingAdmissionPolicy, Kyverno) from another repository, applied beside the base branch's own.",
        ),
    })
    .optional(),
  render: z
    .strictObject({
      enabled: z
        .boolean()
        .optional()
        .describe(
          'Render Kustomize targets and judge what they deploy (default true when a renderer is found).',
        ),
      kustomize: z
        .string()
        .min(1)
        .optional()
        .describe(
          'Path of a kustomize binary to render with (the CLI; default: kustomize or kubectl on PATH, else the bundled kubectl).',
        ),
      kubectl: z
        .string()
        .min(1)
        .optional()
        .describe('Path of a kubectl binary to render with (`kubectl kustomize`).'),
      repoURLs: z
        .array(z.string().min(1))
        .optional()
        .describe(
          'URLs of this repository: only Flux GitRepositories and Argo CD sources with one of them are rendered as targets (default: the flux-system GitRepository and any source whose path exists here).',
        ),
      remoteBases: z
        .array(z.string().min(1))
        .optional()
        .describe(
          'URL prefixes of Kustomize remote bases that may be fetched (git over HTTPS, e.g. `https://github.com/acme/`; `http://` only for a loopback host). Empty by default: every remote base is refused. Read from the base branch only.',
        ),
      helm: z
        .strictObject({
          binary: z
            .string()
            .min(1)
            .optional()
            .describe('Path of a helm binary (default: helm on PATH, else the bundled helm 4).'),
          kubeVersion: z
            .string()
            .min(1)
            .optional()
            .describe(
              'Kubernetes version passed to `helm template --kube-version` (Capabilities.KubeVersion).',
            ),
          repositories: z
            .array(z.string().min(1))
            .optional()
            .describe(
              'Chart repositories whose charts may be pulled: HTTP(S) chart repository URLs (exact), or OCI registries `oci://host/path` (that repository and every one below it; `http://127.0.0.1:port/path` for a plain-HTTP loopback registry). Empty by default: a release of any other remote chart is a note, not rendered. Read from the base branch only.',
            ),
          narrowingRenders: z
            .number()
            .int()
            .min(0)
            .max(64)
            .optional()
            .describe(
              'For a change: extra renders per Helm target, one per changed value reverted, to point a finding the change introduces at the value that causes it (default 8; more changed values and the finding says it could not be narrowed down).',
            ),
        })
        .optional()
        .describe('Rendering of Helm charts (docs/rendering.md#helm).'),
    })
    .optional()
    .describe('Rendering of Kustomize overlays and Helm charts (docs/rendering.md).'),
  approvals: approvalsConfigSchema
    .optional()
    .describe('Separation of duties: the `gitops-guard / approvals` check run (docs/approvals.md).'),
});

export type Config = z.infer<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSetting>;

/** JSON Schema of the configuration, published as schema/gitops-guard.schema.json. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
}

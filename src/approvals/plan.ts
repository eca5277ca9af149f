import { globMatch as matchesGlob } from '../model/index.js';
import { isPolicyRulePath, policyFolders } from '../config/paths.js';
import type { Config } from '../config/schema.js';
import { deltaRules, type ChangedFile, type ResourceChange } from '../diff/index.js';
import { SUPPRESSION_ADDED_RULE } from '../diff/new-suppressions.js';
import type { ScanOptions } from '../engine/index.js';
import { loadManifestFile, type Resource } from '../manifests/index.js';
import type { Finding } from '../model/index.js';
import {
  CODEOWNERS_LOCATIONS,
  isUnavailable,
  ownersOf,
  parseCodeowners,
  type CodeownersFile,
  type MaybeAvailable,
} from '../repo-checks/index.js';
import { appSpecOf, destinationOf, fileMatches } from '../rules/argocd/_lib/argocd.js';
import type { ApprovalPlan, DeployPaths, Requirement } from './types.js';

/**
 * What a change requires in approvals, from what it does: pure, from the manifest review's own
 * judgement (risky deltas, new suppressions, changed resources) and the base branch's CODEOWNERS
 * and configuration. The plan travels in the review's check run (block.ts) so a review event
 * re-judges approvals without a new review.
 */

export interface PlanInput {
  headSha: string;
  /** Every changed path of the change. */
  changedPaths: readonly { path: string; previousPath?: string }[];
  /** The changed manifests with both texts (for Argo CD destinations and Flux target namespaces). */
  manifests: readonly ChangedFile[];
  /** The judgement's findings (risky deltas, `suppression-added`, rendered targets). */
  findings: readonly Finding[];
  resources: readonly ResourceChange[];
  config: Config;
  production: ScanOptions['production'];
  configFile: string;
  /** CODEOWNERS of the base branch (undefined: none). */
  codeowners: MaybeAvailable<CodeownersFile | undefined> | undefined;
}

/** Reasons kept per requirement in the plan; the rest are counted. */
const MAX_REASONS = 20;
const MAX_PRODUCTION_GROUPS = 20;

const RISKY_DELTAS = new Set(deltaRules.map((d) => d.id));
const DOCUMENTATION = /\.(md|markdown|mdx|rst|adoc|txt|png|jpe?g|gif|svg|drawio)$/i;
const DOC_NAMES = /(^|\/)(LICENSE|NOTICE|AUTHORS|CHANGELOG|OWNERS)(\.[^/]*)?$/i;

/** Admission and policy-engine kinds: a change to one is a change to the repository's policies. */
function isPolicyResource(resource: { apiVersion: string; kind: string }): boolean {
  const group = resource.apiVersion.includes('/') ? resource.apiVersion.split('/')[0]! : '';
  if (group === 'admissionregistration.k8s.io')
    return /^(Validating|Mutating)AdmissionPolicy(Binding)?$|WebhookConfiguration$/.test(resource.kind);
  if (group === 'kyverno.io' || group.endsWith('.kyverno.io')) return true;
  return group === 'templates.gatekeeper.sh' || group === 'constraints.gatekeeper.sh';
}

/**
 * Whether a changed path changes what is deployed or what judges it: manifests and policies as the
 * configuration names them, this configuration, and any other file except documentation and
 * `.github/` (a Kustomize generator or a Helm chart may read any file: unknown files count, failing closed).
 */
export function changesDeployment(path: string, deploy: DeployPaths): boolean {
  if (path === deploy.configFile || isPolicyRulePath(path, { policies: { paths: deploy.policyFolders } }))
    return true;
  return !(path.startsWith('.github/') || DOCUMENTATION.test(path) || DOC_NAMES.test(path));
}

/** Whether a change between two commits makes approvals given on the older one stale. */
export function invalidatesApprovals(path: string, deploy: DeployPaths): boolean {
  return changesDeployment(path, deploy) || (CODEOWNERS_LOCATIONS as readonly string[]).includes(path);
}

function globMatch(value: string | undefined, globs: readonly string[]): string | undefined {
  if (!value) return undefined;
  return globs.find((g) => {
    try {
      return matchesGlob(value, g, { dot: true });
    } catch {
      return false;
    }
  });
}

function describe(resource: { kind: string; namespace?: string; name: string }): string {
  return `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`;
}

/** Why a changed manifest file touches production, one reason per resource or path. */
function productionReasons(input: PlanInput): Map<string, string[]> {
  const { production } = input;
  const byFile = new Map<string, string[]>();
  const add = (file: string, reason: string) => {
    const list = byFile.get(file) ?? [];
    if (!list.includes(reason)) list.push(reason);
    byFile.set(file, list);
  };
  for (const { path, previousPath } of input.changedPaths) {
    for (const p of previousPath ? [path, previousPath] : [path])
      if (production.paths.length && fileMatches(p, production.paths))
        add(path, `\`${p}\` is a production path (\`production.paths\`)`);
  }
  for (const change of input.resources) {
    const { resource } = change;
    const ns = resource.kind === 'Namespace' && !resource.namespace ? resource.name : resource.namespace;
    const glob = globMatch(ns, production.namespaces);
    if (glob)
      add(
        change.file,
        `${describe(resource)} (${change.change}) is in production namespace \`${ns}\` (\`${glob}\`)`,
      );
  }
  // Argo CD destinations and Flux target namespaces need the objects: only files with such a changed resource are read.
  const deployers = new Set(
    input.resources
      .filter((r) =>
        ['Application', 'ApplicationSet', 'Kustomization', 'HelmRelease'].includes(r.resource.kind),
      )
      .map((r) => r.file),
  );
  for (const file of input.manifests) {
    if (!deployers.has(file.path)) continue;
    for (const side of [file.head, file.base]) {
      if (typeof side !== 'string') continue;
      for (const resource of loadManifestFile(file.path, side).resources) {
        const reason = deployerTarget(resource, production);
        if (reason) add(file.path, reason);
      }
    }
  }
  for (const finding of input.findings) {
    for (const target of finding.targets ?? []) {
      const targetPath = target.split(' (')[0]!;
      if (production.paths.length && fileMatches(targetPath, production.paths))
        add(finding.file, `rendered into production target \`${target}\``);
    }
  }
  return byFile;
}

function deployerTarget(resource: Resource, production: ScanOptions['production']): string | undefined {
  const app = appSpecOf(resource);
  if (app) {
    const dest = destinationOf(app);
    const ns = globMatch(dest.namespace, production.namespaces);
    const cluster = globMatch(dest.server, production.clusters) ?? globMatch(dest.name, production.clusters);
    if (ns) return `Argo CD ${describe(resource)} deploys to production namespace \`${dest.namespace}\``;
    if (cluster)
      return `Argo CD ${describe(resource)} deploys to production cluster \`${dest.server ?? dest.name}\``;
    return undefined;
  }
  if (
    resource.group.endsWith('toolkit.fluxcd.io') &&
    ['Kustomization', 'HelmRelease'].includes(resource.kind)
  ) {
    const spec = resource.object.spec as Record<string, unknown> | undefined;
    const target = typeof spec?.targetNamespace === 'string' ? spec.targetNamespace : undefined;
    if (globMatch(target, production.namespaces))
      return `Flux ${describe(resource)} deploys to production namespace \`${target}\``;
  }
  return undefined;
}

/** Why the change needs a security owner: risky deltas, new suppressions, edits of CODEOWNERS, configuration, policies. */
function securityReasons(input: PlanInput): string[] {
  const reasons: string[] = [];
  for (const f of input.findings) {
    if (f.status !== 'introduced') continue;
    const where = `${f.resource ? `${describe(f.resource)} in ` : ''}\`${f.file}\``;
    if (RISKY_DELTAS.has(f.ruleId)) reasons.push(`risky delta \`${f.ruleId}\`: ${where}: ${f.message}`);
    else if (f.ruleId === SUPPRESSION_ADDED_RULE) reasons.push(`new suppression: ${where}: ${f.message}`);
  }
  const folders = policyFolders(input.config);
  for (const { path, previousPath } of input.changedPaths) {
    const paths = previousPath ? [path, previousPath] : [path];
    if (paths.some((p) => (CODEOWNERS_LOCATIONS as readonly string[]).includes(p)))
      reasons.push(`edits CODEOWNERS (\`${path}\`)`);
    else if (paths.includes(input.configFile))
      reasons.push(`edits this app's configuration, its exceptions included (\`${path}\`)`);
    else if (paths.some((p) => isPolicyRulePath(p, { policies: { paths: folders } })))
      reasons.push(`edits the repository's policies (\`${path}\`)`);
  }
  for (const change of input.resources)
    if (isPolicyResource(change.resource))
      reasons.push(
        `edits the repository's policies: ${describe(change.resource)} (${change.change}) in \`${change.file}\``,
      );
  return [...new Set(reasons)];
}

function capped(reasons: string[]): Pick<Requirement, 'reasons' | 'moreReasons'> {
  return reasons.length > MAX_REASONS
    ? { reasons: reasons.slice(0, MAX_REASONS), moreReasons: reasons.length - MAX_REASONS }
    : { reasons };
}

/** The requirements of a change (none when it changes nothing deployed and nothing sensitive). */
export function planApprovals(input: PlanInput): ApprovalPlan {
  const approvals = input.config.approvals ?? {};
  const deployPaths: DeployPaths = {
    policyFolders: policyFolders(input.config),
    configFile: input.configFile,
  };
  const notes: string[] = [];
  const parsed =
    input.codeowners && !isUnavailable(input.codeowners) ? parseCodeowners(input.codeowners.text) : undefined;
  const codeownersNote = isUnavailable(input.codeowners)
    ? `CODEOWNERS of the base branch could not be read (${input.codeowners.unavailable})`
    : undefined;
  if (codeownersNote) notes.push(`${codeownersNote}: owners of paths are unknown.`);

  // Security owners: configured, else the CODEOWNERS owners of this configuration file.
  let securityOwners = approvals.security?.owners ?? [];
  let securitySource = 'approvals.security.owners';
  if (securityOwners.length === 0 && parsed) {
    securityOwners = ownersOf(parsed, input.configFile).owners;
    securitySource = `CODEOWNERS owners of \`${input.configFile}\` (${input.codeowners && !isUnavailable(input.codeowners) ? input.codeowners.path : ''}, base branch)`;
  }
  const noSecurityOwners =
    securityOwners.length === 0
      ? `no security owners: set \`approvals.security.owners\`, or give \`${input.configFile}\` an owner in CODEOWNERS${codeownersNote ? ` (${codeownersNote})` : ''}`
      : undefined;

  const requirements: Requirement[] = [];
  const deploying = input.changedPaths.filter(
    (p) =>
      changesDeployment(p.path, deployPaths) ||
      (p.previousPath !== undefined && changesDeployment(p.previousPath, deployPaths)),
  );
  const required = approvals.required ?? 1;
  if (deploying.length && required > 0)
    requirements.push({
      id: 'independent',
      kind: 'independent',
      required,
      owners: [],
      separateFromAuthorTeams: false,
      ...capped(deploying.map((p) => `changes what is deployed: \`${p.path}\``)),
    });

  // Production: the changed production paths grouped by their owners.
  const productionRequired = approvals.production?.required ?? 1;
  const byFile = productionReasons(input);
  if (byFile.size && productionRequired > 0) {
    const groups = new Map<string, { owners: string[]; source: string; reasons: string[] }>();
    for (const [file, reasons] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
      const owners = parsed ? ownersOf(parsed, file).owners : [];
      const key = owners.length
        ? owners
            .map((o) => o.toLowerCase())
            .sort()
            .join(' ')
        : '';
      const group = groups.get(key) ?? {
        owners: owners.length ? owners : securityOwners,
        source: owners.length
          ? 'CODEOWNERS of the base branch'
          : `no CODEOWNERS owner${codeownersNote ? ` (${codeownersNote})` : ''}, so the security owners (${securitySource})`,
        reasons: [],
      };
      group.reasons.push(...reasons);
      groups.set(key, group);
    }
    let n = 0;
    for (const group of [...groups.values()].slice(0, MAX_PRODUCTION_GROUPS)) {
      n++;
      requirements.push({
        id: `production-${n}`,
        kind: 'production',
        required: productionRequired,
        owners: group.owners,
        ownersSource: group.source,
        separateFromAuthorTeams: (approvals.teams ?? []).length > 0,
        ...capped(group.reasons),
        ...(group.owners.length === 0 && noSecurityOwners ? { problem: noSecurityOwners } : {}),
      });
    }
    if (groups.size > MAX_PRODUCTION_GROUPS)
      notes.push(
        `Production paths with more than ${MAX_PRODUCTION_GROUPS} different sets of owners: only the first ${MAX_PRODUCTION_GROUPS} are required.`,
      );
  }

  const security = securityReasons(input);
  const securityRequired = approvals.security?.required ?? 1;
  if (security.length && securityRequired > 0)
    requirements.push({
      id: 'security',
      kind: 'security',
      required: securityRequired,
      owners: securityOwners,
      ownersSource: securitySource,
      separateFromAuthorTeams: false,
      ...capped(security),
      ...(noSecurityOwners ? { problem: noSecurityOwners } : {}),
    });

  return {
    version: 1,
    headSha: input.headSha,
    requirements,
    countStale: approvals.countStaleApprovals ?? false,
    advisory: input.config.review?.advisory ?? false,
    bots: approvals.bots ?? [],
    teams: approvals.teams ?? [],
    deployPaths,
    notes,
  };
}

/** Teams among owners (`@org/team`; `@user` and e-mail owners are not teams). */
const teamsAmong = (owners: readonly string[]) => owners.filter((o) => /^@[^/]+\/.+/.test(o));

/** At most this many teams are asked before the plan is known (each is one field of a query). */
const MAX_LIKELY_TEAMS = 20;

/**
 * The teams whose members a change's approvals will most likely need, before its plan exists, so
 * they can ride in a query the review already makes: `approvals.teams`, the security owners, and
 * the CODEOWNERS owners of the changed paths and of the configuration file. A team the plan needs
 * beyond these (an owner of a rendered base file) is read afterwards.
 */
export function likelyTeams(input: {
  config: Config;
  configFile: string;
  changedPaths: readonly { path: string; previousPath?: string }[];
  codeowners?: MaybeAvailable<CodeownersFile | undefined>;
}): string[] {
  const approvals = input.config.approvals ?? {};
  const teams = [...teamsAmong(approvals.teams ?? []), ...teamsAmong(approvals.security?.owners ?? [])];
  const parsed =
    input.codeowners && !isUnavailable(input.codeowners) ? parseCodeowners(input.codeowners.text) : undefined;
  if (parsed)
    for (const path of [
      input.configFile,
      ...input.changedPaths.flatMap((p) => (p.previousPath ? [p.path, p.previousPath] : [p.path])),
    ])
      teams.push(...teamsAmong(ownersOf(parsed, path).owners));
  return [...new Map(teams.map((t) => [t.toLowerCase(), t])).values()].slice(0, MAX_LIKELY_TEAMS);
}

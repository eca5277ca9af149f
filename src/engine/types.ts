import type * as z from 'zod';
import type { Severity } from '../model/index.js';
import type { PathSegment, Resource } from '../manifests/index.js';

export type RuleCategory =
  | 'pod-security'
  | 'workload'
  | 'rbac'
  | 'secrets'
  | 'network'
  | 'argocd'
  | 'flux'
  | 'policy'
  | 'manifest'
  | 'repository';

/** Equivalent checks of other tools, so users can map our findings to what they know. */
export interface RuleReferences {
  /** Pod Security Standards: `"<level>:<checkId>"` with k8s.io/pod-security-admission check ids. */
  pss?: string[];
  polaris?: string[];
  'kube-linter'?: string[];
  checkov?: string[];
  trivy?: string[];
  kubescape?: string[];
  /** Documentation links. */
  links?: string[];
}

export interface RuleMeta<P = unknown> {
  /** Stable kebab-case id; the file name. */
  id: string;
  title: string;
  severity: Severity;
  category: RuleCategory;
  description: string;
  /** What to do about it; ends with a period. */
  remediation: string;
  references: RuleReferences;
  /** Pod Security Standards profile the rule belongs to; restricted rules are skipped under `--profile baseline`. */
  pssLevel?: 'baseline' | 'restricted';
  /** Off unless a policy pack or the configuration turns it on (default: on). */
  enabledByDefault?: boolean;
  /** Parameters with their defaults (a zod object with `.default()` on each field). */
  parameters?: z.ZodType<P>;
  /** Findings this rule produces come from the loader or the engine, not from `check`. */
  engineFinding?: boolean;
  /**
   * The other resources its verdict on a resource reads (through `context.resources`). Required of
   * every rule that reads them (a meta-test checks it): a diff judges again the unchanged resources
   * whose verdict a change may alter, and reads only this context (docs/writing-rules.md).
   */
  dependsOn?: readonly ResourceDependency[];
}

/** "The verdict on a resource reads resources of these kinds, found this way." */
export interface ResourceDependency {
  /** The kinds it reads, as `group/Kind` (`/ServiceAccount` for the core group). */
  kinds: readonly string[];
  relation: ResourceRelation;
}

/**
 * How a judged resource finds the others it reads. Generous where exact is costly: a relation may
 * link resources whose verdict turns out not to change (they are judged again for nothing), never
 * miss one that does.
 */
interface ResourceRelation {
  /** `roleRef`, `serviceAccountName`, ...: for docs and messages. */
  name: string;
  /** In words, for the rule's documentation: "the Role or ClusterRole its roleRef names". */
  description: string;
  /** Whether `resource` (one the rule matches) may read `other` (a resource of one of the kinds). */
  links(resource: Resource, other: Resource): boolean;
  /**
   * Text that a document holding something `resource` reads contains at least one of (a sound
   * filter before parsing: a name is written in the document that holds it); undefined: any document.
   */
  needles(resource: Resource): readonly string[] | undefined;
  /** Text that a document holding a resource that reads `other` contains at least one of; undefined: any. */
  readerNeedles(other: Resource): readonly string[] | undefined;
}

export interface Rule<P = unknown> extends RuleMeta<P> {
  /** Which resources the rule looks at (all when omitted). */
  match?: (resource: Resource) => boolean;
  check(resource: Resource, context: RuleContext<P>): void;
  /**
   * Kinds (any API group) this rule reads through `context.resources` beyond those of `dependsOn`:
   * the compiled policies' Namespaces and params. A streaming scan keeps only the kinds its rules
   * declare in either (src/engine/scan-context.ts).
   */
  lookups?: readonly string[];
}

export type PssLevel = 'baseline' | 'restricted';

/** A Pod Security Standards version: `{ major: 1, minor: 35 }`. */
export interface PssVersion {
  major: number;
  minor: number;
}

interface ProductionSettings {
  namespaces: string[];
  /** Globs on file paths. */
  paths: string[];
  /** Argo CD destination server URLs or cluster names considered production. */
  clusters: string[];
}

export interface ScanOptions {
  profile: PssLevel;
  pssVersion: PssVersion;
  production: ProductionSettings;
}

/** Declarative fixes; the engine turns them into line edits that keep indentation and comments. */
export type FixSpec =
  | { kind: 'replace-value'; description: string; path: PathSegment[]; value: string }
  | { kind: 'add-field'; description: string; parentPath: PathSegment[]; key: string; value: unknown };

export interface ReportInput {
  /** Path of the offending field inside the resource object (or of the field that is missing). */
  path: PathSegment[];
  message: string;
  severity?: Severity;
  /** The finding is about a field that is absent (never reported for Kustomize patches). */
  missing?: boolean;
  /** Extra identity when one rule reports several findings on the same path. */
  key?: string;
  fix?: FixSpec;
}

export interface RuleContext<P = unknown> {
  params: P;
  options: ScanOptions;
  /**
   * The other resources rules read, in scan order: in a streaming scan those of the kinds the
   * rules declare (`dependsOn`, `lookups`) and Kustomizations, not every resource.
   */
  resources: readonly Resource[];
  report(input: ReportInput): void;
}

/** A rule as configured for a run. */
export interface ActiveRule {
  rule: Rule<unknown>;
  severity: Severity;
  params: unknown;
}

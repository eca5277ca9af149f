import type { Config } from '../config/schema.js';
import type { ConfigError } from '../config/resolve.js';
import type { ActiveDelta, ChangedFile, ResourceChange } from '../diff/index.js';
import type { ActiveRule, Rule, ScanOptions } from '../engine/index.js';
import type { Finding, Severity } from '../model/index.js';
import type { PolicyFile } from '../policy/index.js';
import type { RepoFiles } from '../render/plan/closure.js';
import type { RenderedTargetOutput } from '../render/plan/judge-rendered.js';
import type { RenderTarget } from '../render/plan/targets.js';
import type {
  CheckResult,
  RepoCheckName,
  RepoSnapshot,
  RepositoryChecksConfig,
} from '../repo-checks/index.js';

/**
 * The judgement's plain data. A gatherer (src/github for a pull request, src/cli for a git
 * range or work tree) builds a ChangeSnapshot; `judgeChange(snapshot, settings, ports)` decides; a
 * publisher renders the Judgement. Nothing here knows where the data came from.
 */

/** A changed path of the change (any file, manifest or not), as git or GitHub lists it. */
export interface ChangedPath {
  path: string;
  previousPath?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
}

/** A changed manifest that could not be read: it is not evaluated, and says so. */
export interface UnreadableFile {
  path: string;
  reason: 'binary' | 'too-large' | 'missing' | 'unreadable';
  byteSize?: number;
  /** For `unreadable`: why (permission denied, a loop of symbolic links, ...). */
  detail?: string;
}

/** A file's path (relative to the repository root) and content. */
export interface SourceFile {
  path: string;
  content: string | Uint8Array;
}

/** The policies that judge the change: the BASE side's, so a change cannot relax its own checks. */
export interface PolicySources {
  /** Custom rule files on base. */
  baseRuleFiles: PolicyFile[];
  /** Head versions of the changed custom rule files: only their own problems are reported. */
  headRuleFiles: PolicyFile[];
  /** Admission policies of another repository (`policies.repository`), or why they could not be read. */
  external?:
    | { label: string; files: PolicyFile[] }
    | { label: string; /** Why, as a clause: "the app cannot read ...". */ unavailable: string };
}

/** Facts for the repository checks, each part `{unavailable}` when it could not be read. */
export interface RepositoryFacts {
  facts: RepoSnapshot;
  /** The checks the gatherer gathered facts for. */
  checks: RepoCheckName[];
  /** Checks this gatherer cannot decide at all (the CLI cannot read branch protection), with why. */
  notAvailable?: Partial<Record<RepoCheckName, string>>;
  /** The summary of a check that has nothing to check here (signatures of a work tree), instead of the generic one. */
  notApplicable?: Partial<Record<RepoCheckName, string>>;
  /** A note appended to the message of the item about this subject (a commit sha): what only this gatherer knows. */
  itemNotes?: Record<string, string>;
}

export interface ChangeSnapshot {
  /** Every changed path, manifests or not (CODEOWNERS coverage, policy files). */
  changedPaths: ChangedPath[];
  /** The changed manifests, with base and head texts and, where known, the patch. */
  manifests: ChangedFile[];
  unreadable: UnreadableFile[];
  /**
   * Manifests the change does not touch, the same on base and head (bounded by the gatherer):
   * admission policies with their bindings and params, Kustomizations that name patches.
   */
  unchanged: SourceFile[];
  policies: PolicySources;
  repository?: RepositoryFacts;
  /** What the gatherer could not read or cut short, for the reader of the result. */
  notes: string[];
  /**
   * Both sides of the repository as rendering needs them (docs/rendering.md): every path, and the
   * texts of the kustomization files, the files that may define a target and the build closures of
   * the targets the change affects. Absent: rendering is off (`--no-render`, `render.enabled: false`).
   */
  rendering?: { base: RepoFiles; head: RepoFiles };
}

/**
 * Renders one target of one side of a change (Kustomize today; Helm targets follow the same
 * shape). `src/render/exec` implements it with the sandboxed binary for the CLI and the app;
 * pure unit tests fake it. `unavailable` says why nothing can render (no binary found).
 */
export type RendererPort =
  { render(target: RenderTarget, files: RepoFiles): Promise<RenderedTargetOutput> } | { unavailable: string };

/** What the judgement may call besides its input: the renderer. */
export interface JudgePorts {
  renderer?: RendererPort;
}

/** Everything the judgement needs besides the change: one shape for the app, the push handler and the CLI. */
export interface Settings {
  config: Config;
  /** Active built-in rules, with severities and parameters. */
  rules: ActiveRule[];
  /** Every known rule (reserved ids, rule texts, severities of engine findings). */
  catalogue: readonly Rule<unknown>[];
  options: ScanOptions;
  threshold: Severity;
  /** `existing`: pre-existing findings at the threshold count too. */
  failOn: 'introduced' | 'existing';
  advisory: boolean;
  deltas: ActiveDelta[];
  repository: RepositoryChecksConfig;
  /** Where exceptions and configuration findings point. */
  configFile: string;
  /** YYYY-MM-DD, for exception expiry. */
  today: string;
}

export interface ResolvedSettings {
  settings: Settings;
  /** Configuration problems with the exact key; when any, `settings` are the safe defaults. */
  errors: ConfigError[];
}

export interface Judgement {
  /** The change's findings with their status: manifests (the semantic diff) and the repository's policies. Sorted. */
  findings: Finding[];
  /** The repository checks: each check's result, and the failing items as findings with their status. */
  repository?: { results: CheckResult[]; findings: Finding[] };
  /** Findings that fail the change, of both lists (counted statuses, at or above the threshold, not suppressed). */
  failing: Finding[];
  resources: ResourceChange[];
  /** Rules of the repository's own policies (custom rules, VAPs, Kyverno), for rule texts and SARIF. */
  policyRules: Rule<unknown>[];
  /** Changed paths of the change, manifests or not. */
  changedPathCount: number;
  /** Changed manifest files judged (unreadable ones included). */
  manifestCount: number;
  headResourceCount: number;
  notes: string[];
}

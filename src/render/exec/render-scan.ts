import { relative, resolve, sep } from 'node:path';
import {
  applyExceptions,
  type ActiveRule,
  type ExceptionRule,
  type ScanOptions,
} from '../../engine/index.js';
import { fingerprintOf, type Resource } from '../../manifests/index.js';
import type { Finding } from '../../model/index.js';
import { judgeRendered, RENDER_RULES, unrenderedSourceFindings } from '../plan/judge-rendered.js';
import { repositoryResources, unrenderedSources, type TargetSettings } from '../plan/targets.js';
import { findRenderer, type Renderer, type RendererSettings } from './binaries.js';
import type { RemoteFetchOptions } from './bounded-fetch.js';
import { diskRepo } from './disk-repo.js';
import { renderRepository } from './render-repository.js';
import { DEFAULT_RENDER_LIMITS, type RenderLimits } from './render-target.js';

export interface RenderScanInput {
  /** The repository folder. */
  root: string;
  /** Folder the reported paths are relative to (the CLI's working folder). */
  cwd: string;
  rules: readonly ActiveRule[];
  options: ScanOptions;
  exceptions?: readonly ExceptionRule[];
  today: string;
  configFile?: string;
  settings?: RendererSettings & TargetSettings;
  /** A renderer chosen by the caller (tests); default: findRenderer(settings). */
  renderer?: Renderer;
  limits?: Partial<RenderLimits>;
  /** Where pulled charts and fetched remote bases are cached (tests), and their bounds. */
  remote?: RemoteFetchOptions;
  /**
   * What was scanned, repository-relative (folders or files; '' for the whole repository): only
   * the targets that include a file under it are rendered. Default: the whole repository.
   */
  scope?: readonly string[];
}

export interface RenderScanResult {
  findings: Finding[];
  resources: Resource[];
  /** Files (as the caller names them, relative to cwd) judged as rendered: leave them out of the raw scan. */
  renderedFiles: Set<string>;
  targets: string[];
  renderer?: Renderer;
}

/** Renders every target of a repository on disk and judges what it deploys (the CLI's `scan`). */
export async function renderAndJudge(input: RenderScanInput): Promise<RenderScanResult> {
  const root = resolve(input.root);
  const prefix = relative(input.cwd, root).split(sep).join('/');
  const toCaller = (file: string) => (prefix ? (file ? `${prefix}/${file}` : prefix) : file || '.');
  const renderer = input.renderer ?? findRenderer(input.settings);
  if (!renderer) {
    const message =
      'No kustomize or kubectl was found: Kustomize overlays were not rendered, and the files were judged as they are (see docs/rendering.md).';
    const file = toCaller('');
    return {
      findings: [
        {
          ruleId: RENDER_RULES.unavailable,
          severity: 'info',
          message,
          file,
          line: 1,
          column: 1,
          path: '',
          fingerprint: fingerprintOf(RENDER_RULES.unavailable, file),
        },
      ],
      resources: [],
      renderedFiles: new Set(),
      targets: [],
    };
  }
  const repo = diskRepo(root);
  const inScope = (file: string) =>
    !input.scope || input.scope.some((s) => s === '' || s === '.' || file === s || file.startsWith(`${s}/`));
  const resources = repositoryResources(repo);
  const outputs = await renderRepository(repo, renderer, {
    settings: input.settings,
    limits: { ...DEFAULT_RENDER_LIMITS, ...input.limits },
    resources,
    ...(input.remote ? { remote: input.remote } : {}),
    only: (t) =>
      [...t.closure.files].some(inScope) || (t.by.resource !== undefined && inScope(t.by.resource.file)),
  });
  const judged = judgeRendered(outputs, (p) => repo.read(p), input.rules, input.options);
  // Flux and Argo CD sources that deploy what is not here: a note each, never silent.
  judged.findings.push(
    ...unrenderedSourceFindings(
      unrenderedSources(repo, resources, input.settings).filter((u) => inScope(u.resource.file)),
    ),
  );
  for (const f of judged.findings) f.file = toCaller(f.file);
  for (const r of judged.resources) r.file = toCaller(r.file);
  const findings = applyExceptions(
    judged.findings,
    input.exceptions ?? [],
    input.today,
    input.configFile ?? '.github/gitops-guard.yml',
  );
  return {
    findings,
    resources: judged.resources,
    renderedFiles: new Set([...judged.renderedFiles].map(toCaller)),
    targets: outputs.map((o) => o.target.label),
    renderer,
  };
}

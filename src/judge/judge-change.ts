import { diffChange } from '../diff/index.js';
import { sortFindings } from '../engine/index.js';
import { fingerprintOf, LOADER_RULES } from '../manifests/index.js';
import { atLeast, type Finding } from '../model/index.js';
import { redactFindings, Redactor } from '../redaction/index.js';
import { changedSides, describeCauses, planDependencies } from './dependents.js';
import { Loads } from './loads.js';
import { judgePolicies } from './policies.js';
import { judgeRepository } from './repository.js';
import { judgeRenderedTargets } from './rendered.js';
import type { ChangeSnapshot, JudgePorts, Judgement, Settings, UnreadableFile } from './types.js';

/**
 * The one judgement of a change, for the GitHub App and the CLI alike. Pure: no I/O, no
 * Octokit, no git; everything it needs is in the snapshot (gathered by an adapter) and the
 * settings (resolved from the BASE side's configuration). Its one way out is the renderer port,
 * which renders the Kustomize targets the change affects (the CLI and the app pass the sandboxed
 * renderer of src/render/exec; pure tests a fake).
 *
 * 1. The base side's policies (custom rules, admission policies) join the active rules.
 * 2. The targets the change affects are rendered on base and head and compared per target
 *    (docs/rendering.md); the files they include are left out of step 3.
 * 3. The semantic diff: base and head of each other changed manifest, resources matched by identity,
 *    findings by fingerprint (introduced / existing / fixed), risky deltas; with the unchanged
 *    resources whose verdict may depend on the change (dependents.ts), judged on both sides.
 * 4. Files that could not be read: one finding each, never a silent pass.
 * 5. Repository checks (signatures, CODEOWNERS, branch protection) on the gathered facts.
 * 6. What fails: counted statuses at or above the threshold, not suppressed.
 */
export async function judgeChange(
  snapshot: ChangeSnapshot,
  settings: Settings,
  ports: JudgePorts = {},
): Promise<Judgement> {
  const exceptions = settings.config.exceptions ?? [];
  // Each text is parsed once, for the policies and the diff alike.
  const loads = new Loads();
  const policies = judgePolicies({
    loads,
    sources: snapshot.policies,
    unchanged: snapshot.unchanged,
    manifests: snapshot.manifests,
    changedPaths: snapshot.changedPaths,
    config: settings.config,
    reservedIds: settings.catalogue.map((r) => r.id),
    configFile: settings.configFile,
  });
  const rules = [...settings.rules, ...policies.compiled.active];
  const rendered = await judgeRenderedTargets(snapshot, settings, rules, ports.renderer);
  // Files a rendered target includes are judged as deployed, never as files (a patch is not a resource).
  const asFiles = rendered
    ? snapshot.manifests.filter(
        (f) =>
          !rendered.renderedFiles.has(f.path) &&
          (f.previousPath === undefined || !rendered.renderedFiles.has(f.previousPath)),
      )
    : snapshot.manifests;
  const changed = {
    base: asFiles.flatMap((f) =>
      f.base === undefined ? [] : loads.whole(f.previousPath ?? f.path, f.base).resources,
    ),
    head: asFiles.flatMap((f) => (f.head === undefined ? [] : loads.whole(f.path, f.head).resources)),
  };
  const plan = planDependencies({
    rules: rules.map((r) => r.rule),
    changed,
    unchanged: {
      // The filters hold for a whole file when they hold for one of its documents: most files end there, unsplit.
      documents: (key, filter) =>
        snapshot.unchanged.flatMap((f) =>
          typeof f.content === 'string' && !filter(f.content)
            ? []
            : loads.context(f.path, f.content, key, filter).resources,
        ),
    },
  });
  const sides = changedSides(changed);
  const diff = diffChange({
    files: asFiles,
    rules,
    options: settings.options,
    exceptions,
    today: settings.today,
    configFile: settings.configFile,
    deltas: settings.deltas,
    unchanged: snapshot.unchanged,
    load: loads.whole,
    context: {
      resources: plan.context,
      dependents: plan.dependents.map((d) => ({
        resource: d.resource,
        because: (ruleId) => describeCauses(d.causes.get(ruleId) ?? [...d.causes.values()].flat(), sides),
      })),
    },
  });
  const unreadable = snapshot.unreadable.map((file) => unreadableFinding(file, settings));
  const repositoryJudgement = snapshot.repository
    ? judgeRepository(snapshot.repository, settings.repository)
    : undefined;
  // Everything the judgement says passes through the diff's redaction, which knows both sides' secrets:
  // a policy's message can quote a Secret's value, a commit message can carry a token.
  const redact = rendered
    ? diff.redactor.merge(Redactor.forResources([...rendered.baseResources, ...rendered.headResources]))
    : diff.redactor;
  const findings = sortFindings(
    redactFindings(
      [
        ...diff.findings,
        ...(rendered?.findings ?? []),
        ...unreadable,
        ...policies.findings,
        ...policies.runtimeFindings({
          options: settings.options,
          exceptions,
          today: settings.today,
          context: { resources: plan.context, dependents: plan.dependents.map((d) => d.resource) },
        }),
      ],
      redact,
    ),
  );
  const repository = repositoryJudgement && {
    results: repositoryJudgement.results.map((r) => ({
      ...r,
      summary: redact.redact(r.summary),
      items: r.items.map((i) => ({ ...i, message: redact.redact(i.message) })),
    })),
    findings: redactFindings(repositoryJudgement.findings, redact),
  };
  const counted = (f: Finding) =>
    !f.suppressed &&
    (f.status === 'introduced' || (settings.failOn === 'existing' && f.status === 'existing'));
  return {
    findings,
    ...(repository ? { repository } : {}),
    failing: [...findings, ...(repository?.findings ?? [])].filter(
      (f) => counted(f) && atLeast(f.severity, settings.threshold),
    ),
    resources: [...diff.resources, ...(rendered?.resources ?? [])],
    policyRules: policies.compiled.rules,
    changedPathCount: snapshot.changedPaths.length,
    manifestCount: snapshot.manifests.length + snapshot.unreadable.length,
    headResourceCount: diff.headResources.length + (rendered?.headResources.length ?? 0),
    notes: snapshot.notes.map((note) => redact.redact(note)),
  };
}

function unreadableFinding(file: UnreadableFile, settings: Settings): Finding {
  const message =
    file.reason === 'binary'
      ? 'File is binary; it was not scanned.'
      : file.reason === 'too-large'
        ? `File is ${file.byteSize} bytes, too large to read in full; it was not scanned.`
        : `File could not be read${file.detail ? ` (${file.detail})` : ''}; it was not scanned.`;
  const rule = settings.catalogue.find((r) => r.id === LOADER_RULES.parseError);
  return {
    ruleId: LOADER_RULES.parseError,
    severity: rule?.severity ?? 'high', // fails closed: what it holds was not judged
    message,
    file: file.path,
    line: 1,
    column: 1,
    path: '',
    fingerprint: fingerprintOf(LOADER_RULES.parseError, file.path, file.reason),
    status: 'introduced',
  };
}

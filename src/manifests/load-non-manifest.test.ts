import { describe, expect, it } from '@jest/globals';
import { loadManifestFile, looksLikeManifest } from './load.js';

// Real files of other tools that js-yaml rejects (custom tags), as seen on public repositories.
const mkdocs =
  'site_name: docs\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n';
const cloudFormation =
  "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::StackName}-logs'\n";
const ansible = 'db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231336139\n';
const recyclarr =
  'sonarr:\n  main:\n    base_url: http://sonarr:8989\n    api_key: !env_var SONARR_API_KEY\n';

describe('YAML that is not a manifest', () => {
  it.each([
    ['mkdocs.yml', mkdocs],
    ['template.yaml', cloudFormation],
    ['vars.yml', ansible],
    ['recyclarr.yml', recyclarr],
  ])('%s does not parse and is a note, not a failure', (file, text) => {
    expect(looksLikeManifest(file, text)).toBe(false);
    const { findings } = loadManifestFile(file, text);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['non-manifest-parse-error', 'info']]);
  });

  it.each([
    ['block style', 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: !Sub x: y\n'],
    ['flow style', '{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: [}\n'],
    ['JSON', '{"apiVersion": "v1", "kind": "Pod", "spec": {\n'],
    ['kind only', 'kind: ClusterRoleBinding\nroleRef: !Sub x\n'],
    ['apiVersion only, indented (a List item)', 'items:\n  - apiVersion: v1\n    x: !unknown y\n'],
  ])('a broken document that looks like a manifest (%s) stays a high parse error', (_, text) => {
    const { findings } = loadManifestFile('m.yaml', text);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['manifest-parse-error', 'high']]);
  });

  it('a broken kustomization.yaml (which may omit apiVersion and kind) stays high', () => {
    const { findings } = loadManifestFile(
      'apps/kustomization.yaml',
      'resources:\n  - a.yaml\n  - !include b.yaml\n',
    );
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['manifest-parse-error', 'high']]);
  });

  it('in a multi-document file, each document is judged on its own text', () => {
    const { findings, resources } = loadManifestFile(
      'm.yaml',
      `${mkdocs}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: Pod\nspec: !Sub x\n`,
    );
    expect(resources.map((r) => r.kind)).toEqual(['ConfigMap']);
    expect(findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([
      ['non-manifest-parse-error', 'info', 4],
      ['manifest-parse-error', 'high', 12],
    ]);
  });
});

/**
 * Whether a text that did not parse still looks like a Kubernetes manifest: it names an
 * `apiVersion` or a `kind` key (block, flow or JSON style), or it is a kustomization file
 * (which may omit both). Deliberately generous: a broken document that looks like a manifest
 * fails the gate (it could hide a resource); only YAML that is clearly something else
 * (mkdocs, CloudFormation, Ansible, tool configs) is downgraded to a note.
 */
export function looksLikeManifest(text: string, file = ''): boolean {
  if (/(^|\/)kustomization\.ya?ml$/i.test(file) || /(^|\/)Kustomization$/.test(file)) return true;
  return MANIFEST_KEY.test(text);
}

const MANIFEST_KEY = /(^|[\s{,[])["']?(apiVersion|kind)["']?[ \t]*:/m;

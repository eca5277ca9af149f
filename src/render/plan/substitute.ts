/**
 * Flux's postBuild variable substitution on rendered YAML: `${var}`, `${var:=default}` and
 * `${var:-default}`; `$${var}` escapes. When some variable sources are not in the repository
 * (`keepUnknown`), an unknown variable is left as it is; otherwise it becomes its default or
 * empty, as Flux does. Pure.
 */
export function substituteVariables(text: string, vars: Readonly<Record<string, string>>, keepUnknown: boolean): { text: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const out = text.replace(/(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[=-])([^}]*))?\}/g, (match, escape: string, name: string, op: string | undefined, fallback: string | undefined) => {
    if (escape) return match.slice(1);
    if (Object.prototype.hasOwnProperty.call(vars, name)) {
      const value = vars[name]!;
      return value === '' && op?.startsWith(':') ? (fallback ?? '') : value;
    }
    if (op !== undefined) return fallback ?? '';
    if (keepUnknown) {
      unresolved.add(name);
      return match;
    }
    return '';
  });
  return { text: out, unresolved: [...unresolved] };
}

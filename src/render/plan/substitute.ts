/**
 * Flux's postBuild variable substitution on rendered YAML: `${var}`, `${var:=default}` and
 * `${var:-default}`; `$${var}` escapes. When some variable sources are not in the repository
 * (`keepUnknown`), an unknown variable is left as it is; otherwise it becomes its default or
 * empty, as Flux does. Pure.
 */
export function substituteVariables(
  text: string,
  vars: Readonly<Record<string, string>>,
  keepUnknown: boolean,
): { text: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const replace = (ref: VariableRef): string => {
    if (Object.prototype.hasOwnProperty.call(vars, ref.name)) {
      const value = vars[ref.name]!;
      return value === '' && ref.op?.startsWith(':') ? (ref.fallback ?? '') : value;
    }
    if (ref.op !== undefined) return ref.fallback ?? '';
    if (keepUnknown) {
      unresolved.add(ref.name);
      return ref.text;
    }
    return '';
  };
  // A scanner, not a regular expression: `${` without a closing brace repeated a million times stays linear.
  let out = '';
  let from = 0;
  let nextClose = -2; // memo of the first `}` at or after a position; it only moves forward
  const closeAt = (position: number): number => {
    if (nextClose === -1 || nextClose >= position) return nextClose;
    nextClose = text.indexOf('}', position);
    return nextClose;
  };
  for (let open = text.indexOf('${', from); open >= 0; open = text.indexOf('${', from)) {
    const ref = variableAt(text, open, closeAt);
    if (!ref) {
      out += text.slice(from, open + 2);
      from = open + 2;
      continue;
    }
    const escaped = open > from && text[open - 1] === '$';
    out += text.slice(from, escaped ? open - 1 : open) + (escaped ? ref.text : replace(ref));
    from = open + ref.text.length;
  }
  return { text: out + text.slice(from), unresolved: [...unresolved] };
}

interface VariableRef {
  /** `${name}`, `${name:=default}`, ... as written. */
  text: string;
  name: string;
  op?: string;
  fallback?: string;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/** The variable reference whose `${` is at `open`, as Flux's envsubst reads it, or undefined. */
function variableAt(
  text: string,
  open: number,
  closeAt: (position: number) => number,
): VariableRef | undefined {
  let i = open + 2;
  if (!NAME_START.test(text[i] ?? '')) return undefined;
  while (NAME_PART.test(text[i] ?? '')) i++;
  const name = text.slice(open + 2, i);
  if (text[i] === '}') return { text: text.slice(open, i + 1), name };
  let op: string;
  if (text[i] === ':' && (text[i + 1] === '=' || text[i + 1] === '-')) op = text.slice(i, i + 2);
  else if (text[i] === '=' || text[i] === '-') op = text[i]!;
  else return undefined;
  const close = closeAt(i + op.length);
  if (close < 0) return undefined;
  return { text: text.slice(open, close + 1), name, op, fallback: text.slice(i + op.length, close) };
}

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { substituteVariables } from '../../src/render/plan/substitute.js';

// The regular expression the scanner replaced: right on short text, quadratic on `${a:-` repeated.
function byRegex(text: string, vars: Record<string, string>, keepUnknown: boolean): string {
  return text.replace(
    /(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[=-])([^}]*))?\}/g,
    (match, escape: string, name: string, op: string | undefined, fallback: string | undefined) => {
      if (escape) return match.slice(1);
      if (Object.prototype.hasOwnProperty.call(vars, name)) {
        const value = vars[name]!;
        return value === '' && op?.startsWith(':') ? (fallback ?? '') : value;
      }
      if (op !== undefined) return fallback ?? '';
      return keepUnknown ? match : '';
    },
  );
}

describe('substituteVariables', () => {
  it('reads `${var}`, `${var:=x}`, `${var-x}` and `$${var}` as the regular expression did', () => {
    const piece = fc.constantFrom(
      '$',
      '{',
      '}',
      ':',
      '=',
      '-',
      'a',
      'b',
      '_',
      '1',
      ' ',
      '${',
      '$${',
      '${a}',
      '${b:-x}',
      '${a:=}',
      '${c-y}',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 20 }),
        fc.boolean(),
        fc.constantFrom<Record<string, string>>({}, { a: 'A' }, { a: '', b: 'B' }),
        (pieces, keepUnknown, vars) => {
          const text = pieces.join('');
          expect(substituteVariables(text, vars, keepUnknown).text).toBe(byRegex(text, vars, keepUnknown));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('stays linear on unclosed references (a hostile postBuild input)', () => {
    const text = '${a:-'.repeat(200_000);
    const started = Date.now();
    expect(substituteVariables(text, {}, true).text).toBe(text);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

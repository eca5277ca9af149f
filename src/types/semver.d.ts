// The part of the `semver` package's API that gitops-guard uses (src/render/plan/helm-repository-index.ts).
// Declared here rather than with @types/semver so that work trees sharing an older node_modules still type-check.
declare module 'semver' {
  interface Options {
    loose?: boolean;
    includePrerelease?: boolean;
  }
  class SemVer {
    version: string;
  }
  function parse(version: string, options?: Options): SemVer | null;
  function coerce(version: string): SemVer | null;
  function validRange(range: string, options?: Options): string | null;
  function satisfies(version: SemVer | string, range: string, options?: Options): boolean;
  function lte(a: SemVer | string, b: SemVer | string): boolean;
  const semver: {
    parse: typeof parse;
    coerce: typeof coerce;
    validRange: typeof validRange;
    satisfies: typeof satisfies;
    lte: typeof lte;
  };
  export { SemVer, parse, coerce, validRange, satisfies, lte };
  export default semver;
}

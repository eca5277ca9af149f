import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { packSchema, type PolicyPack } from '../config/resolve.js';

/**
 * The policy packs shipped with the app (`policies/*.yml` of the deployment). Never read from the
 * repository under review: a pull request must not be able to edit the policies that judge it.
 */
export function loadBuiltinPacks(
  dir = fileURLToPath(new URL('../../policies/', import.meta.url)),
): PolicyPack[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const result = packSchema.safeParse(parse(readFileSync(join(dir, name), 'utf8')));
      if (!result.success)
        throw new Error(`built-in policy pack ${name} is invalid: ${result.error.message}`);
      return result.data as PolicyPack;
    });
}

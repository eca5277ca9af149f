// Removes doc pages the generator emptied (rules that no longer exist).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
const dir = new URL('../docs/rules/', import.meta.url);
for (const name of readdirSync(dir))
  if (readFileSync(new URL(name, dir), 'utf8') === '') rmSync(new URL(name, dir));

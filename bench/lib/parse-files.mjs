#!/usr/bin/env node
// The reference of bench:scan: a bare js-yaml parse (YAML 1.1, as the scan reads values) of every
// manifest file under the folders given, each file read and parsed, in a process of its own.
import { readFileSync } from 'node:fs';
import { loadAll, YAML11_SCHEMA } from 'js-yaml';
import { listManifests } from './process.mjs';

let documents = 0;
for (const dir of process.argv.slice(2))
  for (const file of listManifests(dir)) {
    try {
      documents += loadAll(readFileSync(file, 'utf8'), { schema: YAML11_SCHEMA }).length;
    } catch {
      /* errors are findings in the scan */
    }
  }
console.log(JSON.stringify({ documents }));

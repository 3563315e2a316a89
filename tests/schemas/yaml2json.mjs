// SPDX-License-Identifier: Apache-2.0
// Converts nbc YAML files to JSON, so that ajv can check them against
// schemas/*.schema.json. Usage:
//   node yaml2json.mjs FILE.yaml                      JSON on stdout
//   node yaml2json.mjs IN.yaml OUT.json [IN OUT]...   many files, one process
// A file that does not parse is reported on stderr and gets no output file;
// the exit status is then 1.
//
// Parsed the way nbc's loader reads YAML: YAML 1.2 core schema (`yes` is a
// string, not a boolean), merge keys `<<` applied, duplicate keys an error.
// nbc's own tags are transparent, since JSON Schema cannot see tags:
// `!append [..]` is the list, `!replace {..}` the mapping, `!secret NAME`
// the string NAME. Any other local tag is an error, as in nbc.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

const transparent = [
  { tag: '!append', collection: 'seq' },
  { tag: '!replace', collection: 'map' },
  { tag: '!secret', resolve: (text) => text },
];

// The file as JSON text, or null after reporting why it does not parse.
function convert(file) {
  const doc = parseDocument(readFileSync(file, 'utf8'), {
    version: '1.2',
    schema: 'core',
    merge: true,
    uniqueKeys: true,
    customTags: transparent,
    prettyErrors: true,
  });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`${file}: ${p.message}\n`);
    return null;
  }
  // An empty file is an empty mapping to nbc (null to the YAML library).
  const value = doc.toJS({ maxAliasCount: 10000 }) ?? {};
  return JSON.stringify(value, null, 2) + '\n';
}

function main(argv) {
  if (argv.length === 1) {
    const json = convert(argv[0]);
    if (json === null) return 1;
    process.stdout.write(json);
    return 0;
  }
  if (argv.length === 0 || argv.length % 2 !== 0) {
    process.stderr.write('usage: node yaml2json.mjs FILE.yaml | IN.yaml OUT.json [IN.yaml OUT.json]...\n');
    return 2;
  }
  let status = 0;
  for (let i = 0; i < argv.length; i += 2) {
    let json = null;
    try {
      json = convert(argv[i]);
    } catch (e) {
      process.stderr.write(`${argv[i]}: ${e.message}\n`);
    }
    if (json === null) status = 1;
    else writeFileSync(argv[i + 1], json);
  }
  return status;
}

process.exitCode = main(process.argv.slice(2));

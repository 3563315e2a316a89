// SPDX-License-Identifier: Apache-2.0
// For tests/injection/input_digests.sh: each plan's digest of
// services/moving.yaml must be the SHA-256 of a prefix of one of the two
// versions the writer alternates (a read during a rewrite sees a prefix),
// and the plan's description of `moving` must be what that prefix says
// (parsed here with the `yaml` package). Exits 1 on the first mismatch.
//
// Usage: node input_digests.js SHORT LONG PLAN.json...
// (SHORT and LONG as printf formats: \n for newlines.)
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const YAML = require('yaml');

const [shortFmt, longFmt, ...plans] = process.argv.slice(2);
const versions = [shortFmt, longFmt].map((f) => f.replace(/\\n/g, '\n'));
const prefixes = new Map();  // sha256 → prefix text
for (const v of versions)
  for (let n = 0; n <= v.length; n++)
    prefixes.set(crypto.createHash('sha256').update(v.slice(0, n)).digest('hex'), v.slice(0, n));

const seen = new Map();
for (const file of plans) {
  const plan = JSON.parse(fs.readFileSync(file, 'utf8'));
  const input = plan.inputs.find((i) => i.path === 'services/moving.yaml');
  if (!input) { console.log(`${file}: no input services/moving.yaml`); process.exit(1); }
  const parsed = prefixes.get(input.sha256);
  if (parsed === undefined) { console.log(`${file}: digest ${input.sha256} is of no version or prefix`); process.exit(1); }
  const doc = YAML.parse(parsed) || {};
  const service = plan.environments[0].services.find((s) => s.name === 'moving');
  const want = doc.description === undefined ? '' : String(doc.description);
  if (!service || service.description !== want) {
    console.log(`${file}: digest is of ${JSON.stringify(parsed)}, but the plan says description ${JSON.stringify(service && service.description)}`);
    process.exit(1);
  }
  const kind = parsed === versions[0] ? 'short' : parsed === versions[1] ? 'long' : `a ${parsed.length}-byte prefix`;
  seen.set(kind, (seen.get(kind) || 0) + 1);
}
if (seen.size < 2) {
  console.log(`every plan read the same bytes (${[...seen.keys()]}): the writer changed nothing nbc saw`);
  process.exit(1);
}
console.log(`every digest is of the bytes its plan parsed (${[...seen].map(([k, n]) => `${n} × ${k}`).join(', ')})`);

// SPDX-License-Identifier: Apache-2.0
// The assertions of tests/injection/secrets.sh on DIR/outputs (every file
// and every stdout/stderr of the nbc commands it ran).
//
// Usage: node secrets_check.js DIR SECRET_NAME...
// Prints one line per check and `secrets: N passed, M failed`.
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const L = require('./lib');

const [dir, ...names] = process.argv.slice(2);
const out = `${dir}/outputs`;
const all = L.files(out);
const rel = (f) => path.relative(out, f);
const read = (f) => fs.readFileSync(f, 'utf8');
const ref = (name) => ({ $secret: name });
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// 1. No value: no output holds any of the planted values, no fake tool ran.
L.check('no output or diagnostic holds a planted secret value', () => {
  const leaks = all.filter((f) => /VALUE-OF-|c0ffee/.test(read(f)));
  return leaks.length ? leaks.map(rel).join('\n') : true;
});
L.check('nbc ran none of the fake aws, vault, sops, curl, gpg, chef-vault', () => {
  const called = fs.readdirSync(`${dir}/called`);
  return called.length ? called.join(' ') : true;
});

// 2. Names appear only as references. Each occurrence, with what surrounds
// it, must match one of these forms.
const forms = (n) => [
  new RegExp(`"\\$secret": ?"${esc(n)}"`),                                  // JSON
  new RegExp(`\\(secret ${esc(n)}\\)`),                                      // plan.txt, diff, explain
  new RegExp(`!secret "?${esc(n)}"?(\\n|$)`),                                // env show
  new RegExp(`\\{\\{resolve:secretsmanager:${esc(n)}(:SecretString)?\\}\\}`), // CloudFormation
  new RegExp(`"Name": "${esc(n)}"`),                                        // Fn::Sub variable of an IAM ARN
  new RegExp(`nbc_secret '${esc(n)}'\\n`),                                   // bootstrap
];
const artifacts = all.filter((f) => !f.endsWith('.stderr'));
for (const f of artifacts) {
  const text = read(f);
  L.check(`${rel(f)}: secret names appear only as references`, () => {
    const bad = [];
    for (const n of names) {
      const re = new RegExp(`${esc(n)}(?![A-Za-z0-9/_+=.@-])`, 'g');
      for (const m of text.matchAll(re)) {
        const around = text.slice(Math.max(0, m.index - 40), m.index + n.length + 20);
        if (!forms(n).some((r) => r.test(around))) bad.push(JSON.stringify(around));
      }
    }
    return bad.length ? bad.slice(0, 5).join('\n') : true;
  });
}
L.check('the references mean something: every name but the rotated one is in plan.json', () => {
  const text = read(`${out}/plan.json`);
  const missing = names.filter((n) => n !== 'vault/L7-rotated' && !text.includes(`"$secret": "${n}"`));
  return missing.length ? missing.join(' ') : true;
});

// 3. The plan: each layer's secret where it belongs, the highest layer wins.
const plan = L.readJson(`${out}/plan.json`);
const nodes = Object.fromEntries(plan.environments[0].nodes.map((n) => [n.address, n.params]));
const layerRefs = {
  from_service: 'vault/L1-service', from_node_type: 'vault/L2-node-type', from_grade: 'vault/L3-grade',
  from_base: 'vault/L4-env-base', from_env: 'vault/L5-env', from_override: 'vault/L6-override',
};
L.check('plan.json: node in eu-west-1a has every layer\'s secret, the zone\'s on top', () => {
  const want = { list: [ref('vault/L1-list'), 'plain'], from_zone: ref('vault/L7-zone'), same: ref('vault/L7-zone') };
  for (const [k, n] of Object.entries(layerRefs)) want[k] = ref(n);
  return assert.deepStrictEqual(nodes['prod/web/eu-west-1a/1'].app, want) || true;
});
L.check('plan.json: node in eu-west-1b: the override layer\'s secret on top', () =>
  assert.deepStrictEqual(nodes['prod/web/eu-west-1b/1'].app.same, ref('vault/L6-override')) || true);
L.check('plan.json: the database\'s password is a reference', () =>
  assert.deepStrictEqual(nodes['prod/db/eu-west-1a/1'].postgresql, { username: 'admin', password: ref('vault/L8-rds') }) || true);
const chef = L.readJson(`${out}/build/prod/chef/nodes/web-prod-eu-west-1a-1.json`);
L.check('chef node: normal attributes carry the references, as the plan does', () =>
  assert.deepStrictEqual(chef.normal, nodes['prod/web/eu-west-1a/1']) || true);

// 4. CloudFormation: dynamic references for nbc's secrets only.
const template = L.readJson(`${out}/build/prod/cloudformation/prod.json`);
L.check('cloudformation: every dynamic reference names a secret of the project', () => {
  const problems = L.templateProblems(template, [], names);
  return problems.length ? problems.join('\n') : true;
});
L.check('cloudformation: the RDS master password is the dynamic reference', () => {
  const db = L.resources(template, 'AWS::RDS::DBInstance').map(([, r]) => r.Properties.MasterUserPassword);
  return assert.deepStrictEqual(db, ['{{resolve:secretsmanager:vault/L8-rds:SecretString}}']) || true;
});
L.check('cloudformation: the web role may read exactly the web nodes\' secrets', () => {
  const [, role] = L.resources(template, 'AWS::IAM::Role').find(([id]) => /Web/.test(id));
  const st = role.Properties.Policies[0].PolicyDocument.Statement.find((s) => s.Sid === 'Secrets');
  const granted = st.Resource.map((r) => r['Fn::Sub'][1].Name).sort();
  return assert.deepStrictEqual(granted, ['vault/L1-list', 'vault/L1-service', 'vault/L2-node-type', 'vault/L3-grade',
    'vault/L4-env-base', 'vault/L5-env', 'vault/L6-override', 'vault/L7-zone']) || true;
});

// 5. The diff still shows that a secret changed.
const diffText = read(`${out}/diff-text.stdout`);
const diffMd = read(`${out}/diff-markdown.stdout`);
const diffJson = read(`${out}/diff-json.stdout`);
for (const [label, text] of [['text', diffText], ['markdown', diffMd]])
  L.check(`nbc diff --format ${label} shows (secret vault/L7-zone) → (secret vault/L7-rotated)`, () =>
    /\(secret vault\/L7-zone\)`* → `*\(secret vault\/L7-rotated\)/.test(text) || text.slice(0, 2000));
L.check('nbc diff --format json has the old and the new reference', () => {
  const t = JSON.stringify(JSON.parse(diffJson));
  return (t.includes('{"$secret":"vault/L7-zone"}') && t.includes('{"$secret":"vault/L7-rotated"}')) || t.slice(0, 2000);
});
L.check('nbc diff of a plan file against a project shows the rotation too', () =>
  read(`${out}/diff-files.stdout`).includes('vault/L7-rotated'));
L.check('nbc explain shows the chain of secret names, the zone\'s last', () => {
  const full = read(`${out}/explain-same-1a.stdout`);
  const t = full.slice(full.indexOf('#  layer'));  // the table, after the value line
  const order = ['vault/L1-service', 'vault/L2-node-type', 'vault/L3-grade', 'vault/L4-env-base', 'vault/L5-env',
    'vault/L6-override', 'vault/L7-zone'].map((n) => t.indexOf(`(secret ${n})`));
  return (order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]))) || full;
});
L.check('the failed build\'s diagnostics are about the two password secrets', () =>
  read(`${out}/broken.stderr`).includes('several password secrets') || read(`${out}/broken.stderr`));

process.exit(L.summary('secrets') ? 0 : 1);

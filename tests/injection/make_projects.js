// SPDX-License-Identifier: Apache-2.0
// Writes the projects of the injection test (tests/injection/run.sh):
//
//   DIR/main/          every corpus string in every place of a project that
//                      takes many values: parameters at every layer (service,
//                      node type, grade, base environment, environment,
//                      environment node-type override, zone), hostile
//                      parameter keys, integers above 2^53, and per corpus
//                      string one environment e-ID whose version, label,
//                      flavor, zone/override/environment parameters and
//                      service h-ID (description, health-check path) hold it;
//   DIR/variants/ID/   a small project per corpus string for the places a
//                      project has once: packager name and install_dir, stack,
//                      project labels, load-balancer health check, RDS engine
//                      version, service description;
//   DIR/rejections/N/  one illegal value each, which nbc must refuse;
//   DIR/expect.json    what was put where, for check_outputs.js.
//
// Values are written as YAML double-quoted scalars in which every byte
// outside printable ASCII is an escape, so the files themselves are plain
// text whatever the corpus holds.
//
// Usage: node make_projects.js DIR
'use strict';

const fs = require('fs');
const path = require('path');
const { corpus, keys, integers } = require('./corpus');

const dir = process.argv[2];
if (!dir) throw new Error('usage: node make_projects.js DIR');

// A YAML double-quoted scalar holding exactly `s`.
function yq(s) {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

// A flow mapping of quoted keys and values; values that are numbers or
// already YAML (raw) are written as they are.
function flow(entries) {
  return '{ ' + entries.map(([k, v]) => `${yq(k)}: ${v}`).join(', ') + ' }';
}

const bytes = (s) => Buffer.byteLength(s, 'utf8');
const has = (s, t) => s.includes(t);

// Where nbc refuses a value (docs/hostile-input.md, docs/backend-*.md), the
// main project and the variants use a plain stand-in, and a rejection case
// checks the diagnostic instead.
const rules = {
  // A parameter key: not empty, no '.', not the secret marker or json_class.
  key: (s) => s !== '' && !has(s, '.') && s !== '$secret' && s !== 'json_class' && bytes(s) <= 1024,
  // A flavor name is a YAML key (at most 1024 characters) and reaches
  // CloudFormation, which reads '{{resolve:' as a dynamic reference.
  flavor: (s) => bytes(s) <= 1024 && !has(s, '{{resolve:'),
  // A version or packager name is a folder of the release path: no NUL, no
  // '.' or '..' part, every part at most 242 bytes (255 less '.nbc-download'),
  // and the whole path at most 4095 bytes (here: the string at most 2000).
  pathPart: (s) =>
    s !== '' && !has(s, '\0') && !has(s, '{{resolve:') && bytes(s) <= 2000 &&
    s.split('/').every((p) => p !== '.' && p !== '..' && bytes(p) <= 242),
  // An AWS tag value: at most 256 bytes, no dynamic reference.
  label: (s) => bytes(s) <= 256 && !has(s, '{{resolve:'),
  // A bootstrap health-check path is one curl argument: no NUL, 1024 bytes.
  healthPath: (s) => !has(s, '\0') && bytes(s) <= 1024,
  // A load-balancer health check: '/' + the string, at most 1024 bytes, no
  // NUL (the bootstrap probes it too).
  lbPath: (s) => bytes(s) < 1024 && !has(s, '{{resolve:') && !has(s, '\0'),
  engineVersion: (s) => !has(s, '{{resolve:'),
  // A system user as useradd takes it (compiler/lower_stack.cpp).
  user: (s) => /^[a-z_][a-z0-9_-]{0,31}$/.test(s),
};

const ids = corpus.map(([id]) => id);
const value = Object.fromEntries(corpus);
const small = corpus.filter(([id]) => id !== 'huge');
const legalKeys = keys.filter(rules.key);
const stub_sha256 = require('crypto').createHash('sha256').update('stub release\n').digest('hex');

// The namespace a layer sets: every small corpus string under v-ID, and
// every legal hostile key with a value naming the layer.
function layerNamespace(layer) {
  return flow([
    ...small.map(([id, s]) => [`v-${id}`, yq(s)]),
    ...legalKeys.map((k, i) => [k, yq(`${layer}:${i}`)]),
  ]);
}

const LAYERS = ['svc', 'nt', 'grade', 'base'];
const ENV_LAYERS = ['env', 'ovr', 'zone'];

// `before` writes the old side of the diff: plain values where each
// environment has its own string.
function writeMain(root, before = false) {
  const flavors = ['      t3.micro: { cpu: 2, memory_gib: 1, hourly_usd: 0.0104 }'];
  for (const [, s] of corpus)
    if (rules.flavor(s)) flavors.push(`      ${yq(s)}: { cpu: 2, memory_gib: 1, hourly_usd: 0.0104 }`);
  write(`${root}/nbc.yaml`, [
    'project: inj',
    'grades:',
    `  small: { cpu: 1, memory_gib: 1, params: { grade: ${layerNamespace('grade')} } }`,
    'providers:',
    '  aws:',
    '    flavors:',
    ...flavors,
    `packager: { bucket: inj-slugs, name: inj, sha256: "${stub_sha256}" }`,
    '',
  ].join('\n'));
  // app declares every namespace, so that each reaches the node.
  const declared = [...LAYERS.slice(1), ...ENV_LAYERS, 'h'].map((ns) => `  ${ns}: {}`);
  write(`${root}/services/app.yaml`, [
    'description: the application',
    'requires: { role: web }',
    'chef: { run_list: ["recipe[app]"] }',
    'params:',
    `  svc: ${layerNamespace('svc')}`,
    `  ints: ${flow(integers.map(([name, text]) => [`i-${name}`, text]))}`,
    // Chef's reserved words as top-level parameter namespaces: they must
    // stay inside the node's `normal` attributes.
    ...legalKeys.map((k, i) => `  ${yq(k)}: ${yq(`top:${i}`)}`),
    ...declared,
    '',
  ].join('\n'));
  for (const [id, s] of corpus) {
    const lines = [
      `description: ${yq(s)}`,
      'requires: { role: web }',
      `health_check: { port: 9000, protocol: http, timeout_s: 2, path: ${yq(rules.healthPath(s) ? s : '/plain')} }`,
      `params: { h: { v: ${yq(s)} } }`,
      '',
    ];
    write(`${root}/services/h-${id}.yaml`, lines.join('\n'));
  }
  write(`${root}/node_types/web.yaml`, [
    'roles: [web]',
    'grade: small',
    'image: ami-0abcdef1234567890',
    `params: { nt: ${layerNamespace('nt')} }`,
    '',
  ].join('\n'));
  write(`${root}/environments/base.yaml`, [
    'abstract: true',
    'provider: aws',
    'region: eu-west-1',
    'services: [app]',
    'node_types: { web: {} }',
    `params: { base: ${layerNamespace('base')} }`,
    '',
  ].join('\n'));
  for (const [id, hostile] of corpus) {
    const s = before ? `before ${id}` : hostile;
    write(`${root}/environments/e-${id}.yaml`, [
      'extends: base',
      `version: ${yq(rules.pathPart(s) ? s : '1.0.0')}`,
      rules.label(s) ? `labels: { tag: ${yq(s)} }` : 'labels: { tag: plain }',
      `zones: { eu-west-1a: { params: { zone: { v: ${yq(s)} } } } }`,
      `services: !append [h-${id}]`,
      `node_types: { web: { flavor: ${yq(!before && rules.flavor(s) ? s : 't3.micro')}, params: { ovr: { v: ${yq(s)} } } } }`,
      `params: { env: { v: ${yq(s)} } }`,
      '',
    ].join('\n'));
  }
}

function writeVariant(root, s) {
  const name = rules.pathPart(s) ? s : 'plain';
  const installDir = rules.pathPart(s) ? '/opt/' + s : '/opt';
  write(`${root}/nbc.yaml`, [
    'project: var',
    `description: ${yq(s)}`,
    `labels: { tag: ${yq(rules.label(s) ? s : 'plain')} }`,
    'grades: { small: { cpu: 1, memory_gib: 1 } }',
    'providers:',
    '  aws:',
    '    flavors:',
    '      t3.micro: { cpu: 2, memory_gib: 1, hourly_usd: 0.0104 }',
    '      db.t3.micro: { cpu: 2, memory_gib: 1, hourly_usd: 0.017, kind: rds }',
    `packager: { bucket: var-slugs, name: ${yq(name)}, install_dir: ${yq(installDir)}, sha256: "${stub_sha256}" }`,
    `stack: { runtime: ${yq(s)}, command: ${yq(s)}, user: ${yq(rules.user(s) ? s : 'plain')}, port: 8000 }`,
    '',
  ].join('\n'));
  write(`${root}/services/app.yaml`, [
    `description: ${yq(s)}`,
    'requires: { role: web }',
    'ports: [{ port: 8000, protocol: tcp }]',
    'health_check: { port: 8000, protocol: tcp, timeout_s: 2 }',
    `params: { app: { v: ${yq(s)} } }`,
    '',
  ].join('\n'));
  write(`${root}/services/db.yaml`, [
    `description: ${yq(s)}`,
    'requires: { role: db }',
    'ports: [{ port: 5432, protocol: tcp }]',
    `params: { postgresql: { v: ${yq(s)} } }`,
    '',
  ].join('\n'));
  const lb = rules.lbPath(s) ? '/' + s : '/plain';
  write(`${root}/node_types/web.yaml`, [
    'roles: [web]',
    'grade: small',
    'image: ami-0abcdef1234567890',
    `load_balancer: { port: 80, target_port: 8000, health_check: { path: ${yq(lb)} } }`,
    '',
  ].join('\n'));
  write(`${root}/node_types/db.yaml`, [
    'kind: rds',
    'roles: [db]',
    'grade: small',
    `rds: { engine: postgres, engine_version: ${yq(rules.engineVersion(s) ? s : '15.4')} }`,
    '',
  ].join('\n'));
  write(`${root}/environments/dev.yaml`, [
    'provider: aws',
    'region: eu-west-1',
    'zones: { eu-west-1a: {}, eu-west-1b: {} }',
    'services: [app, db]',
    'node_types: { web: {}, db: {} }',
    'version: "1.0.0"',
    '',
  ].join('\n'));
  return {
    name, installDir, lbPath: lb,
    label: rules.label(s) ? s : 'plain',
    user: rules.user(s) ? s : 'plain',
    engineVersion: rules.engineVersion(s) ? s : '15.4',
  };
}

// Rejections: [name, file overlays on the minimal variant, expected text].
// Each overlay is a function of the variant's files (a map path → text).
const huge = value.huge;
const dynref = '{{resolve:secretsmanager:prod-db-password}}';
function replaceLine(files, file, prefix, line) {
  files[file] = files[file].split('\n').map((l) => (l.startsWith(prefix) ? line : l)).join('\n');
}
const rejections = [
  ['service-name', (f) => { f['services/$(touch pwned-20).yaml'] = 'description: x\n'; },
    "invalid service name"],
  ['service-name-bidi', (f) => { f['services/ab\u202ecd.yaml'] = 'description: x\n'; },
    'invalid service name'],
  ['label-key', (f) => replaceLine(f, 'nbc.yaml', 'labels:', `labels: { ${yq('$(id)')}: x }`),
    'invalid label name'],
  ['zone-name', (f) => replaceLine(f, 'environments/dev.yaml', 'zones:', `zones: { ${yq('eu-west-1a\nx')}: {} }`),
    'invalid zone name'],
  ['param-key-dot', (f) => replaceLine(f, 'services/app.yaml', 'params:', `params: { app: { ${yq('a.b')}: 1 } }`),
    "contain no '.'"],
  ['param-key-secret-marker', (f) => replaceLine(f, 'services/app.yaml', 'params:', `params: { app: { ${yq('$secret')}: 1 } }`),
    '$secret'],
  ['param-key-json-class', (f) => replaceLine(f, 'services/app.yaml', 'params:', `params: { app: { json_class: "Chef::Node" } }`),
    'json_class'],
  ['param-key-json-class-top', (f) => replaceLine(f, 'services/app.yaml', 'params:', `params: { json_class: "Chef::Role", app: {} }`),
    'json_class'],
  ['param-key-empty', (f) => replaceLine(f, 'services/app.yaml', 'params:', `params: { app: { "": 1 } }`),
    'empty'],
  ['integer-over-int64', (f) => replaceLine(f, 'services/app.yaml', 'params:', 'params: { app: { v: 18446744073709551616 } }'),
    'integer'],
  ['version-dotdot', (f) => replaceLine(f, 'environments/dev.yaml', 'version:', `version: ${yq('../../etc/cron.d')}`),
    'cannot be a folder of'],
  ['version-huge', (f) => replaceLine(f, 'environments/dev.yaml', 'version:', `version: ${yq(huge)}`),
    'longer than'],
  ['version-dynamic-reference', (f) => replaceLine(f, 'environments/dev.yaml', 'version:', `version: ${yq(dynref)}`),
    'dynamic reference'],
  ['version-nul', (f) => replaceLine(f, 'environments/dev.yaml', 'version:', `version: ${yq('1\u00002')}`),
    'cannot be a folder of'],
  ['packager-name-dotdot', (f) => replaceLine(f, 'nbc.yaml', 'packager:', 'packager: { bucket: var-slugs, name: "..", install_dir: /opt }'),
    'cannot be a folder'],
  ['packager-name-huge', (f) => replaceLine(f, 'nbc.yaml', 'packager:', `packager: { bucket: var-slugs, name: ${yq(huge)} }`),
    'longer than'],
  ['packager-name-dynamic-reference', (f) => replaceLine(f, 'nbc.yaml', 'packager:', `packager: { bucket: var-slugs, name: ${yq(dynref)} }`),
    'dynamic reference'],
  ['install-dir-huge', (f) => replaceLine(f, 'nbc.yaml', 'packager:', `packager: { bucket: var-slugs, name: app, install_dir: ${yq('/opt/' + huge)} }`),
    'longer than'],
  ['bucket', (f) => replaceLine(f, 'nbc.yaml', 'packager:', `packager: { bucket: ${yq('x$(id)')}, name: app }`),
    'is not an s3 bucket name'],
  ['label-value-huge', (f) => replaceLine(f, 'nbc.yaml', 'labels:', `labels: { tag: ${yq(huge)} }`),
    'does not fit an aws tag'],
  ['label-value-dynamic-reference', (f) => replaceLine(f, 'nbc.yaml', 'labels:', `labels: { tag: ${yq(dynref)} }`),
    'dynamic reference'],
  ['flavor-dynamic-reference', (f) => {
    replaceLine(f, 'nbc.yaml', '      t3.micro:', `      ${yq('{{resolve:ssm:/evil}}')}: { cpu: 2, memory_gib: 1, hourly_usd: 0.0104 }`);
  }, 'dynamic reference'],
  ['health-path-huge', (f) => replaceLine(f, 'services/app.yaml', 'health_check:', `health_check: { port: 8000, protocol: http, path: ${yq('/' + huge)} }`),
    'longer than'],
  ['health-path-nul', (f) => replaceLine(f, 'services/app.yaml', 'health_check:', `health_check: { port: 8000, protocol: http, path: ${yq('/a\u0000b')} }`),
    'NUL'],
  ['lb-path-relative', (f) => replaceLine(f, 'node_types/web.yaml', 'load_balancer:', `load_balancer: { port: 80, health_check: { path: ${yq('$(id)')} } }`),
    'is not a url path'],
  ['lb-path-nul', (f) => replaceLine(f, 'node_types/web.yaml', 'load_balancer:', `load_balancer: { port: 80, health_check: { path: ${yq('/a\u0000b')} } }`),
    'NUL'],
  ['lb-path-dynamic-reference', (f) => replaceLine(f, 'node_types/web.yaml', 'load_balancer:', `load_balancer: { port: 80, health_check: { path: ${yq('/' + dynref)} } }`),
    'dynamic reference'],
  ['engine-version-dynamic-reference', (f) => replaceLine(f, 'node_types/db.yaml', 'rds:', `rds: { engine_version: ${yq(dynref)} }`),
    'dynamic reference'],
  ['image', (f) => replaceLine(f, 'node_types/web.yaml', 'image:', `image: ${yq('ami-1; $(id)')}`),
    'is neither an ami id nor an ssm parameter path'],
  ['run-list-item', (f) => { f['services/app.yaml'] += `chef: { run_list: [${yq('recipe[x]\n\u001b[31mservices/fake.yaml:1:1: error: forged')}] }\n`; },
    'is malformed'],
  ['secret-name', (f) => replaceLine(f, 'services/app.yaml', 'params:', `params: { app: { p: !secret ${yq('../../etc/shadow')} } }`),
    "is not a name AWS Secrets Manager accepts"],
  ['secret-name-long-part', (f) => replaceLine(f, 'services/app.yaml', 'params:', `params: { app: { p: !secret ${'s'.repeat(300)} } }`),
    "is not a name AWS Secrets Manager accepts"],
];

function readTree(root) {
  const files = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[path.relative(root, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return files;
}

writeMain(`${dir}/main`);
writeMain(`${dir}/main-before`, true);
const variants = {};
for (const [id, s] of corpus) variants[id] = writeVariant(`${dir}/variants/${id}`, s);
writeVariant(`${dir}/rejection-base`, "plain");
const base = readTree(`${dir}/rejection-base`);
for (const [name, overlay, expected] of rejections) {
  const files = { ...base };
  overlay(files);
  for (const [p, text] of Object.entries(files)) write(`${dir}/rejections/${name}/${p}`, text);
  write(`${dir}/rejections/${name}.expect`, expected + '\n');
}

fs.writeFileSync(`${dir}/expect.json`, JSON.stringify({
  ids, legalKeys, integers, layers: LAYERS, envLayers: ENV_LAYERS, variants, stub_sha256,
  rules: Object.fromEntries(Object.keys(rules).map((r) => [r, Object.fromEntries(corpus.map(([id, s]) => [id, rules[r](s)]))])),
}));

// SPDX-License-Identifier: Apache-2.0
// The assertions of the injection test on what `nbc build --all`, `nbc plan`,
// `nbc diff`, `nbc explain` and the sandboxed bootstraps produced for the
// projects of make_projects.js (tests/injection/run.sh lays out DIR):
//
//   plan.json        round-trips every value exactly (integers above 2^53 as
//                    text), at every layer, under every hostile key;
//   chef JSON        parses; a node's top level is exactly nbc's nine keys
//                    (the values sit inside `normal`), roles and environments
//                    likewise; the node file equals the plan's parameters;
//   CloudFormation   no Fn::Sub string holds a user value or reads a ${…}
//                    outside its variable map, "{{resolve:" only in nbc's own
//                    secret references, user values arrive as literals;
//   plan.txt, diff,  no raw control, bidi or invisible character; values
//   explain, env     shown through Visible() (escaped, huge ones cut with
//                    their digest);
//   bootstraps       (run by run.sh in bubblewrap with stub tools) every
//                    value reached the stubs as one argument, byte for byte,
//                    and chef-solo loaded the node file byte for byte.
//
// Usage: node check_outputs.js DIR
// Prints one line per check and `injection: N passed, M failed`.
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const L = require('./lib');
const { corpus, keys, integers } = require('./corpus');

const dir = process.argv[2];
const expect = L.readJson(`${dir}/expect.json`);
const value = Object.fromEntries(corpus);
const small = corpus.filter(([id]) => id !== 'huge');
const legalKeys = expect.legalKeys;
const rule = (name, id) => expect.rules[name][id];
// Strings that must never be part of nbc's own Fn::Sub text.
// (Chef's plain words such as run_list or name are left out: nbc writes them too.)
const forbidden = [...corpus.map(([, s]) => s), ...keys.filter((k) => !/^[a-z_]+$/.test(k))]
  .filter((s) => s.length >= 4);

const NODE_KEYS = ['automatic', 'chef_environment', 'chef_type', 'default', 'json_class', 'name',
  'normal', 'override', 'run_list'];
const ROLE_KEYS = ['chef_type', 'default_attributes', 'description', 'env_run_lists', 'json_class',
  'name', 'override_attributes', 'run_list'];
const ENV_KEYS = ['chef_type', 'cookbook_versions', 'default_attributes', 'description', 'json_class',
  'name', 'override_attributes'];

const read = (p) => fs.readFileSync(p, 'utf8');
const deepEqual = (a, b) => { assert.deepStrictEqual(a, b); return true; };
const keysOf = (o) => Object.keys(o).sort();

// The namespace a base layer set (make_projects.js layerNamespace).
function layerNamespace(layer) {
  const ns = {};
  for (const [id, s] of small) ns[`v-${id}`] = s;
  legalKeys.forEach((k, i) => { Object.defineProperty(ns, k, { value: `${layer}:${i}`, enumerable: true, writable: true, configurable: true }); });
  return ns;
}
function sameEntries(got, want) {
  const problems = [];
  for (const k of Object.keys(want))
    if (L.own(got, k) !== L.own(want, k)) problems.push(`${JSON.stringify(k)}: got ${JSON.stringify(L.own(got, k))?.slice(0, 80)}`);
  return problems.length ? problems.join('\n') : true;
}

// Text shown to people: no raw control character, and each line short.
function checkScreenText(label, text, maxLine = 8192) {
  L.check(`${label}: no raw control, bidi or invisible character`, () => {
    const bad = L.rawControl(text);
    return bad ? `raw ${bad}` : true;
  });
  L.check(`${label}: no line longer than ${maxLine} bytes (huge values are cut)`, () => {
    const long = text.split('\n').findIndex((l) => Buffer.byteLength(l) > maxLine);
    return long < 0 ? true : `line ${long + 1} has ${Buffer.byteLength(text.split('\n')[long])} bytes`;
  });
}

function checkTemplate(label, file, secrets) {
  const template = L.readJson(file);
  L.check(`${label}: Fn::Sub strings are nbc's, dynamic references are secrets, keys are identifiers`, () => {
    const problems = L.templateProblems(template, forbidden, secrets);
    return problems.length ? problems.slice(0, 10).join('\n') : true;
  });
  return template;
}

// The stub log of one sandbox run: call n's tool and arguments.
function stubCall(log, n) {
  const d = path.join(log, String(n).padStart(3, '0'));
  const argc = Number(read(`${d}/argc`).trim());
  const args = [];
  for (let i = 1; i <= argc; i++) args.push(fs.readFileSync(`${d}/arg${i}`));
  return { tool: read(`${d}/tool`).trim(), args, dir: d };
}
function argIs(log, n, i, want) {
  const call = stubCall(log, n);
  const got = call.args[i - 1];
  if (got && got.equals(Buffer.from(want, 'utf8'))) return true;
  return `${call.tool} argument ${i}: got ${JSON.stringify(got && got.toString('utf8')).slice(0, 120)}, want ${JSON.stringify(want).slice(0, 120)}`;
}
function calls(log) {
  return fs.existsSync(`${log}/order`) ? read(`${log}/order`).trim().split('\n').join(' ') : '';
}

// 1. The main project, one environment per corpus string.
function checkMainEnvironment(id) {
  const s = value[id];
  const env = `e-${id}`;
  const out = `${dir}/out-main/${env}`;
  const host = `web-${env}-eu-west-1a-1`;
  const version = rule('pathPart', id) ? s : '1.0.0';
  const flavor = rule('flavor', id) ? s : 't3.micro';
  const label = rule('label', id) ? s : 'plain';
  const healthPath = rule('healthPath', id) ? s : '/plain';
  const planText = read(`${out}/plan.json`);
  const plan = JSON.parse(planText);
  const e = plan.environments[0];
  const node = e.nodes[0];
  const p = node.params;
  L.check(`${env}: plan.json round-trips version, label, flavor`, () =>
    deepEqual([e.name, e.version, L.own(e.labels, 'tag'), e.node_types[0].flavor], [env, version, label, flavor]));
  const h = e.services.find((x) => x.name === `h-${id}`);
  L.check(`${env}: plan.json round-trips the description and health-check path of h-${id}`, () =>
    deepEqual([h.description, h.health_check.path, h.params.h.v], [s, healthPath, s]));
  L.check(`${env}: plan.json node params: every string at every base layer`, () => {
    for (const ns of expect.layers) {
      const r = sameEntries(L.own(p, ns), layerNamespace(ns));
      if (r !== true) return `${ns}: ${r}`;
    }
    return true;
  });
  L.check(`${env}: plan.json node params: this environment's string at env, override and zone layers`, () =>
    deepEqual(expect.envLayers.map((ns) => L.own(L.own(p, ns), 'v')), expect.envLayers.map(() => s)));
  L.check(`${env}: plan.json node params: hostile keys as top-level namespaces stay parameters`, () =>
    sameEntries(p, Object.fromEntries(legalKeys.map((k, i) => [k, `top:${i}`]))));
  L.check(`${env}: integers above 2^53 are written exactly in plan.json and the chef node`, () => {
    const nodeText = read(`${out}/chef/nodes/${host}.json`);
    for (const [name, , text] of integers) {
      const re = new RegExp(`"i-${name.replace(/[\^+()]/g, '\\$&')}": ${text}[,\\n]`, 'g');
      if ((planText.match(re) || []).length < 2) return `plan.json lacks i-${name}: ${text} (service and node)`;
      if (!re.test(nodeText)) return `chef node lacks i-${name}: ${text}`;
    }
    return true;
  });
  // Chef.
  const chefNode = L.readJson(`${out}/chef/nodes/${host}.json`);
  L.check(`${env}: chef node: top level is exactly nbc's keys`, () => deepEqual(keysOf(chefNode), NODE_KEYS));
  L.check(`${env}: chef node: class, type, name, environment and run list are nbc's`, () =>
    deepEqual([chefNode.json_class, chefNode.chef_type, chefNode.name, chefNode.chef_environment, chefNode.run_list],
      ['Chef::Node', 'node', host, env, ['role[app]', `role[h-${id}]`]]));
  L.check(`${env}: chef node: normal attributes equal the plan's parameters`, () => deepEqual(chefNode.normal, p));
  L.check(`${env}: chef node: default, override and automatic are empty`, () =>
    deepEqual([chefNode.default, chefNode.override, chefNode.automatic], [{}, {}, {}]));
  const role = L.readJson(`${out}/chef/roles/h-${id}.json`);
  L.check(`${env}: chef role h-${id}: top level is nbc's, description and attributes exact`, () =>
    deepEqual([keysOf(role), role.json_class, role.chef_type, role.description, role.default_attributes],
      [ROLE_KEYS, 'Chef::Role', 'role', s, { h: { v: s } }]));
  const chefEnv = L.readJson(`${out}/chef/environments/${env}.json`);
  L.check(`${env}: chef environment: top level is nbc's`, () =>
    deepEqual([keysOf(chefEnv), chefEnv.json_class], [ENV_KEYS, 'Chef::Environment']));
  // CloudFormation.
  const t = checkTemplate(`${env}: cloudformation`, `${out}/cloudformation/${env}.json`, []);
  L.check(`${env}: cloudformation: the flavor is the launch template's literal InstanceType`, () => {
    const lt = L.resources(t, 'AWS::EC2::LaunchTemplate');
    return deepEqual(lt.map(([, r]) => r.Properties.LaunchTemplateData.InstanceType), [flavor]);
  });
  L.check(`${env}: cloudformation: the label is a literal tag value of every tagged resource`, () => {
    const tagged = Object.values(t.Resources).filter((r) => r.Properties && Array.isArray(r.Properties.Tags));
    if (!tagged.length) return 'no tagged resource';
    for (const r of tagged)
      if (!r.Properties.Tags.some((x) => x.Key === 'tag' && x.Value === label)) return `${r.Type} lacks tag=${JSON.stringify(label)}`;
    return true;
  });
  L.check(`${env}: cloudformation: the release key is a Fn::Sub variable, not Fn::Sub text`, () => {
    const [, role] = L.resources(t, 'AWS::IAM::Role')[0];
    const release = role.Properties.Policies[0].PolicyDocument.Statement.find((x) => x.Sid === 'Release');
    const [text, vars] = release.Resource['Fn::Sub'];
    return deepEqual([text, vars.Key], ['arn:${AWS::Partition}:s3:::${Bucket}/${Key}', `inj-${version}.tar.gz`]);
  });
  // Text for people.
  const txt = read(`${out}/plan.txt`);
  checkScreenText(`${env}: plan.txt`, txt);
  L.check(`${env}: plan.txt shows the version and the flavor through Visible()`, () => {
    if (!txt.includes(`, version ${L.visible(version)}\n`)) return `no version ${L.visible(version).slice(0, 80)}`;
    if (!txt.includes(`    web: 1 × ${L.visible(flavor)} (`)) return `no flavor ${L.visible(flavor).slice(0, 80)}`;
    return true;
  });
  // The bootstrap, as it ran in the sandbox (run.sh): the release, chef-solo
  // and the one HTTP health check of h-ID.
  checkOtherOutputs(env, out);
  const log = `${dir}/logs/main/${env}`;
  L.check(`${env}: bootstrap called aws sha256sum tar chef-solo curl`, () =>
    calls(log) === 'aws sha256sum tar chef-solo curl' || calls(log));
  L.check(`${env}: bootstrap: aws s3 cp got the release URL byte for byte`, () =>
    argIs(log, 1, 3, `s3://inj-slugs/inj-${version}.tar.gz`));
  L.check(`${env}: bootstrap: tar extracted into the release folder byte for byte`, () =>
    argIs(log, 3, 4, `/opt/inj/${version}`));
  L.check(`${env}: bootstrap: curl got the health-check URL byte for byte`, () =>
    argIs(log, 5, 7, `http://127.0.0.1:9000${healthPath.startsWith('/') ? '' : '/'}${healthPath}`));
  L.check(`${env}: bootstrap: chef-solo loaded the node file byte for byte`, () =>
    fs.readFileSync(`${log}/004/node.json`).equals(fs.readFileSync(`${out}/chef/nodes/${host}.json`)));
  L.check(`${env}: bootstrap: the roles it wrote are the build's, byte for byte`, () => {
    for (const r of ['app', `h-${id}`]) {
      const got = fs.readFileSync(`${dir}/roots/main/${env}/var/lib/nbc/chef/roles/${r}.json`);
      if (!got.equals(fs.readFileSync(`${out}/chef/roles/${r}.json`))) return `roles/${r}.json differs`;
    }
    return true;
  });
}

// Every other file of an environment's build: JSON parses; the Ansible
// inventory marks every string Jinja could template as unsafe and sets no
// ansible_* variable but ansible_host; the Vagrantfile (checked by ruby -c in
// run.sh) and the Consul keys hold names only, never a user value.
function checkOtherOutputs(label, out) {
  for (const f of L.files(out).filter((p) => p.endsWith('.json')))
    L.check(`${label}: ${path.relative(out, f)} is JSON`, () => { JSON.parse(read(f)); return true; });
  const inventory = `${out}/ansible/inventory.json`;
  if (fs.existsSync(inventory)) {
    L.check(`${label}: ansible: every string Jinja could read is __ansible_unsafe`, () => {
      const hosts = L.readJson(inventory).all.hosts;
      const bad = [];
      for (const vars of Object.values(hosts)) {
        for (const k of Object.keys(vars))
          if (k.startsWith('ansible_') && k !== 'ansible_host') bad.push(`variable ${k}`);
        L.walk(vars, (v, at) => {
          const parent = at[at.length - 1];
          if (typeof v === 'string' && /[{]/.test(v) && parent !== '__ansible_unsafe') bad.push(at.join('/'));
        });
      }
      return bad.length ? bad.slice(0, 5).join('\n') : true;
    });
  }
  for (const name of ['vagrant/Vagrantfile', ...L.files(out).filter((p) => p.includes('/consul/')).map((p) => path.relative(out, p))]) {
    const f = `${out}/${name}`;
    if (!fs.existsSync(f)) continue;
    L.check(`${label}: ${name} holds no user value`, () => {
      const text = read(f);
      const found = forbidden.filter((s) => s.length >= 6 && text.includes(s));
      return found.length ? JSON.stringify(found[0]).slice(0, 100) : true;
    });
  }
}

// 2. A variant: the places a project has once.
function checkVariant(id) {
  const s = value[id];
  const v = expect.variants[id];
  const out = `${dir}/out-variants/${id}/dev`;
  const plan = L.readJson(`${out}/plan.json`);
  const e = plan.environments[0];
  const byName = (list, name) => list.find((x) => x.name === name);
  L.check(`variant ${id}: plan.json round-trips packager, stack and labels`, () =>
    deepEqual([plan.packager.name, plan.packager.install_dir, plan.stack.runtime, plan.stack.command,
      plan.stack.user, L.own(plan.labels, 'tag')], [v.name, v.installDir, s, s, v.user, v.label]));
  L.check(`variant ${id}: plan.json round-trips descriptions, parameters, health checks and engine version`, () =>
    deepEqual([byName(e.services, 'app').description, byName(e.services, 'db').description,
      byName(e.nodes.map((n) => ({ name: n.node_type, p: n.params })), 'web').p.app.v,
      byName(e.node_types, 'web').load_balancer.health_check_path, byName(e.node_types, 'db').rds.engine_version],
    [s, s, s, v.lbPath, v.engineVersion]));
  const t = checkTemplate(`variant ${id}: cloudformation`, `${out}/cloudformation/dev.json`, []);
  L.check(`variant ${id}: cloudformation: health-check path, engine version, label and release key are literals`, () => {
    const tg = L.resources(t, 'AWS::ElasticLoadBalancingV2::TargetGroup')[0][1];
    const dbs = L.resources(t, 'AWS::RDS::DBInstance').map(([, r]) => r.Properties.EngineVersion);
    const [, role] = L.resources(t, 'AWS::IAM::Role')[0];
    const release = role.Properties.Policies[0].PolicyDocument.Statement.find((x) => x.Sid === 'Release');
    const tags = tg.Properties.Tags.filter((x) => x.Key === 'tag').map((x) => x.Value);
    return deepEqual([tg.Properties.HealthCheckPath, [...new Set(dbs)], tags, release.Resource['Fn::Sub'][1].Key],
      [v.lbPath, [v.engineVersion], [v.label], `${v.name}-1.0.0.tar.gz`]);
  });
  const txt = read(`${out}/plan.txt`);
  checkScreenText(`variant ${id}: plan.txt`, txt);
  L.check(`variant ${id}: plan.txt shows the health-check path and engine version through Visible()`, () => {
    if (!txt.includes(`health check ${L.visible(v.lbPath)} (`)) return 'no health check path';
    if (!txt.includes(`rds: postgres ${L.visible(v.engineVersion)},`)) return 'no engine version';
    return true;
  });
  checkOtherOutputs(`variant ${id}`, out);
  const log = `${dir}/logs/variants/${id}`;
  const release = `${v.installDir}/${v.name}/1.0.0`;
  L.check(`variant ${id}: bootstrap called aws sha256sum tar chef-solo, then curl`, () =>
    calls(log).startsWith('aws sha256sum tar chef-solo curl') || calls(log));
  L.check(`variant ${id}: bootstrap: curl probed the load balancer's health-check path byte for byte`, () => {
    const order = calls(log).split(' ');
    const want = Buffer.from(`http://127.0.0.1:8000${v.lbPath}`, 'utf8');
    for (let n = 1; n <= order.length; n++) {
      const c = stubCall(log, n);
      if (c.tool === 'curl' && c.args[6] && c.args[6].equals(want)) return true;
    }
    return `no curl call with ${JSON.stringify(want.toString()).slice(0, 120)}`;
  });
  L.check(`variant ${id}: bootstrap: aws s3 cp got the URL and download path byte for byte`, () => {
    const a = argIs(log, 1, 3, `s3://var-slugs/${v.name}-1.0.0.tar.gz`);
    return a === true ? argIs(log, 1, 4, `${release}.nbc-download`) : a;
  });
  L.check(`variant ${id}: bootstrap: tar got the download and the release folder byte for byte`, () => {
    const a = argIs(log, 3, 2, `${release}.nbc-download`);
    return a === true ? argIs(log, 3, 4, release) : a;
  });
  L.check(`variant ${id}: bootstrap: the release is marked extracted where it should be`, () =>
    fs.existsSync(`${dir}/roots/variants/${id}${release}/.nbc-extracted`));
}

// Markdown with its code spans removed (CommonMark §6.1: a run of n
// backticks up to the next run of exactly n), where nothing is interpreted.
function withoutCodeSpans(text) {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') { out += text[i++]; continue; }
    let n = 0;
    while (text[i + n] === '`') n++;
    const fence = new RegExp(`(?<!\`)\`{${n}}(?!\`)`, 'g');
    fence.lastIndex = i + n;
    const close = fence.exec(text);
    if (!close) { out += text.slice(i, i + n); i += n; continue; }
    out += ' ';
    i = close.index + n;
  }
  return out;
}

// 3. The commands for people: explain, env show, diff in every format.
function checkCommands() {
  for (const f of L.files(`${dir}/screens`)) {
    const name = path.relative(dir, f);
    const text = read(f);
    if (f.endsWith('.json')) {
      L.check(`${name}: valid JSON`, () => { JSON.parse(text); return true; });
      continue;
    }
    // env show is YAML data: complete values, escaped but never cut.
    const max = f.includes('env-show') ? Infinity : f.includes('diff.') ? 65536 : 8192;
    checkScreenText(name, text, max);
  }
  const md = read(`${dir}/screens/diff.md`);
  L.check('diff.md: outside code spans, no raw HTML, link or mention from a value', () => {
    const prose = withoutCodeSpans(md);
    for (const bad of [/<script/, /\]\(javascript:/, /(^|[^\\])@octocat/])
      if (bad.test(prose)) return `${bad} in: ${prose.split('\n').find((l) => bad.test(l)).slice(0, 300)}`;
    return md.includes('@octocat') || 'the value is not in the diff at all';
  });
  const diff = L.readJson(`${dir}/screens/diff.json`);
  L.check('diff.json: the changed values round-trip exactly', () => {
    const text = JSON.stringify(diff);
    for (const [, s] of small) if (!text.includes(JSON.stringify(s).slice(1, -1))) return `missing ${JSON.stringify(s)}`;
    return true;
  });
  const all = L.readJson(`${dir}/screens/plan-all.json`);
  L.check('nbc plan --all --format json equals the environments of nbc build, one by one', () => {
    for (const e of all.environments)
      assert.deepStrictEqual(e, L.readJson(`${dir}/out-main/${e.name}/plan.json`).environments[0], e.name);
    return all.environments.length === corpus.length || `${all.environments.length} environments`;
  });
  const prov = L.readJson(`${dir}/screens/provenance.json`);
  L.check('provenance: every hostile key of every layer is a path, with its origin', () => {
    const nodes = Object.values(prov.environments['e-huge'].nodes);
    const paths = nodes[0].params;
    for (const ns of expect.layers)
      for (const k of legalKeys)
        if (!Array.isArray(L.own(paths, `${ns}.${k}`))) return `no ${ns}.${JSON.stringify(k)}`;
    return true;
  });
}

// 4. Rejections: exit 1, the diagnostic, nothing written, no raw controls.
function checkRejections() {
  for (const name of fs.readdirSync(`${dir}/rejections`).filter((n) => n.endsWith('.expect'))) {
    const c = name.slice(0, -'.expect'.length);
    const want = read(`${dir}/rejections/${name}`).trim();
    const err = read(`${dir}/rejected/${c}.stderr`);
    const rc = read(`${dir}/rejected/${c}.rc`).trim();
    L.check(`rejected ${c}: exit 1 with '${want}'`, () => (rc === '1' && err.includes(want)) || `exit ${rc}:\n${err.slice(0, 600)}`);
    L.check(`rejected ${c}: nothing written`, () => !fs.existsSync(`${dir}/rejected/${c}.out`));
    L.check(`rejected ${c}: the diagnostics show no raw control character`, () => {
      const bad = L.rawControl(err);
      return bad ? `raw ${bad}` : true;
    });
    for (const format of ['json', 'github']) {
      const f = `${dir}/rejected/${c}.${format}`;
      if (!fs.existsSync(f)) continue;
      const text = read(f);
      if (format === 'json') L.check(`rejected ${c}: --error-format json is JSON`, () => Array.isArray(JSON.parse(text)));
      else L.check(`rejected ${c}: --error-format github: one line per diagnostic, no raw control`, () =>
        (text.split('\n').filter(Boolean).every((l) => l.startsWith('::')) && !L.rawControl(text)) || text.slice(0, 400));
    }
  }
}

// A missing output fails its group instead of stopping the run.
function guarded(label, fn) {
  try {
    fn();
  } catch (e) {
    L.fail(label, e.message);
  }
}
for (const [id] of corpus) guarded(`e-${id}: outputs`, () => checkMainEnvironment(id));
for (const [id] of corpus) guarded(`variant ${id}: outputs`, () => checkVariant(id));
checkCommands();
checkRejections();
process.exit(L.summary('injection') ? 0 : 1);

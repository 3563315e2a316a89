// SPDX-License-Identifier: Apache-2.0
// Shared by the injection and secret checks: ok/FAIL lines and their count,
// reading JSON safely, what nbc's ir::Visible() must do to a value, and the
// rules every CloudFormation template must follow whatever its input.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

let passed = 0;
let failed = 0;
function pass(label) {
  passed++;
  console.log(`ok    ${label}`);
}
function fail(label, details) {
  failed++;
  console.log(`FAIL  ${label}`);
  if (details) console.log(String(details).split('\n').map((l) => '      ' + l).join('\n'));
}
// check(label, fn): fn returns true, or a string or false to fail; a throw fails.
function check(label, fn) {
  try {
    const r = fn();
    if (r === true || r === undefined) pass(label);
    else fail(label, typeof r === 'string' ? r : '');
  } catch (e) {
    fail(label, e && e.stack ? e.stack.split('\n').slice(0, 3).join('\n') : String(e));
  }
}
function summary(name) {
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  return failed === 0;
}

// An own property (JSON.parse makes "__proto__" an own property; obj[k]
// would read the prototype instead).
function own(obj, key) {
  if (obj === null || typeof obj !== 'object') return undefined;
  const d = Object.getOwnPropertyDescriptor(obj, key);
  return d ? d.value : undefined;
}
function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
function sha256(text) {
  return crypto.createHash('sha256').update(text).digest('hex');
}
function files(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

// The code points ir::Visible() escapes as \u{XXXX} (ir/visible_text.cpp).
function mustEscape(cp) {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0xad || cp === 0x61c ||
    cp === 0x180e || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206f) || cp === 0xfeff ||
    (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0xe0000 && cp <= 0xe007f);
}
const MAX_SHOWN = 200;
function visible(text) {
  const buf = Buffer.from(text, 'utf8');
  let shown = text;
  if (buf.length > MAX_SHOWN) {
    let cut = MAX_SHOWN;
    while (cut > 0 && (buf[cut] & 0xc0) === 0x80) cut--;
    shown = buf.subarray(0, cut).toString('utf8');
  }
  let out = '';
  for (const ch of shown) {
    const cp = ch.codePointAt(0);
    out += mustEscape(cp) ? `\\u{${cp.toString(16).toUpperCase().padStart(4, '0')}}` : ch;
  }
  if (shown.length < text.length) out += `… (${buf.length} bytes, sha256 ${sha256(buf).slice(0, 12)})`;
  return out;
}
// Text for a terminal or a pull request: no code point Visible() escapes,
// except the line ends of the text itself. Returns the first offender.
function rawControl(text) {
  let line = 1;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp === 0x0a) line++;
    else if (mustEscape(cp)) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} on line ${line}`;
  }
  return null;
}

// Walks every value of a JSON document: fn(value, keyPath).
function walk(value, fn, at = []) {
  fn(value, at);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, fn, [...at, i]));
  else if (value && typeof value === 'object')
    for (const k of Object.keys(value)) walk(own(value, k), fn, [...at, k]);
}

const AWS_PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition',
  'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

// The rules of a template whatever its input: every Fn::Sub string is nbc's
// own (its ${…} are variables of its map or pseudo parameters, and it holds
// none of `forbidden`), every "{{resolve:" is a secret reference nbc made for
// one of `secrets`, and every object key is a plain identifier. Returns a
// list of problems.
function templateProblems(template, forbidden, secrets) {
  const problems = [];
  walk(template, (v, at) => {
    const where = at.join('/');
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const k of Object.keys(v))
        if (!/^[A-Za-z0-9:._-]+$/.test(k)) problems.push(`${where}: object key ${JSON.stringify(k)}`);
      const sub = own(v, 'Fn::Sub');
      if (sub !== undefined) {
        const [text, vars] = Array.isArray(sub) ? sub : [sub, {}];
        if (typeof text !== 'string') problems.push(`${where}: Fn::Sub without a string`);
        else {
          for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
            if (m[1].startsWith('!')) continue;
            if (!Object.prototype.hasOwnProperty.call(vars, m[1]) && !AWS_PSEUDO.has(m[1]))
              problems.push(`${where}: Fn::Sub reads \${${m[1]}}, which is not in its variable map`);
          }
          for (const f of forbidden)
            if (f.length >= 4 && text.includes(f)) problems.push(`${where}: a user value is inside a Fn::Sub string: ${JSON.stringify(f).slice(0, 80)}`);
        }
      }
    }
    if (typeof v === 'string' && v.includes('{{resolve:')) {
      const m = /^\{\{resolve:secretsmanager:([A-Za-z0-9/_+=.@-]+)(:SecretString)?\}\}$/.exec(v);
      if (!m || !secrets.includes(m[1])) problems.push(`${where}: dynamic reference ${JSON.stringify(v).slice(0, 120)}`);
    }
  });
  return problems;
}

// The resources of a template (nested stacks included) of one type.
function resources(template, type) {
  return Object.entries(template.Resources || {}).filter(([, r]) => r.Type === type);
}

module.exports = {
  pass, fail, check, summary, own, readJson, sha256, files, visible, rawControl, walk,
  templateProblems, resources, mustEscape,
};

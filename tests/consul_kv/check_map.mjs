// SPDX-License-Identifier: Apache-2.0
// Checks one environment's Daybook map (consul/<env>.json, a `consul kv
// import` file) against its plan.json with a matcher of its own, independent
// of nbc's: keys sorted and unique under daybook/hosts/, flags 0, values
// standard base64; for every node that has a chef node file, the most
// specific matching key (most literal characters, then fewest '*') is unique
// and holds exactly its run list; a node without one matches no key.
//
// Usage: node check_map.mjs ENV_DIR [BEST_OUT]
//   ENV_DIR   a build folder of one environment (plan.json, consul/, chef/)
//   BEST_OUT  optional: writes "HOSTNAME KEY" lines, the key each host got
// Prints "ok LABEL" / "FAIL LABEL: why" lines; exits 1 on any failure.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [envDir, bestOut] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(join(envDir, "plan.json"), "utf8"));
const env = plan.environments[0];
const consulFiles = readdirSync(join(envDir, "consul"));
let failed = 0;
const check = (ok, label, why) => {
  console.log(ok ? `ok    ${label}` : `FAIL  ${label}: ${why}`);
  if (!ok) failed++;
};

check(consulFiles.length === 1, `${env.name}: one consul file`, consulFiles.join(", "));
const entries = JSON.parse(readFileSync(join(envDir, "consul", consulFiles[0]), "utf8"));
check(Array.isArray(entries), `${env.name}: the file is an array`, typeof entries);

const prefix = "daybook/hosts/";
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const map = [];
let previous = "";
for (const e of entries) {
  const fields = Object.keys(e).sort().join(",");
  const good = fields === "flags,key,value" && e.flags === 0 && typeof e.key === "string" &&
    e.key.startsWith(prefix) && typeof e.value === "string" && base64.test(e.value) && e.key > previous;
  check(good, `${env.name}: entry ${e.key}`, "not {key under daybook/hosts/, flags 0, base64 value}, sorted and unique");
  previous = e.key;
  map.push({ pattern: e.key.slice(prefix.length), value: Buffer.from(e.value, "base64").toString("utf8") });
}

// Glob as a regular expression: '*' any run, everything else literal.
const matches = (pattern, host) =>
  new RegExp("^" + pattern.split("*").map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$").test(host);
const literals = (p) => p.replaceAll("*", "").length;
const wildcards = (p) => p.length - literals(p);

const best = [];
let hosts = 0;
for (const node of env.nodes) {
  const host = node.hostname;
  const found = map.filter((k) => matches(k.pattern, host));
  if (!existsSync(join(envDir, "chef", "nodes", `${host}.json`))) {
    check(found.length === 0, `${host}: no chef node file, no key`, found.map((k) => k.pattern).join(", "));
    continue;
  }
  hosts++;
  found.sort((a, b) => literals(b.pattern) - literals(a.pattern) || wildcards(a.pattern) - wildcards(b.pattern));
  const tie = found.length > 1 && literals(found[0].pattern) === literals(found[1].pattern) &&
    wildcards(found[0].pattern) === wildcards(found[1].pattern);
  const want = node.run_list.join(",");
  const got = found.length ? found[0].value : "(no key)";
  check(found.length > 0 && !tie && got === want, `${host}: ${found.length ? found[0].pattern : "-"} = ${want}`,
    tie ? `tie between ${found[0].pattern} and ${found[1].pattern}` : `got ${got}`);
  if (found.length) best.push(`${host} ${prefix}${found[0].pattern}`);
}
check(hosts > 0 || env.nodes.length === 0, `${env.name}: has hosts`, "no node with a chef node file");
if (bestOut) writeFileSync(bestOut, best.join("\n") + "\n");
process.exit(failed ? 1 : 0);

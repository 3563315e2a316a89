// SPDX-License-Identifier: Apache-2.0
// Compares what `ansible-inventory --list` read from one environment's
// ansible/inventory.json with that environment's plan.json: the hosts are
// exactly the nodes with a chef node file; each host's variables, with
// {"__ansible_unsafe": s} read as s, are the node's parameters plus
// ansible_host = hostname; every string holding '{' reached Ansible marked
// unsafe; the groups are exactly env_, node_type_, zone_, role_ and service_
// with the plan's members.
//
// Usage: node compare.mjs ENV_DIR LIST_JSON
// Prints "ok LABEL" / "FAIL LABEL: why" lines; exits 1 on any failure.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";

const [envDir, listFile] = process.argv.slice(2);
const env = JSON.parse(readFileSync(join(envDir, "plan.json"), "utf8")).environments[0];
const list = JSON.parse(readFileSync(listFile, "utf8"));
let failed = 0;
const check = (ok, label, why) => {
  console.log(ok ? `ok    ${label}` : `FAIL  ${label}: ${why}`);
  if (!ok) failed++;
};

const unwrap = (v) => {
  if (Array.isArray(v)) return v.map(unwrap);
  if (v && typeof v === "object") {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === "__ansible_unsafe") return v.__ansible_unsafe;
    return Object.fromEntries(keys.map((k) => [k, unwrap(v[k])]));
  }
  return v;
};
// Strings holding '{' that Ansible holds as plain (templatable) text.
const templatable = (v, path, out) => {
  if (typeof v === "string" && v.includes("{")) out.push(path);
  else if (Array.isArray(v)) v.forEach((x, i) => templatable(x, `${path}[${i}]`, out));
  else if (v && typeof v === "object" && !(Object.keys(v).length === 1 && "__ansible_unsafe" in v))
    for (const [k, x] of Object.entries(v)) templatable(x, `${path}.${k}`, out);
  return out;
};
const sanitise = (s) => s.replace(/[^A-Za-z0-9_]/g, "_");

const hostvars = list._meta?.hostvars ?? {};
const expectedGroups = {};
const add = (group, host) => (expectedGroups[group] ??= new Set()).add(host);
const hosts = env.nodes.filter((n) => existsSync(join(envDir, "chef", "nodes", `${n.hostname}.json`)));
for (const node of env.nodes) {
  const h = node.hostname;
  if (!hosts.includes(node)) {
    check(!(h in hostvars), `${h}: no chef node file, no host`, "it is an Ansible host");
    continue;
  }
  const got = hostvars[h];
  if (!got) {
    check(false, `${h}: a host`, "missing from _meta.hostvars");
    continue;
  }
  const want = { ...node.params, ansible_host: h };
  check(isDeepStrictEqual(unwrap(got), want), `${h}: host variables = plan parameters + ansible_host`,
    `\n  ansible: ${JSON.stringify(unwrap(got))}\n  plan:    ${JSON.stringify(want)}`);
  const raw = templatable(got, h, []);
  check(raw.length === 0, `${h}: no templatable string`, raw.join(", "));
  add(`env_${sanitise(env.name)}`, h);
  add(`node_type_${sanitise(node.node_type)}`, h);
  add(`zone_${sanitise(node.zone)}`, h);
  for (const r of node.roles) add(`role_${sanitise(r)}`, h);
  for (const s of node.run_list) add(`service_${sanitise(s)}`, h);
}
check(Object.keys(hostvars).length === hosts.length, `${env.name}: ${hosts.length} hosts`,
  `ansible lists ${Object.keys(hostvars).length}`);

// ansible-inventory lists every group (all, ungrouped, ours) with its direct hosts.
const gotGroups = Object.keys(list).filter((g) => !["_meta", "all", "ungrouped"].includes(g));
check(isDeepStrictEqual(gotGroups.sort(), Object.keys(expectedGroups).sort()), `${env.name}: the groups`,
  `\n  ansible: ${gotGroups.join(" ")}\n  plan:    ${Object.keys(expectedGroups).sort().join(" ")}`);
for (const [group, members] of Object.entries(expectedGroups)) {
  const got = (list[group]?.hosts ?? []).slice().sort();
  check(isDeepStrictEqual(got, [...members].sort()), `${env.name}: group ${group}`,
    `ansible has ${got.join(" ")}, plan ${[...members].sort().join(" ")}`);
}
check((list.all?.children ?? []).filter((g) => g !== "ungrouped").length === gotGroups.length &&
  (list.ungrouped?.hosts ?? []).length === 0, `${env.name}: every group under all, no ungrouped host`,
  JSON.stringify(list.all));
process.exit(failed ? 1 : 0);

// SPDX-License-Identifier: Apache-2.0
// Compares what Ruby read from one environment's vagrant/Vagrantfile
// (record.rb's JSON) with plan.json and the chef node files: one machine per
// node with a chef node file (or, compact, per node type: its first such
// node), in plan order; box = the node's vagrant.box parameter or
// debian/bookworm64 (or BOX if given); hostname; consecutive private-network
// addresses from 192.168.56.10; a chef_solo provisioner whose paths exist
// (cookbooks aside), whose node_name has a chef node file and whose
// environment and run list are that file's.
//
// Usage: node compare.mjs ENV_DIR RECORDED_JSON full|compact [BOX]
// Prints "ok LABEL" / "FAIL LABEL: why" lines; exits 1 on any failure.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";

const [envDir, recordedFile, mode, box] = process.argv.slice(2);
const env = JSON.parse(readFileSync(join(envDir, "plan.json"), "utf8")).environments[0];
const recorded = JSON.parse(readFileSync(recordedFile, "utf8"));
let failed = 0;
const check = (ok, label, why) => {
  console.log(ok ? `ok    ${label}` : `FAIL  ${label}: ${why}`);
  if (!ok) failed++;
};

const chefFile = (host) => join(envDir, "chef", "nodes", `${host}.json`);
const hosts = env.nodes.filter((n) => existsSync(chefFile(n.hostname)));
let wanted; // [{name, node}]
if (mode === "compact") {
  const types = [...new Set(hosts.map((n) => n.node_type))].sort();
  wanted = types.map((t) => ({ name: t, node: hosts.find((n) => n.node_type === t) }));
} else {
  wanted = hosts.map((n) => ({ name: n.hostname, node: n }));
}

check(recorded.length === 1, "one Vagrant.configure('2') block", `${recorded.length}`);
const defines = (recorded[0]?.vm?.calls ?? []).filter((c) => c.method === "define");
check(isDeepStrictEqual(defines.map((d) => d.args[0]), wanted.map((w) => w.name)), `${env.name}: the machines`,
  `\n  vagrant: ${defines.map((d) => d.args[0]).join(" ")}\n  plan:    ${wanted.map((w) => w.name).join(" ")}`);

const vagrantDir = join(envDir, "vagrant");
defines.forEach((d, i) => {
  const w = wanted[i];
  if (!w) return;
  const node = w.node;
  const m = d.block.vm ?? {};
  const label = `${env.name}: machine ${w.name}`;
  const wantBox = box ?? node.params?.vagrant?.box ?? "debian/bookworm64";
  check(m.box === wantBox, `${label}: box`, `${JSON.stringify(m.box)}, want ${JSON.stringify(wantBox)}`);
  check(m.hostname === node.hostname, `${label}: hostname`, m.hostname);
  const ip = `192.168.${56 + Math.floor((10 + i) / 256)}.${(10 + i) % 256}`;
  const networks = (m.calls ?? []).filter((c) => c.method === "network");
  check(isDeepStrictEqual(networks.map((n) => [n.args, n.options]), [[["private_network"], { ip }]]),
    `${label}: private network ${ip}`, JSON.stringify(networks));
  const provisions = (m.calls ?? []).filter((c) => c.method === "provision");
  check(provisions.length === 1 && provisions[0].args[0] === "chef_solo", `${label}: one chef_solo provisioner`,
    JSON.stringify(provisions.map((p) => p.args)));
  const chef = provisions[0]?.block ?? {};
  for (const key of ["roles_path", "environments_path", "nodes_path"])
    check(typeof chef[key] === "string" && existsSync(join(vagrantDir, chef[key])), `${label}: ${key} exists`, chef[key]);
  check(chef.cookbooks_path === "../chef/cookbooks", `${label}: cookbooks_path`, chef.cookbooks_path);
  const file = join(vagrantDir, chef.nodes_path ?? "-", `${chef.node_name}.json`);
  check(chef.node_name === node.hostname && existsSync(file), `${label}: node_name has a chef node file`, chef.node_name);
  if (!existsSync(file)) return;
  const chefNode = JSON.parse(readFileSync(file, "utf8"));
  check(isDeepStrictEqual(chef.run_list, chefNode.run_list), `${label}: run list = the chef node file's`,
    `${JSON.stringify(chef.run_list)} vs ${JSON.stringify(chefNode.run_list)}`);
  check(chef.environment === chefNode.chef_environment &&
    existsSync(join(vagrantDir, chef.environments_path, `${chef.environment}.json`)),
    `${label}: environment = the chef node file's, with its file`, chef.environment);
});
process.exit(failed ? 1 : 0);

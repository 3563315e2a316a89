// SPDX-License-Identifier: Apache-2.0
// The consistency check of the Ansible inventory, the Daybook map and the
// Vagrantfile against the Plan and the chef node files.
#include "backends/consistency_hosts.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "backends/ansible_inventory.h"
#include "backends/chef_solo.h"
#include "backends/consul_kv.h"
#include "backends/host_patterns.h"
#include "backends/inventory_reader.h"
#include "backends/param_json.h"
#include "ir/names.h"

namespace nbc::backends {
namespace {

using nlohmann::json;

// The value Ansible reads: {"__ansible_unsafe": s} is the string s.
json Unwrap(const json& value) {
  if (value.is_object() && value.size() == 1 && value.contains("__ansible_unsafe"))
    return value["__ansible_unsafe"];
  if (value.is_array()) {
    json out = json::array();
    for (const json& item : value) out.push_back(Unwrap(item));
    return out;
  }
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, item] : value.items()) out[key] = Unwrap(item);
    return out;
  }
  return value;
}

// The single-quoted Ruby literals of a line, unescaped (\\ and \').
std::vector<std::string> RubyStrings(std::string_view line) {
  std::vector<std::string> out;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '\'') continue;
    std::string s;
    for (++i; i < line.size() && line[i] != '\''; ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) ++i;
      s += line[i];
    }
    out.push_back(s);
  }
  return out;
}

class HostChecker {
 public:
  HostChecker(const ir::Plan& plan, const OutputSet& out, ir::Diagnostics& diags)
      : env_(plan.environments.at(0)), out_(out), diags_(diags) {}

  void Run() {
    if (const std::string* text = File("ansible/inventory.json")) CheckAnsible(*text);
    if (const std::string* text = File("consul/" + ir::FlatName(env_.name) + ".json"))
      CheckConsul(*text);
    if (const std::string* text = File("vagrant/Vagrantfile")) CheckVagrant(*text);
  }

 private:
  void Fail(const std::string& who, const std::string& what) {
    diags_.Error({}, "inconsistent artifacts for " + who + ": " + what,
                 "this is a bug in nbc's backends; please report it with the input");
  }

  const std::string* File(const std::string& path) const {
    auto it = out_.files().find(path);
    return it == out_.files().end() ? nullptr : &it->second;
  }

  // The fast reading proves the inventory right (inventory_reader.h); only
  // when it does not is the document built, to say what is wrong.
  void CheckAnsible(const std::string& text) {
    if (InventoryMatches(text, env_, [this](const ir::PlanNode& node) -> const json& {
          return params_json_.Of(node.params);
        }))
      return;
    const json doc = json::parse(text, nullptr, false);
    const json::json_pointer kHosts("/all/hosts"), kGroups("/all/children");
    if (!doc.is_object() || !doc.contains(kHosts) || !doc.contains(kGroups) ||
        !doc[kHosts].is_object() || !doc[kGroups].is_object())
      return Fail("environment " + env_.name,
                  "ansible/inventory.json has no all.hosts or all.children");
    const json& hosts = doc[kHosts];
    const json& groups = doc[kGroups];
    for (const ir::PlanNode& node : env_.nodes) {
      std::string who = "node " + node.address;
      if (!RunsChef(node)) {
        if (hosts.contains(node.hostname)) Fail(who, "a node that runs no chef is an Ansible host");
        continue;
      }
      if (!hosts.contains(node.hostname)) {
        Fail(who, "not a host of ansible/inventory.json");
        continue;
      }
      json vars = Unwrap(hosts[node.hostname]);
      if (vars.value("ansible_host", std::string()) != node.hostname)
        Fail(who, "its ansible_host is not its hostname");
      vars.erase("ansible_host");
      if (vars != params_json_.Of(node.params))
        Fail(who, "its Ansible host variables differ from its chef attributes");
      for (const std::string& group :
           {AnsibleGroupName("env", env_.name), AnsibleGroupName("node_type", node.node_type),
            AnsibleGroupName("zone", node.zone)}) {
        json::json_pointer member("/" + group + "/hosts/" + node.hostname);
        if (!groups.contains(member)) Fail(who, "not in the Ansible group " + group);
      }
    }
  }

  void CheckConsul(const std::string& text) {
    json doc = json::parse(text, nullptr, false);
    if (!doc.is_array())
      return Fail("environment " + env_.name, "its consul file is not a JSON array");
    // The map as stored: `source` holds the stored (base64) value here.
    std::vector<HostPattern> map;
    for (const json& entry : doc) {
      std::string key = entry.value("key", std::string());
      if (key.starts_with(kDaybookPrefix))
        map.push_back({key.substr(std::string(kDaybookPrefix).size()),
                       {},
                       entry.value("value", std::string()),
                       {}});
    }
    for (const ir::PlanNode& node : env_.nodes) {
      if (!RunsChef(node)) continue;
      const HostPattern* best = MatchHost(map, node.hostname).best();
      if (!best || best->source != Base64(JoinServices(node.run_list)))
        Fail("node " + node.address,
             "the Daybook map's most specific match does not give its run list");
    }
  }

  // The Vagrantfile's chef.run_list of each machine against the run list its
  // chef node file holds, which the chef check compares with the plan.
  void CheckVagrant(const std::string& text) {
    std::unordered_map<std::string_view, const ir::PlanNode*> by_hostname;
    for (const ir::PlanNode& node : env_.nodes) by_hostname.emplace(node.hostname, &node);
    std::set<std::string> types;
    std::string node_name;
    for (size_t at = 0; at < text.size();) {
      size_t end = std::min(text.find('\n', at), text.size());
      std::string_view line(text.data() + at, end - at);
      at = end + 1;
      line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
      if (line.starts_with("chef.node_name = ")) {
        std::vector<std::string> names = RubyStrings(line.substr(17));
        node_name = names.empty() ? "" : names[0];
      } else if (line.starts_with("chef.run_list = ")) {
        auto it = by_hostname.find(node_name);
        const ir::PlanNode* node = it == by_hostname.end() ? nullptr : it->second;
        if (!node || !RunsChef(*node) || !File("chef/nodes/" + node->hostname + ".json")) {
          Fail("environment " + env_.name,
               "the Vagrantfile provisions '" + node_name + "', which has no chef node file");
          continue;
        }
        if (RubyStrings(line.substr(16)) != ChefRunList(*node))
          Fail("node " + node->address,
               "the Vagrantfile's run list differs from its chef node file");
        types.insert(node->node_type);
      }
    }
    for (const ir::PlanNode& node : env_.nodes)
      if (RunsChef(node) && !types.count(node.node_type))
        Fail("node type " + node.node_type, "no Vagrant machine provisions any of its nodes");
  }

  const ir::PlanEnvironment& env_;
  const OutputSet& out_;
  ir::Diagnostics& diags_;
  ParamJsonCache params_json_;
};

}  // namespace

void CheckHostConsistency(const ir::Plan& plan, const OutputSet& out, ir::Diagnostics& diags) {
  HostChecker(plan, out, diags).Run();
}

}  // namespace nbc::backends

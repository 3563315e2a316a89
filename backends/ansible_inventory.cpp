// SPDX-License-Identifier: Apache-2.0
// The Ansible backend: the hosts of an environment with their merged
// parameters as host variables, grouped by environment, node type, zone, role
// and service, for `ansible-playbook -i ansible/inventory.json`.
#include "backends/ansible_inventory.h"

#include <array>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "backends/chef_solo.h"
#include "backends/param_json.h"

namespace nbc::backends {
namespace {

using nlohmann::json;

// Variables Ansible sets itself (they would silently shadow a parameter of
// that name) besides every ansible_* connection or behaviour variable (one
// as a parameter would change how Ansible reaches or runs on the host).
constexpr std::array<std::string_view, 15> kMagicVariables = {
    "group_names",  "groups",    "hostvars",   "inventory_dir", "inventory_file",
    "inventory_hostname",        "inventory_hostname_short",    "omit",
    "play_hosts",   "playbook_dir", "role_name", "role_names",   "role_path",
    "role_uuid",    "vars"};

// Keys Ansible's JSON decoder turns into vault or unsafe values, replacing the
// map that holds them.
bool IsAnsibleMarker(std::string_view key) {
  return key == "__ansible_unsafe" || key == "__ansible_vault";
}

bool IsReservedVariable(std::string_view key) {
  if (key.starts_with("ansible_")) return true;
  for (std::string_view magic : kMagicVariables)
    if (key == magic) return true;
  return false;
}

// A string Jinja could read as a template ({{ }}, {% %}, {# #}) is marked
// unsafe: Ansible then never templates it, wherever a play uses it. Ansible
// does not template the keys of a map.
json MarkUnsafe(const json& value) {
  if (value.is_string())
    return value.get_ref<const std::string&>().find('{') == std::string::npos
               ? value
               : json{{"__ansible_unsafe", value}};
  if (value.is_array()) {
    json out = json::array();
    for (const json& item : value) out.push_back(MarkUnsafe(item));
    return out;
  }
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, item] : value.items()) out[key] = MarkUnsafe(item);
    return out;
  }
  return value;
}

// Reports every map key below `value` that Ansible's decoder would consume.
void CheckMarkers(const ir::ParamValue& value, const std::string& path, std::set<std::string>& seen,
                  ir::Diagnostics& diags) {
  if (value.kind == ir::ParamKind::kList) {
    for (const ir::ParamValue& item : value.list) CheckMarkers(item, path, seen, diags);
  } else if (value.kind == ir::ParamKind::kMap) {
    for (const auto& [key, item] : value.map) {
      std::string here = path.empty() ? key : path + "." + key;
      if (IsAnsibleMarker(key) && seen.insert(here).second)
        diags.Error(item.origin.at, "parameter '" + here + "' cannot be an Ansible host variable",
                    "Ansible's inventory loader replaces a map holding the key '" + key +
                        "' with a vault or unsafe value; rename the key");
      CheckMarkers(item, here, seen, diags);
    }
  }
}

// A host's variables as they sit in the inventory (six spaces deep), cut
// where its ansible_host goes: the text is made once per shared parameter
// tree and only the hostname differs between its hosts.
struct HostText {
  std::string before, after;  // around the ansible_host value
  std::optional<nlohmann::json> vars;  // instead, should a value hold the stand-in
};

class InventoryWriter {
 public:
  InventoryWriter(const ir::PlanEnvironment& env, ir::Diagnostics& diags)
      : env_(env), diags_(diags) {}

  // The bytes of dump(2) of {"all": {"children": …, "hosts": …}}, written as
  // text: a document of every host's variables would be built and freed for
  // nothing (bench/README.md).
  std::string Write() {
    std::map<std::string, std::pair<size_t, const ir::PlanNode*>> hosts;  // sorted, as JSON's
    for (const ir::PlanNode& node : env_.nodes) {
      if (!RunsChef(node)) continue;  // a managed database is no host to log in to
      hosts[node.hostname] = {HostVariables(node), &node};
      AddToGroup("env", env_.name, node);
      AddToGroup("node_type", node.node_type, node);
      AddToGroup("zone", node.zone, node);
      for (const std::string& role : node.roles) AddToGroup("role", role, node);
      for (const std::string& service : node.run_list) AddToGroup("service", service, node);
    }
    std::string out = "{\n  \"all\": {\n    \"children\": ";
    WriteGroups(out);
    out += ",\n    \"hosts\": ";
    if (hosts.empty()) out += "{}";
    else {
      out += "{\n";
      size_t left = hosts.size();
      for (const auto& [hostname, host] : hosts) {
        out += "      ";
        AppendJsonString(out, hostname);
        out += ": ";
        const HostText& text = texts_[host.first];
        if (text.vars) {
          nlohmann::json vars = *text.vars;
          vars["ansible_host"] = host.second->hostname;
          out += Nested(vars);
        } else {
          out += text.before;
          AppendJsonString(out, host.second->hostname);
          out += text.after;
        }
        out += --left ? ",\n" : "\n";
      }
      out += "    }";
    }
    out += "\n  }\n}\n";
    return out;
  }

 private:
  void WriteGroups(std::string& out) const {
    if (groups_.empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    size_t groups_left = groups_.size();
    for (const auto& [group, members] : groups_) {
      out += "      ";
      AppendJsonString(out, group);
      out += ": {\n        \"hosts\": {\n";
      size_t left = members.size();
      for (const std::string& host : members) {
        out += "          ";
        AppendJsonString(out, host);
        out += --left ? ": {},\n" : ": {}\n";
      }
      out += --groups_left ? "        }\n      },\n" : "        }\n      }\n";
    }
    out += "    }";
  }

  // The index in texts_ of the node's variables.
  size_t HostVariables(const ir::PlanNode& node) {
    // The nodes of a node type in a zone share one tree (param_json.h
    // SameTree): checked and converted once for all of them.
    if (!texts_.empty() && SameTree(node.params, last_params_)) return texts_.size() - 1;
    for (const auto& [key, value] : node.params.map)
      if (IsReservedVariable(key) && reported_variables_.insert(key).second)
        diags_.Error(value.origin.at, "parameter '" + key + "' cannot be an Ansible host variable",
                     "Ansible reads ansible_* and its magic variables (hostvars, groups, …) "
                     "itself; rename the parameter");
    CheckMarkers(node.params, "", reported_variables_, diags_);
    texts_.push_back(CutAtHost(MarkUnsafe(ParamToJson(node.params))));
    last_params_ = node.params;  // shares the tree, which keeps it from changing
    return texts_.size() - 1;
  }

  // dump(2) of a host's variables, nested six spaces deep.
  static std::string Nested(const nlohmann::json& vars) {
    std::string text;
    AppendNestedJson(text, vars, 6);
    return text;
  }

  // Nested(vars plus ansible_host), cut at the hostname. Should a parameter
  // hold the stand-in itself, its hosts are written whole, one by one.
  static HostText CutAtHost(nlohmann::json vars) {
    static const std::string kStandIn = "\x01nbc-ansible-host";
    static const std::string kDumped = "\"\\u0001nbc-ansible-host\"";
    nlohmann::json with_host = vars;
    with_host["ansible_host"] = kStandIn;
    std::string nested = Nested(with_host);
    size_t at = nested.find(kDumped);
    if (at == std::string::npos || nested.find(kDumped, at + 1) != std::string::npos)
      return {{}, {}, std::move(vars)};
    return {nested.substr(0, at), nested.substr(at + kDumped.size()), std::nullopt};
  }

  void AddToGroup(std::string_view prefix, const std::string& name, const ir::PlanNode& node) {
    std::string group = AnsibleGroupName(prefix, name);
    auto [it, inserted] = group_names_.emplace(group, name);
    if (!inserted && it->second != name && reported_groups_.insert(group).second)
      diags_.Error(
          {},
          "'" + it->second + "' and '" + name + "' both become the Ansible group '" + group + "'",
          "Ansible group names hold only letters, digits and '_'; rename one of them");
    groups_[group].insert(node.hostname);
  }

  const ir::PlanEnvironment& env_;
  ir::Diagnostics& diags_;
  std::map<std::string, std::set<std::string>> groups_;  // sorted, so the file is byte-stable
  std::map<std::string, std::string> group_names_;       // group → the name it came from
  std::set<std::string> reported_variables_;  // each problem once, however many hosts share it
  std::set<std::string> reported_groups_;
  ir::ParamValue last_params_{.kind = ir::ParamKind::kNull};  // HostVariables' last tree
  std::vector<HostText> texts_;
};

}  // namespace

std::string AnsibleGroupName(std::string_view prefix, std::string_view name) {
  std::string out = std::string(prefix) + "_";
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out += ok ? c : '_';
  }
  return out;
}

std::string AnsibleInventoryJson(const ir::PlanEnvironment& env, ir::Diagnostics& diags) {
  return InventoryWriter(env, diags).Write();
}

// Emit receives exactly one environment (backends/registry.h).
void AnsibleInventoryBackend::Emit(const ir::Plan& plan, OutputSet& out,
                                   ir::Diagnostics& diags) const {
  if (plan.environments.empty()) return;
  out.Add("ansible/inventory.json", AnsibleInventoryJson(plan.environments.front(), diags));
}

}  // namespace nbc::backends

// SPDX-License-Identifier: Apache-2.0
// Reading plan.json into the facts the coordinator compares with its record.
#include "state/plan_facts.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "ir/sha256.h"
#include "state/codec.h"

namespace nbc::state {
namespace {

using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Text(const json& j) { return j.is_string() ? j.get<std::string>() : Dump(j); }

// What a node's facts are read from besides the node itself.
struct Context {
  const json& plan;
  const json& env;
  std::map<std::string, const json*> node_types;  // by name
  std::map<std::string, const json*> services;    // by name
};

const json& TypeOf(const Context& cx, const std::string& name) {
  auto it = cx.node_types.find(name);
  if (it == cx.node_types.end())
    throw std::runtime_error("a node names node type '" + name + "', which the plan does not list");
  return *it->second;
}

std::map<std::string, std::string> Immutable(const json& node, const Context& cx) {
  std::map<std::string, std::string> out;
  for (const char* key : {"kind", "node_type", "zone", "hostname", "flavor", "image"})
    out[key] = node.at(key).get<std::string>();
  if (out["kind"] == "rds") {
    // A different engine is a different database; RDS nodes install no release.
    const json& type = TypeOf(cx, out["node_type"]);
    out["rds_engine"] = type.contains("rds") ? type.at("rds").at("engine").get<std::string>() : "";
    return out;
  }
  // The release a machine's bootstrap installs at first boot.
  for (const auto& [key, value] : cx.plan.at("packager").items()) out["release_" + key] = Text(value);
  out["release_version"] = cx.env.at("version").get<std::string>();
  return out;
}

std::string MutableDigest(const json& node, const Context& cx) {
  json roles = json::object();
  for (const json& service : node.at("run_list")) {
    auto it = cx.services.find(service.get<std::string>());
    if (it != cx.services.end()) roles[it->first] = it->second->at("chef_run_list");
  }
  json facts{{"params", node.at("params")}, {"run_list", node.at("run_list")},
             {"grade", node.at("grade")},   {"roles", node.at("roles")},
             {"tags", cx.env.at("labels")}, {"chef_roles", roles}};
  if (node.at("kind") == "rds") {
    json rds = TypeOf(cx, node.at("node_type").get<std::string>()).value("rds", json::object());
    rds.erase("engine");
    facts["rds"] = rds;
  } else {
    facts["stack"] = cx.plan.at("stack");
  }
  // nlohmann sorts keys: the digest depends on the values only.
  return ir::Sha256Hex(Dump(facts));
}

// Throws json::exception (or std::out_of_range) on a wrong shape; ReadPlanFacts reports it.
NodeFacts ReadNode(const json& node, const Context& cx) {
  NodeFacts n;
  n.address = node.at("address").get<std::string>();
  n.immutable = Immutable(node, cx);
  n.immutable_digest = ir::Sha256Hex(Dump(json(n.immutable)));
  n.mutable_digest = MutableDigest(node, cx);
  if (node.contains("change")) n.change = node.at("change").get<std::string>();
  return n;
}

}  // namespace

Status ReadPlanFacts(std::string_view plan_json, PlanFacts& facts) {
  if (plan_json.size() > kMaxStateBytes)
    return Status::Error(fmt::format("the plan is larger than 64 MiB ({} bytes)", plan_json.size()));
  facts = {};
  facts.digest = ir::Sha256Hex(plan_json);
  try {
    json plan = json::parse(plan_json);
    int version = plan.at("format_version").get<int>();
    if (version != 1)
      return Status::Error(fmt::format("the plan has format_version {}; this nbc reads 1", version),
                           "plan again with this nbc");
    facts.project = plan.at("project").get<std::string>();
    for (const json& env : plan.at("environments")) {
      Context cx{plan, env, {}, {}};
      for (const json& t : env.at("node_types")) cx.node_types[t.at("name").get<std::string>()] = &t;
      for (const json& s : env.at("services")) cx.services[s.at("name").get<std::string>()] = &s;
      EnvironmentFacts e;
      e.name = env.at("name").get<std::string>();
      if (env.contains("state")) e.state_serial = env.at("state").at("serial").get<int64_t>();
      std::set<std::string> seen;
      for (const json& node : env.at("nodes")) {
        e.nodes.push_back(ReadNode(node, cx));
        if (!seen.insert(e.nodes.back().address).second)
          return Status::Error("the plan lists node " + e.nodes.back().address + " twice",
                               "plan again; nbc never writes such a plan");
      }
      facts.environments.push_back(std::move(e));
    }
  } catch (const std::exception& e) {
    return Status::Error(std::string("this is not an nbc plan.json: ") + e.what(),
                         "write one with `nbc plan ENV --state --format json -o plan.json`");
  }
  return Status::Ok();
}

}  // namespace nbc::state

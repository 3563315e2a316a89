// SPDX-License-Identifier: Apache-2.0
// RDS node types: DB subnet group, DB instances, master login, outputs.
#include "backends/cloudformation/rds.h"

#include <algorithm>
#include <set>
#include <vector>

#include "backends/cloudformation/intrinsics.h"
#include "backends/cloudformation/load_balancer.h"
#include "backends/cloudformation/logical_ids.h"
#include "ir/visible_text.h"

namespace nbc::backends::cfn {
namespace {

struct PasswordLeaf {
  std::string path;
  const ir::ParamValue* value;
  const ir::ParamValue* parent;  // the map holding it, where `username` may sit
};

// Maps are sorted, so leaves come out in path order.
void FindPasswords(const ir::ParamValue& map, const std::string& prefix, std::vector<PasswordLeaf>& out) {
  for (const auto& [key, value] : map.map) {
    std::string path = prefix.empty() ? key : prefix + "." + key;
    if (value.is_map())
      FindPasswords(value, path, out);
    else if (key == "password")
      out.push_back({path, &value, &map});
  }
}

bool IsUsername(const std::string& name, const std::string& engine) {
  size_t max = engine == "postgres" ? 63 : 16;
  if (name.empty() || name.size() > max) return false;
  if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z'))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::optional<json> Username(const Context& cx, const ir::PlanNode& node, const ir::ParamValue& v,
                             const std::string& engine) {
  std::string what = "the master username of " + DescribeNode(node);
  if (v.kind == ir::ParamKind::kSecret) {
    if (IsSecretName(v.text)) return SecretReference(v.text);
  } else if (v.kind == ir::ParamKind::kString && IsUsername(v.text, engine)) {
    return v.text;
  }
  cx.diags.Error(v.origin.at, what + " " + ir::Visible(ir::RenderInline(v)) + " is not usable",
                 "write letters, digits and underscores starting with a letter (at most " +
                     std::string(engine == "postgres" ? "63" : "16") + "), or `!secret NAME`");
  return std::nullopt;
}

// The port the database listens on: the one port its services declare, or
// the engine's default when they declare none or several.
std::optional<int> DatabasePort(const Context& cx, const ir::PlanNodeType& type) {
  std::set<int> ports;
  for (const ir::PlanService& s : cx.env.services)
    if (std::find(type.services.begin(), type.services.end(), s.name) != type.services.end())
      for (const ir::Port& p : s.ports)
        if (p.protocol == "tcp") ports.insert(p.port);
  if (ports.size() != 1) return std::nullopt;
  return *ports.begin();
}

json DatabaseProperties(const Context& cx, const ir::PlanNodeType& type, const ir::PlanNode& node,
                        const MasterLogin& login, Scope& scope) {
  const ir::RdsSettings rds = type.rds.value_or(ir::RdsSettings{});
  json p = {{"DBInstanceClass", type.flavor},
            {"Engine", rds.engine},
            {"AllocatedStorage", std::to_string(rds.storage_gib)},
            {"MultiAZ", rds.multi_az},
            {"DBSubnetGroupName", scope.Use(ids::kDbSubnetGroup)},
            {"VPCSecurityGroups", json::array({scope.Use(ids::SecurityGroup(type.name))})},
            {"MasterUsername", login.username},
            {"StorageEncrypted", true},
            {"PubliclyAccessible", false},
            {"CopyTagsToSnapshot", true},
            {"Tags", Tags(cx.NodeTags(node))}};
  if (!rds.engine_version.empty()) p["EngineVersion"] = rds.engine_version;
  if (rds.max_storage_gib > 0) p["MaxAllocatedStorage"] = rds.max_storage_gib;
  // AWS rejects a pinned zone on a Multi-AZ instance: it picks the standby's.
  if (!rds.multi_az) p["AvailabilityZone"] = node.zone;
  if (login.password_secret)
    p["MasterUserPassword"] = SecretReference(*login.password_secret, ":SecretString");
  else
    p["ManageMasterUserPassword"] = true;
  if (auto port = DatabasePort(cx, type)) p["Port"] = std::to_string(*port);
  return p;
}

void AddOutputs(const ir::PlanNode& node, Template& into) {
  std::string id = ids::Database(node);
  into.AddOutput(id + "Address",
                 {{"Description", "The endpoint address of database " + node.hostname},
                  {"Value", GetAtt(id, "Endpoint.Address")}},
                 DescribeNode(node));
  into.AddOutput(id + "Port",
                 {{"Description", "The endpoint port of database " + node.hostname},
                  {"Value", GetAtt(id, "Endpoint.Port")}},
                 DescribeNode(node));
}

}  // namespace

std::optional<MasterLogin> FindMasterLogin(const Context& cx, const ir::PlanNode& node,
                                           const std::string& engine) {
  std::vector<PasswordLeaf> leaves;
  FindPasswords(node.params, "", leaves);
  std::vector<PasswordLeaf> secrets;
  for (const PasswordLeaf& leaf : leaves) {
    if (leaf.value->kind == ir::ParamKind::kSecret)
      secrets.push_back(leaf);
    else
      cx.diags.Warning(leaf.value->origin.at,
                       "parameter " + ir::Visible(leaf.path) + " of " + DescribeNode(node) +
                           " is a plain value; only a secret becomes the database's master password",
                       "write `password: !secret NAME`; until then RDS manages the password");
  }
  MasterLogin login;
  if (secrets.empty()) return login;
  for (const PasswordLeaf& leaf : secrets) {
    if (leaf.value->text == secrets[0].value->text) continue;
    cx.diags.Error(leaf.value->origin.at,
                   DescribeNode(node) + " has several password secrets (" + ir::Visible(secrets[0].path) +
                       ", " + ir::Visible(leaf.path) + "); nbc cannot tell which is the master password",
                   "keep one `password: !secret NAME` in the parameters of an rds node");
    return std::nullopt;
  }
  const std::string& name = secrets[0].value->text;
  if (!IsSecretName(name)) {
    cx.diags.Error(secrets[0].value->origin.at,
                   "secret name " + ir::Visible("'" + name + "'") + " of " + DescribeNode(node) +
                       " cannot be a cloudformation dynamic reference",
                   "use 1 to 512 letters, digits and /_+=.@- in secret names");
    return std::nullopt;
  }
  login.password_secret = name;
  auto username = secrets[0].parent->map.find("username");
  if (username != secrets[0].parent->map.end()) {
    auto value = Username(cx, node, username->second, engine);
    if (!value) return std::nullopt;
    login.username = *value;
  }
  return login;
}

void AddDbSubnetGroup(const Context& cx, Template& top, SharedValues& shared) {
  Scope scope(shared, /*nested=*/false);
  top.AddResource(
      ids::kDbSubnetGroup,
      {{"Type", "AWS::RDS::DBSubnetGroup"},
       {"Properties",
        {{"DBSubnetGroupDescription", "nbc " + cx.plan.project + " " + cx.env.name + ": every zone"},
         {"SubnetIds", AllZoneSubnets(cx, scope)},
         {"Tags", Tags(cx.CommonTags())}}}},
      "the db subnet group");
  shared[ids::kDbSubnetGroup] = {Ref(ids::kDbSubnetGroup), "String"};
}

void AddDatabases(const Context& cx, const ir::PlanNodeType& type, Scope& scope, Template& into) {
  const std::string engine = type.rds ? type.rds->engine : ir::RdsSettings{}.engine;
  if (engine != "postgres" && engine != "mysql" && engine != "mariadb") {
    cx.diags.Error(type.rds ? type.rds->at : ir::SourceSpan{},
                   "rds engine " + ir::Visible("'" + engine + "'") + " of " + DescribeNodeType(type.name) +
                       " is not one the cloudformation backend knows",
                   "use postgres, mysql or mariadb");
    return;
  }
  if (type.rds &&
      !cx.CheckLiteral(type.rds->engine_version, "the engine_version of " + DescribeNodeType(type.name)))
    return;
  for (const ir::PlanNode* node : cx.NodesOf(type.name)) {
    auto login = FindMasterLogin(cx, *node, engine);
    if (!login) continue;
    into.AddResource(ids::Database(*node),
                     {{"Type", "AWS::RDS::DBInstance"},
                      {"DeletionPolicy", "Snapshot"},
                      {"UpdateReplacePolicy", "Snapshot"},
                      {"Metadata", NodeMetadata(*node)},
                      {"Properties", DatabaseProperties(cx, type, *node, *login, scope)}},
                     DescribeNode(*node));
    AddOutputs(*node, into);
  }
}

}  // namespace nbc::backends::cfn

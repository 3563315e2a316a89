// SPDX-License-Identifier: Apache-2.0
// Lowering of services/, node_types/ and environments/ files.
#include <regex>

#include "compiler/lower_context.h"

namespace nbc::compiler {
namespace {

std::optional<ir::GradeId> LookupGrade(LowerContext& cx, MapReader& r, std::string_view key,
                                       std::string_view context, ir::SourceSpan* at) {
  std::optional<std::string> name = r.String(key);
  if (!name) return std::nullopt;
  *at = r.Get(key)->at;
  std::optional<uint32_t> id = cx.grades.Lookup({*name, *at}, context, cx.diags);
  if (!id) return std::nullopt;
  return ir::GradeId{*id};
}

std::optional<ir::HealthCheck> LowerHealthCheck(LowerContext& cx, const DocNode* node,
                                                std::string_view what) {
  if (!node) return std::nullopt;
  MapReader r(node, "health_check of " + std::string(what), cx.diags);
  ir::HealthCheck h;
  h.at = node->at;
  h.port = static_cast<int>(r.Int("port", 1, 65535).value_or(0));
  h.protocol = r.String("protocol").value_or("tcp");
  h.path = r.String("path").value_or("");
  h.timeout_s = static_cast<int>(r.Int("timeout_s", 1, 600).value_or(5));
  if (h.protocol != "tcp" && h.protocol != "http")
    cx.diags.Error(r.KeyAt("protocol"), "health_check protocol '" + h.protocol + "' of " +
                                            std::string(what) + " is not tcp or http");
  if (h.protocol == "http" && h.path.empty()) h.path = "/";
  if (!r.Get("port"))
    cx.diags.Error(h.at, "health_check of " + std::string(what) + " needs a port");
  return h;
}

std::vector<ir::Port> LowerPorts(LowerContext& cx, const DocNode* node, std::string_view what) {
  std::vector<ir::Port> ports;
  if (!node || node->kind == DocKind::kNull) return ports;
  if (node->kind != DocKind::kSeq) {
    cx.diags.Error(node->at, "ports of " + std::string(what) + " must be a list",
                   "write `ports: [{ port: 5432, protocol: tcp }]`");
    return ports;
  }
  for (const DocNode* item : node->items) {
    MapReader r(item, "a port of " + std::string(what), cx.diags);
    ir::Port p;
    p.at = item->at;
    p.port = static_cast<int>(r.Int("port", 1, 65535).value_or(0));
    p.protocol = r.String("protocol").value_or("tcp");
    if (p.protocol != "tcp" && p.protocol != "udp")
      cx.diags.Error(r.KeyAt("protocol"), "port protocol '" + p.protocol + "' is not tcp or udp");
    if (!r.Get("port")) {
      cx.diags.Error(item->at, "a port of " + std::string(what) + " has no port number",
                     "write `{ port: 8080, protocol: tcp }`");
      continue;
    }
    if (p.port != 0) ports.push_back(p);
  }
  return ports;
}

// Chef accepts run-list items of the form recipe[name] or role[name].
bool IsRunListItem(const std::string& item) {
  static const std::regex kItem(R"((recipe|role)\[[A-Za-z0-9_.:@-]+\])");
  return std::regex_match(item, kItem);
}

std::optional<ir::RdsSettings> LowerRds(LowerContext& cx, const ir::NodeType& n,
                                        const DocNode* node) {
  std::string what = "rds of node type '" + n.name + "'";
  if (n.kind != "rds") {
    if (node) cx.diags.Error(node->at, what + " applies to kind rds only");
    return std::nullopt;
  }
  ir::RdsSettings rds;
  if (!node) return rds;
  rds.at = node->at;
  MapReader r(node, what, cx.diags);
  rds.engine = r.String("engine").value_or("postgres");
  if (rds.engine != "postgres" && rds.engine != "mysql" && rds.engine != "mariadb")
    cx.diags.Error(r.KeyAt("engine"), what + ": unknown engine '" + rds.engine + "'",
                   "engines are postgres, mysql and mariadb");
  rds.engine_version = r.String("engine_version").value_or("");
  rds.storage_gib = static_cast<int>(r.Int("storage_gib", 20, 65536).value_or(20));
  rds.max_storage_gib = static_cast<int>(r.Int("max_storage_gib", 0, 65536).value_or(0));
  rds.multi_az = r.Bool("multi_az").value_or(false);
  if (rds.max_storage_gib != 0 && rds.max_storage_gib < rds.storage_gib)
    cx.diags.Error(r.KeyAt("max_storage_gib"), what + ": max_storage_gib is below storage_gib");
  return rds;
}

}  // namespace

void LowerService(LowerContext& cx, ir::Service& s, const Document& doc) {
  std::string what = "service '" + s.name + "'";
  MapReader r(doc.root, what, cx.diags);
  r.Get("overrides");  // applied before lowering (compiler/imports.cpp)
  s.description = r.String("description").value_or("");
  if (auto deps = r.StringList("depends_on"))
    s.depends_on = cx.ServiceRefs(*deps, what + " depends on", true);
  if (auto audits = r.StringList("audits")) s.audits = cx.ServiceRefs(*audits, what + " audits", true);
  s.audit_kind = r.String("audit_kind").value_or("");
  if (!s.audit_kind.empty()) CheckName(s.audit_kind, "audit kind", r.KeyAt("audit_kind"), cx.diags);
  if (const DocNode* req = r.Get("requires")) {
    MapReader rr(req, "requires of " + what, cx.diags);
    if (auto role = rr.String("role")) {
      s.required_role = *role;
      s.required_role_at = rr.Get("role")->at;
      CheckName(*role, "role", s.required_role_at, cx.diags);
    }
    s.required_grade = LookupGrade(cx, rr, "grade", what + " requires", &s.required_grade_at);
    if (s.required_grade && !s.required_role)
      cx.diags.Error(s.required_grade_at, what + " requires a grade but no role",
                     "a grade is a minimum size among the node types of a role; add `role:`");
  }
  if (auto with = r.StringList("colocate_with"))
    s.colocate_with = cx.ServiceRefs(*with, what + " is to be colocated with", true);
  if (auto avoid = r.StringList("avoid")) s.avoid = cx.ServiceRefs(*avoid, what + " avoids", true);
  s.ports = LowerPorts(cx, r.Get("ports"), what);
  s.health_check = LowerHealthCheck(cx, r.Get("health_check"), what);
  if (const DocNode* chef = r.Get("chef")) {
    MapReader rc(chef, "chef of " + what, cx.diags);
    if (auto list = rc.StringList("run_list")) {
      for (const SpannedString& item : *list) {
        if (!IsRunListItem(item.value))
          cx.diags.Error(item.at, "run-list item '" + item.value + "' of " + what + " is malformed",
                         "write recipe[cookbook::recipe] or role[name]");
        s.chef_run_list.push_back(item.value);
      }
    }
  }
  s.layer = cx.model.AddLayer(ir::LayerKind::kService, "service " + s.name, {});
  cx.model.layers[s.layer.index].params = cx.LowerParams(r.Get("params"), s.layer, what);
  s.required = cx.LowerRequired(r);
  // A remote audit learns the hosts and ports it audits (docs/audits.md).
  if (!s.audits.empty() && s.required_role) {
    s.audit_layer = cx.model.AddLayer(ir::LayerKind::kAudit, "audit targets of " + s.name, {});
    cx.model.layers[s.audit_layer->index].params.origin = {*s.audit_layer, r.KeyAt("audits")};
  }
}

void LowerNodeType(LowerContext& cx, ir::NodeType& n, const Document& doc) {
  std::string what = "node type '" + n.name + "'";
  MapReader r(doc.root, what, cx.diags);
  r.String("description");
  r.Get("overrides");  // applied before lowering (compiler/imports.cpp)
  n.kind = r.String("kind").value_or("ec2");
  if (n.kind != "ec2" && n.kind != "rds" && n.kind != "static")
    cx.diags.Error(r.KeyAt("kind"), what + " has unknown kind '" + n.kind + "'",
                   "kinds are ec2 (instances), rds (managed databases) and static (hosts of a pool)");
  LowerPoolRef(cx, n, r);
  if (auto roles = r.StringList("roles")) {
    for (const SpannedString& role : *roles) {
      CheckName(role.value, "role", role.at, cx.diags);
      n.roles.push_back(role.value);
    }
  }
  if (auto grade = LookupGrade(cx, r, "grade", what + " has", &n.grade_at)) n.grade = *grade;
  else if (!r.Get("grade"))
    cx.diags.Error(n.at, what + " has no grade", "add `grade: NAME` with a grade of nbc.yaml");
  n.image = r.String("image").value_or("");
  if (auto services = r.StringList("services"))
    n.services = cx.ServiceRefs(*services, what + " pins", true);
  n.count = static_cast<int>(r.Int("count", 0, 100000).value_or(1));
  n.count_at = r.KeyAt("count");
  if (const DocNode* ha = r.Get("ha")) {
    MapReader rh(ha, "ha of " + what, cx.diags);
    n.min_per_az = static_cast<int>(rh.Int("min_per_az", 0, 1000).value_or(0));
    n.min_per_az_at = rh.KeyAt("min_per_az");
  }
  const DocNode* lb = r.Get("load_balancer");
  if (lb && lb->kind == DocKind::kNull) lb = nullptr;  // `load_balancer: ~` means none
  if (lb) {
    MapReader rl(lb, "load_balancer of " + what, cx.diags);
    ir::LoadBalancer balancer;
    balancer.at = lb->at;
    balancer.port = static_cast<int>(rl.Int("port", 1, 65535).value_or(443));
    balancer.target_port = static_cast<int>(rl.Int("target_port", 1, 65535).value_or(80));
    balancer.protocol = rl.String("protocol").value_or(balancer.port == 443 ? "HTTPS" : "HTTP");
    if (balancer.protocol != "HTTP" && balancer.protocol != "HTTPS")
      cx.diags.Error(rl.KeyAt("protocol"), "load_balancer protocol must be HTTP or HTTPS");
    if (const DocNode* hc = rl.Get("health_check")) {
      MapReader rhc(hc, "health_check of the load balancer of " + what, cx.diags);
      balancer.health_check_path = rhc.String("path").value_or("/");
      // The range a target group takes (HealthCheckTimeoutSeconds).
      balancer.health_check_timeout_s = static_cast<int>(rhc.Int("timeout_s", 2, 120).value_or(5));
      balancer.health_check_explicit = true;
    }
    if (n.kind == "rds")
      cx.diags.Error(lb->at, what + " is of kind rds and cannot have a load balancer");
    n.load_balancer = balancer;
  }
  n.rds = LowerRds(cx, n, r.Get("rds"));
  if (auto flavor = r.String("flavor")) {
    n.flavor = *flavor;
    n.flavor_at = r.Get("flavor")->at;
  }
  n.layer = cx.model.AddLayer(ir::LayerKind::kNodeType, "node type " + n.name, {});
  cx.model.layers[n.layer.index].params = cx.LowerParams(r.Get("params"), n.layer, what);
  n.required = cx.LowerRequired(r);
  LowerSeed(cx, n, r.Get("seed"));
}

}  // namespace nbc::compiler

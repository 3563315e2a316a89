// SPDX-License-Identifier: Apache-2.0
// Audit coverage (Larry): the plan lists the services an environment leaves
// without a required audit kind (a warning, an error with --strict), and a
// remote audit learns the hosts and ports it audits in its parameters.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "backends/chef_solo.h"
#include "backends/param_json.h"
#include "backends/plan_json.h"
#include "backends/plan_text.h"
#include "backends/provenance_json.h"
#include "backends/registry.h"
#include "compiler/explain.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

using nlohmann::json;

// hello (web, port 8080) and db (on an rds node type, port 5432); monitoring
// runs on an ops node and audits both; logrotate follows hello and audits it.
std::map<std::string, std::string> Audited(const std::string& required_audits) {
  return With(MinimalProject(),
              {{"nbc.yaml", MinimalProject().at("nbc.yaml") + required_audits},
               {"services/hello.yaml",
                "requires: { role: web }\nports: [{ port: 8080 }, { port: 9100, protocol: tcp }]\n"},
               {"services/db.yaml", "requires: { role: db }\nports: [{ port: 5432 }]\n"},
               {"services/monitoring.yaml",
                "audit_kind: monitoring\naudits: [hello, db]\nrequires: { role: ops }\n"
                "params: { prometheus: { interval: 30 } }\n"},
               {"services/logrotate.yaml", "audit_kind: log-rotation\naudits: [hello]\n"},
               {"node_types/web.yaml", "roles: [web]\ngrade: small\ncount: 2\n"},
               {"node_types/db.yaml", "kind: rds\nroles: [db]\ngrade: small\n"},
               {"node_types/ops.yaml", "roles: [ops]\ngrade: small\n"},
               {"environments/dev.yaml",
                "provider: aws\nregion: r\nzones: { a: {}, b: {} }\n"
                "services: [hello, db, monitoring, logrotate]\n"
                "node_types: { web: {}, db: {}, ops: {} }\n"}});
}

TEST(AuditCoverage, ThePlanListsEveryServiceWithoutARequiredAudit) {
  auto c = Compile(Audited("required_audits: [monitoring, backup]\n"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  const ir::PlanEnvironment& env = c->plan->environments[0];
  std::vector<std::pair<std::string, std::string>> gaps;
  for (const ir::AuditGap& g : env.audit_gaps) gaps.push_back({g.kind, g.service});
  // monitoring covers both; nothing provides backup.
  EXPECT_EQ(gaps, (std::vector<std::pair<std::string, std::string>>{{"backup", "db"}, {"backup", "hello"}}));
  EXPECT_EQ(c->Diagnostics(),
            "nbc.yaml:13:1: warning: nbc.yaml requires audit kind 'backup', but no service provides it\n"
            "  hint: give an auditing service `audit_kind: backup`, or drop it from required_audits\n"
            "services/db.yaml:1:1: warning: service 'db' has no 'backup' audit in environment 'dev'\n"
            "  hint: list it under `audits:` of a service with `audit_kind: backup` (nbc.yaml requires it)\n"
            "services/hello.yaml:1:1: warning: service 'hello' has no 'backup' audit in environment 'dev'\n"
            "  hint: list it under `audits:` of a service with `audit_kind: backup` (nbc.yaml requires it)\n");

  json plan = json::parse(backends::PlanToJson(*c->plan));
  EXPECT_EQ(plan["required_audits"], json({"monitoring", "backup"}));
  EXPECT_EQ(plan["environments"][0]["audit_gaps"],
            json::parse(R"([{"kind": "backup", "service": "db"}, {"kind": "backup", "service": "hello"}])"));
  std::string text = backends::PlanToText(*c->plan);
  EXPECT_NE(text.find("\n  Audits required by nbc.yaml:\n"
                      "    monitoring: every service covered\n"
                      "    backup: not covered: db, hello\n"),
            std::string::npos)
      << text;
}

TEST(AuditCoverage, OneWarningPerServiceNamesEveryEnvironmentAndStrictMakesItAnError) {
  auto files = Audited("required_audits: [monitoring]\n");
  files["services/monitoring.yaml"] =
      "audit_kind: monitoring\naudits: [db]\nrequires: { role: ops }\nparams: { prometheus: { interval: 30 } }\n";
  files["environments/prod.yaml"] = files["environments/dev.yaml"];
  auto c = Compile(files);
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(c->Diagnostics(),
            "services/hello.yaml:1:1: warning: service 'hello' has no 'monitoring' audit in "
            "environments 'dev', 'prod'\n"
            "  hint: list it under `audits:` of a service with `audit_kind: monitoring` (nbc.yaml requires it)\n");

  TempProject project(files);
  Compiled strict;
  strict.diags.set_strict(true);
  strict.model = compiler::LoadModel(project.dir(), strict.files, strict.diags);
  ASSERT_TRUE(strict.model);
  EXPECT_FALSE(compiler::BuildPlan(*strict.model, {}, strict.diags));
  EXPECT_TRUE(strict.diags.has_errors());
}

TEST(AuditTargets, ARemoteAuditLearnsTheHostsAndPortsItAudits) {
  auto c = Compile(Audited(""));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  const ir::PlanEnvironment& env = c->plan->environments[0];
  const ir::PlanNode* ops = nullptr;
  for (const ir::PlanNode& n : env.nodes)
    if (n.node_type == "ops") ops = &n;
  ASSERT_TRUE(ops);
  json targets = backends::ParamToJson(*ops->params.Find("audit_targets.monitoring"));
  EXPECT_EQ(targets, json::parse(R"([
    {"service": "db", "host": "db-dev-a-1", "address": "dev/db/a/1", "node_type": "db", "zone": "a",
     "kind": "rds", "ports": [{"port": 5432, "protocol": "tcp"}]},
    {"service": "hello", "host": "web-dev-a-1", "address": "dev/web/a/1", "node_type": "web", "zone": "a",
     "kind": "ec2", "ports": [{"port": 8080, "protocol": "tcp"}, {"port": 9100, "protocol": "tcp"}]},
    {"service": "hello", "host": "web-dev-b-1", "address": "dev/web/b/1", "node_type": "web", "zone": "b",
     "kind": "ec2", "ports": [{"port": 8080, "protocol": "tcp"}, {"port": 9100, "protocol": "tcp"}]}
  ])")) << targets.dump(2);
  EXPECT_EQ(ops->params.Find("prometheus.interval")->int_value, 30);  // its own params stay

  // Only the remote audit: logrotate runs beside what it audits and learns nothing.
  for (const ir::PlanNode& n : env.nodes)
    if (n.node_type == "web") {
      EXPECT_EQ(n.params.Find("audit_targets"), nullptr) << n.address;
    }

  // The origin is the audit's `audits:` key, in provenance and explain.
  json provenance = json::parse(backends::ProvenanceToJson(*c->plan));
  EXPECT_EQ(provenance["environments"]["dev"]["nodes"]["dev/ops/a/1"]["params"]["audit_targets.monitoring"],
            json::parse(R"([{"layer": "audit targets of monitoring", "at": "services/monitoring.yaml:2:1"}])"));
  ir::Diagnostics diags;
  auto text = compiler::Explain(*c->model, env, "ops", "audit_targets.monitoring", diags);
  ASSERT_TRUE(text);
  EXPECT_TRUE(text->starts_with("audit_targets.monitoring on dev/ops/a/1 (ops-dev-a-1) = [{address: "))
      << *text;
  EXPECT_NE(text->find("set by the planner: audit targets of monitoring, from the services the audit "
                       "lists under `audits:` (services/monitoring.yaml:2:1)"),
            std::string::npos)
      << *text;

  // chef-solo receives them as normal attributes of the node.
  backends::OutputSet out;
  backends::ChefSoloBackend().Emit(backends::SingleEnvironment(*c->plan, 0), out, diags);
  json node = json::parse(out.files().at("chef/nodes/ops-dev-a-1.json"));
  EXPECT_EQ(node["normal"]["audit_targets"]["monitoring"].size(), 3u) << node.dump(2);
}

}  // namespace
}  // namespace nbc::testing

// SPDX-License-Identifier: Apache-2.0
// The Ansible inventory backend on projects compiled by the real compiler:
// hosts, groups, host variables, unsafe marking, and the parameters it refuses.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "backends/ansible_inventory.h"
#include "backends/registry.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

using nlohmann::json;

std::map<std::string, std::string> WithDatabase(const std::string& hello_params) {
  return With(MinimalProject(),
              {{"services/hello.yaml", "requires: { role: web }\nparams: " + hello_params + "\n"},
               {"services/db.yaml", "requires: { role: db }\nparams: { pg: { port: 5432 } }\n"},
               {"node_types/db.yaml", "kind: rds\nroles: [db]\ngrade: small\n"},
               {"node_types/web.yaml", "roles: [web, front]\ngrade: small\ncount: 2\n"},
               {"environments/dev.yaml",
                "provider: aws\nregion: eu-west-1\nzones: { eu-west-1a: {}, eu-west-1b: {} }\n"
                "services: [hello, db]\nnode_types: { web: {}, db: {} }\n"}});
}

struct Emitted {
  backends::OutputSet out;
  std::string diagnostics;
};

Emitted Emit(const Compiled& c) {
  Emitted e;
  ir::Diagnostics diags;
  backends::AnsibleInventoryBackend().Emit(backends::SingleEnvironment(*c.plan, 0), e.out, diags);
  e.diagnostics = diags.Render(c.files, ir::ErrorFormat::kText);
  return e;
}

TEST(AnsibleInventory, HostsCarryTheirParametersAndAreGroupedByEnvironmentTypeZoneRoleAndService) {
  auto c = Compile(WithDatabase(
      "{ nginx: { workers: 1 }, hello: { password: !secret hello-db, greeting: \"{{ name }}\", "
      "list: [a, \"{% x %}\", 3] } }"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  Emitted e = Emit(*c);
  EXPECT_EQ(e.diagnostics, "");
  ASSERT_EQ(e.out.files().size(), 1u);
  const std::string& text = e.out.files().at("ansible/inventory.json");
  json vars = {{"ansible_host", "H"},
               {"hello",
                {{"greeting", {{"__ansible_unsafe", "{{ name }}"}}},
                 {"list", {"a", {{"__ansible_unsafe", "{% x %}"}}, 3}},
                 {"password", {{"$secret", "hello-db"}}}}},
               {"nginx", {{"workers", 1}}}};
  json a = vars, b = vars;
  a["ansible_host"] = "web-dev-eu-west-1a-1";
  b["ansible_host"] = "web-dev-eu-west-1b-1";
  json both = {
      {"hosts",
       {{"web-dev-eu-west-1a-1", json::object()}, {"web-dev-eu-west-1b-1", json::object()}}}};
  json expected = {
      {"all",
       {{"hosts", {{"web-dev-eu-west-1a-1", a}, {"web-dev-eu-west-1b-1", b}}},
        {"children",
         {{"env_dev", both},
          {"node_type_web", both},
          {"role_front", both},
          {"role_web", both},
          {"service_hello", both},
          {"zone_eu_west_1a", {{"hosts", {{"web-dev-eu-west-1a-1", json::object()}}}}},
          {"zone_eu_west_1b", {{"hosts", {{"web-dev-eu-west-1b-1", json::object()}}}}}}}}}};
  EXPECT_EQ(json::parse(text), expected);
  // Sorted keys, two-space indentation, a final newline: reviewable diffs.
  EXPECT_EQ(text, expected.dump(2) + "\n");
}

TEST(AnsibleInventory, GroupNamesHoldOnlyLettersDigitsAndUnderscores) {
  EXPECT_EQ(backends::AnsibleGroupName("zone", "us-east-1a"), "zone_us_east_1a");
  EXPECT_EQ(backends::AnsibleGroupName("node_type", "mediawiki.web"), "node_type_mediawiki_web");
  EXPECT_EQ(backends::AnsibleGroupName("env", "Prod_2"), "env_Prod_2");
}

TEST(AnsibleInventory, RefusesParametersAnsibleWouldReadAsItsOwn) {
  auto c =
      Compile(WithDatabase("{ ansible_ssh_common_args: \"-o ProxyCommand=evil\", groups: [a], "
                           "hello: { x: { __ansible_vault: \"$ANSIBLE_VAULT;1.1;AES256\" } } }"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(
      Emit(*c).diagnostics,
      "services/hello.yaml:2:36: error: parameter 'ansible_ssh_common_args' cannot be an Ansible "
      "host variable\n"
      "  hint: Ansible reads ansible_* and its magic variables (hostvars, groups, …) itself; "
      "rename "
      "the parameter\n"
      "services/hello.yaml:2:68: error: parameter 'groups' cannot be an Ansible host variable\n"
      "  hint: Ansible reads ansible_* and its magic variables (hostvars, groups, …) itself; "
      "rename "
      "the parameter\n"
      "services/hello.yaml:2:104: error: parameter 'hello.x.__ansible_vault' cannot be an Ansible "
      "host variable\n"
      "  hint: Ansible's inventory loader replaces a map holding the key '__ansible_vault' with a "
      "vault or unsafe value; rename the key\n");
}

}  // namespace
}  // namespace nbc::testing

// SPDX-License-Identifier: Apache-2.0
// The consistency check of the host backends: what every backend writes for
// a compiled project passes; a tampered Ansible inventory, Daybook map or
// Vagrantfile is reported.
#include <gtest/gtest.h>

#include "backends/consistency_hosts.h"
#include "tampered_build.h"

namespace nbc::testing {
namespace {

// The host check of every backend's files, one of them tampered with
// (tampered_build.h).
std::string Check(const std::string& path = "", const std::string& from = "",
                  const std::string& to = "", bool compact = false) {
  TamperedBuild b = Tampered(path, from, to, {.vagrant_compact = compact});
  ir::Diagnostics diags;
  backends::CheckHostConsistency(b.environment, b.files, diags);
  return b.Render(diags);
}

constexpr const char* kHint =
    "  hint: this is a bug in nbc's backends; please report it with the input\n";

TEST(HostConsistency, WhatTheBackendsWritePasses) {
  EXPECT_EQ(Check(), "");
  EXPECT_EQ(Check("", "", "", /*compact=*/true), "");
}

TEST(HostConsistency, ATamperedAnsibleVariableIsReported) {
  EXPECT_EQ(
      Check("ansible/inventory.json", "\"workers\": 1", "\"workers\": 2"),
      std::string("error: inconsistent artifacts for node dev/web/eu-west-1a/1: its Ansible host "
                  "variables differ from its chef attributes\n") +
          kHint);
}

// The inventory is read without a document (inventory_reader.h); each of
// these must fail that reading, so that the document explains them.
TEST(HostConsistency, AnInventoryHostOutOfItsGroupOrMissingIsReported) {
  EXPECT_EQ(Check("ansible/inventory.json", "\"web-dev-eu-west-1a-1\": {}",
                  "\"web-dev-eu-west-1a-9\": {}"),
            std::string("error: inconsistent artifacts for node dev/web/eu-west-1a/1: not in the "
                        "Ansible group env_dev\n") +
                kHint);
  EXPECT_EQ(Check("ansible/inventory.json", "\"web-dev-eu-west-1a-2\": {\n",
                  "\"web-dev-eu-west-1a-3\": {\n"),
            std::string("error: inconsistent artifacts for node dev/web/eu-west-1a/2: not a host of "
                        "ansible/inventory.json\n") +
                kHint);
  EXPECT_EQ(Check("ansible/inventory.json", "\"ansible_host\": \"web-dev-eu-west-1a-1\"",
                  "\"ansible_host\": \"web-dev-eu-west-1a-2\""),
            std::string("error: inconsistent artifacts for node dev/web/eu-west-1a/1: its "
                        "ansible_host is not its hostname\n") +
                kHint);
}

TEST(HostConsistency, ADaybookValueThatIsNotTheRunListIsReported) {
  EXPECT_EQ(
      Check("consul/dev.json", "\"aGVsbG8=\"", "\"aGVsbG9v\""),
      std::string("error: inconsistent artifacts for node dev/web/eu-west-1a/1: the Daybook "
                  "map's most specific match does not give its run list\n") +
          kHint +
          "error: inconsistent artifacts for node dev/web/eu-west-1a/2: the Daybook map's most "
          "specific match does not give its run list\n" +
          kHint);
}

TEST(HostConsistency, AVagrantRunListOrNodeNameThatIsNotTheChefFilesIsReported) {
  EXPECT_EQ(Check("vagrant/Vagrantfile", "['role[hello]']", "['role[other]']"),
            std::string("error: inconsistent artifacts for node dev/web/eu-west-1a/1: the "
                        "Vagrantfile's run list differs from its chef node file\n") +
                kHint);
  EXPECT_EQ(Check("vagrant/Vagrantfile", "chef.node_name = 'web-dev-eu-west-1a-1'",
                  "chef.node_name = 'web-dev-eu-west-1a-9'", /*compact=*/true),
            std::string("error: inconsistent artifacts for environment dev: the Vagrantfile "
                        "provisions 'web-dev-eu-west-1a-9', which has no chef node file\n") +
                kHint +
                "error: inconsistent artifacts for node type web: no Vagrant machine provisions "
                "any of its nodes\n" +
                kHint);
}

}  // namespace
}  // namespace nbc::testing

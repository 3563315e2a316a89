// SPDX-License-Identifier: Apache-2.0
// `nbc cloudlet list` and `nbc cloudlet show NAME`: the cloudlets nbc.yaml
// imports (docs/cloudlets.md), as Nepho's `cloudlet list` / `describe` did.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "compiler/cli/common.h"
#include "compiler/suggest.h"

namespace nbc::cli {
namespace {

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "-" : out;
}

std::string ListCloudlets(const ir::Model& model) {
  std::string out;
  for (const ir::Cloudlet& c : model.cloudlets) {
    out += fmt::format("{:<16} {:<16} {:<10} {:<28} {}\n", c.ns, c.name, c.version, c.path,
                       c.summary.empty() ? "-" : c.summary);
  }
  return out;
}

std::string Scenario(const ir::Model& model, const std::string& name) {
  for (const ir::Environment& e : model.environments)
    if (e.name == name) return name + (e.decl.abstract ? " (abstract)" : "");
  return name;
}

std::string ShowCloudlet(const ir::Model& model, const ir::Cloudlet& c) {
  std::string out = fmt::format("cloudlet {} {}, imported as '{}' from {}\n", c.name, c.version, c.ns,
                                c.path);
  out += "summary:      " + (c.summary.empty() ? "-" : c.summary) + "\n";
  out += "license:      " + (c.license.empty() ? "-" : c.license) + "\n";
  std::vector<std::string> services, node_types, scenarios;
  std::vector<std::string> overridden;
  auto add = [&](const std::string& kind, const std::vector<std::string>& names,
                 std::vector<std::string>& into) {
    for (const std::string& n : names) {
      auto it = c.overridden.find({kind, n});
      if (it == c.overridden.end()) {
        into.push_back(kind == "environment" ? Scenario(model, n) : n);
      } else {
        overridden.push_back(kind + " " + n + " by the project's " + it->second);
      }
    }
  };
  add("service", c.services, services);
  add("node type", c.node_types, node_types);
  add("environment", c.environments, scenarios);
  out += "services:     " + Join(services) + "\n";
  out += "node types:   " + Join(node_types) + "\n";
  out += "scenarios:    " + Join(scenarios) + "\n";
  out += "overridden:   " + Join(overridden) + "\n";
  if (!c.description.empty()) {
    out += "description:\n";
    size_t start = 0;
    while (start < c.description.size()) {
      size_t end = c.description.find('\n', start);
      if (end == std::string::npos) end = c.description.size();
      out += "  " + c.description.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  return out;
}

}  // namespace

void RegisterCloudlet(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* cloudlet = app.add_subcommand("cloudlet", "list the imported cloudlets or show one");
  cloudlet->require_subcommand(1);
  CLI::App* list = cloudlet->add_subcommand(
      "list", "list imported cloudlets: namespace, name, version, path, summary");
  list->callback([&options, &exit_code] {
    Session session;
    bool ok = LoadProject(options, session);
    exit_code = Finish(options, session);
    if (ok && exit_code == 0) std::cout << ListCloudlets(*session.model);
  });
  auto name = std::make_shared<std::string>();
  CLI::App* show = cloudlet->add_subcommand(
      "show", "show one imported cloudlet: metadata and what it brings, by the names the project uses");
  show->add_option("name", *name, "its namespace (or cloudlet name)")->required();
  show->callback([&options, &exit_code, name] {
    Session session;
    std::string text;
    if (LoadProject(options, session)) {
      const ir::Model& model = *session.model;
      const ir::Cloudlet* found = nullptr;
      for (const ir::Cloudlet& c : model.cloudlets)
        if (c.ns == *name) found = &c;
      for (const ir::Cloudlet& c : model.cloudlets)
        if (!found && c.name == *name) found = &c;
      if (found) {
        text = ShowCloudlet(model, *found);
      } else {
        std::vector<std::string> names;
        for (const ir::Cloudlet& c : model.cloudlets) names.push_back(c.ns);
        std::string hint = compiler::DidYouMean(*name, names);
        if (hint.empty())
          hint = names.empty() ? "nbc.yaml imports no cloudlet" : "imported: " + Join(names);
        session.diags.Error({}, "unknown cloudlet '" + *name + "'", hint);
      }
    }
    exit_code = Finish(options, session);
    if (exit_code == 0) std::cout << text;
  });
}

}  // namespace nbc::cli

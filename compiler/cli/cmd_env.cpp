// SPDX-License-Identifier: Apache-2.0
// `nbc env list` and `nbc env show ENV` (the resolved environment as YAML).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "compiler/cli/common.h"
#include "compiler/param_merge.h"
#include "compiler/planner.h"
#include "ir/visible_text.h"

namespace nbc::cli {
namespace {

// YAML 1.2 accepts JSON's double-quoted strings, so every string is quoted
// that way: no value can be misread as another type or break the layout.
// What ir::Visible() would escape (controls, bidi, invisible characters) is
// a YAML escape too, so the output is exact and safe on a terminal.
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;  // inputs are valid UTF-8
    if (i + length > s.size()) length = 1;
    uint32_t cp = length == 1 ? c : c & (0xFF >> (length + 1));
    for (size_t k = 1; k < length; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (c == '"' || c == '\\') out += std::string("\\") + static_cast<char>(c);
    else if (c == '\n') out += "\\n";
    else if (ir::IsInvisible(cp) && cp > 0xFFFF) out += fmt::format("\\U{:08x}", cp);
    else if (ir::IsInvisible(cp)) out += fmt::format("\\u{:04x}", cp);
    else out.append(s, i, length);
    i += length;
  }
  return out + "\"";
}

void EmitValue(const ir::ParamValue& v, int indent, std::string& out);

void EmitMap(const ir::ParamValue& v, int indent, std::string& out) {
  for (const auto& [key, value] : v.map) {
    out += std::string(indent, ' ') + Quoted(key) + ":";
    EmitValue(value, indent + 2, out);
  }
}

void EmitValue(const ir::ParamValue& v, int indent, std::string& out) {
  if (v.kind == ir::ParamKind::kMap && !v.map.empty()) {
    out += "\n";
    EmitMap(v, indent, out);
  } else if (v.kind == ir::ParamKind::kList && !v.list.empty()) {
    out += "\n";
    for (const ir::ParamValue& item : v.list) {
      out += std::string(indent, ' ') + "-";
      EmitValue(item, indent + 2, out);
    }
  } else if (v.kind == ir::ParamKind::kString) {
    out += " " + Quoted(v.text) + "\n";
  } else if (v.kind == ir::ParamKind::kSecret) {
    out += " !secret " + Quoted(v.text) + "\n";
  } else {
    out += " " + ir::RenderInline(v) + "\n";  // scalars, {} and []
  }
}

std::string NameList(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

std::string ShowEnvironment(const ir::Model& model, const ir::Environment& env) {
  std::string out = "# environment " + env.name + " with `extends` applied\n";
  std::vector<std::string> chain, services;
  for (ir::EnvironmentId id : env.chain) chain.push_back(model.environment(id).name);
  for (const ir::ServiceRef& s : env.services) services.push_back(model.service(s.id).name);
  out += "name: " + env.name + "\n";
  out += "abstract: " + std::string(env.decl.abstract ? "true" : "false") + "\n";
  out += "chain: " + NameList(chain) + "\n";
  out += "provider: " + Quoted(env.provider) + "\nregion: " + Quoted(env.region) + "\n";
  out += "version: " + Quoted(env.version) + "\n";
  out += "services: " + NameList(services) + "\n";
  out += "labels:";
  ir::ParamValue labels;
  for (const auto& [k, v] : env.labels) labels.map[k] = {.kind = ir::ParamKind::kString, .text = v};
  EmitValue(labels, 2, out);
  out += "zones:" + std::string(env.zones.empty() ? " {}\n" : "\n");
  for (const ir::ResolvedZone& z : env.zones) {
    out += "  " + z.name + ":\n    params:";
    EmitValue(compiler::MergeLayers(model, z.layers), 6, out);
  }
  out += "node_types:" + std::string(env.node_types.empty() ? " {}\n" : "\n");
  for (const ir::ResolvedNodeType& t : env.node_types) {
    out += "  " + model.node_type(t.node_type).name + ":\n";
    out += "    count: " + std::to_string(t.count) + "\n";
    if (t.flavor) out += "    flavor: " + Quoted(*t.flavor) + "\n";
    out += "    params:";
    EmitValue(compiler::MergeLayers(model, t.layers), 6, out);
  }
  std::vector<ir::LayerId> layers;
  for (ir::EnvironmentId id : env.chain) layers.push_back(model.environment(id).decl.layer);
  out += "params:";
  EmitValue(compiler::MergeLayers(model, layers), 2, out);
  return out;
}

// The cloudlet an environment was imported from (a scenario), or "".
std::string ImportedFrom(const ir::Model& model, const std::string& env) {
  for (const ir::Cloudlet& c : model.cloudlets)
    if (std::find(c.environments.begin(), c.environments.end(), env) != c.environments.end())
      return c.name + " " + c.version;
  return "";
}

std::string ListEnvironments(const ir::Model& model) {
  std::string out;
  for (const ir::Environment& e : model.environments) {
    int nodes = 0;
    for (const ir::ResolvedNodeType& t : e.node_types) nodes += t.count;
    std::string from = ImportedFrom(model, e.name);
    out += fmt::format("{:<20} {:<9} extends {:<12} {:>5} nodes  zones {}{}\n", e.name,
                       e.decl.abstract ? "abstract" : "concrete",
                       e.decl.extends ? model.environment(*e.decl.extends).name : "-",
                       e.decl.abstract ? 0 : nodes, e.zones.size(),
                       from.empty() ? "" : "  scenario of cloudlet " + from);
  }
  return out;
}

}  // namespace

void RegisterEnv(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* env = app.add_subcommand("env", "list environments or show one resolved");
  env->require_subcommand(1);
  CLI::App* list = env->add_subcommand("list", "list environments: kind, base, node and zone counts");
  list->callback([&options, &exit_code] {
    Session session;
    bool ok = LoadProject(options, session);
    exit_code = Finish(options, session);
    if (ok && exit_code == 0) std::cout << ListEnvironments(*session.model);
  });
  auto name = std::make_shared<std::string>();
  CLI::App* show = env->add_subcommand("show", "print an environment with `extends` applied, as YAML");
  show->add_option("environment", *name, "environment name")->required();
  show->callback([&options, &exit_code, name] {
    Session session;
    std::string text;
    if (LoadProject(options, session)) {
      const ir::Model& model = *session.model;
      auto it = std::find_if(model.environments.begin(), model.environments.end(),
                             [&](const ir::Environment& e) { return e.name == *name; });
      if (it == model.environments.end()) compiler::SelectEnvironments(model, {*name}, session.diags);
      else text = ShowEnvironment(model, *it);
    }
    exit_code = Finish(options, session);
    if (exit_code == 0) std::cout << text;
  });
}

}  // namespace nbc::cli

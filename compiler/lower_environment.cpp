// SPDX-License-Identifier: Apache-2.0
// Lowering of environments/ files: what each file says, before `extends`.
#include "compiler/lower_context.h"

namespace nbc::compiler {
namespace {

// `web: ~` (or `null`) removes an inherited entry; an empty value (`web:`)
// declares it with nothing to override.
bool IsRemoval(const DocNode* node) {
  return node && node->kind == DocKind::kNull && !node->text.empty();
}

void LowerZones(LowerContext& cx, ir::Environment& env, const DocNode* node) {
  const DocNode* map = ExpectMap(node, "zones of environment '" + env.name + "'", cx.diags);
  if (!map) return;
  for (const DocEntry& e : map->entries) {
    CheckName(e.key, "zone", e.key_at, cx.diags);
    ir::ZoneDecl& z = env.decl.zones.emplace_back();
    z.name = e.key;
    z.at = e.key_at;
    std::string what = "zone '" + e.key + "' of environment '" + env.name + "'";
    // `us-east-1c: ~` drops an inherited zone; `us-east-1b: {}` declares one.
    z.removed = IsRemoval(e.value);
    MapReader r(z.removed ? nullptr : e.value, what, cx.diags);
    z.layer = cx.model.AddLayer(ir::LayerKind::kZone,
                                "environment " + env.name + ", zone " + e.key, {});
    cx.model.layers[z.layer.index].params = cx.LowerParams(r.Get("params"), z.layer, what);
  }
}

void LowerOverrides(LowerContext& cx, ir::Environment& env, const DocNode* node) {
  const DocNode* map = ExpectMap(node, "node_types of environment '" + env.name + "'", cx.diags);
  if (!map) return;
  for (const DocEntry& e : map->entries) {
    std::optional<uint32_t> id = cx.node_types.Lookup(cx.Resolve(cx.node_types, {e.key, e.key_at}),
                                                      "environment '" + env.name + "' uses", cx.diags);
    if (!id) continue;
    ir::NodeTypeOverride& o = env.decl.node_types.emplace_back();
    o.node_type = ir::NodeTypeId{*id};
    o.at = e.key_at;
    const std::string& type_name = cx.node_types.names[*id];  // as the project sees it
    std::string what = "node type '" + type_name + "' in environment '" + env.name + "'";
    o.removed = IsRemoval(e.value);
    MapReader r(o.removed ? nullptr : e.value, what, cx.diags);
    if (auto count = r.Int("count", 0, 100000)) {
      o.count = static_cast<int>(*count);
      o.count_at = r.Get("count")->at;
    }
    if (auto flavor = r.String("flavor")) {
      o.flavor = *flavor;
      o.flavor_at = r.Get("flavor")->at;
    }
    o.layer = cx.model.AddLayer(ir::LayerKind::kNodeTypeOverride,
                                "environment " + env.name + ", node type " + type_name, {});
    cx.model.layers[o.layer.index].params = cx.LowerParams(r.Get("params"), o.layer, what);
  }
}

}  // namespace

void LowerEnvironment(LowerContext& cx, ir::Environment& env, const Document& doc) {
  ir::EnvironmentDecl& d = env.decl;
  std::string what = "environment '" + env.name + "'";
  MapReader r(doc.root, what, cx.diags);
  r.String("description");
  r.Get("overrides");  // applied before lowering (compiler/imports.cpp)
  d.abstract = r.Bool("abstract").value_or(false);
  if (auto parent = r.String("extends")) {
    d.extends_at = r.Get("extends")->at;
    if (auto id = cx.environments.Lookup(cx.Resolve(cx.environments, {*parent, d.extends_at}),
                                         what + " extends", cx.diags))
      d.extends = ir::EnvironmentId{*id};
  }
  if ((d.provider = r.String("provider"))) d.provider_at = r.Get("provider")->at;
  d.region = r.String("region");
  d.version = r.String("version");
  if (auto services = r.StringList("services", /*allow_append=*/true)) {
    d.services_at = r.Get("services")->at;
    d.services = cx.ServiceRefs(*services, what + " deploys", false);
    d.services_append = r.Get("services")->tag == "!append";
  }
  if (const DocNode* labels = r.Get("labels")) {
    const DocNode* map = ExpectMap(labels, "labels of " + what, cx.diags);
    for (const DocEntry& e : map ? map->entries : std::vector<DocEntry>{}) {
      CheckName(e.key, "label", e.key_at, cx.diags);
      if (auto text = ScalarText(e.value, "label '" + e.key + "'", cx.diags)) d.labels[e.key] = *text;
    }
  }
  LowerZones(cx, env, r.Get("zones"));
  LowerOverrides(cx, env, r.Get("node_types"));
  d.layer = cx.model.AddLayer(ir::LayerKind::kEnvironment, "environment " + env.name, {});
  cx.model.layers[d.layer.index].params = cx.LowerParams(r.Get("params"), d.layer, what);
}

}  // namespace nbc::compiler

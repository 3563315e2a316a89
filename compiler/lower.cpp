// SPDX-License-Identifier: Apache-2.0
// Lowering driver, references, parameters and nbc.yaml.
#include "compiler/lower.h"

#include <algorithm>
#include <cmath>

#include "compiler/imports.h"
#include "compiler/lower_context.h"
#include "compiler/suggest.h"
#include "ir/visible_text.h"

namespace nbc::compiler {

std::optional<uint32_t> NameTable::Lookup(const SpannedString& name, std::string_view context,
                                          ir::Diagnostics& diags) const {
  auto it = sorted ? std::lower_bound(names.begin(), names.end(), name.value)
                   : std::find(names.begin(), names.end(), name.value);
  if (it != names.end() && *it == name.value) return static_cast<uint32_t>(it - names.begin());
  std::string hint;
  std::string best = ClosestName(name.value, names);
  if (!best.empty()) {
    size_t i = std::find(names.begin(), names.end(), best) - names.begin();
    hint = "did you mean '" + best + "'?";
    if (!defined_at[i].empty()) hint += " (defined at " + defined_at[i] + ")";
  } else if (names.empty()) {
    hint = "no " + kind + " is defined";
  } else {
    hint = "defined " + kind + "s: ";
    for (size_t i = 0; i < names.size() && i < 12; ++i)
      hint += (i ? ", " : "") + ir::Visible(names[i]);
    if (names.size() > 12) hint += ", ...";
  }
  diags.Error(name.at,
              std::string(context) + " unknown " + kind + " '" + ir::Visible(name.value) + "'",
              hint);
  return std::nullopt;
}

SpannedString LowerContext::Resolve(const NameTable& table, const SpannedString& written) const {
  SpannedString name{ScopedName(scope, written.value), written.at};
  if (redirects) {
    auto it = redirects->find({table.kind, name.value});
    if (it != redirects->end()) name.value = it->second;
  }
  return name;
}

std::vector<ir::ServiceRef> LowerContext::ServiceRefs(const std::vector<SpannedString>& names,
                                                      std::string_view context, bool sort) {
  std::vector<ir::ServiceRef> refs;
  for (const SpannedString& name : names) {
    if (std::optional<uint32_t> id = services.Lookup(Resolve(services, name), context, diags))
      refs.push_back({ir::ServiceId{*id}, name.at});
  }
  if (sort) {
    // Sorted by id and unique, so edges come out in name order.
    std::stable_sort(refs.begin(), refs.end(),
                     [](const ir::ServiceRef& a, const ir::ServiceRef& b) { return a.id < b.id; });
    refs.erase(std::unique(refs.begin(), refs.end(),
                           [](const ir::ServiceRef& a, const ir::ServiceRef& b) {
                             return a.id == b.id;
                           }),
               refs.end());
  }
  return refs;
}

namespace {

// `path` is the dotted path of `node` ("nginx.workers", "[]" per list level),
// for messages only. It is one buffer that grows and shrinks with the
// recursion: a copy per node would cost O(nodes x path length), which a long
// key above many values makes quadratic.
ir::ParamValue LowerParamValue(LowerContext& cx, const DocNode* node, ir::LayerId layer,
                               std::string& path) {
  ir::ParamValue v;
  v.origin = {layer, node->at};
  size_t path_size = path.size();
  switch (node->kind) {
    case DocKind::kNull: v.kind = ir::ParamKind::kNull; v.op = ir::MergeOp::kRemove; break;
    case DocKind::kBool: v.kind = ir::ParamKind::kBool; v.bool_value = node->bool_value; break;
    case DocKind::kInt: v.kind = ir::ParamKind::kInt; v.int_value = node->int_value; break;
    case DocKind::kFloat:
      if (!std::isfinite(node->float_value))
        cx.diags.Error(node->at, "parameter '" + ir::Visible(path) + "' is " + node->text +
                                     ", which JSON and the generated files cannot carry",
                       "use a finite number, or quote it to make it a string");
      v.kind = ir::ParamKind::kFloat;
      v.float_value = node->float_value;
      v.text = node->text;
      break;
    case DocKind::kString: v.kind = ir::ParamKind::kString; v.text = node->text; break;
    case DocKind::kSeq:
      v.kind = ir::ParamKind::kList;
      path += "[]";
      for (const DocNode* item : node->items) {
        ir::ParamValue lowered = LowerParamValue(cx, item, layer, path);
        if (lowered.op == ir::MergeOp::kRemove) lowered.op = ir::MergeOp::kDefault;  // a null item
        v.list.push_back(std::move(lowered));
      }
      path.resize(path_size);
      break;
    case DocKind::kMap:
      v.kind = ir::ParamKind::kMap;
      for (const DocEntry& e : node->entries) {
        if (e.key.empty() || e.key.find('.') != std::string::npos || e.key == "$secret") {
          cx.diags.Error(e.key_at,
                         "parameter key '" + ir::Visible(e.key) + "' at '" + ir::Visible(path) +
                             "' is not usable",
                         "parameter keys are non-empty and contain no '.', since dotted paths "
                         "such as nginx.workers address them; '$secret' marks secrets in JSON");
          continue;
        }
        // Chef (before 13) turns any JSON object with a json_class into an
        // object of that Ruby class when it reads a node: never data.
        if (e.key == "json_class") {
          cx.diags.Error(e.key_at,
                         "parameter key 'json_class' at '" + ir::Visible(path) +
                             "' is reserved by chef",
                         "chef reads a mapping with json_class as a ruby object of that class; "
                         "rename the key");
          continue;
        }
        if (!path.empty()) path += '.';
        path += e.key;
        v.map.emplace(e.key, LowerParamValue(cx, e.value, layer, path));
        path.resize(path_size);
      }
      break;
  }
  if (node->tag == "!secret") {
    if (node->kind == DocKind::kSeq || node->kind == DocKind::kMap || node->text.empty()) {
      cx.diags.Error(node->at, "!secret at '" + ir::Visible(path) + "' needs the secret's name",
                     "write `password: !secret db-password`");
    }
    v = ir::ParamValue{.kind = ir::ParamKind::kSecret, .text = node->text,
                       .origin = {layer, node->at}};
  } else if (node->tag == "!append") {
    if (node->kind != DocKind::kSeq)
      cx.diags.Error(node->at, "!append at '" + ir::Visible(path) + "' applies to a list only");
    v.op = ir::MergeOp::kAppend;
  } else if (node->tag == "!replace") {
    if (node->kind != DocKind::kMap)
      cx.diags.Error(node->at, "!replace at '" + ir::Visible(path) + "' applies to a mapping only",
                     "a scalar or list replaces what is below it anyway");
    v.op = ir::MergeOp::kReplace;
  }
  return v;
}

}  // namespace

ir::ParamValue LowerContext::LowerParams(const DocNode* node, ir::LayerId layer,
                                         std::string_view what) {
  ir::ParamValue empty;
  empty.origin = {layer, node ? node->at : ir::SourceSpan{}};
  if (!node || node->kind == DocKind::kNull) return empty;
  if (node->kind != DocKind::kMap) {
    diags.Error(node->at, "params of " + std::string(what) + " must be a mapping, not a " +
                              DocKindName(node->kind),
                "write `params: { nginx: { workers: 4 } }`");
    return empty;
  }
  std::string path;
  return LowerParamValue(*this, node, layer, path);
}

std::vector<ir::RequiredParam> LowerContext::LowerRequired(MapReader& reader) {
  std::vector<ir::RequiredParam> out;
  if (auto list = reader.StringList("required")) {
    for (const SpannedString& path : *list) {
      if (path.value.empty() || path.value.front() == '.' || path.value.back() == '.' ||
          path.value.find("..") != std::string::npos) {
        diags.Error(path.at,
                    "required parameter path '" + ir::Visible(path.value) + "' is malformed",
                    "write a dotted path such as postgresql.password");
        continue;
      }
      out.push_back({path.value, path.at});
    }
  }
  return out;
}

namespace {

void FillNameTable(NameTable& table, const std::vector<NamedDocument>& docs,
                   const ir::SourceFiles& files, ir::Diagnostics& diags) {
  for (const NamedDocument& d : docs) {
    ir::SourceSpan at{d.doc.file, 1, 1};
    if (!d.scope) CheckName(d.name, table.kind, at, diags);  // imports.cpp checks cloudlets'
    table.names.push_back(d.name);
    table.defined_at.push_back(files.Format(at));
  }
}

// Every entity document's root must be a mapping (an empty file is a
// mapping with no keys).
const Document* Checked(const Document& doc, ir::Diagnostics& diags) {
  if (doc.root && doc.root->kind != DocKind::kMap && doc.root->kind != DocKind::kNull) {
    diags.Error(doc.root->at, std::string("the file must be a mapping, not a ") +
                                  DocKindName(doc.root->kind),
                "write keys at the top level, such as `description: ...`");
    return nullptr;
  }
  return &doc;
}

}  // namespace

std::optional<ir::Model> Lower(const ProjectSources& sources, const ir::SourceFiles& files,
                               ir::Diagnostics& diags) {
  ir::Model model;
  model.files = files;
  LowerContext cx{files, model, diags};
  FillNameTable(cx.services, sources.services, files, diags);
  FillNameTable(cx.node_types, sources.node_types, files, diags);
  FillNameTable(cx.environments, sources.environments, files, diags);
  FillNameTable(cx.pools, sources.pools, files, diags);
  cx.redirects = &sources.redirects;
  model.cloudlets = sources.cloudlets;
  if (sources.project && Checked(*sources.project, diags)) LowerProjectFile(cx, *sources.project);

  // Entities are lowered in name order so that layer ids are stable.
  for (const NamedDocument& d : sources.services) {
    ir::Service& s = model.services.emplace_back();
    s.name = d.name;
    s.at = {d.doc.file, 1, 1};
    cx.scope = d.scope;
    if (Checked(d.doc, diags)) LowerService(cx, s, d.doc);
  }
  for (const NamedDocument& d : sources.node_types) {
    ir::NodeType& n = model.node_types.emplace_back();
    n.name = d.name;
    n.at = {d.doc.file, 1, 1};
    cx.scope = d.scope;
    if (Checked(d.doc, diags)) LowerNodeType(cx, n, d.doc);
  }
  for (const NamedDocument& d : sources.environments) {
    ir::Environment& e = model.environments.emplace_back();
    e.name = d.name;
    e.at = {d.doc.file, 1, 1};
    cx.scope = d.scope;
    if (Checked(d.doc, diags)) LowerEnvironment(cx, e, d.doc);
  }
  cx.scope = nullptr;
  for (const NamedDocument& d : sources.pools) {
    ir::Pool& p = model.pools.emplace_back();
    p.name = d.name;
    p.at = {d.doc.file, 1, 1};
    if (Checked(d.doc, diags)) LowerPool(cx, p, d.doc);
  }
  if (diags.has_errors()) return std::nullopt;
  return model;
}

}  // namespace nbc::compiler

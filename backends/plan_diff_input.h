// SPDX-License-Identifier: Apache-2.0
// The inputs of `nbc diff`: a plan in its JSON form (plan.json, whether read
// from a file or produced in memory from a project) with its optional
// provenance sidecar, parsed and checked before the diff engine reads them.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ir/diagnostic.h"

namespace nbc::backends {

// Where a value was written, from provenance: the layer and FILE:LINE:COL.
struct DiffOrigin {
  std::string layer;  // "environment production, node type web"; may be empty
  std::string at;     // "environments/production.yaml:9:28"; may be empty
};

// What the diff needs of a provenance sidecar: per environment, node address
// and parameter path, the origin that set the value (the last of its chain).
// Origins are interned: 100,000 nodes share a handful of them.
class ProvenanceIndex {
 public:
  void Add(const std::string& env, const std::string& address, const std::string& path,
           const DiffOrigin& origin);
  const DiffOrigin* Find(std::string_view env, std::string_view address,
                         std::string_view path) const;

 private:
  using Paths = std::map<std::string, uint32_t, std::less<>>;
  std::map<std::string, std::map<std::string, Paths, std::less<>>, std::less<>> leaves_;
  std::map<std::pair<std::string, std::string>, uint32_t> interned_;
  std::vector<DiffOrigin> origins_;
};

// One side of a diff. The engine reads only fields that CheckPlanJson has
// checked, so a hand-edited or truncated plan is an error, never a crash.
struct PlanDocument {
  std::string label;                       // how messages name it: "old/plan.json", "examples/shop"
  nlohmann::json plan;                     // schemas/plan.schema.json
  std::optional<ProvenanceIndex> provenance;  // from schemas/provenance.schema.json, if known
};

// Parses and checks plan JSON text (format_version 1). Reports every problem
// (up to a limit) as "plan 'LABEL': /json/pointer: what" and returns false.
bool ParsePlanDocument(std::string_view text, std::string label, PlanDocument& doc,
                       ir::Diagnostics& diags);

// Node addresses per environment name.
using NodeSelection = std::map<std::string, std::set<std::string>, std::less<>>;

// Reads a provenance sidecar (format_version 1) into `doc.provenance`.
// `label` names it in messages. With `keep`, only those nodes' origins are
// kept. A streaming reader: no JSON tree of the whole sidecar is built.
bool AttachProvenance(std::string_view text, const std::string& label, PlanDocument& doc,
                      ir::Diagnostics& diags, const NodeSelection* keep = nullptr);

}  // namespace nbc::backends

// SPDX-License-Identifier: Apache-2.0
// One CloudFormation template under construction: parameters, resources and
// outputs keyed by logical ID, the collision check on every insertion, the
// JSON text, and CloudFormation's per-template limits.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "backends/cloudformation/logical_ids.h"
#include "ir/diagnostic.h"

namespace nbc::backends::cfn {

using nlohmann::json;

// CloudFormation's quotas per template (AWS documentation, "CloudFormation
// quotas"); tests lower them to exercise nested stacks on small projects.
struct Limits {
  size_t resources = 500;
  size_t parameters = 200;
  size_t outputs = 200;
  size_t body_bytes = 1000000;  // "1 MB" for a template read from S3; decimal to be safe
};

class Template {
 public:
  Template(std::string description, ir::Diagnostics& diags)
      : description_(std::move(description)), diags_(&diags) {}

  // Each adds under `id`; `what` names the nbc object for collision errors.
  void AddParameter(const std::string& id, json definition, const std::string& what);
  void AddResource(const std::string& id, json resource, const std::string& what);
  void AddOutput(const std::string& id, json output, const std::string& what);

  const json& parameters() const { return parameters_; }
  const json& resources() const { return resources_; }
  const json& outputs() const { return outputs_; }
  bool HasParameter(const std::string& id) const { return parameters_.contains(id); }

  // The file: sorted keys (nlohmann::json's default), two-space indent, a
  // final newline.
  const std::string& Text() const;

  // "" when the text of this template fits, else what exceeds, e.g.
  // "612 resources (at most 500)".
  std::string CheckLimits(const Limits& limits) const;
  // CheckLimits(limits).empty(), without making the text when a count is over.
  bool Fits(const Limits& limits) const;

 private:
  std::string description_;
  ir::Diagnostics* diags_;
  LogicalIds ids_;         // parameters and resources share Ref's namespace
  LogicalIds output_ids_;  // outputs have their own
  json parameters_ = json::object();
  json resources_ = json::object();
  json outputs_ = json::object();
  mutable std::string text_;  // Text(), made once; "" until then and after each Add
};

}  // namespace nbc::backends::cfn

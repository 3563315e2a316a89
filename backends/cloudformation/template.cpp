// SPDX-License-Identifier: Apache-2.0
// One CloudFormation template under construction.
#include "backends/cloudformation/template.h"

namespace nbc::backends::cfn {

void Template::AddParameter(const std::string& id, json definition, const std::string& what) {
  text_.clear();
  if (ids_.Claim(id, what, *diags_)) parameters_[id] = std::move(definition);
}

void Template::AddResource(const std::string& id, json resource, const std::string& what) {
  text_.clear();
  if (ids_.Claim(id, what, *diags_)) resources_[id] = std::move(resource);
}

void Template::AddOutput(const std::string& id, json output, const std::string& what) {
  text_.clear();
  if (output_ids_.Claim(id, what, *diags_)) outputs_[id] = std::move(output);
}

std::string Template::Text() const {
  // Made once: the limit check measures it, then it is written.
  if (!text_.empty()) return text_;
  json doc = {
      {"AWSTemplateFormatVersion", "2010-09-09"}, {"Description", description_}, {"Resources", resources_}};
  if (!parameters_.empty()) doc["Parameters"] = parameters_;
  if (!outputs_.empty()) doc["Outputs"] = outputs_;
  // Invalid UTF-8 in a user value is replaced, never thrown about.
  text_ = doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  return text_;
}

bool Template::Fits(const Limits& limits) const {
  return resources_.size() <= limits.resources && parameters_.size() <= limits.parameters &&
         outputs_.size() <= limits.outputs && Text().size() <= limits.body_bytes;
}

std::string Template::CheckLimits(const Limits& limits) const {
  std::string over;
  auto check = [&over](size_t count, size_t limit, const char* what) {
    if (count <= limit) return;
    over += (over.empty() ? "" : ", ") + std::to_string(count) + " " + what + " (at most " +
            std::to_string(limit) + ")";
  };
  check(resources_.size(), limits.resources, "resources");
  check(parameters_.size(), limits.parameters, "parameters");
  check(outputs_.size(), limits.outputs, "outputs");
  check(Text().size(), limits.body_bytes, "bytes");
  return over;
}

}  // namespace nbc::backends::cfn

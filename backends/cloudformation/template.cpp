// SPDX-License-Identifier: Apache-2.0
// One CloudFormation template under construction.
#include "backends/cloudformation/template.h"

#include "backends/param_json.h"

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

const std::string& Template::Text() const {
  // Made once: the limit check measures it, then it is written. The
  // sections are written where they are, in the order of their sorted keys,
  // rather than copied into one document first (a template holds up to a
  // megabyte of values).
  if (!text_.empty()) return text_;
  std::string out = "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Description\": ";
  AppendNestedJson(out, description_, 2);
  for (const auto& [key, section] : {std::pair<const char*, const json*>{"Outputs", &outputs_},
                                     {"Parameters", &parameters_}}) {
    if (section->empty()) continue;
    out += ",\n  \"";
    out += key;
    out += "\": ";
    AppendNestedJson(out, *section, 2);
  }
  out += ",\n  \"Resources\": ";
  AppendNestedJson(out, resources_, 2);
  out += "\n}\n";
  text_ = std::move(out);
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

// SPDX-License-Identifier: Apache-2.0
// Reading the two sides of `nbc diff`: JSON parsing, the format version, and
// a check of every field the diff engine interprets. Other fields are only
// compared as opaque JSON, so their shape does not matter here.
#include "backends/plan_diff_input.h"

#include <set>

#include "ir/plan.h"
#include "ir/visible_text.h"

namespace nbc::backends {
namespace {

using nlohmann::json;

enum class Want { kString, kInteger, kNumber, kObject, kArray, kStringArray };

const char* WantName(Want want) {
  switch (want) {
    case Want::kString: return "a string";
    case Want::kInteger: return "an integer";
    case Want::kNumber: return "a number";
    case Want::kObject: return "an object";
    case Want::kArray: return "an array";
    case Want::kStringArray: return "an array of strings";
  }
  return "a value";
}

bool Matches(const json& v, Want want) {
  switch (want) {
    case Want::kString: return v.is_string();
    case Want::kInteger: return v.is_number_integer();
    case Want::kNumber: return v.is_number();
    case Want::kObject: return v.is_object();
    case Want::kArray: return v.is_array();
    case Want::kStringArray:
      if (!v.is_array()) return false;
      for (const json& item : v)
        if (!item.is_string()) return false;
      return true;
  }
  return false;
}

// Reports type errors with a JSON pointer. A broken file would otherwise
// yield one message per node; after kMaxErrors the rest are counted only.
class Checker {
 public:
  Checker(std::string what, ir::Diagnostics& diags) : what_(std::move(what)), diags_(diags) {}

  // The field if it exists with the wanted type; else reports and returns null.
  const json* Field(const json& object, const char* key, Want want, const std::string& at) {
    auto it = object.find(key);
    if (it == object.end()) {
      Fail(at + "/" + key, "missing");
      return nullptr;
    }
    if (!Matches(*it, want)) {
      Fail(at + "/" + key, std::string("expected ") + WantName(want));
      return nullptr;
    }
    return &*it;
  }
  // Optional fields: absent is fine, the wrong type is not.
  void Optional(const json& object, const char* key, Want want, const std::string& at) {
    if (object.contains(key)) Field(object, key, want, at);
  }
  void Unique(std::set<std::string_view>& seen, const json* name, const std::string& at) {
    if (name && !seen.insert(name->get_ref<const std::string&>()).second)
      Fail(at, "duplicate '" + ir::Visible(name->get_ref<const std::string&>()) + "'");
  }
  void Fail(const std::string& at, const std::string& message) {
    if (++errors_ <= kMaxErrors) diags_.Error({}, what_ + ": " + at + ": " + message, kHint);
  }
  bool ok() {
    if (errors_ > kMaxErrors)
      diags_.Error({}, what_ + ": " + std::to_string(errors_ - kMaxErrors) + " more problems");
    return errors_ == 0;
  }

 private:
  static constexpr size_t kMaxErrors = 10;
  static constexpr const char* kHint =
      "diff reads what `nbc plan --format json` writes (schemas/plan.schema.json)";
  std::string what_;
  ir::Diagnostics& diags_;
  size_t errors_ = 0;
};

void CheckCost(Checker& c, const json& object, const std::string& at) {
  if (const json* cost = c.Field(object, "cost", Want::kObject, at)) {
    c.Field(*cost, "hourly_usd", Want::kNumber, at + "/cost");
    c.Field(*cost, "monthly_usd", Want::kNumber, at + "/cost");
  }
}

// Checks each element of `object[key]` (an array of objects) with `check`;
// `seen` makes the value of `name_key` unique.
template <typename F>
void EachObject(Checker& c, const json& object, const char* key, const char* name_key,
                const std::string& at, F check) {
  const json* array = c.Field(object, key, Want::kArray, at);
  if (!array) return;
  std::set<std::string_view> seen;
  for (size_t i = 0; i < array->size(); ++i) {
    std::string item_at = at + "/" + key + "/" + std::to_string(i);
    const json& item = (*array)[i];
    if (!item.is_object()) {
      c.Fail(item_at, "expected an object");
      continue;
    }
    c.Unique(seen, c.Field(item, name_key, Want::kString, item_at), item_at + "/" + name_key);
    check(item, item_at);
  }
}

void CheckNode(Checker& c, const json& node, const std::string& at) {
  c.Field(node, "node_type", Want::kString, at);
  c.Field(node, "kind", Want::kString, at);
  c.Field(node, "run_list", Want::kStringArray, at);
  c.Field(node, "params", Want::kObject, at);
  c.Field(node, "hourly_usd", Want::kNumber, at);
}

void CheckNodeType(Checker& c, const json& type, const std::string& at) {
  c.Field(type, "kind", Want::kString, at);
  c.Field(type, "count", Want::kInteger, at);
  c.Field(type, "per_zone", Want::kObject, at);
  c.Optional(type, "rds", Want::kObject, at);
  c.Optional(type, "flavor_reason", Want::kString, at);
  CheckCost(c, type, at);
}

void CheckEnvironment(Checker& c, const json& env, const std::string& at) {
  c.Field(env, "version", Want::kString, at);
  c.Field(env, "labels", Want::kObject, at);
  EachObject(c, env, "services", "name", at, [](const json&, const std::string&) {});
  EachObject(c, env, "node_types", "name", at,
             [&c](const json& t, const std::string& t_at) { CheckNodeType(c, t, t_at); });
  EachObject(c, env, "nodes", "address", at,
             [&c](const json& n, const std::string& n_at) { CheckNode(c, n, n_at); });
  CheckCost(c, env, at);
}

bool CheckVersion(Checker& c, const json& doc) {
  const json* version = c.Field(doc, "format_version", Want::kInteger, "");
  if (!version) return false;
  if (*version != ir::kPlanFormatVersion) {
    c.Fail("/format_version", "unsupported format_version " + version->dump() + " (this nbc reads " +
                                  std::to_string(ir::kPlanFormatVersion) + ")");
    return false;
  }
  return true;
}

std::optional<json> Parse(std::string_view text, const std::string& what, ir::Diagnostics& diags) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    diags.Error({}, what + ": not valid JSON",
                "give a file written by `nbc plan --format json`, or a project directory");
    return std::nullopt;
  }
  if (!doc.is_object()) {
    diags.Error({}, what + ": expected a JSON object");
    return std::nullopt;
  }
  return doc;
}

}  // namespace

bool ParsePlanDocument(std::string_view text, std::string label, PlanDocument& doc,
                       ir::Diagnostics& diags) {
  std::string what = "plan '" + ir::Visible(label) + "'";
  std::optional<json> parsed = Parse(text, what, diags);
  if (!parsed) return false;
  Checker c(what, diags);
  if (CheckVersion(c, *parsed)) {
    c.Field(*parsed, "project", Want::kString, "");
    c.Field(*parsed, "labels", Want::kObject, "");
    c.Field(*parsed, "packager", Want::kObject, "");
    c.Field(*parsed, "stack", Want::kObject, "");
    CheckCost(c, *parsed, "");
    EachObject(c, *parsed, "environments", "name", "",
               [&c](const json& e, const std::string& at) { CheckEnvironment(c, e, at); });
  }
  if (!c.ok()) return false;
  doc.label = std::move(label);
  doc.plan = std::move(*parsed);
  return true;
}

}  // namespace nbc::backends

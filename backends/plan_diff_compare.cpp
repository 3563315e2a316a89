// SPDX-License-Identifier: Apache-2.0
// Comparison tools of the diff engine: field access, equality, ValueChanges.
#include "backends/plan_diff_compare.h"

#include <cmath>

#include "backends/param_json.h"

namespace nbc::backends {

std::string_view ActionName(DiffAction action) {
  switch (action) {
    case DiffAction::kCreate: return "create";
    case DiffAction::kReplace: return "replace";
    case DiffAction::kUpdate: return "update";
    case DiffAction::kDelete: return "delete";
  }
  return "update";
}

// `+ 0.0` turns a rounded -0.0 into 0.0, which JSON and text show as 0.
double DiffCost::delta_monthly() const { return RoundMonthly(new_monthly - old_monthly) + 0.0; }
double DiffCost::delta_hourly() const { return RoundHourly(new_hourly - old_hourly) + 0.0; }

std::optional<double> DiffCost::percent() const {
  if (old_monthly <= 0) return std::nullopt;
  // Rounded so that 10 % stays 10 % and not 10.000000000000002 %.
  return std::round(delta_monthly() / old_monthly * 100 * 1e6) / 1e6;
}

void DiffCounts::operator+=(const DiffCounts& o) {
  add += o.add;
  replace += o.replace;
  change += o.change;
  remove += o.remove;
}

namespace diff_internal {

const json* Get(const json* object, std::string_view key) {
  if (!object || !object->is_object()) return nullptr;
  auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

const std::string& Str(const json* object, std::string_view key) {
  static const std::string kEmpty;
  const json* v = Get(object, key);
  return v && v->is_string() ? v->get_ref<const std::string&>() : kEmpty;
}

double Number(const json* object, std::string_view key) {
  const json* v = Get(object, key);
  return v && v->is_number() ? v->get<double>() : 0;
}

int64_t Integer(const json* object, std::string_view key) {
  const json* v = Get(object, key);
  return v && v->is_number_integer() ? v->get<int64_t>() : 0;
}

bool SameJson(const json& a, const json& b) {
  if (a.is_number_float() != b.is_number_float()) return false;
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!SameJson(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j)
      if (i.key() != j.key() || !SameJson(*i, *j)) return false;
    return true;
  }
  return a == b;
}

bool SameValue(const json* a, const json* b) {
  if (!a || !b) return a == b;
  return SameJson(*a, *b);
}

bool IsSecret(const json& v) {
  return v.is_object() && v.size() == 1 && v.begin().key() == kSecretKey && v.begin()->is_string();
}

void CompareValue(const json* old_value, const json* new_value, const std::string& path,
                  bool forces_replacement, std::vector<ValueChange>& out) {
  if (SameValue(old_value, new_value)) return;
  ValueChange change{.path = path, .forces_replacement = forces_replacement};
  if (old_value) change.old_value = *old_value;
  if (new_value) change.new_value = *new_value;
  out.push_back(std::move(change));
}

void CompareField(const json* old_object, const json* new_object, std::string_view key,
                  std::vector<ValueChange>& out, bool forces_replacement, const std::string& path) {
  CompareValue(Get(old_object, key), Get(new_object, key), path.empty() ? std::string(key) : path,
               forces_replacement, out);
}

void CompareMembers(const json* old_object, const json* new_object, const std::string& prefix,
                    std::vector<ValueChange>& out, bool forces_replacement) {
  static const json kEmpty = json::object();
  const json& a = old_object && old_object->is_object() ? *old_object : kEmpty;
  const json& b = new_object && new_object->is_object() ? *new_object : kEmpty;
  // Both objects iterate in key order (std::map), so one merge pass finds
  // added, removed and changed keys, in key order.
  auto i = a.begin(), j = b.begin();
  while (i != a.end() || j != b.end()) {
    bool take_old = j == b.end() || (i != a.end() && i.key() <= j.key());
    bool take_new = i == a.end() || (j != b.end() && j.key() <= i.key());
    const std::string& key = take_old ? i.key() : j.key();
    CompareValue(take_old ? &*i : nullptr, take_new ? &*j : nullptr, prefix + "." + key,
                 forces_replacement, out);
    if (take_old) ++i;
    if (take_new) ++j;
  }
}

DiffCost CostOf(const json* old_object, const json* new_object) {
  const json* a = Get(old_object, "cost");
  const json* b = Get(new_object, "cost");
  return {.old_hourly = Number(a, "hourly_usd"), .new_hourly = Number(b, "hourly_usd"),
          .old_monthly = Number(a, "monthly_usd"), .new_monthly = Number(b, "monthly_usd")};
}

}  // namespace diff_internal
}  // namespace nbc::backends

// SPDX-License-Identifier: Apache-2.0
// Parameters: lookup, equality, the hierarchy's merge rules, inline rendering.
#include "ir/param_tree.h"

#include <charconv>
#include <cmath>

namespace nbc::ir {

const ParamValue* ParamValue::Find(std::string_view dotted_path) const {
  const ParamValue* v = this;
  while (!dotted_path.empty()) {
    if (!v->is_map()) return nullptr;
    size_t dot = dotted_path.find('.');
    std::string_view key = dotted_path.substr(0, dot);
    auto it = v->map.find(key);
    if (it == v->map.end()) return nullptr;
    v = &it->second;
    dotted_path = dot == std::string_view::npos ? "" : dotted_path.substr(dot + 1);
  }
  return v;
}

bool SameValue(const ParamValue& a, const ParamValue& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ParamKind::kNull: return true;
    case ParamKind::kBool: return a.bool_value == b.bool_value;
    case ParamKind::kInt: return a.int_value == b.int_value;
    case ParamKind::kFloat: return a.float_value == b.float_value;
    case ParamKind::kString:
    case ParamKind::kSecret: return a.text == b.text;
    case ParamKind::kList:
      if (a.list.size() != b.list.size()) return false;
      for (size_t i = 0; i < a.list.size(); ++i)
        if (!SameValue(a.list[i], b.list[i])) return false;
      return true;
    case ParamKind::kMap:
      if (a.map.size() != b.map.size()) return false;
      for (auto ia = a.map.begin(), ib = b.map.begin(); ia != a.map.end(); ++ia, ++ib)
        if (ia->first != ib->first || !SameValue(ia->second, ib->second)) return false;
      return true;
  }
  return false;
}

namespace {

// True if `v` or a value below it carries a merge op that Settled consumes.
bool HasOps(const ParamValue& v) {
  if (v.op != MergeOp::kDefault) return true;
  for (const auto& [key, child] : v.map)
    if (HasOps(child)) return true;
  for (const ParamValue& item : v.list)
    if (HasOps(item)) return true;
  return false;
}

// A value as it lands in the merged tree: merge ops are consumed, and any
// removal markers inside a fresh subtree mean nothing (there is nothing below).
// A subtree without ops is shared with the layer, not copied (ir/cow_map.h).
ParamValue Settled(const ParamValue& v) {
  if (!HasOps(v)) return v;
  ParamValue out = v;
  out.op = MergeOp::kDefault;
  if (out.kind == ParamKind::kMap) {
    for (auto it = out.map.begin(); it != out.map.end();) {
      if (it->second.op == MergeOp::kRemove) {
        it = out.map.erase(it);
      } else {
        it->second = Settled(it->second);
        ++it;
      }
    }
  }
  for (ParamValue& item : out.list) item = Settled(item);
  return out;
}

}  // namespace

void MergeLayer(ParamValue& into, const ParamValue& layer,
                const std::function<void(const ParamValue&)>& on_equal) {
  for (const auto& [key, value] : layer.map) {
    auto it = into.map.find(key);
    if (value.op == MergeOp::kRemove) {
      if (it != into.map.end()) into.map.erase(it);
      continue;
    }
    if (it == into.map.end()) {
      into.map.emplace(key, Settled(value));
      continue;
    }
    ParamValue& current = it->second;
    if (value.kind == ParamKind::kMap && current.kind == ParamKind::kMap &&
        value.op != MergeOp::kReplace) {
      MergeLayer(current, value, on_equal);
      continue;
    }
    if (value.kind == ParamKind::kList && current.kind == ParamKind::kList &&
        value.op == MergeOp::kAppend) {
      for (const ParamValue& item : value.list) current.list.push_back(Settled(item));
      continue;
    }
    if (on_equal && value.kind != ParamKind::kMap && SameValue(current, value)) on_equal(value);
    std::vector<Origin> chain = std::move(current.overridden);
    chain.push_back(current.origin);
    current = Settled(value);
    current.overridden = std::move(chain);
  }
}

void CollectLeafPaths(const ParamValue& tree, std::vector<std::string>& out,
                      const std::string& prefix) {
  for (const auto& [key, value] : tree.map) {
    std::string path = prefix.empty() ? key : prefix + "." + key;
    if (value.kind == ParamKind::kMap && !value.map.empty()) {
      CollectLeafPaths(value, out, path);
    } else {
      out.push_back(path);
    }
  }
}

namespace {

std::string QuoteString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      static const char* kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) return ".nan";
  if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

std::string RenderInline(const ParamValue& v) {
  switch (v.kind) {
    case ParamKind::kNull: return "null";
    case ParamKind::kBool: return v.bool_value ? "true" : "false";
    case ParamKind::kInt: return std::to_string(v.int_value);
    case ParamKind::kFloat: return FormatDouble(v.float_value);
    case ParamKind::kString: return QuoteString(v.text);
    case ParamKind::kSecret: return "(secret " + v.text + ")";
    case ParamKind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < v.list.size(); ++i) out += (i ? ", " : "") + RenderInline(v.list[i]);
      return out + "]";
    }
    case ParamKind::kMap: {
      std::string out = "{";
      bool first = true;
      for (const auto& [key, value] : v.map) {
        out += (first ? "" : ", ") + key + ": " + RenderInline(value);
        first = false;
      }
      return out + "}";
    }
  }
  return "";
}

}  // namespace nbc::ir

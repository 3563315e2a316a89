// SPDX-License-Identifier: Apache-2.0
// Parameters as JSON.
#include "backends/param_json.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "ir/plan.h"

namespace nbc::backends {

nlohmann::json ParamToJson(const ir::ParamValue& v) {
  switch (v.kind) {
    case ir::ParamKind::kNull: return nullptr;
    case ir::ParamKind::kBool: return v.bool_value;
    case ir::ParamKind::kInt: return v.int_value;
    case ir::ParamKind::kFloat: return v.float_value;
    case ir::ParamKind::kString: return v.text;
    case ir::ParamKind::kSecret: return nlohmann::json{{kSecretKey, v.text}};
    case ir::ParamKind::kList: {
      nlohmann::json list = nlohmann::json::array();
      for (const ir::ParamValue& item : v.list) list.push_back(ParamToJson(item));
      return list;
    }
    case ir::ParamKind::kMap: {
      nlohmann::json map = nlohmann::json::object();
      for (const auto& [key, value] : v.map) map[key] = ParamToJson(value);
      return map;
    }
  }
  return nullptr;
}

// Plain ASCII as is, anything else through nlohmann's serializer itself, so
// the bytes are the same.
void AppendJsonString(std::string& out, const std::string& text) {
  bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (plain) {
    out += '"';
    out += text;
    out += '"';
  } else {
    out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

namespace {

void AppendIndent(std::string& out, int indent) { out.append(static_cast<size_t>(indent), ' '); }

}  // namespace

void AppendParamJson(std::string& out, const ir::ParamValue& v, int indent) {
  switch (v.kind) {
    case ir::ParamKind::kNull: out += "null"; return;
    case ir::ParamKind::kBool: out += v.bool_value ? "true" : "false"; return;
    case ir::ParamKind::kInt: out += std::to_string(v.int_value); return;
    case ir::ParamKind::kFloat: out += nlohmann::json(v.float_value).dump(); return;
    case ir::ParamKind::kString: AppendJsonString(out, v.text); return;
    case ir::ParamKind::kSecret:
      out += "{\n";
      AppendIndent(out, indent + 2);
      out += std::string("\"") + kSecretKey + "\": ";
      AppendJsonString(out, v.text);
      out += "\n";
      AppendIndent(out, indent);
      out += "}";
      return;
    case ir::ParamKind::kList:
      if (v.list.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      for (size_t i = 0; i < v.list.size(); ++i) {
        AppendIndent(out, indent + 2);
        AppendParamJson(out, v.list[i], indent + 2);
        out += i + 1 < v.list.size() ? ",\n" : "\n";
      }
      AppendIndent(out, indent);
      out += "]";
      return;
    case ir::ParamKind::kMap: {
      if (v.map.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      size_t left = v.map.size();
      for (const auto& [key, value] : v.map) {
        AppendIndent(out, indent + 2);
        AppendJsonString(out, key);
        out += ": ";
        AppendParamJson(out, value, indent + 2);
        out += --left ? ",\n" : "\n";
      }
      AppendIndent(out, indent);
      out += "}";
      return;
    }
  }
}

void AppendCompactParamJson(std::string& out, const ir::ParamValue& v) {
  switch (v.kind) {
    case ir::ParamKind::kList: {
      out += '[';
      for (size_t i = 0; i < v.list.size(); ++i) {
        if (i) out += ',';
        AppendCompactParamJson(out, v.list[i]);
      }
      out += ']';
      return;
    }
    case ir::ParamKind::kMap: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : v.map) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, key);
        out += ':';
        AppendCompactParamJson(out, value);
      }
      out += '}';
      return;
    }
    case ir::ParamKind::kSecret:
      out += std::string("{\"") + kSecretKey + "\":";
      AppendJsonString(out, v.text);
      out += '}';
      return;
    default:
      AppendParamJson(out, v, 0);  // a scalar: the same text either way
  }
}

void AppendNestedJson(std::string& out, const nlohmann::json& value, int indent) {
  nlohmann::detail::serializer<nlohmann::json> writer(
      nlohmann::detail::output_adapter<char, std::string>(out), ' ', nlohmann::json::error_handler_t::replace);
  writer.dump(value, /*pretty_print=*/true, /*ensure_ascii=*/false, /*indent_step=*/2,
              static_cast<unsigned>(indent));
}

const nlohmann::json& ParamJsonCache::Of(const ir::ParamValue& params) {
  if (!SameTree(params, last_)) {
    last_ = params;  // shares the tree, which keeps it from changing
    json_ = ParamToJson(params);
  }
  return json_;
}

namespace {

// A string no input can hold by accident (the count below checks that none
// did); it carries the index of the tree it stands for.
constexpr std::string_view kPlaceholderPrefix = "\x01nbc-params-5d1c0a7e:";
constexpr std::string_view kDumpedPrefix = "\"\\u0001nbc-params-5d1c0a7e:";

size_t Count(const std::string& text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

bool SameTree(const ir::ParamValue& a, const ir::ParamValue& b) {
  return a.kind == ir::ParamKind::kMap && b.kind == ir::ParamKind::kMap && a.map.same_map(b.map);
}

void DumpWithParams(const ParamDocument& build, const TextSink& sink, int indent) {
  auto dump = [indent](const nlohmann::json& j) {
    std::string text;
    AppendNestedJson(text, j, indent);
    return text;
  };
  std::vector<const ir::ParamValue*> params;
  std::string skeleton = dump(build(&params));
  // A user value that looks like a placeholder: build it all as JSON instead.
  if (Count(skeleton, kDumpedPrefix) != params.size()) {
    sink(dump(build(nullptr)));
    return;
  }
  // Neighbours usually share a tree (the nodes of a node type in a zone),
  // within a document and from one document to the next (the chef node files
  // of a node type): its text is made once per run of them; the copy of the
  // tree kept here keeps it from changing (ir/cow_map.h). Placeholders are
  // taken in the order of the text, which sorts keys, not in the order they
  // were made.
  thread_local ir::ParamValue last{.kind = ir::ParamKind::kNull};
  thread_local int last_indent = -1;
  thread_local std::string piece;
  std::string_view rest = skeleton;
  for (size_t at = rest.find(kDumpedPrefix); at != std::string_view::npos; at = rest.find(kDumpedPrefix)) {
    size_t digits = at + kDumpedPrefix.size();
    size_t end = rest.find('"', digits);
    size_t index = std::stoul(std::string(rest.substr(digits, end - digits)));
    size_t line = rest.rfind('\n', at) + 1;  // npos + 1 = 0: the text's first line
    int indent = static_cast<int>(rest.find_first_not_of(' ', line) - line);
    const ir::ParamValue& tree = *params.at(index);
    if (last_indent != indent || !SameTree(last, tree)) {
      piece.clear();
      AppendParamJson(piece, tree, indent);
      // Only a map is kept: a copy of anything else would copy its values.
      last = tree.kind == ir::ParamKind::kMap ? tree : ir::ParamValue{.kind = ir::ParamKind::kNull};
      last_indent = indent;
    }
    sink(rest.substr(0, at));
    sink(piece);
    rest.remove_prefix(end + 1);
  }
  sink(rest);
}

std::string DumpWithParams(const ParamDocument& build) {
  return CollectText([&](const TextSink& sink) { DumpWithParams(build, sink); });
}

nlohmann::json ParamsOrPlaceholder(const ir::ParamValue& value,
                                   std::vector<const ir::ParamValue*>* placeholders) {
  if (!placeholders) return ParamToJson(value);
  placeholders->push_back(&value);
  return std::string(kPlaceholderPrefix) + std::to_string(placeholders->size() - 1);
}

double RoundHourly(double usd) { return std::round(usd * 1e4) / 1e4; }
double RoundMonthly(double usd) { return std::round(usd * 1e2) / 1e2; }

}  // namespace nbc::backends

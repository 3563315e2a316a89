// SPDX-License-Identifier: Apache-2.0
// AppendParamJson and DumpWithParams write parameters as text with exactly
// the bytes nlohmann::json's dump(2) gives for ParamToJson (param_json.h).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "backends/param_json.h"

namespace nbc::backends {
namespace {

using ir::ParamKind;
using ir::ParamValue;
using nlohmann::json;

ParamValue Int(int64_t v) { return {.kind = ParamKind::kInt, .int_value = v}; }
ParamValue Float(double v) { return {.kind = ParamKind::kFloat, .float_value = v}; }
ParamValue Str(std::string v) { return {.kind = ParamKind::kString, .text = std::move(v)}; }
ParamValue Secret(std::string v) { return {.kind = ParamKind::kSecret, .text = std::move(v)}; }
ParamValue Bool(bool v) { return {.kind = ParamKind::kBool, .bool_value = v}; }
ParamValue Null() { return {.kind = ParamKind::kNull}; }
ParamValue List(std::vector<ParamValue> items) { return {.kind = ParamKind::kList, .list = std::move(items)}; }
ParamValue Map(std::map<std::string, ParamValue, std::less<>> m) {
  return {.kind = ParamKind::kMap, .map = std::move(m)};
}

std::string Dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace); }

// Every kind, nesting, empty containers and strings that need escaping.
ParamValue Everything() {
  return Map({
      {"plain", Str("value")},
      {"quoted \"key\"", Str("a \"quote\", a \\ backslash\nand a tab\t")},
      {"control", Str(std::string("bell\x07 and \x1f", 11))},
      {"unicode", Str("grüße ✓ 𝄞")},
      {"invalid utf-8", Str("bad \xff\xfe byte")},
      {"delete", Str("\x7f")},
      {"ints", List({Int(0), Int(-42), Int(std::numeric_limits<int64_t>::max()),
                     Int(std::numeric_limits<int64_t>::min())})},
      {"floats", List({Float(0.1), Float(1.0), Float(-0.0), Float(1e300), Float(2.5e-8),
                       Float(std::nan("")), Float(INFINITY)})},
      {"flags", List({Bool(true), Bool(false), Null()})},
      {"secret", Secret("db/password")},
      {"empty map", Map({})},
      {"empty list", List({})},
      {"nested", Map({{"list of maps", List({Map({{"a", Int(1)}}), Map({}), List({})})},
                      {"deeper", Map({{"x", Map({{"y", Str("z")}})}})}})},
  });
}

TEST(ParamJsonStream, SameBytesAsTheDocumentAtTheTop) {
  for (const ParamValue& v : {Everything(), Map({}), List({}), Int(7), Str("x"), Secret("s")}) {
    std::string out;
    AppendParamJson(out, v, 0);
    EXPECT_EQ(out, Dump(ParamToJson(v)));
  }
}

TEST(ParamJsonStream, CompactSameBytesAsDump) {
  for (const ParamValue& v : {Everything(), Map({}), List({}), Int(7), Str("x"), Secret("s")}) {
    std::string out;
    AppendCompactParamJson(out, v);
    EXPECT_EQ(out, ParamToJson(v).dump(-1, ' ', false, json::error_handler_t::replace));
  }
}

TEST(ParamJsonStream, SameBytesWhenNested) {
  ParamValue v = Everything();
  std::string expected = Dump(json{{"a", {{"b", ParamToJson(v)}}}});
  std::string out = "{\n  \"a\": {\n    \"b\": ";
  AppendParamJson(out, v, 4);
  out += "\n  }\n}";
  EXPECT_EQ(out, expected);
}

TEST(ParamJsonStream, DumpWithParamsEqualsTheWholeDocument) {
  ParamValue first = Everything(), second = Map({{"k", Int(1)}});
  auto build = [&](std::vector<const ParamValue*>* placeholders) {
    return json{{"nodes", json::array({{{"name", "a"}, {"params", ParamsOrPlaceholder(first, placeholders)}},
                                       {{"name", "b"}, {"params", ParamsOrPlaceholder(second, placeholders)}}})},
                {"zeta", "last"}};
  };
  EXPECT_EQ(DumpWithParams(build), Dump(build(nullptr)));
}

TEST(ParamJsonStream, AValueThatLooksLikeAPlaceholderFallsBackToTheDocument) {
  ParamValue tree = Map({{"k", Int(1)}});
  // The text a placeholder has, written by a user as a value of their own.
  std::vector<const ParamValue*> scratch;
  std::string lookalike = ParamsOrPlaceholder(tree, &scratch).get<std::string>();
  ParamValue hostile = Map({{"x", Str(lookalike)}});
  auto build = [&](std::vector<const ParamValue*>* placeholders) {
    return json{{"one", ParamsOrPlaceholder(tree, placeholders)},
                {"two", ParamsOrPlaceholder(hostile, placeholders)},
                {"user", lookalike}};
  };
  std::string out = DumpWithParams(build);
  EXPECT_EQ(out, Dump(build(nullptr)));
  EXPECT_NE(out.find("\"k\": 1"), std::string::npos);
}

TEST(ParamJsonStream, SameTreeOnlyForSharedMaps) {
  ParamValue a = Map({{"k", Int(1)}});
  ParamValue b = a, c = Map({{"k", Int(1)}});
  EXPECT_TRUE(SameTree(a, b));
  EXPECT_FALSE(SameTree(a, c));  // equal, but not known to be without comparing
  EXPECT_FALSE(SameTree(Int(1), Int(1)));
}

}  // namespace
TEST(ParamJsonStream, NestedDumpEqualsTheDocumentItSitsIn) {
  ParamValue first = Everything(), second = Map({{"k", Int(1)}});
  auto element = [&](std::vector<const ParamValue*>* placeholders) {
    return json{{"name", "a"}, {"params", ParamsOrPlaceholder(first, placeholders)},
                {"more", json::array({ParamsOrPlaceholder(second, placeholders)})}};
  };
  // As plan.json's environments are written: each element 4 spaces deep.
  std::string out = "{\n  \"list\": [\n    ";
  DumpWithParams(element, [&](std::string_view piece) { out += piece; }, 4);
  out += "\n  ]\n}";
  EXPECT_EQ(out, Dump(json{{"list", json::array({element(nullptr)})}}));
}

}  // namespace nbc::backends

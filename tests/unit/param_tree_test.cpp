// SPDX-License-Identifier: Apache-2.0
#include "ir/param_tree.h"

#include <gtest/gtest.h>

namespace nbc::ir {
namespace {

ParamValue Int(int64_t v, uint32_t layer = 0) {
  return {.kind = ParamKind::kInt, .int_value = v, .origin = {LayerId{layer}, {}}};
}
ParamValue Str(std::string v, uint32_t layer = 0) {
  return {.kind = ParamKind::kString, .text = std::move(v), .origin = {LayerId{layer}, {}}};
}
ParamValue List(std::vector<ParamValue> items, MergeOp op = MergeOp::kDefault) {
  return {.kind = ParamKind::kList, .op = op, .list = std::move(items)};
}
ParamValue Map(std::map<std::string, ParamValue, std::less<>> m, MergeOp op = MergeOp::kDefault) {
  return {.kind = ParamKind::kMap, .op = op, .map = std::move(m)};
}
ParamValue Remove() { return {.kind = ParamKind::kNull, .op = MergeOp::kRemove}; }

TEST(ParamMerge, MapsMergeRecursively) {
  ParamValue merged = Map({{"nginx", Map({{"workers", Int(2)}, {"gzip", Str("on")}})}});
  MergeLayer(merged, Map({{"nginx", Map({{"workers", Int(8, 1)}})}}));
  EXPECT_EQ(RenderInline(merged), R"({nginx: {gzip: "on", workers: 8}})");
}

TEST(ParamMerge, ScalarsAndListsReplace) {
  ParamValue merged = Map({{"listen", List({Int(80)})}, {"name", Str("a")}});
  MergeLayer(merged, Map({{"listen", List({Int(443)})}, {"name", Str("b")}}));
  EXPECT_EQ(RenderInline(merged), R"({listen: [443], name: "b"})");
}

TEST(ParamMerge, AppendExtendsAList) {
  ParamValue merged = Map({{"listen", List({Int(80)})}});
  MergeLayer(merged, Map({{"listen", List({Int(443)}, MergeOp::kAppend)}}));
  EXPECT_EQ(RenderInline(merged), "{listen: [80, 443]}");
}

TEST(ParamMerge, ReplaceSwapsAMapWhole) {
  ParamValue merged = Map({{"headers", Map({{"a", Int(1)}, {"b", Int(2)}})}});
  MergeLayer(merged, Map({{"headers", Map({{"c", Int(3)}}, MergeOp::kReplace)}}));
  EXPECT_EQ(RenderInline(merged), "{headers: {c: 3}}");
}

TEST(ParamMerge, TildeRemovesAKeyAndVanishesInFreshSubtrees) {
  ParamValue merged = Map({{"a", Int(1)}, {"b", Int(2)}});
  MergeLayer(merged, Map({{"a", Remove()}, {"c", Map({{"d", Remove()}, {"e", Int(5)}})}}));
  EXPECT_EQ(RenderInline(merged), "{b: 2, c: {e: 5}}");
}

TEST(ParamMerge, OverriddenOriginsFormAChain) {
  ParamValue merged = Map({{"w", Int(1, 0)}});
  MergeLayer(merged, Map({{"w", Int(2, 1)}}));
  MergeLayer(merged, Map({{"w", Int(3, 2)}}));
  const ParamValue* w = merged.Find("w");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->origin.layer.index, 2u);
  ASSERT_EQ(w->overridden.size(), 2u);
  EXPECT_EQ(w->overridden[0].layer.index, 0u);
  EXPECT_EQ(w->overridden[1].layer.index, 1u);
}

TEST(ParamMerge, EqualOverridesAreReported) {
  ParamValue merged = Map({{"w", Int(1)}, {"x", Int(1)}});
  int equal = 0;
  MergeLayer(merged, Map({{"w", Int(1)}, {"x", Int(2)}}), [&](const ParamValue&) { ++equal; });
  EXPECT_EQ(equal, 1);
}

TEST(ParamTree, FindFollowsDottedPaths) {
  ParamValue tree = Map({{"a", Map({{"b", Int(7)}})}});
  ASSERT_NE(tree.Find("a.b"), nullptr);
  EXPECT_EQ(tree.Find("a.b")->int_value, 7);
  EXPECT_EQ(tree.Find("a.c"), nullptr);
  EXPECT_EQ(tree.Find("a.b.c"), nullptr);
}

TEST(ParamTree, RenderInlineEscapesAndHidesSecrets) {
  ParamValue tree = Map({{"s", Str("a\"b\n")}, {"p", {.kind = ParamKind::kSecret, .text = "db"}}});
  EXPECT_EQ(RenderInline(tree), R"({p: (secret db), s: "a\"b\n"})");
}

}  // namespace
}  // namespace nbc::ir

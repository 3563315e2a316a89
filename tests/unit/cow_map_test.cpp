// SPDX-License-Identifier: Apache-2.0
// ir::CowMap: parameter trees are shared on copy and copied on write, so
// that writing one node's parameters never changes another's.
#include "ir/cow_map.h"

#include <gtest/gtest.h>

#include "ir/param_tree.h"

namespace nbc::ir {
namespace {

ParamValue Int(int64_t v) { return {.kind = ParamKind::kInt, .int_value = v}; }
ParamValue Map(std::map<std::string, ParamValue, std::less<>> m) {
  return {.kind = ParamKind::kMap, .map = std::move(m)};
}

TEST(CowMap, CopiesShareUntilOneIsWritten) {
  ParamValue a = Map({{"nginx", Map({{"workers", Int(2)}})}});
  ParamValue b = a;
  EXPECT_TRUE(a.map.same_map(b.map));
  b.map["nginx"].map.insert_or_assign("workers", Int(8));
  EXPECT_FALSE(a.map.same_map(b.map));
  EXPECT_EQ(RenderInline(a), "{nginx: {workers: 2}}");
  EXPECT_EQ(RenderInline(b), "{nginx: {workers: 8}}");
}

TEST(CowMap, WritingADeepValueLeavesEveryOtherCopyAlone) {
  ParamValue a = Map({{"x", Map({{"y", Map({{"z", Int(1)}})}})}, {"other", Int(5)}});
  ParamValue b = a, c = a;
  MergeLayer(c, Map({{"x", Map({{"y", Map({{"z", Int(2)}})}})}}));
  EXPECT_EQ(RenderInline(a), "{other: 5, x: {y: {z: 1}}}");
  EXPECT_EQ(RenderInline(b), "{other: 5, x: {y: {z: 1}}}");
  EXPECT_EQ(RenderInline(c), "{other: 5, x: {y: {z: 2}}}");
  // What the merge did not touch is still shared.
  EXPECT_TRUE(a.map.same_map(b.map));
}

TEST(CowMap, ConstReadsNeverCopy) {
  const ParamValue a = Map({{"k", Int(1)}});
  ParamValue b = a;
  const ParamValue& rb = b;
  EXPECT_NE(rb.map.find("k"), rb.map.end());
  EXPECT_EQ(rb.map.count("k"), 1u);
  for (const auto& entry : rb.map) EXPECT_EQ(entry.first, "k");
  EXPECT_TRUE(a.map.same_map(b.map));
}

TEST(CowMap, EraseIfCopiesOnlyWhenSomethingGoes) {
  ParamValue a = Map({{"keep", Int(1)}, {"drop", Int(2)}});
  ParamValue b = a;
  EXPECT_EQ(erase_if(b.map, [](const auto& e) { return e.first == "none"; }), 0u);
  EXPECT_TRUE(a.map.same_map(b.map));
  EXPECT_EQ(erase_if(b.map, [](const auto& e) { return e.first == "drop"; }), 1u);
  EXPECT_EQ(RenderInline(a), "{drop: 2, keep: 1}");
  EXPECT_EQ(RenderInline(b), "{keep: 1}");
}

TEST(CowMap, EraseOfAMissingKeyKeepsSharing) {
  ParamValue a = Map({{"k", Int(1)}});
  ParamValue b = a;
  EXPECT_EQ(b.map.erase("absent"), 0u);
  EXPECT_TRUE(a.map.same_map(b.map));
  EXPECT_EQ(b.map.erase("k"), 1u);
  EXPECT_TRUE(b.map.empty());
  EXPECT_EQ(a.map.size(), 1u);
}

TEST(CowMap, AtThrowsForAMissingKey) {
  const ParamValue a = Map({{"k", Int(1)}});
  EXPECT_EQ(a.map.at("k").int_value, 1);
  EXPECT_THROW(a.map.at("absent"), std::out_of_range);
}

}  // namespace
}  // namespace nbc::ir

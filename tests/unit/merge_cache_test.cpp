// SPDX-License-Identifier: Apache-2.0
// MergeCache gives exactly what MergeLayers gives, origins and overridden
// chains included, whichever prefixes it reuses (compiler/merge_cache.h).
#include "compiler/merge_cache.h"

#include <gtest/gtest.h>

#include "compiler/param_merge.h"

namespace nbc::compiler {
namespace {

using ir::MergeOp;
using ir::ParamKind;
using ir::ParamValue;

ParamValue Int(int64_t v, uint32_t line) {
  return {.kind = ParamKind::kInt, .int_value = v, .origin = {{}, {0, line, 1}}};
}
ParamValue List(std::vector<ParamValue> items, MergeOp op = MergeOp::kDefault) {
  return {.kind = ParamKind::kList, .op = op, .list = std::move(items)};
}
ParamValue Map(std::map<std::string, ParamValue, std::less<>> m, MergeOp op = MergeOp::kDefault) {
  return {.kind = ParamKind::kMap, .op = op, .map = std::move(m)};
}

// Same values, origins and overridden chains, all the way down.
void ExpectIdentical(const ParamValue& a, const ParamValue& b, const std::string& at) {
  EXPECT_TRUE(ir::SameValue(a, b)) << at;
  EXPECT_EQ(a.origin, b.origin) << at;
  EXPECT_EQ(a.overridden, b.overridden) << at;
  ASSERT_EQ(a.map.size(), b.map.size()) << at;
  for (auto ia = a.map.begin(), ib = b.map.begin(); ia != a.map.end(); ++ia, ++ib)
    ExpectIdentical(ia->second, ib->second, at + "." + ia->first);
  ASSERT_EQ(a.list.size(), b.list.size()) << at;
  for (size_t i = 0; i < a.list.size(); ++i) ExpectIdentical(a.list[i], b.list[i], at + "[]");
}

class MergeCacheTest : public ::testing::Test {
 protected:
  ir::LayerId Add(ParamValue params) {
    return model_.AddLayer(ir::LayerKind::kEnvironment, "layer", std::move(params));
  }
  ir::Model model_;
};

TEST_F(MergeCacheTest, ResumedMergesEqualWholeMerges) {
  ir::LayerId service = Add(Map({{"a", Map({{"x", Int(1, 1)}, {"l", List({Int(1, 1)})}})}}));
  ir::LayerId type = Add(Map({{"a", Map({{"x", Int(2, 2)}})}}));
  ir::LayerId env1 = Add(Map({{"a", Map({{"l", List({Int(2, 3)}, MergeOp::kAppend)}})}}));
  ir::LayerId env2 = Add(Map({{"a", Map({{"y", Int(3, 4)}}, MergeOp::kReplace)}}));
  ir::LayerId zone1 = Add(Map({{"a", Map({{"x", Int(9, 5)}})}}));
  ir::LayerId zone2 = Add(Map({{"b", Int(7, 6)}}));
  MergeCache cache;
  // Two environments of one node type, two zones each, in planner order.
  for (ir::LayerId env : {env1, env2}) {
    for (ir::LayerId zone : {zone1, zone2}) {
      std::vector<ir::LayerId> layers = {service, type, env, zone};
      ParamValue cached = cache.Merge(model_, layers, 2, 3, nullptr);
      ExpectIdentical(cached, MergeLayers(model_, layers), "params");
    }
  }
}

TEST_F(MergeCacheTest, AResultCanBeWrittenWithoutChangingTheCache) {
  ir::LayerId base = Add(Map({{"a", Map({{"x", Int(1, 1)}})}}));
  ir::LayerId zone = Add(Map({{"b", Int(2, 2)}}));
  MergeCache cache;
  ParamValue first = cache.Merge(model_, {base, zone}, 1, 1, nullptr);
  first.map["a"].map.insert_or_assign("x", Int(5, 9));
  ParamValue second = cache.Merge(model_, {base, zone}, 1, 1, nullptr);
  ExpectIdentical(second, MergeLayers(model_, {base, zone}), "params");
}

TEST_F(MergeCacheTest, EqualOverridesAreReportedByTheFirstMerge) {
  ir::LayerId low = Add(Map({{"x", Int(1, 1)}}));
  ir::LayerId same = Add(Map({{"x", Int(1, 2)}}));
  MergeCache cache;
  int reported = 0;
  auto count = [&](const ParamValue&) { ++reported; };
  cache.Merge(model_, {low, same}, 2, 2, count);
  EXPECT_EQ(reported, 1);
  cache.Merge(model_, {low, same}, 2, 2, count);  // from the cache: known already
  EXPECT_EQ(reported, 1);
}

}  // namespace
}  // namespace nbc::compiler

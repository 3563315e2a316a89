// SPDX-License-Identifier: Apache-2.0
// Lowering of nbc.yaml `label_params`: Larry's label-level parameters, one
// layer per label key and value (docs/ownership-and-cost.md).
#include <algorithm>
#include <array>

#include "compiler/lower_context.h"
#include "ir/visible_text.h"

namespace nbc::compiler {
namespace {

// Larry's precedence, lowest first: a customer's settings, then the app's,
// then the instance's.
constexpr std::array<std::string_view, 3> kLabelKeys = {"customer", "app", "instance"};

size_t Rank(std::string_view key) {
  return static_cast<size_t>(std::find(kLabelKeys.begin(), kLabelKeys.end(), key) -
                             kLabelKeys.begin());
}

}  // namespace

void LowerLabelParams(LowerContext& cx, const DocNode* node) {
  const DocNode* keys = ExpectMap(node, "label_params", cx.diags);
  if (!node || !keys) return;
  std::vector<ir::LabelLayer>& out = cx.model.project.label_layers;
  for (const DocEntry& k : keys->entries) {
    if (Rank(k.key) == kLabelKeys.size()) {
      cx.diags.Error(k.key_at, "label_params has no layer for label '" + ir::Visible(k.key) + "'",
                     "the label layers are customer, app and instance (lowest to highest "
                     "precedence); put other parameters in an environment's params");
      continue;
    }
    const DocNode* values = ExpectMap(k.value, "label_params." + k.key, cx.diags);
    for (const DocEntry& v : values ? values->entries : std::vector<DocEntry>{}) {
      std::string what = "label_params." + k.key + "." + ir::Visible(v.key);
      ir::LabelLayer& l = out.emplace_back();
      l.key = k.key;
      l.value = v.key;
      l.at = v.key_at;
      l.layer = cx.model.AddLayer(ir::LayerKind::kLabel, k.key + " " + v.key, {});
      cx.model.layers[l.layer.index].params = cx.LowerParams(v.value, l.layer, what);
    }
  }
  // Customer, app, instance; values by name, so layers apply in a fixed order.
  std::stable_sort(out.begin(), out.end(), [](const ir::LabelLayer& a, const ir::LabelLayer& b) {
    return std::pair(Rank(a.key), a.value) < std::pair(Rank(b.key), b.value);
  });
}

}  // namespace nbc::compiler

// SPDX-License-Identifier: Apache-2.0
// bench/micro: Google Benchmark micro-benchmarks of the hot stages — loading,
// merging, placement, planning, JSON emission — on a project written by
// bench/gen_estate. Not part of ctest; see bench/README.md.
// Usage: nbc_microbench [--benchmark_filter=…] PROJECT_DIR
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "backends/chef_solo.h"
#include "backends/consistency.h"
#include "backends/plan_json.h"
#include "backends/registry.h"
#include "compiler/dependency_graph.h"
#include "compiler/driver.h"
#include "compiler/param_merge.h"
#include "compiler/placement.h"
#include "compiler/planner.h"

namespace {

using namespace nbc;

std::string g_project;  // the estate every benchmark reads

// The model and plan are made once and shared: each benchmark times one stage.
struct Fixture {
  ir::SourceFiles files;
  ir::Diagnostics diags;
  std::optional<ir::Model> model;
  std::optional<ir::Plan> plan;
  size_t nodes = 0;
};

Fixture& Shared() {
  static Fixture* f = [] {
    auto* f = new Fixture;
    f->model = compiler::LoadModel(g_project, f->files, f->diags);
    if (f->model) f->plan = compiler::BuildPlan(*f->model, {}, f->diags);
    if (!f->plan) {
      std::cerr << f->diags.Render(f->files, ir::ErrorFormat::kText);
      std::exit(1);
    }
    for (const ir::PlanEnvironment& e : f->plan->environments) f->nodes += e.nodes.size();
    return f;
  }();
  return *f;
}

void BM_LoadModel(benchmark::State& state) {
  for (auto _ : state) {
    ir::SourceFiles files;
    ir::Diagnostics diags;
    benchmark::DoNotOptimize(compiler::LoadModel(g_project, files, diags));
  }
}
BENCHMARK(BM_LoadModel)->Unit(benchmark::kMillisecond);

// One merge of every layer of one node type in one zone, for each node
// type of the first environment.
void BM_MergeNodeLayers(benchmark::State& state) {
  const ir::Model& model = *Shared().model;
  const ir::Environment* env = nullptr;
  for (const ir::Environment& e : model.environments)
    if (!e.decl.abstract && !env) env = &e;
  std::vector<std::vector<ir::LayerId>> stacks;
  std::vector<ir::ServiceId> run_list;
  for (uint32_t i = 0; i < model.services.size(); ++i) run_list.push_back({i});
  for (const ir::ResolvedNodeType& rnt : env->node_types)
    for (const ir::ResolvedZone& zone : env->zones)
      stacks.push_back(compiler::NodeLayers(model, *env, rnt, zone, {run_list.begin(), run_list.begin() + 12}));
  for (auto _ : state)
    for (const auto& layers : stacks) benchmark::DoNotOptimize(compiler::MergeLayers(model, layers));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(stacks.size()));
}
BENCHMARK(BM_MergeNodeLayers)->Unit(benchmark::kMillisecond);

// Closure, order and placement of every concrete environment.
void BM_Placement(benchmark::State& state) {
  const ir::Model& model = *Shared().model;
  compiler::DependencyGraph graph(model);
  for (auto _ : state) {
    for (const ir::Environment& env : model.environments) {
      if (env.decl.abstract) continue;
      ir::Diagnostics diags;
      std::vector<ir::ServiceId> closure = graph.Closure(env.services);
      benchmark::DoNotOptimize(graph.TopologicalOrder(closure));
      benchmark::DoNotOptimize(compiler::PlaceServices(model, env, graph, closure, diags));
    }
  }
}
BENCHMARK(BM_Placement)->Unit(benchmark::kMillisecond);

void BM_BuildPlan(benchmark::State& state) {
  const ir::Model& model = *Shared().model;
  for (auto _ : state) {
    ir::Diagnostics diags;
    benchmark::DoNotOptimize(compiler::BuildPlan(model, {}, diags));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Shared().nodes));
}
BENCHMARK(BM_BuildPlan)->Unit(benchmark::kMillisecond);

void BM_PlanToJson(benchmark::State& state) {
  const ir::Plan& plan = *Shared().plan;
  size_t bytes = 0;
  for (auto _ : state) {
    std::string text = backends::PlanToJson(plan);
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}
BENCHMARK(BM_PlanToJson)->Unit(benchmark::kMillisecond);

void BM_ChefNodeJson(benchmark::State& state) {
  const ir::PlanEnvironment& env = Shared().plan->environments.front();
  for (auto _ : state)
    for (const ir::PlanNode& node : env.nodes) benchmark::DoNotOptimize(backends::ChefNodeJson(env, node));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(env.nodes.size()));
}
BENCHMARK(BM_ChefNodeJson)->Unit(benchmark::kMillisecond);

// Every backend of `nbc build` on the first environment, then the
// consistency check of its artifacts.
void BM_EmitAndCheckOneEnvironment(benchmark::State& state) {
  const ir::Plan& plan = *Shared().plan;
  ir::Plan one = backends::SingleEnvironment(plan, 0);
  auto all = backends::AllBackends();
  for (auto _ : state) {
    ir::Diagnostics diags;
    backends::OutputSet out;
    for (const auto& backend : all) backend->Emit(one, out, diags);
    backends::CheckConsistency(one, out, diags);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(one.environments[0].nodes.size()));
}
BENCHMARK(BM_EmitAndCheckOneEnvironment)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc != 2) {
    std::cerr << "usage: nbc_microbench [--benchmark_…] PROJECT_DIR (written by gen_estate)\n";
    return 2;
  }
  g_project = argv[1];
  Shared();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

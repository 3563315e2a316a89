// SPDX-License-Identifier: Apache-2.0
// The coordinator under real processes, against both backends (local files
// and a real etcd-server): racing writers, writers killed mid-record, lock
// expiry, stale plans, an unreachable backend. Plans come from the nbc
// binary; racing and killed writers are forked children of this program that
// call the library (an nbc process spends most of its life starting up, which
// would hide the write window from the kills). Each test prints what it
// measured on a "[measured]" line.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <thread>

#include "backends/plan_json.h"
#include "compiler/driver.h"
#include "compiler/planner.h"
#include "ir/sha256.h"
#include "state/codec.h"
#include "state/coordinator.h"
#include "state/etcd_client.h"
#include "support.h"

namespace nbc::state_suite {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kWon = 0, kStale = 10, kLocked = 11, kOther = 12;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

EtcdServer* etcd_server = nullptr;

class StateSuite : public ::testing::TestWithParam<std::string> {
 protected:
  static void TearDownTestSuite() {
    delete etcd_server;  // stops etcd by its PID
    etcd_server = nullptr;
  }

  void SetUp() override {
    project_ = MakeTempDir("state-suite");
    if (GetParam() == "etcd") {
      if (!etcd_server) {
        etcd_server = new EtcdServer;
        std::string error;
        ASSERT_TRUE(etcd_server->Start(NBC_ETCD, error)) << error;
      }
      ASSERT_TRUE(etcd_server->running());
      endpoints_ = {etcd_server->endpoint()};
      prefix_ = "/nbc-suite/" + project_.filename().string();  // one key space per test
    }
    WriteProject(0, 0);
  }

  void TearDown() override { fs::remove_all(project_); }

  std::string StateYaml() const {
    if (GetParam() == "local") return "state: { backend: local, path: " + local_path_ + ", timeout_ms: 10000 }\n";
    std::string list;
    for (const std::string& e : endpoints_) list += (list.empty() ? "" : ", ") + e;
    // 1 s: a lock lease of 2 s, short enough for the lease tests, long
    // enough for a loaded machine.
    return "state: { backend: etcd, endpoints: [" + list + "], prefix: " + prefix_ + ", timeout_ms: 1000 }\n";
  }

  // Three nodes in two zones; `round` changes a parameter (an update),
  // `release` the version (a replacement).
  void WriteProject(int round, int release) {
    WriteFile(project_ / "nbc.yaml",
              "project: suite\ngrades: { small: { cpu: 1, memory_gib: 1 } }\n"
              "providers: { aws: { flavors: { t3.micro: { cpu: 2, memory_gib: 1, hourly_usd: 0.01 } } } }\n"
              "packager: { bucket: suite-releases, name: suite }\n" + StateYaml());
    WriteFile(project_ / "services/hello.yaml", "requires: { role: web }\n");
    WriteFile(project_ / "node_types/web.yaml", "roles: [web]\ngrade: small\nimage: ami-1\ncount: 3\n");
    WriteFile(project_ / "environments/dev.yaml",
              "provider: aws\nregion: r\nzones: { z1: {}, z2: {} }\nservices: [hello]\n"
              "node_types: { web: {} }\nversion: \"v" + std::to_string(release) + "\"\n"
              "params: { app: { round: " + std::to_string(round) + " } }\n");
  }

  state::StoreConfig Config() const {
    return {.backend = GetParam(), .path = (project_ / local_path_).string(), .endpoints = endpoints_,
            .prefix = prefix_, .ns = "suite", .timeout_ms = GetParam() == "local" ? 10000 : 1000};
  }

  RunResult Nbc(std::vector<std::string> args) const {
    args.insert(args.begin(), {NBC_BINARY, "-C", project_.string()});
    return state_suite::Run(args);
  }

  // `nbc plan dev --state --format json`: the plan's bytes, also in plan.json.
  std::string Plan(const std::string& name = "plan.json") const {
    RunResult r = Nbc({"plan", "dev", "--state", "--format", "json", "-o", (project_ / name).string()});
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2) << r.err;
    return ReadFile(project_ / name);
  }

  // The same plan, computed in this process: an nbc process spends most of
  // its short life starting up, which 450 rounds would pay for.
  std::string QuickPlan() const {
    ir::SourceFiles files;
    ir::Diagnostics diags;
    std::optional<ir::Model> model = compiler::LoadModel(project_, files, diags);
    std::optional<ir::Plan> plan;
    if (model) plan = compiler::BuildPlan(*model, {"dev"}, diags);
    EXPECT_TRUE(plan) << diags.Render(files, ir::ErrorFormat::kText);
    if (!plan) return "";
    bool changed = false;
    auto store = state::OpenStore(Config());
    state::Status s = state::CompareAndAnnotate(*store, backends::PlanToJson(*plan), *plan, changed);
    EXPECT_TRUE(s) << s.message;
    return backends::PlanToJson(*plan);
  }

  // What a reader sees: the record (sealed bytes, "" if none) and the trail.
  struct Seen {
    state::Status status;
    std::string bytes;
    int64_t serial = 0;
    std::vector<state::TrailEntry> trail;
  };
  Seen Look() const {
    Seen seen;
    auto store = state::OpenStore(Config());
    std::optional<state::Record> record;
    seen.status = store->Read("dev", record);
    if (seen.status) seen.status = store->ReadTrail("dev", seen.trail);
    if (seen.status) seen.status = state::VerifyTrail("dev", record, seen.trail);
    if (record) seen.bytes = state::EncodeState(*record, nullptr), seen.serial = record->serial;
    return seen;
  }

  // `record` in a forked child, which first waits until the pipe `barrier`
  // (if given) is closed by the parent, so that racers start together.
  pid_t ForkRecord(const std::string& plan, const std::string& actor, const int* barrier = nullptr) const {
    state::StoreConfig config = Config();
    pid_t pid = fork();
    if (pid != 0) return pid;
    char byte;
    if (barrier) {
      close(barrier[1]);  // else this child's own copy keeps the pipe open
      while (read(barrier[0], &byte, 1) > 0) {}
    }
    auto store = state::OpenStore(config);
    state::WriteOutcome out;
    state::Status s = state::RecordPlan(*store, "dev", plan,
                                        {.name = actor, .command = "record", .time = state::UtcNow()}, out);
    if (s) _exit(kWon);
    if (s.message.starts_with("stale plan")) _exit(kStale);
    if (s.message.find("busy") != std::string::npos || s.message.find("locked") != std::string::npos)
      _exit(kLocked);
    WriteFile(project_ / ("error-" + actor), s.message);
    _exit(kOther);
  }

  int Wait(pid_t pid) const {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }

  // etcd: waits until no lock key is left (a killed holder's lease expires).
  double WaitUntilUnlocked() const {
    auto start = Clock::now();
    auto store = state::OpenStore(Config());
    for (;;) {
      std::optional<state::LockInfo> lock;
      EXPECT_TRUE(store->ReadLock("dev", lock));
      if (!lock || Clock::now() - start > std::chrono::seconds(20)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return Seconds(Clock::now() - start);
  }

  size_t TempFiles() const {
    size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(project_ / local_path_, ec))
      n += e.path().filename().string().find(".tmp-") != std::string::npos;
    return n;
  }

  fs::path project_;
  std::string local_path_ = ".nbc/state";
  std::vector<std::string> endpoints_;
  std::string prefix_ = "/nbc";
};

TEST_P(StateSuite, EightRacersPerSerialExactlyOneWins) {
  constexpr int kRounds = 200, kRacers = 8;
  std::vector<std::string> winners;
  int stale = 0, locked = 0;
  auto start = Clock::now();
  Clock::duration plan_time{};
  for (int round = 1; round <= kRounds; ++round) {
    WriteProject(round, round / 20);  // an update each round, a replacement every 20th
    auto planning = Clock::now();
    std::string plan = QuickPlan();
    if (round % 25 == 0) {
      ASSERT_EQ(Plan(), plan) << "nbc plan --state differs, round " << round;
    }
    plan_time += Clock::now() - planning;
    int barrier[2];
    ASSERT_EQ(pipe(barrier), 0);
    std::vector<pid_t> racers;
    for (int k = 0; k < kRacers; ++k) racers.push_back(ForkRecord(plan, "racer-" + std::to_string(k), barrier));
    close(barrier[0]);
    close(barrier[1]);  // all start now
    int wins = 0;
    for (int k = 0; k < kRacers; ++k) {
      int code = Wait(racers[k]);
      if (code == kWon) ++wins, winners.push_back("racer-" + std::to_string(k));
      else if (code == kStale) ++stale;
      else if (code == kLocked) ++locked;
      else ADD_FAILURE() << "round " << round << ": racer " << k << " exited " << code << ": "
                         << ReadFile(project_ / ("error-racer-" + std::to_string(k)));
    }
    ASSERT_EQ(wins, 1) << "round " << round;
  }
  double elapsed = Seconds(Clock::now() - start);
  Seen seen = Look();
  ASSERT_TRUE(seen.status) << seen.status.message;
  EXPECT_EQ(seen.serial, kRounds);
  ASSERT_EQ(seen.trail.size(), static_cast<size_t>(kRounds));
  for (int i = 0; i < kRounds; ++i) {
    EXPECT_EQ(seen.trail[i].serial, i + 1);  // no gaps
    EXPECT_EQ(seen.trail[i].actor, winners[i]) << "serial " << i + 1;
  }
  RunResult verify = Nbc({"state", "verify", "dev"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  std::cout << "[measured] " << GetParam() << " race: " << kRounds << " rounds x " << kRacers
            << " writers: " << kRounds << " winners (1 per round), " << stale << " refused as stale, "
            << locked << " refused as locked, serials 1.." << seen.serial << " without gaps; "
            << elapsed << " s (" << Seconds(plan_time) << " s of it planning)\n";
}

TEST_P(StateSuite, KilledWriterLeavesTheLastCompletedRecord) {
  constexpr int kKills = 50;
  // Calibration: how long an uncontended record takes in a child.
  std::vector<double> durations;
  for (int i = 1; i <= 5; ++i) {
    WriteProject(i, 0);
    std::string plan = QuickPlan();
    auto t = Clock::now();
    ASSERT_EQ(Wait(ForkRecord(plan, "calibration")), kWon);
    durations.push_back(Seconds(Clock::now() - t));
  }
  std::sort(durations.begin(), durations.end());
  double typical = durations[2];
  unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> moment(0, 1.5 * typical);
  int before_commit = 0, after_commit = 0, temp_left = 0;
  double lease_wait_max = 0, lease_wait_total = 0;
  int lease_waits = 0;
  for (int i = 1; i <= kKills; ++i) {
    WriteProject(100 + i, i / 10);
    std::string plan = QuickPlan();
    Seen before = Look();
    ASSERT_TRUE(before.status) << before.status.message;
    pid_t pid = ForkRecord(plan, "victim-" + std::to_string(i));
    std::this_thread::sleep_for(std::chrono::duration<double>(moment(random)));
    kill(pid, SIGKILL);
    Wait(pid);
    Seen after = Look();  // always readable, and the trail verifies
    ASSERT_TRUE(after.status) << "kill " << i << " (seed " << seed << "): " << after.status.message;
    if (after.serial == before.serial) {
      EXPECT_EQ(after.bytes, before.bytes) << "kill " << i;
      ++before_commit;
    } else {
      ASSERT_EQ(after.serial, before.serial + 1) << "kill " << i;
      EXPECT_EQ(after.trail.back().plan_digest, ir::Sha256Hex(plan)) << "kill " << i;
      ++after_commit;
    }
    if (GetParam() == "local") temp_left += TempFiles() > 0;
    if (GetParam() == "etcd") {
      double waited = WaitUntilUnlocked();
      if (waited > 0.05) ++lease_waits, lease_wait_total += waited;
      lease_wait_max = std::max(lease_wait_max, waited);
      ASSERT_LT(waited, 20) << "a killed writer's lock did not expire";
    }
  }
  // The next writer succeeds, and cleans what killed ones left behind.
  WriteProject(1000, 9);
  ASSERT_EQ(Wait(ForkRecord(Plan(), "survivor")), kWon);
  if (GetParam() == "local") {
    EXPECT_EQ(TempFiles(), 0u);
  }
  EXPECT_EQ(Nbc({"state", "verify", "dev"}).exit_code, 0);
  std::cout << "[measured] " << GetParam() << " crash: " << kKills << " SIGKILLs at uniform moments in 0.."
            << 1.5 * typical * 1000 << " ms (a record takes " << typical * 1000 << " ms; seed " << seed
            << "): " << before_commit << " before the commit (state unchanged), " << after_commit
            << " after it (state = the completed record); every read decoded and verified";
  if (GetParam() == "local") std::cout << "; " << temp_left << " left a temp file, all removed by the next writer";
  if (GetParam() == "etcd")
    std::cout << "; " << lease_waits << " died holding the lock, freed by lease expiry after "
              << (lease_waits ? lease_wait_total / lease_waits : 0) << " s on average (max "
              << lease_wait_max << " s)";
  std::cout << "\n";
}

TEST_P(StateSuite, AnExpiredLockFreesTheState) {
  std::string plan = Plan();
  auto start = Clock::now();
  RunResult lock = Nbc({"state", "lock", "dev", "--reason", "maintenance window", "--ttl", "1", "--actor", "dana"});
  ASSERT_EQ(lock.exit_code, 0) << lock.err;
  std::string id = lock.out.substr(0, lock.out.find('\n'));
  RunResult refused = Nbc({"state", "record", "dev", (project_ / "plan.json").string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("locked by dana since"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("maintenance window"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(id), std::string::npos) << refused.err;
  int attempts = 1;
  RunResult r;
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    r = Nbc({"state", "record", "dev", (project_ / "plan.json").string()});
    ++attempts;
  } while (r.exit_code != 0 && Clock::now() - start < std::chrono::seconds(15));
  double freed = Seconds(Clock::now() - start);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LT(freed, 5.0);
  // Holding the lock, its holder may write with --lock-id; others may not.
  std::string plan2 = (WriteProject(2, 0), Plan());
  RunResult held = Nbc({"state", "lock", "dev", "--reason", "deploy", "--ttl", "60"});
  ASSERT_EQ(held.exit_code, 0) << held.err;
  std::string held_id = held.out.substr(0, held.out.find('\n'));
  EXPECT_EQ(Nbc({"state", "record", "dev", (project_ / "plan.json").string()}).exit_code, 1);
  EXPECT_EQ(Nbc({"state", "record", "dev", (project_ / "plan.json").string(), "--lock-id", held_id}).exit_code, 0);
  EXPECT_EQ(Nbc({"state", "unlock", "dev", "0000000000000000"}).exit_code, 1);
  EXPECT_EQ(Nbc({"state", "unlock", "dev", held_id}).exit_code, 0);
  std::cout << "[measured] " << GetParam() << " lock: --ttl 1 lock refused a record, then freed after "
            << freed << " s (" << attempts << " attempts, 100 ms apart)\n";
}

TEST_P(StateSuite, AStalePlanIsRefused) {
  ASSERT_EQ(Wait(ForkRecord(Plan(), "first")), kWon);  // serial 1
  WriteProject(1, 0);
  Plan("a.json");
  WriteProject(2, 1);
  Plan("b.json");
  ASSERT_EQ(Nbc({"state", "record", "dev", (project_ / "b.json").string()}).exit_code, 0);
  Seen before = Look();
  RunResult stale = Nbc({"state", "record", "dev", (project_ / "a.json").string()});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_NE(stale.err.find("stale plan: planned against serial 1, state is at 2"), std::string::npos) << stale.err;
  Seen after = Look();
  EXPECT_EQ(after.bytes, before.bytes);
  EXPECT_EQ(after.trail.size(), before.trail.size());
}

TEST_P(StateSuite, AnUnreachableBackendWritesNothing) {
  std::string plan = Plan();
  std::string expected;
  if (GetParam() == "etcd") {
    std::string dead = "http://127.0.0.1:" + std::to_string(FreePort());
    endpoints_ = {dead};
    expected = "cannot reach etcd at " + dead + ": connection refused";
  } else {
    WriteFile(project_ / "blocker", "a file where the state directory would go\n");
    local_path_ = "blocker/state";
    expected = "blocker/state";  // cannot read or create it: a file is in the way
  }
  WriteProject(0, 0);
  RunResult r = Nbc({"state", "record", "dev", (project_ / "plan.json").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  EXPECT_EQ(Nbc({"plan", "dev", "--state"}).exit_code, 1);
  if (GetParam() == "etcd") {
    // Nothing under the prefix; with the live endpoint second, the dead one
    // is tried first and the write succeeds.
    std::vector<state::EtcdKv> kvs;
    state::EtcdClient live({etcd_server->endpoint()}, 2000);
    ASSERT_TRUE(live.GetPrefix(prefix_ + "/", kvs));
    EXPECT_TRUE(kvs.empty());
    endpoints_.push_back(etcd_server->endpoint());
    WriteProject(0, 0);
    RunResult ok = Nbc({"state", "record", "dev", (project_ / "plan.json").string()});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
  } else {
    EXPECT_EQ(ReadFile(project_ / "blocker"), "a file where the state directory would go\n");
  }
}

// A damaged record (in the file, or under the etcd key) is refused by every
// command that reads it, with the damage named, and nothing is written.
TEST_P(StateSuite, ADamagedRecordIsRefusedByEveryCommandAndNothingIsWritten) {
  Plan();
  ASSERT_EQ(Nbc({"state", "record", "dev", (project_ / "plan.json").string()}).exit_code, 0);
  WriteProject(1, 0);
  Plan("next.json");
  std::unique_ptr<state::EtcdClient> etcd;
  std::string key;
  if (GetParam() == "etcd") {
    etcd = std::make_unique<state::EtcdClient>(endpoints_, 2000);
    std::vector<state::EtcdKv> kvs;
    ASSERT_TRUE(etcd->GetPrefix(prefix_ + "/", kvs));
    for (const auto& kv : kvs)
      if (kv.key.ends_with("/dev/record")) key = kv.key;
    ASSERT_FALSE(key.empty());
  }
  auto read_raw = [&] {
    if (!etcd) return ReadFile(project_ / local_path_ / "dev.state");
    std::optional<state::EtcdKv> kv;
    EXPECT_TRUE(etcd->Get(key, kv));
    return kv ? kv->value : std::string("(none)");
  };
  auto write_raw = [&](const std::string& bytes) {
    if (!etcd) return WriteFile(project_ / local_path_ / "dev.state", bytes);
    state::EtcdTxnResult r;
    ASSERT_TRUE(etcd->Txn({}, {{.kind = state::EtcdOp::Kind::kPut, .key = key, .value = bytes}}, {}, r));
  };
  const std::string good = read_raw();
  std::string future = good, flipped = good;
  future.replace(future.find("format_version=1"), 16, "format_version=9");
  flipped[flipped.size() - 10] ^= 1;
  const std::pair<std::string, std::string> damages[] = {
      {good.substr(0, good.size() / 2), "is truncated"},
      {std::string(good.size(), '\0'), "is zero-filled"},
      {flipped, "checksum mismatch"},
      {future, "has format_version 9; this nbc reads format_version 1"},
  };
  const std::string next = (project_ / "next.json").string();
  const std::vector<std::vector<std::string>> commands = {
      {"state", "record", "dev", next}, {"state", "promote", "dev"}, {"state", "retire", "dev"},
      {"state", "show", "dev"},          {"state", "verify", "dev"}, {"plan", "dev", "--state"}};
  for (const auto& [bytes, message] : damages) {
    write_raw(bytes);
    for (const auto& command : commands) {
      RunResult r = Nbc(command);
      EXPECT_EQ(r.exit_code, 1) << message << ": " << command[1];
      EXPECT_NE(r.err.find(message), std::string::npos) << command[1] << ": " << r.err;
    }
    RunResult history = Nbc({"state", "history", "dev"});  // may not read the record at all
    EXPECT_TRUE(history.exit_code == 0 || history.exit_code == 1) << history.err;
    EXPECT_EQ(read_raw(), bytes) << message << ": something was written";
    if (GetParam() == "local") {
      EXPECT_EQ(TempFiles(), 0u) << message;
    }
  }
  write_raw(good);
  EXPECT_EQ(Nbc({"state", "record", "dev", next}).exit_code, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StateSuite, ::testing::Values("local", "etcd"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace nbc::state_suite

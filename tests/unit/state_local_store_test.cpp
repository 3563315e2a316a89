// SPDX-License-Identifier: Apache-2.0
// The local backend (state/local_store, state/file_lock) and the operations
// on it: stale plans, damaged files refused without a write, leftovers of
// killed writers, the OS lock that survives closing another descriptor,
// people's locks, and a trail that detects edits.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "backends/plan_json.h"
#include "state/codec.h"
#include "state/coordinator.h"
#include "state/file_lock.h"
#include "state/local_store.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

namespace fs = std::filesystem;

class LocalStateTest : public ::testing::Test {
 protected:
  LocalStateTest() : dir_(std::map<std::string, std::string>{}), store_((dir_.dir() / "state").string(), 2000) {}

  // dev's plan against the current record, with `workers` as a parameter.
  std::string Plan(int workers) {
    auto c = Compile(With(MinimalProject(), {{"services/hello.yaml", "requires: { role: web }\nparams: { nginx: { workers: " +
                                                                         std::to_string(workers) + " } }\n"}}));
    EXPECT_TRUE(c->plan) << c->Diagnostics();
    bool changed = false;
    EXPECT_TRUE(state::CompareAndAnnotate(store_, backends::PlanToJson(*c->plan), *c->plan, changed));
    return backends::PlanToJson(*c->plan);
  }

  state::Status Record(const std::string& plan, const std::string& lock_id = "") {
    state::WriteOutcome out;
    return state::RecordPlan(store_, "dev", plan,
                             {.name = "tester", .command = "record", .time = "2026-01-01T00:00:00Z", .lock_id = lock_id},
                             out);
  }

  fs::path StateFile() const { return store_.StatePath("dev"); }

  // Decodes the state file, lets `edit` change it, and writes it back sealed
  // as nbc would: only the hash chain can tell.
  template <typename Edit>
  void Tamper(Edit edit) {
    state::Record record;
    std::vector<state::TrailEntry> trail;
    ASSERT_TRUE(state::DecodeState(Slurp(StateFile()), "f", record, &trail));
    edit(record, trail);
    std::ofstream(StateFile(), std::ios::binary | std::ios::trunc) << state::EncodeState(record, &trail);
  }

  state::Status Verify() {
    std::optional<state::Record> record;
    std::vector<state::TrailEntry> trail;
    if (state::Status s = store_.Read("dev", record); !s) return s;
    if (state::Status s = store_.ReadTrail("dev", trail); !s) return s;
    return state::VerifyTrail("dev", record, trail);
  }

  TempProject dir_;
  state::LocalStore store_;
};

TEST_F(LocalStateTest, RecordsAndRefusesAStalePlan) {
  std::string first = Plan(1), second = Plan(2);  // both against serial 0
  ASSERT_TRUE(Record(first));
  state::Status stale = Record(second);
  EXPECT_EQ(stale.message, "stale plan: planned against serial 0, state is at 1");
  EXPECT_EQ(stale.hint, "plan again with `nbc plan dev --state` and review it");
  ASSERT_TRUE(Record(Plan(2)));
  std::optional<state::Record> record;
  ASSERT_TRUE(store_.Read("dev", record));
  EXPECT_EQ(record->serial, 2);
  EXPECT_TRUE(Verify());
}

TEST_F(LocalStateTest, DamagedStateIsRefusedAndNothingIsWritten) {
  ASSERT_TRUE(Record(Plan(1)));
  std::string plan = Plan(2);
  std::string good = Slurp(StateFile());
  std::string future = good;
  future.replace(future.find("format_version=1"), 16, "format_version=9");
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 1;
  const std::pair<std::string, std::string> damages[] = {
      {good.substr(0, good.size() / 2), "is truncated"},
      {std::string(good.size(), '\0'), "is zero-filled"},
      {flipped, "checksum mismatch"},
      {future, "has format_version 9; this nbc reads format_version 1"},
  };
  for (const auto& [bytes, message] : damages) {
    std::ofstream(StateFile(), std::ios::binary | std::ios::trunc) << bytes;
    state::Status s = Record(plan);
    EXPECT_NE(s.message.find(message), std::string::npos) << s.message;
    EXPECT_EQ(Slurp(StateFile()), bytes) << message;
  }
  // Larger than 64 MiB (sparse): refused before it is read.
  ASSERT_EQ(truncate(StateFile().c_str(), (65 << 20)), 0);
  state::Status s = Record(plan);
  EXPECT_NE(s.message.find("is larger than 64 MiB (68157440 bytes)"), std::string::npos) << s.message;
  EXPECT_EQ(fs::file_size(StateFile()), 65u << 20);
  for (const auto& e : fs::directory_iterator(StateFile().parent_path()))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
}

TEST_F(LocalStateTest, LeftoverTempFilesOfKilledWritersAreRemoved) {
  ASSERT_TRUE(Record(Plan(1)));
  fs::path leftover = StateFile().parent_path() / ".dev.state.tmp-0123456789abcdef";
  std::ofstream(leftover) << "half a state";
  fs::path other = StateFile().parent_path() / ".prod.state.tmp-0123456789abcdef";
  std::ofstream(other) << "another environment's writer may be alive";
  ASSERT_TRUE(Record(Plan(2)));
  EXPECT_FALSE(fs::exists(leftover));
  EXPECT_TRUE(fs::exists(other));
}

// Whether a child process can take a lock on `path` right now.
bool ChildCanLock(const std::string& path, bool classic_posix) {
  pid_t pid = fork();
  if (pid == 0) {
    if (classic_posix) {
      int fd = open(path.c_str(), O_RDWR);
      struct flock fl {};
      fl.l_type = F_WRLCK;
      _exit(fcntl(fd, F_SETLK, &fl) == 0 ? 0 : 1);
    }
    state::FileLock lock;
    _exit(lock.Acquire(path, 0) ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST_F(LocalStateTest, TheLockSurvivesClosingAnotherDescriptorOfItsFile) {
  std::string path = (dir_.dir() / "dev.flock").string();
  state::FileLock lock;
  ASSERT_TRUE(lock.Acquire(path, 0));
  EXPECT_FALSE(ChildCanLock(path, false));
  close(open(path.c_str(), O_RDONLY));  // what any reader of the file does
  EXPECT_FALSE(ChildCanLock(path, false)) << "closing another descriptor dropped the lock";
  state::FileLock second;  // another description, even in this process, waits
  EXPECT_FALSE(second.Acquire(path, 50));
  lock.Release();
  EXPECT_TRUE(ChildCanLock(path, false));
}

TEST_F(LocalStateTest, ClassicPosixLocksWouldHaveBeenDropped) {
  // The pitfall the test above guards against, shown with F_SETLK itself.
  std::string path = (dir_.dir() / "classic.lock").string();
  int fd = open(path.c_str(), O_RDWR | O_CREAT, 0644);
  struct flock fl {};
  fl.l_type = F_WRLCK;
  ASSERT_EQ(fcntl(fd, F_SETLK, &fl), 0);
  EXPECT_FALSE(ChildCanLock(path, true));
  close(open(path.c_str(), O_RDONLY));
  EXPECT_TRUE(ChildCanLock(path, true)) << "classic locks are dropped on any close";
  close(fd);
}

TEST_F(LocalStateTest, APersonsLockStopsOthersUntilReleasedOrExpired) {
  state::LockInfo lock{.actor = "alice", .reason = "db migration", .ttl_s = 3600};
  ASSERT_TRUE(store_.Lock("dev", lock));
  EXPECT_EQ(lock.id.size(), 16u);
  state::LockInfo again{.actor = "bob", .reason = "deploy", .ttl_s = 60};
  state::Status held = store_.Lock("dev", again);
  EXPECT_TRUE(held.message.starts_with("the state of dev is locked by alice since ")) << held.message;
  EXPECT_NE(held.message.find(": db migration (lock id " + lock.id), std::string::npos) << held.message;
  std::string plan = Plan(1);
  EXPECT_EQ(Record(plan).message, held.message);
  EXPECT_TRUE(Record(plan, lock.id));
  EXPECT_TRUE(store_.Unlock("dev", "ffffffffffffffff").message.starts_with("lock id ffffffffffffffff does not match"));
  EXPECT_TRUE(store_.Unlock("dev", lock.id));
  EXPECT_EQ(store_.Unlock("dev", lock.id).message, "the state of dev is not locked");
  // An expired lock is no lock.
  lock.expires = "2000-01-01T00:00:00Z";
  std::ofstream(store_.LockPath("dev")) << state::EncodeLock(lock);
  std::optional<state::LockInfo> now;
  ASSERT_TRUE(store_.ReadLock("dev", now));
  EXPECT_FALSE(now.has_value());
  EXPECT_TRUE(Record(Plan(2)));
}

TEST_F(LocalStateTest, PromoteAndRetireAreChainedIntoTheTrail) {
  ASSERT_TRUE(Record(Plan(1)));
  state::WriteOutcome out;
  state::Actor actor{.name = "ops", .command = "promote", .time = "t"};
  ASSERT_TRUE(state::PromoteNodes(store_, "dev", {}, actor, out));
  EXPECT_EQ(out.summary, "1 promoted");
  ASSERT_TRUE(state::PromoteNodes(store_, "dev", {}, actor, out));
  EXPECT_FALSE(out.written);  // nothing pending: nothing written
  EXPECT_EQ(state::PromoteNodes(store_, "dev", {"dev/web/z9/1"}, actor, out).message,
            "node dev/web/z9/1 has no pending generation in dev");
  ASSERT_TRUE(state::RetireNodes(store_, "dev", actor, out));
  EXPECT_FALSE(out.written);
  std::vector<state::TrailEntry> trail;
  ASSERT_TRUE(store_.ReadTrail("dev", trail));
  ASSERT_EQ(trail.size(), 2u);
  EXPECT_EQ(trail[1].command, "promote");
  EXPECT_EQ(trail[1].prev, trail[0].digest);
  EXPECT_TRUE(Verify());
}

TEST_F(LocalStateTest, VerifyDetectsEditsOfTheTrailAndTheRecord) {
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(Record(Plan(i)));
  ASSERT_TRUE(Verify());
  std::string good = Slurp(StateFile());
  Tamper([](state::Record&, std::vector<state::TrailEntry>& t) { t[1].actor = "mallory"; });
  EXPECT_EQ(Verify().message, "the audit trail of dev does not verify: entry 2 was modified");
  std::ofstream(StateFile(), std::ios::binary | std::ios::trunc) << good;
  Tamper([](state::Record&, std::vector<state::TrailEntry>& t) {
    t[1].actor = "mallory";
    t[1].digest = state::EntryDigest(t[1]);  // recomputed, but entry 3 still names the old one
  });
  EXPECT_EQ(Verify().message, "the audit trail of dev does not verify: entry 3 does not chain onto entry 2");
  std::ofstream(StateFile(), std::ios::binary | std::ios::trunc) << good;
  Tamper([](state::Record&, std::vector<state::TrailEntry>& t) { t.erase(t.begin()); });
  EXPECT_EQ(Verify().message, "the audit trail of dev does not verify: entry 1 has serial 2 (a gap or a reordering)");
  std::ofstream(StateFile(), std::ios::binary | std::ios::trunc) << good;
  Tamper([](state::Record& r, std::vector<state::TrailEntry>&) { r.nodes[0].generation = 5; });
  EXPECT_EQ(Verify().message, "the audit trail of dev does not verify: the record differs from the one entry 3 wrote");
  std::ofstream(StateFile(), std::ios::binary | std::ios::trunc) << good;
  Tamper([](state::Record&, std::vector<state::TrailEntry>& t) { t.pop_back(); });
  EXPECT_EQ(Verify().message,
            "the audit trail of dev does not verify: the record is at serial 3 but the trail ends at serial 2");
}

}  // namespace
}  // namespace nbc::testing

// SPDX-License-Identifier: Apache-2.0
// The local state store against hostile files (docs/state.md, "Backend
// local"; docs/hostile-input.md): what state_local_store_test.cpp does not
// cover. A 1 GiB state file, a FIFO, a directory or a device in place of the
// state or lock file, a damaged lock file and a validly sealed body nested a
// million levels deep each give a clear error, never a hang, a crash or a
// write; temporary files of killed lock writers are removed by the next
// writer and never by a reader; and the OS lock survives the store's own
// reads while a write holds it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "backends/plan_json.h"
#include "state/codec.h"
#include "state/coordinator.h"
#include "state/file_lock.h"
#include "state/local_store.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

namespace fs = std::filesystem;

// The names of the files in `dir`, sorted, with their sizes: a listing
// that changes if anything is written, renamed or left behind.
std::string Listing(const fs::path& dir) {
  std::vector<std::string> lines;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::error_code ec;
    auto size = fs::is_regular_file(e.symlink_status()) ? fs::file_size(e.path(), ec) : 0;
    lines.push_back(e.path().filename().string() + " " + std::to_string(size));
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

long MaxRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Runs `body` in a child process that must finish within `seconds`; returns
// what it wrote to its pipe, or "HUNG" / "CRASHED" (the child is killed).
template <typename Body>
std::string InChild(Body body, int seconds = 10) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return "PIPE";
  pid_t pid = fork();
  if (pid == 0) {
    close(pipe_fds[0]);
    std::string text = body();
    ssize_t ignored = write(pipe_fds[1], text.data(), text.size());
    (void)ignored;
    _exit(0);
  }
  close(pipe_fds[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      close(pipe_fds[0]);
      return "HUNG";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
  close(pipe_fds[0]);
  if (!WIFEXITED(status)) return "CRASHED";
  return text;
}

class HostileStateTest : public ::testing::Test {
 protected:
  HostileStateTest()
      : dir_(std::map<std::string, std::string>{}), state_dir_(dir_.dir() / "state"),
        store_(state_dir_.string(), 2000) {}

  // dev's plan against the current record.
  std::string Plan(int workers) {
    auto c = Compile(With(MinimalProject(), {{"services/hello.yaml", "requires: { role: web }\nparams: { nginx: { workers: " +
                                                                         std::to_string(workers) + " } }\n"}}));
    EXPECT_TRUE(c->plan) << c->Diagnostics();
    bool changed = false;
    EXPECT_TRUE(state::CompareAndAnnotate(store_, backends::PlanToJson(*c->plan), *c->plan, changed));
    return backends::PlanToJson(*c->plan);
  }

  state::Status Record(const std::string& plan) {
    state::WriteOutcome out;
    return state::RecordPlan(store_, "dev", plan,
                             {.name = "tester", .command = "record", .time = "2026-01-01T00:00:00Z"}, out);
  }

  TempProject dir_;
  fs::path state_dir_;
  state::LocalStore store_;
};

TEST_F(HostileStateTest, AOneGigabyteStateIsRefusedBeforeItIsRead) {
  ASSERT_TRUE(Record(Plan(1)));
  std::string plan = Plan(2);
  ASSERT_EQ(truncate(store_.StatePath("dev").c_str(), off_t{1} << 30), 0);  // sparse
  std::string before = Listing(state_dir_);
  long rss = MaxRssKib();
  state::Status s = Record(plan);
  EXPECT_EQ(s.message, "state file " + store_.StatePath("dev") +
                           " is larger than 64 MiB (1073741824 bytes); nbc refuses to read it");
  EXPECT_FALSE(s.hint.empty());
  EXPECT_LT(MaxRssKib() - rss, 64 * 1024) << "the file was read into memory";
  std::optional<state::Record> record;
  EXPECT_FALSE(store_.Read("dev", record));
  EXPECT_EQ(Listing(state_dir_), before);
}

TEST_F(HostileStateTest, NoRegularFileInPlaceOfTheStateHangsOrIsRead) {
  std::string plan = Plan(1);
  fs::create_directories(state_dir_);
  std::ofstream(store_.FlockPath("dev")).close();  // what any earlier writer leaves
  const std::string path = store_.StatePath("dev");
  struct Case {
    const char* what;
    std::function<void()> make;
    const char* kind;
  };
  const Case cases[] = {
      {"a FIFO without a writer", [&] { ASSERT_EQ(mkfifo(path.c_str(), 0644), 0); }, "a FIFO"},
      {"a directory", [&] { fs::create_directory(path); }, "a directory"},
      {"a link to /dev/zero", [&] { fs::create_symlink("/dev/zero", path); }, "a character device"},
      {"a link to /dev/urandom", [&] { fs::create_symlink("/dev/urandom", path); }, "a character device"},
  };
  for (const Case& c : cases) {
    fs::remove_all(path);
    c.make();
    std::string before = Listing(state_dir_);
    std::string got = InChild([&] {
      std::optional<state::Record> record;
      std::string read = store_.Read("dev", record).message;
      return read + "\n" + Record(plan).message;
    });
    std::string want = "cannot read " + path + ": it is " + c.kind + ", not a file nbc wrote";
    EXPECT_EQ(got, want + "\n" + want) << c.what;
    EXPECT_EQ(Listing(state_dir_), before) << c.what;
  }
}

TEST_F(HostileStateTest, ADamagedLockFileStopsWritesWithAClearError) {
  ASSERT_TRUE(Record(Plan(1)));
  std::string plan = Plan(2);
  std::string good = Slurp(store_.StatePath("dev"));
  const std::string lock = store_.LockPath("dev");
  const std::pair<std::string, std::string> damages[] = {
      {"{\"id\": \"0123", "lock file " + lock},
      {std::string(512, '\0'), "lock file " + lock},
      {"not json at all", "lock file " + lock},
      {"[]", "lock file " + lock},
  };
  for (const auto& [bytes, message] : damages) {
    std::ofstream(lock, std::ios::binary | std::ios::trunc) << bytes;
    state::Status s = Record(plan);
    EXPECT_FALSE(s) << "accepted a lock file holding " << bytes;
    EXPECT_NE(s.message.find(message), std::string::npos) << s.message;
    EXPECT_EQ(Slurp(store_.StatePath("dev")), good);
    EXPECT_EQ(Slurp(lock), bytes);
  }
  ASSERT_EQ(truncate(lock.c_str(), off_t{1} << 30), 0);
  state::Status s = Record(plan);
  EXPECT_NE(s.message.find("is larger than 64 MiB (1073741824 bytes)"), std::string::npos) << s.message;
  EXPECT_EQ(Slurp(store_.StatePath("dev")), good);
  // Gone, the state is writable again.
  fs::remove(lock);
  EXPECT_TRUE(Record(plan));
}

TEST_F(HostileStateTest, ASealedBodyNestedAMillionDeepIsAnErrorNotACrash) {
  std::string body(1'000'000, '[');
  body += std::string(1'000'000, ']');
  std::string plan = Plan(1);  // against no state, before the file exists
  fs::create_directories(state_dir_);
  std::ofstream(store_.StatePath("dev"), std::ios::binary) << state::Seal(body);
  std::string got = InChild([&] { return Record(plan).message; });
  EXPECT_NE(got, "CRASHED");
  EXPECT_NE(got, "HUNG");
  EXPECT_NE(got.find("state file " + store_.StatePath("dev")), std::string::npos) << got;
}

TEST_F(HostileStateTest, KilledLockWritersLeaveTempFilesThatTheNextWriterRemoves) {
  ASSERT_TRUE(Record(Plan(1)));
  const fs::path leftovers[] = {state_dir_ / ".dev.lock.tmp-0123456789abcdef",
                                state_dir_ / ".dev.state.tmp-fedcba9876543210"};
  for (const fs::path& p : leftovers) std::ofstream(p) << "half written";
  const fs::path other = state_dir_ / ".prod.lock.tmp-0123456789abcdef";
  std::ofstream(other) << "another environment's writer may be alive";
  // Readers take no lock, so they must not remove anything.
  std::optional<state::Record> record;
  std::optional<state::LockInfo> held;
  ASSERT_TRUE(store_.Read("dev", record));
  ASSERT_TRUE(store_.ReadLock("dev", held));
  for (const fs::path& p : leftovers) EXPECT_TRUE(fs::exists(p)) << "a reader removed " << p;
  // A person's lock is a write: it cleans up.
  state::LockInfo lock{.actor = "alice", .reason = "maintenance", .ttl_s = 60};
  ASSERT_TRUE(store_.Lock("dev", lock));
  for (const fs::path& p : leftovers) EXPECT_FALSE(fs::exists(p)) << p;
  EXPECT_TRUE(fs::exists(other));
}

// Whether a child process can take the OS lock on `path` right now.
bool ChildCanLock(const std::string& path) {
  pid_t pid = fork();
  if (pid == 0) {
    state::FileLock lock;
    _exit(lock.Acquire(path, 0) ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST_F(HostileStateTest, TheLockHoldsThroughTheWritersOwnReadsAndCloses) {
  ASSERT_TRUE(Record(Plan(1)));
  const std::string flock = store_.FlockPath("dev");
  bool others_locked_out = false, still_after_close = false;
  state::Status s = store_.Update("dev", {.name = "tester", .command = "record", .time = "t"},
                                  [&](const std::optional<state::Record>& current, state::Record& next,
                                      state::TrailEntry& entry) {
                                    others_locked_out = !ChildCanLock(flock);
                                    // Everything a writer might do to the file: open and close it,
                                    // read the state and the lock, all with other descriptors.
                                    close(open(flock.c_str(), O_RDONLY));
                                    close(open(flock.c_str(), O_RDWR));
                                    std::optional<state::Record> again;
                                    store_.Read("dev", again);
                                    std::optional<state::LockInfo> held;
                                    store_.ReadLock("dev", held);
                                    still_after_close = !ChildCanLock(flock);
                                    next = *current;
                                    next.serial = current->serial + 1;
                                    entry.command = "retire";
                                    return state::Status::Ok();
                                  });
  EXPECT_TRUE(s) << s.message;
  EXPECT_TRUE(others_locked_out);
  EXPECT_TRUE(still_after_close) << "closing another descriptor of the lock file dropped the lock";
  EXPECT_TRUE(ChildCanLock(flock)) << "the lock outlived the write";
}

}  // namespace
}  // namespace nbc::testing

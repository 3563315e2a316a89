// SPDX-License-Identifier: Apache-2.0
// The local backend. A writer holds ENV.flock for the whole read-modify-
// write; ENV.state is only ever replaced by rename(2) of a complete, fsynced
// temporary file, then the directory is fsynced: a crash at any point leaves
// the previous file or the new one, never a mix. Readers take no lock.
#include "state/local_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "state/codec.h"

namespace nbc::state {
namespace {

namespace fs = std::filesystem;

const char* FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

Status ReadFile(const std::string& path, std::string& bytes, bool& missing) {
  missing = false;
  // Non-blocking: a FIFO put in place of the file must not hang nbc; it is
  // refused below, as is anything else that is not a regular file.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return missing = true, Status::Ok();
    return Status::Error(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size < 0) {
    ::close(fd);
    return Status::Error(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Error(
        fmt::format("cannot read {}: it is {}, not a file nbc wrote", path, FileKind(st.st_mode)),
        "move it away (nothing was written); the state is a regular file");
  }
  // Checked before reading: a huge file is refused without filling memory.
  if (static_cast<uint64_t>(st.st_size) > kMaxStateBytes) {
    ::close(fd);
    return Status::Error(fmt::format("state file {} is larger than 64 MiB ({} bytes); nbc refuses "
                                     "to read it", path, st.st_size),
                         "this is not a state nbc wrote; check the path and restore a backup");
  }
  bytes.assign(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(done);  // a shorter read shows up as a truncated body
  return Status::Ok();
}

bool WriteAll(int fd, const std::string& bytes) {
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  bool ok = fd >= 0 && ::fsync(fd) == 0;
  int error = errno;
  if (fd >= 0) ::close(fd);
  if (!ok) return Status::Error(fmt::format("cannot fsync {}: {}", dir, std::strerror(error)));
  return Status::Ok();
}

}  // namespace

Status LocalStore::WriteAtomically(const std::string& name, const std::string& bytes) {
  std::string target = dir_ + "/" + name;
  std::string temp = dir_ + "/." + name + ".tmp-" + NewLockId();
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Error(fmt::format("cannot create {}: {}", temp, std::strerror(errno)));
  bool ok = WriteAll(fd, bytes) && ::fsync(fd) == 0;
  int error = errno;
  ok = ::close(fd) == 0 && ok;
  if (ok && ::rename(temp.c_str(), target.c_str()) != 0) ok = false, error = errno;
  if (!ok) {
    ::unlink(temp.c_str());
    return Status::Error(fmt::format("cannot write {}: {}", target, std::strerror(error)),
                         "nothing was changed: the previous state is intact");
  }
  return SyncDirectory(dir_);
}

Status LocalStore::Exclusive(const std::string& env, FileLock& lock) {
  std::error_code ec;
  bool created = fs::create_directories(dir_, ec);
  if (ec)
    return Status::Error(fmt::format("cannot create the state directory {}: {}", dir_, ec.message()),
                         "check state.path in nbc.yaml; nothing was written");
  // A new directory's own entry must survive a crash too.
  if (created) {
    fs::path dir = fs::path(dir_).lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path();  // "a/state/"
    SyncDirectory(dir.has_parent_path() ? dir.parent_path().string() : ".");
  }
  if (Status s = lock.Acquire(FlockPath(env), timeout_ms_); !s)
    return Status::Error("the state of " + env + " is busy: " + s.message, s.hint);
  const std::string prefixes[] = {"." + env + ".state.tmp-", "." + env + ".lock.tmp-"};
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::string name = entry.path().filename().string();
    for (const std::string& prefix : prefixes)
      if (name.starts_with(prefix)) fs::remove(entry.path(), ec);
  }
  return Status::Ok();
}

Status LocalStore::ReadState(const std::string& env, std::optional<Record>& record,
                             std::vector<TrailEntry>* trail) {
  std::string bytes;
  bool missing = false;
  record.reset();
  if (trail) trail->clear();
  if (Status s = ReadFile(StatePath(env), bytes, missing); !s || missing) return s;
  record.emplace();
  Status s = DecodeState(bytes, "state file " + StatePath(env), *record, trail);
  if (s && record->environment != env)
    s = Status::Error(fmt::format("state file {} holds environment '{}'", StatePath(env),
                                  record->environment), "was it copied or renamed by hand?");
  if (!s) record.reset();
  return s;
}

Status LocalStore::Read(const std::string& env, std::optional<Record>& record) {
  return ReadState(env, record, nullptr);
}

Status LocalStore::ReadTrail(const std::string& env, std::vector<TrailEntry>& trail) {
  std::optional<Record> record;
  return ReadState(env, record, &trail);
}

Status LocalStore::Update(const std::string& env, const Actor& actor, const Mutation& mutate) {
  FileLock os_lock;
  if (Status s = Exclusive(env, os_lock); !s) return s;
  std::optional<LockInfo> held;
  if (Status s = ReadLock(env, held); !s) return s;
  if (held && held->id != actor.lock_id) return HeldBy(env, *held);
  if (!held && !actor.lock_id.empty())
    return Status::Error(fmt::format("lock {} is not held: {} is not locked", actor.lock_id, env),
                         "it was released or it expired; drop --lock-id or lock again");
  std::optional<Record> current;
  std::vector<TrailEntry> trail;
  if (Status s = ReadState(env, current, &trail); !s) return s;
  Record next;
  TrailEntry entry;
  if (Status s = mutate(current, next, entry); !s) return s;
  if (next.serial == (current ? current->serial : 0)) return Status::Ok();
  trail.push_back(entry);
  std::string bytes = EncodeState(next, &trail);
  if (bytes.size() > kMaxStateBytes)
    return Status::Error(fmt::format("the state of {} would exceed 64 MiB; nothing was written", env),
                         "archive the trail (copy the file) and start a new state directory");
  return WriteAtomically(env + ".state", bytes);
}

Status LocalStore::Lock(const std::string& env, LockInfo& lock) {
  FileLock os_lock;
  if (Status s = Exclusive(env, os_lock); !s) return s;
  std::optional<LockInfo> held;
  if (Status s = ReadLock(env, held); !s) return s;
  if (held) return HeldBy(env, *held);
  lock.id = NewLockId();
  lock.since = UtcNow();
  lock.expires = UtcAfter(lock.ttl_s);
  lock.lease = 0;
  lock.operation = false;
  return WriteAtomically(env + ".lock", EncodeLock(lock));
}

Status LocalStore::Unlock(const std::string& env, const std::string& lock_id) {
  FileLock os_lock;
  if (Status s = Exclusive(env, os_lock); !s) return s;
  std::optional<LockInfo> held;
  if (Status s = ReadLock(env, held); !s) return s;
  if (!held) return Status::Error("the state of " + env + " is not locked", "nothing to unlock");
  if (held->id != lock_id) {
    Status s = HeldBy(env, *held);
    return Status::Error("lock id " + lock_id + " does not match: " + s.message,
                         "unlock with the id `nbc state lock` printed");
  }
  if (::unlink(LockPath(env).c_str()) != 0)
    return Status::Error(fmt::format("cannot remove {}: {}", LockPath(env), std::strerror(errno)));
  return SyncDirectory(dir_);
}

Status LocalStore::ReadLock(const std::string& env, std::optional<LockInfo>& lock) {
  std::string bytes;
  bool missing = false;
  lock.reset();
  if (Status s = ReadFile(LockPath(env), bytes, missing); !s || missing) return s;
  LockInfo info;
  if (Status s = DecodeLock(bytes, "lock file " + LockPath(env), info); !s) return s;
  // Same format on both sides, so text order is time order.
  if (info.expires > UtcNow()) lock = info;
  return Status::Ok();
}

}  // namespace nbc::state

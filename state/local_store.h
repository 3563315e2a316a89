// SPDX-License-Identifier: Apache-2.0
// The local backend: per environment one sealed file ENV.state (the record
// and the whole trail, replaced atomically), the person's lock in ENV.lock,
// and ENV.flock, the OS-locked file that serialises writers.
#pragma once

#include <string>

#include "state/file_lock.h"
#include "state/store.h"

namespace nbc::state {

class LocalStore : public Store {
 public:
  LocalStore(std::string dir, int timeout_ms) : dir_(std::move(dir)), timeout_ms_(timeout_ms) {}

  std::string Describe() const override { return "local " + dir_; }
  Status Read(const std::string& env, std::optional<Record>& record) override;
  Status ReadTrail(const std::string& env, std::vector<TrailEntry>& trail) override;
  Status Update(const std::string& env, const Actor& actor, const Mutation& mutate) override;
  Status Lock(const std::string& env, LockInfo& lock) override;
  Status Unlock(const std::string& env, const std::string& lock_id) override;
  Status ReadLock(const std::string& env, std::optional<LockInfo>& lock) override;

  std::string StatePath(const std::string& env) const { return dir_ + "/" + env + ".state"; }
  std::string LockPath(const std::string& env) const { return dir_ + "/" + env + ".lock"; }
  std::string FlockPath(const std::string& env) const { return dir_ + "/" + env + ".flock"; }

 private:
  // Creates the directory, takes ENV.flock and removes temporary files a
  // killed writer left behind: while the lock is held, no writer is alive.
  Status Exclusive(const std::string& env, FileLock& lock);
  Status ReadState(const std::string& env, std::optional<Record>& record,
                   std::vector<TrailEntry>* trail);
  // Temp file, fsync, rename over `name`, fsync of the directory.
  Status WriteAtomically(const std::string& name, const std::string& bytes);

  std::string dir_;
  int timeout_ms_;
};

}  // namespace nbc::state

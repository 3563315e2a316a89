// SPDX-License-Identifier: Apache-2.0
// Where the state lives: the interface both backends implement (local files,
// etcd) and the factory that opens the configured one. Stores keep bytes and
// enforce exclusion; what a record means is state/changes' business.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "state/record.h"
#include "state/status.h"

namespace nbc::state {

// nbc.yaml `state:`, with the local path already resolved against the
// project directory and `ns` (the project name) separating projects that
// share one etcd.
struct StoreConfig {
  std::string backend = "local";  // local | etcd
  std::string path = ".nbc/state";
  std::vector<std::string> endpoints;
  std::string prefix = "/nbc";
  std::string ns;
  int timeout_ms = 5000;
};

class Store {
 public:
  virtual ~Store() = default;

  // "local .nbc/state" or "etcd http://127.0.0.1:2379": for messages.
  virtual std::string Describe() const = 0;

  // The current record, read without locking; nullopt if nothing was recorded.
  virtual Status Read(const std::string& env, std::optional<Record>& record) = 0;

  // The whole trail, oldest first.
  virtual Status ReadTrail(const std::string& env, std::vector<TrailEntry>& trail) = 0;

  // A read-modify-write under the environment's lock. `mutate` sees the
  // current record and fills the next record and its trail entry; returning
  // an error aborts, and leaving next.serial equal to the current serial
  // writes nothing. Record and entry are committed together, only if nothing
  // changed since the read. `actor.lock_id` acts under a held lock.
  using Mutation = std::function<Status(const std::optional<Record>& current, Record& next,
                                        TrailEntry& entry)>;
  virtual Status Update(const std::string& env, const Actor& actor, const Mutation& mutate) = 0;

  // Takes the lock for a person: in: actor, reason, ttl_s; out: id, since,
  // expires. Fails, naming the holder, if it is held.
  virtual Status Lock(const std::string& env, LockInfo& lock) = 0;

  // Releases the lock `lock_id`; fails if another lock (or none) is held.
  virtual Status Unlock(const std::string& env, const std::string& lock_id) = 0;

  // The lock held now, if any (expired ones are not).
  virtual Status ReadLock(const std::string& env, std::optional<LockInfo>& lock) = 0;
};

// Opens the configured backend. Nothing is contacted or created yet.
std::unique_ptr<Store> OpenStore(const StoreConfig& config);

// Shared by the stores: a fresh random lock id (16 hex digits), UTC times,
// and the message for a lock held by someone else.
std::string NewLockId();
std::string UtcNow();
std::string UtcAfter(int64_t seconds);  // now + seconds
Status HeldBy(const std::string& env, const LockInfo& lock);

}  // namespace nbc::state

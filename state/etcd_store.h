// SPDX-License-Identifier: Apache-2.0
// The etcd backend, for teams: per environment the keys PREFIX/PROJECT/ENV/
// record (the sealed record), .../trail/SERIAL (one entry each, zero-padded so
// key order is serial order) and .../lock (bound to a lease, so a crashed
// holder's lock expires). Writes are transactions that compare the record's
// mod_revision and the lock's create_revision: two writers never both win.
#pragma once

#include <string>

#include "state/etcd_client.h"
#include "state/store.h"

namespace nbc::state {

class EtcdStore : public Store {
 public:
  explicit EtcdStore(const StoreConfig& config);

  std::string Describe() const override { return "etcd " + client_.Describe(); }
  Status Read(const std::string& env, std::optional<Record>& record) override;
  Status ReadTrail(const std::string& env, std::vector<TrailEntry>& trail) override;
  Status Update(const std::string& env, const Actor& actor, const Mutation& mutate) override;
  Status Lock(const std::string& env, LockInfo& lock) override;
  Status Unlock(const std::string& env, const std::string& lock_id) override;
  Status ReadLock(const std::string& env, std::optional<LockInfo>& lock) override;

  std::string Key(const std::string& env, const std::string& suffix) const;
  int64_t operation_ttl_s() const { return operation_ttl_s_; }

 private:
  // The lock a write runs under: taken for this command (own, with a lease),
  // or the person's lock named by --lock-id.
  struct Held {
    int64_t create_revision = 0;
    int64_t lease = 0;
    bool own = false;
  };
  Status Acquire(const std::string& env, const Actor& actor, Held& held);
  void Release(const Held& held);
  Status ReadRecord(const std::string& env, std::optional<Record>& record, int64_t& mod_revision);

  EtcdClient client_;
  std::string prefix_;  // PREFIX/PROJECT, no trailing slash
  int timeout_ms_;
  int64_t operation_ttl_s_;
};

}  // namespace nbc::state

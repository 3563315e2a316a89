// SPDX-License-Identifier: Apache-2.0
// The etcd backend. A command that writes first takes the environment's
// lock key (create_revision == 0, bound to a short lease), reads the record,
// refreshes the lease, then commits record and trail entry in one txn that
// also checks the record did not move and the lock is still its own.
#include "state/etcd_store.h"

#include <fmt/format.h>

#include <chrono>
#include <random>
#include <thread>

#include "state/codec.h"

namespace nbc::state {
namespace {

using Clock = std::chrono::steady_clock;

EtcdCompare CreateRevision(const std::string& key, int64_t revision) {
  return {.key = key, .target = EtcdCompare::Target::kCreate, .revision = revision};
}

EtcdCompare ModRevision(const std::string& key, int64_t revision) {
  return {.key = key, .target = EtcdCompare::Target::kMod, .revision = revision};
}

}  // namespace

EtcdStore::EtcdStore(const StoreConfig& config)
    : client_(config.endpoints, config.timeout_ms),
      timeout_ms_(config.timeout_ms),
      // The lease must outlive one command's few requests, each bounded by
      // the timeout; the command refreshes it right before it commits.
      operation_ttl_s_(std::max<int64_t>(1, (2 * int64_t{config.timeout_ms} + 999) / 1000)) {
  prefix_ = config.prefix;
  while (prefix_.ends_with('/')) prefix_.pop_back();
  if (!config.ns.empty()) prefix_ += "/" + config.ns;
}

std::string EtcdStore::Key(const std::string& env, const std::string& suffix) const {
  return prefix_ + "/" + env + "/" + suffix;
}

Status EtcdStore::ReadRecord(const std::string& env, std::optional<Record>& record,
                             int64_t& mod_revision) {
  std::optional<EtcdKv> kv;
  record.reset();
  mod_revision = 0;
  if (Status s = client_.Get(Key(env, "record"), kv); !s || !kv) return s;
  mod_revision = kv->mod_revision;
  record.emplace();
  Status s = DecodeState(kv->value, "etcd key " + kv->key, *record, nullptr);
  if (s && record->environment != env)
    s = Status::Error(fmt::format("etcd key {} holds environment '{}'", kv->key, record->environment));
  if (!s) record.reset();
  return s;
}

Status EtcdStore::Read(const std::string& env, std::optional<Record>& record) {
  int64_t mod_revision = 0;
  return ReadRecord(env, record, mod_revision);
}

Status EtcdStore::ReadTrail(const std::string& env, std::vector<TrailEntry>& trail) {
  std::vector<EtcdKv> kvs;
  trail.clear();
  if (Status s = client_.GetPrefix(Key(env, "trail/"), kvs); !s) return s;
  for (const EtcdKv& kv : kvs) {
    trail.emplace_back();
    if (Status s = DecodeEntry(kv.value, "etcd key " + kv.key, trail.back()); !s) return s;
  }
  return Status::Ok();
}

Status EtcdStore::Acquire(const std::string& env, const Actor& actor, Held& held) {
  held = {};
  std::string key = Key(env, "lock");
  if (!actor.lock_id.empty()) {
    std::optional<LockInfo> lock;
    std::optional<EtcdKv> kv;
    if (Status s = client_.Get(key, kv); !s) return s;
    if (kv) lock.emplace();
    if (kv && !DecodeLock(kv->value, "etcd key " + key, *lock)) lock.reset();
    if (!lock)
      return Status::Error(fmt::format("lock {} is not held: {} is not locked", actor.lock_id, env),
                           "it was released or it expired; drop --lock-id or lock again");
    if (lock->id != actor.lock_id) return HeldBy(env, *lock);
    held.create_revision = kv->create_revision;
    return Status::Ok();
  }
  // A crashed holder's lease expires within its TTL, and etcd looks for
  // expired leases twice a second: wait that long for it, and a bit more.
  auto deadline = Clock::now() + std::chrono::seconds(operation_ttl_s_) +
                  std::chrono::milliseconds(timeout_ms_ + 1000);
  std::minstd_rand jitter(static_cast<unsigned>(Clock::now().time_since_epoch().count()));
  auto fail = [&](Status s) {
    if (held.lease) client_.LeaseRevoke(held.lease);
    return s;
  };
  std::string mine;
  for (int round = 0;; ++round) {
    // Waiters poll with reads; a lease grant and a txn are raft writes.
    std::optional<EtcdKv> kv;
    if (Status s = client_.Get(key, kv); !s) return fail(s);
    LockInfo holder;
    bool known = kv && DecodeLock(kv->value, "etcd key " + key, holder);
    if (known && !holder.operation) return fail(HeldBy(env, holder));
    if (!kv) {
      if (!held.lease) {
        int64_t granted = 0;
        if (Status s = client_.LeaseGrant(operation_ttl_s_, held.lease, granted); !s) return s;
        mine = EncodeLock({.id = NewLockId(), .actor = actor.name, .since = UtcNow(),
                           .reason = "`nbc state " + actor.command + "`", .expires = UtcAfter(granted),
                           .ttl_s = granted, .lease = held.lease, .operation = true});
      }
      EtcdTxnResult r;
      if (Status s = client_.Txn({CreateRevision(key, 0)},
                                 {{.kind = EtcdOp::Kind::kPut, .key = key, .value = mine, .lease = held.lease}},
                                 {}, r);
          !s)
        return fail(s);
      if (r.succeeded) {
        held.create_revision = r.revision;
        held.own = true;
        return Status::Ok();
      }
    }
    if (Clock::now() > deadline)
      return fail(known ? HeldBy(env, holder) : Status::Error("the state of " + env + " is busy", "try again"));
    // Another command holds it for milliseconds: back off, with jitter so
    // that waiters do not retry in step.
    int pause_ms = std::min(20, 1 << std::min(round, 4));
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms + jitter() % 3));
  }
}

void EtcdStore::Release(const Held& held) {
  // Revoking the lease deletes the lock key bound to it.
  if (held.own) client_.LeaseRevoke(held.lease);
}

Status EtcdStore::Update(const std::string& env, const Actor& actor, const Mutation& mutate) {
  Held held;
  if (Status s = Acquire(env, actor, held); !s) return s;
  Status result = [&]() -> Status {
    std::optional<Record> current;
    int64_t mod_revision = 0;
    if (Status s = ReadRecord(env, current, mod_revision); !s) return s;
    Record next;
    TrailEntry entry;
    if (Status s = mutate(current, next, entry); !s) return s;
    if (next.serial == (current ? current->serial : 0)) return Status::Ok();
    if (held.own) {
      int64_t ttl = 0;
      if (Status s = client_.LeaseKeepAlive(held.lease, ttl); !s) return s;
      if (ttl <= 0)
        return Status::Error("the lock of " + env + " expired before the write; nothing was written",
                             "etcd answered too slowly; raise state.timeout_ms");
    }
    EtcdTxnResult r;
    std::string trail_key = Key(env, fmt::format("trail/{:012d}", next.serial));
    if (Status s = client_.Txn(
            {ModRevision(Key(env, "record"), mod_revision),
             CreateRevision(Key(env, "lock"), held.create_revision)},
            {{.kind = EtcdOp::Kind::kPut, .key = Key(env, "record"), .value = EncodeState(next, nullptr)},
             {.kind = EtcdOp::Kind::kPut, .key = trail_key, .value = EncodeEntry(entry)}},
            {}, r);
        !s)
      return s;
    if (r.succeeded) return Status::Ok();
    // A request retried on another endpoint may have landed the first time.
    std::optional<Record> now;
    if (ReadRecord(env, now, mod_revision) && now && now->trail_head == entry.digest) return Status::Ok();
    int64_t serial = now ? now->serial : 0;
    if (serial == (current ? current->serial : 0))
      return Status::Error("the lock of " + env + " was lost before the write; nothing was written",
                           "it expired or was unlocked by id meanwhile; run the command again");
    return Status::Error(fmt::format("the state of {} changed while this command wrote it (serial "
                                     "is now {}); nothing was written", env, serial),
                         "plan again and record the new plan");
  }();
  Release(held);
  return result;
}

Status EtcdStore::Lock(const std::string& env, LockInfo& lock) {
  std::string key = Key(env, "lock");
  int64_t granted = 0;
  if (Status s = client_.LeaseGrant(lock.ttl_s, lock.lease, granted); !s) return s;
  lock.id = NewLockId();
  lock.since = UtcNow();
  lock.expires = UtcAfter(granted);
  lock.ttl_s = granted;
  lock.operation = false;
  EtcdTxnResult r;
  Status s = client_.Txn({CreateRevision(key, 0)},
                         {{.kind = EtcdOp::Kind::kPut, .key = key, .value = EncodeLock(lock), .lease = lock.lease}},
                         {{.kind = EtcdOp::Kind::kRange, .key = key}}, r);
  if (s && r.succeeded) return Status::Ok();
  client_.LeaseRevoke(lock.lease);
  LockInfo holder;
  if (s && !r.ranges.empty() && !r.ranges[0].empty() &&
      DecodeLock(r.ranges[0][0].value, "etcd key " + key, holder))
    return HeldBy(env, holder);
  return s ? Status::Error("the state of " + env + " is busy", "try again") : s;
}

Status EtcdStore::Unlock(const std::string& env, const std::string& lock_id) {
  std::string key = Key(env, "lock");
  std::optional<EtcdKv> kv;
  if (Status s = client_.Get(key, kv); !s) return s;
  LockInfo held;
  if (!kv) return Status::Error("the state of " + env + " is not locked", "nothing to unlock");
  if (Status s = DecodeLock(kv->value, "etcd key " + key, held); !s) return s;
  if (held.id != lock_id) {
    Status s = HeldBy(env, held);
    return Status::Error("lock id " + lock_id + " does not match: " + s.message,
                         "unlock with the id `nbc state lock` printed");
  }
  EtcdTxnResult r;
  if (Status s = client_.Txn({CreateRevision(key, kv->create_revision)},
                             {{.kind = EtcdOp::Kind::kDelete, .key = key}}, {}, r);
      !s)
    return s;
  if (!r.succeeded) return Status::Error("the lock of " + env + " changed meanwhile", "look again");
  return client_.LeaseRevoke(held.lease);
}

Status EtcdStore::ReadLock(const std::string& env, std::optional<LockInfo>& lock) {
  std::optional<EtcdKv> kv;
  lock.reset();
  if (Status s = client_.Get(Key(env, "lock"), kv); !s || !kv) return s;
  lock.emplace();
  Status s = DecodeLock(kv->value, "etcd key " + kv->key, *lock);
  if (!s) lock.reset();
  return s;
}

}  // namespace nbc::state

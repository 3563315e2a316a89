// SPDX-License-Identifier: Apache-2.0
// The coordinator's data: per environment the current record (serial, every
// node generation with the digests of its attributes) and the audit trail.
// Plain data; state/codec turns it into bytes, the stores keep the bytes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbc::state {

inline constexpr int kStateFormatVersion = 1;

// The lifecycle of a generation: `record` creates pending ones, `promote`
// makes them active (and the active one they replace old), `retire` drops
// old ones. A deleted node's generations become old at `record`.
enum class NodeStatus { kPending, kActive, kOld };

std::string_view StatusName(NodeStatus status);
std::optional<NodeStatus> ParseStatus(std::string_view name);

// One generation of one node address.
struct NodeGeneration {
  std::string address;  // ENV/NODE_TYPE/ZONE/INDEX
  int generation = 1;
  NodeStatus status = NodeStatus::kPending;
  // The attributes whose change replaces the node (flavor, image, zone, kind,
  // release_*), kept so a plan can say what changed; digest: of exactly these.
  std::map<std::string, std::string> immutable;
  std::string immutable_digest;
  std::string mutable_digest;  // of the parameters and the run list: changed = update in place
};

// The current record of one environment.
struct Record {
  std::string environment;
  int64_t serial = 0;                 // 0 = nothing recorded yet
  std::string trail_head;             // digest of the newest trail entry ("" at serial 0)
  std::vector<NodeGeneration> nodes;  // sorted by address, then generation
};

// One entry of the append-only audit trail: one per serial.
struct TrailEntry {
  int64_t serial = 0;
  std::string actor;          // $USER or --actor
  std::string time;           // UTC, 2026-01-31T12:00:00Z
  std::string command;        // record | promote | retire
  std::string plan_digest;    // SHA-256 of the recorded plan.json bytes ("" unless record)
  std::string summary;        // "1 create, 0 update, 2 replace, 0 delete"
  std::string record_digest;  // digest of the record written with this entry
  std::string prev;           // digest of the previous entry ("" for the first)
  std::string digest;         // of all the fields above: the hash chain
};

// The lock of an environment: taken by `nbc state lock` (a person, with a
// reason) or, on etcd, for the duration of one command (`operation`).
struct LockInfo {
  std::string id;
  std::string actor;
  std::string since;    // UTC
  std::string reason;
  std::string expires;  // UTC; the lock is free after this
  int64_t ttl_s = 0;
  int64_t lease = 0;    // etcd lease the lock key is bound to (0 for local)
  bool operation = false;
};

// Who acts and when: every write records it.
struct Actor {
  std::string name;
  std::string command;  // record | promote | retire: named by a lock held while it runs
  std::string time;     // UTC now, or fixed in tests
  std::string lock_id;  // act under this held `nbc state lock` ("" = take the lock)
};

}  // namespace nbc::state

// SPDX-License-Identifier: Apache-2.0
// Bytes of the state: a versioned, checksummed envelope around a JSON body
// (the record, and for the local backend the whole trail), trail entries and
// locks as JSON, and the digests that chain the trail.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "state/record.h"
#include "state/status.h"

namespace nbc::state {

// A state file or record value larger than this is refused, read or written.
inline constexpr size_t kMaxStateBytes = 64u << 20;

// "nbc-state format_version=1 bytes=N sha256=HEX\n" followed by the body.
std::string Seal(std::string_view body);

// The body of sealed `bytes`. `what` names the source in errors ("state file
// .nbc/state/dev.state"): empty, zero-filled, truncated, oversized, future
// format, checksum mismatch are each reported as such.
Status Unseal(std::string_view bytes, std::string_view what, std::string& body);

// The sealed state document: the record and, if `trail` is given, the trail.
std::string EncodeState(const Record& record, const std::vector<TrailEntry>* trail);
Status DecodeState(std::string_view bytes, std::string_view what, Record& record,
                   std::vector<TrailEntry>* trail);

std::string EncodeEntry(const TrailEntry& entry);
Status DecodeEntry(std::string_view json, std::string_view what, TrailEntry& entry);

std::string EncodeLock(const LockInfo& lock);
Status DecodeLock(std::string_view json, std::string_view what, LockInfo& lock);

// SHA-256 of the record's content (environment, serial, nodes); trail_head
// is left out since it names the entry that carries this digest.
std::string RecordDigest(const Record& record);

// SHA-256 of every field of the entry but `digest`, `prev` included: the chain.
std::string EntryDigest(const TrailEntry& entry);

}  // namespace nbc::state

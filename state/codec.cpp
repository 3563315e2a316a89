// SPDX-License-Identifier: Apache-2.0
// The state's bytes. The envelope's header says the format version, the
// body's length and its SHA-256, so a reader tells a torn, zeroed or edited
// file from a good one before it trusts a single field.
#include "state/codec.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "ir/sha256.h"

namespace nbc::state {
namespace {

using nlohmann::json;

constexpr std::string_view kMagic = "nbc-state ";

// Invalid UTF-8 (say, from $USER) becomes U+FFFD instead of an exception.
std::string Dump(const json& j, int indent = -1) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

json NodeToJson(const NodeGeneration& n) {
  return {{"address", n.address},
          {"generation", n.generation},
          {"status", StatusName(n.status)},
          {"immutable", n.immutable},
          {"immutable_digest", n.immutable_digest},
          {"mutable_digest", n.mutable_digest}};
}

json RecordContent(const Record& r) {
  json nodes = json::array();
  for (const NodeGeneration& n : r.nodes) nodes.push_back(NodeToJson(n));
  return {{"environment", r.environment}, {"serial", r.serial}, {"nodes", nodes}};
}

json EntryToJson(const TrailEntry& e) {
  return {{"serial", e.serial},          {"actor", e.actor},
          {"time", e.time},              {"command", e.command},
          {"plan_digest", e.plan_digest}, {"summary", e.summary},
          {"record_digest", e.record_digest}, {"prev", e.prev}};
}

// Reads `j` into the fields; throws json::exception on a wrong shape, which
// the callers turn into a Status.
NodeGeneration NodeFromJson(const json& j) {
  NodeGeneration n;
  n.address = j.at("address").get<std::string>();
  n.generation = j.at("generation").get<int>();
  auto status = ParseStatus(j.at("status").get<std::string>());
  if (!status || n.generation < 1) throw std::invalid_argument("bad node " + n.address);
  n.status = *status;
  n.immutable = j.at("immutable").get<std::map<std::string, std::string>>();
  n.immutable_digest = j.at("immutable_digest").get<std::string>();
  n.mutable_digest = j.at("mutable_digest").get<std::string>();
  return n;
}

TrailEntry EntryFromJson(const json& j) {
  TrailEntry e;
  e.serial = j.at("serial").get<int64_t>();
  e.actor = j.at("actor").get<std::string>();
  e.time = j.at("time").get<std::string>();
  e.command = j.at("command").get<std::string>();
  e.plan_digest = j.at("plan_digest").get<std::string>();
  e.summary = j.at("summary").get<std::string>();
  e.record_digest = j.at("record_digest").get<std::string>();
  e.prev = j.at("prev").get<std::string>();
  e.digest = j.at("digest").get<std::string>();
  return e;
}

Status Corrupt(std::string_view what, std::string_view detail) {
  return Status::Error(fmt::format("{} is corrupt: {}", what, detail),
                       "nbc writes nothing while the state is unreadable; restore the file "
                       "from a backup (the audit trail says what it held)");
}

// Parses "format_version=1 bytes=N sha256=HEX" after the magic.
bool ParseHeader(std::string_view header, int64_t& version, size_t& bytes, std::string& sha) {
  auto number = [](std::string_view text, auto& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
  };
  constexpr std::string_view kVersion = "format_version=", kBytes = " bytes=", kSha = " sha256=";
  size_t b = header.find(kBytes), s = header.find(kSha);
  if (!header.starts_with(kVersion) || b == std::string_view::npos || s == std::string_view::npos ||
      s < b)
    return false;
  sha = header.substr(s + kSha.size());
  return number(header.substr(kVersion.size(), b - kVersion.size()), version) &&
         number(header.substr(b + kBytes.size(), s - b - kBytes.size()), bytes) && sha.size() == 64;
}

}  // namespace

std::string Seal(std::string_view body) {
  return fmt::format("{}format_version={} bytes={} sha256={}\n", kMagic, kStateFormatVersion,
                     body.size(), ir::Sha256Hex(body)) +
         std::string(body);
}

Status Unseal(std::string_view bytes, std::string_view what, std::string& body) {
  if (bytes.size() > kMaxStateBytes)
    return Status::Error(fmt::format("{} is larger than 64 MiB ({} bytes); nbc refuses to read it",
                                     what, bytes.size()),
                         "this is not a state nbc wrote; check the path and restore a backup");
  if (bytes.empty()) return Corrupt(what, "it is empty (0 bytes)");
  if (bytes.find_first_not_of('\0') == std::string_view::npos)
    return Corrupt(what, fmt::format("it is zero-filled ({} bytes of NUL)", bytes.size()));
  size_t eol = bytes.find('\n');
  if (!bytes.starts_with(kMagic) || eol == std::string_view::npos)
    return Corrupt(what, "it does not start with an 'nbc-state' header");
  int64_t version = 0;
  size_t length = 0;
  std::string sha;
  if (!ParseHeader(bytes.substr(kMagic.size(), eol - kMagic.size()), version, length, sha))
    return Corrupt(what, "its 'nbc-state' header is malformed");
  if (version > kStateFormatVersion)
    return Status::Error(fmt::format("{} has format_version {}; this nbc reads format_version {}",
                                     what, version, kStateFormatVersion),
                         "a newer nbc wrote it: upgrade nbc (nothing was written)");
  if (version < 1) return Corrupt(what, fmt::format("format_version {} does not exist", version));
  std::string_view rest = bytes.substr(eol + 1);
  if (rest.size() < length)
    return Corrupt(what, fmt::format("it is truncated ({} of {} body bytes)", rest.size(), length));
  if (rest.size() > length)
    return Corrupt(what, fmt::format("it has {} bytes after the body", rest.size() - length));
  std::string actual = ir::Sha256Hex(rest);
  if (actual != sha)
    return Corrupt(what, fmt::format("checksum mismatch (the body's sha256 is {}, the header says {})",
                                     actual.substr(0, 12), sha.substr(0, 12)));
  body = std::string(rest);
  return Status::Ok();
}

std::string EncodeState(const Record& record, const std::vector<TrailEntry>* trail) {
  json doc{{"record", RecordContent(record)}};
  doc["record"]["trail_head"] = record.trail_head;
  if (trail) {
    json entries = json::array();
    for (const TrailEntry& e : *trail) {
      entries.push_back(EntryToJson(e));
      entries.back()["digest"] = e.digest;
    }
    doc["trail"] = entries;
  }
  return Seal(Dump(doc) + "\n");
}

Status DecodeState(std::string_view bytes, std::string_view what, Record& record,
                   std::vector<TrailEntry>* trail) {
  std::string body;
  if (Status s = Unseal(bytes, what, body); !s) return s;
  try {
    json doc = json::parse(body);
    const json& r = doc.at("record");
    record.environment = r.at("environment").get<std::string>();
    record.serial = r.at("serial").get<int64_t>();
    record.trail_head = r.at("trail_head").get<std::string>();
    record.nodes.clear();
    for (const json& n : r.at("nodes")) record.nodes.push_back(NodeFromJson(n));
    if (trail) {
      trail->clear();
      if (doc.contains("trail"))
        for (const json& e : doc.at("trail")) trail->push_back(EntryFromJson(e));
    }
  } catch (const std::exception& e) {
    return Corrupt(what, std::string("its body does not hold a record: ") + e.what());
  }
  return Status::Ok();
}

std::string EncodeEntry(const TrailEntry& entry) {
  json j = EntryToJson(entry);
  j["digest"] = entry.digest;
  return Dump(j);
}

Status DecodeEntry(std::string_view text, std::string_view what, TrailEntry& entry) {
  try {
    entry = EntryFromJson(json::parse(text));
  } catch (const std::exception& e) {
    return Corrupt(what, std::string("not a trail entry: ") + e.what());
  }
  return Status::Ok();
}

std::string EncodeLock(const LockInfo& l) {
  return Dump(json{{"id", l.id},           {"actor", l.actor},     {"since", l.since},
              {"reason", l.reason},   {"expires", l.expires}, {"ttl_s", l.ttl_s},
              {"lease", l.lease},     {"operation", l.operation}});
}

Status DecodeLock(std::string_view text, std::string_view what, LockInfo& l) {
  try {
    json j = json::parse(text);
    l.id = j.at("id").get<std::string>();
    l.actor = j.at("actor").get<std::string>();
    l.since = j.at("since").get<std::string>();
    l.reason = j.at("reason").get<std::string>();
    l.expires = j.at("expires").get<std::string>();
    l.ttl_s = j.at("ttl_s").get<int64_t>();
    l.lease = j.at("lease").get<int64_t>();
    l.operation = j.at("operation").get<bool>();
  } catch (const std::exception& e) {
    return Corrupt(what, std::string("not a lock: ") + e.what());
  }
  return Status::Ok();
}

std::string RecordDigest(const Record& record) { return ir::Sha256Hex(Dump(RecordContent(record))); }

std::string EntryDigest(const TrailEntry& entry) { return ir::Sha256Hex(Dump(EntryToJson(entry))); }

std::string_view StatusName(NodeStatus status) {
  switch (status) {
    case NodeStatus::kPending: return "pending";
    case NodeStatus::kActive: return "active";
    case NodeStatus::kOld: return "old";
  }
  return "old";
}

std::optional<NodeStatus> ParseStatus(std::string_view name) {
  if (name == "pending") return NodeStatus::kPending;
  if (name == "active") return NodeStatus::kActive;
  if (name == "old") return NodeStatus::kOld;
  return std::nullopt;
}

}  // namespace nbc::state

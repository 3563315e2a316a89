// SPDX-License-Identifier: Apache-2.0
// The etcd v3 JSON gateway over libcurl. The gateway speaks proto3 JSON:
// 64-bit integers come as strings, bytes as base64, and false / zero fields
// are left out of responses.
#include "state/etcd_client.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>

namespace nbc::state {
namespace {

using nlohmann::json;

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// An int64 field (a string in proto3 JSON); 0 if absent or malformed.
int64_t Int(const json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (!it->is_string()) return 0;
  const std::string& text = it->get_ref<const std::string&>();
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

EtcdKv KvFromJson(const json& j) {
  EtcdKv kv;
  EtcdClient::Base64Decode(j.value("key", ""), kv.key);
  EtcdClient::Base64Decode(j.value("value", ""), kv.value);
  kv.create_revision = Int(j, "create_revision");
  kv.mod_revision = Int(j, "mod_revision");
  kv.lease = Int(j, "lease");
  return kv;
}

json OpToJson(const EtcdOp& op) {
  json key = EtcdClient::Base64Encode(op.key);
  switch (op.kind) {
    case EtcdOp::Kind::kPut: {
      json put{{"key", key}, {"value", EtcdClient::Base64Encode(op.value)}};
      if (op.lease) put["lease"] = std::to_string(op.lease);
      return {{"request_put", put}};
    }
    case EtcdOp::Kind::kDelete: return {{"request_delete_range", {{"key", key}}}};
    case EtcdOp::Kind::kRange: return {{"request_range", {{"key", key}}}};
  }
  return {};
}

// The key just after every key that starts with `prefix`: etcd's range_end.
std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) prefix.pop_back();
  if (prefix.empty()) return std::string(1, '\0');
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

size_t Collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Why a request did not reach etcd, in the user's words.
std::string TransportError(CURL* curl, CURLcode code, int timeout_ms) {
  long os_errno = 0;
  curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
  if (code == CURLE_OPERATION_TIMEDOUT) return fmt::format("no answer within {} ms", timeout_ms);
  if (code == CURLE_COULDNT_CONNECT && os_errno) return Lower(std::strerror(static_cast<int>(os_errno)));
  if (code == CURLE_COULDNT_RESOLVE_HOST) return "cannot resolve the host name";
  return Lower(curl_easy_strerror(code));
}

}  // namespace

EtcdClient::EtcdClient(std::vector<std::string> endpoints, int timeout_ms)
    : timeout_ms_(timeout_ms) {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  for (std::string e : endpoints) {
    while (e.ends_with('/')) e.pop_back();
    if (e.find("://") == std::string::npos) e = "http://" + e;
    endpoints_.push_back(e);
  }
}

EtcdClient::~EtcdClient() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

std::string EtcdClient::Describe() const {
  std::string out;
  for (const std::string& e : endpoints_) out += (out.empty() ? "" : ",") + e;
  return out;
}

Status EtcdClient::Post(const std::string& path, const std::string& body, std::string& response) {
  std::vector<std::string> failures;
  for (size_t attempt = 0; attempt < endpoints_.size(); ++attempt) {
    size_t i = (preferred_ + attempt) % endpoints_.size();
    std::string url = endpoints_[i] + path;
    if (!curl_) curl_ = curl_easy_init();
    CURL* curl = static_cast<CURL*>(curl_);
    if (!curl) return Status::Error("cannot initialise libcurl");
    curl_easy_reset(curl);  // options only; the open connection stays
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    response.clear();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms_));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_ms_));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM: safe with threads
    curl_easy_setopt(curl, CURLOPT_PROXY, "");     // etcd is never reached through a proxy
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    CURLcode code = curl_easy_perform(curl);
    long http = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http);
    std::string transport = code == CURLE_OK ? "" : TransportError(curl, code, timeout_ms_);
    curl_slist_free_all(headers);
    if (code != CURLE_OK || http >= 500) {
      // Unreachable or unhealthy (no leader): the next endpoint may answer.
      failures.push_back(fmt::format("{}: {}", endpoints_[i],
                                     code != CURLE_OK ? transport : fmt::format("HTTP {}", http)));
      continue;
    }
    preferred_ = i;
    if (http == 200) return Status::Ok();
    json error = json::parse(response, nullptr, false);
    std::string message;
    if (error.is_object() && error.contains("message") && error["message"].is_string())
      message = error["message"].get<std::string>();
    bool too_large = message.find("too large") != std::string::npos;
    return Status::Error(
        fmt::format("etcd at {} refused {}: HTTP {}{}", endpoints_[i], path, http,
                    message.empty() ? "" : ": " + message),
        too_large ? "the record outgrew etcd's request limit: raise etcd's --max-request-bytes"
                  : "nbc speaks etcd's v3 JSON gateway (etcd 3.4 or newer); check state.endpoints");
  }
  std::string joined;
  for (const std::string& f : failures) joined += (joined.empty() ? "" : "; ") + f;
  return Status::Error("cannot reach etcd at " + joined,
                       "check state.endpoints in nbc.yaml and that etcd runs; nothing was written");
}

Status EtcdClient::Get(const std::string& key, std::optional<EtcdKv>& kv) {
  kv.reset();
  std::string response;
  if (Status s = Post("/v3/kv/range", json{{"key", Base64Encode(key)}}.dump(), response); !s) return s;
  json r = json::parse(response, nullptr, false);
  if (!r.is_object()) return Status::Error("etcd sent a malformed answer to a range request");
  if (r.contains("kvs") && !r["kvs"].empty()) kv = KvFromJson(r["kvs"][0]);
  return Status::Ok();
}

Status EtcdClient::GetPrefix(const std::string& prefix, std::vector<EtcdKv>& kvs) {
  kvs.clear();
  std::string from = prefix, end = PrefixEnd(prefix);
  for (;;) {
    // Pages of 500 keep each answer far below the gateway's message limit.
    json request{{"key", Base64Encode(from)}, {"range_end", Base64Encode(end)}, {"limit", 500},
                 {"sort_order", "ASCEND"}, {"sort_target", "KEY"}};
    std::string response;
    if (Status s = Post("/v3/kv/range", request.dump(), response); !s) return s;
    json r = json::parse(response, nullptr, false);
    if (!r.is_object()) return Status::Error("etcd sent a malformed answer to a range request");
    if (!r.contains("kvs") || r["kvs"].empty()) return Status::Ok();
    for (const json& j : r["kvs"]) kvs.push_back(KvFromJson(j));
    if (!r.value("more", false)) return Status::Ok();
    from = kvs.back().key + std::string(1, '\0');
  }
}

Status EtcdClient::Txn(const std::vector<EtcdCompare>& compares, const std::vector<EtcdOp>& success,
                       const std::vector<EtcdOp>& failure, EtcdTxnResult& result) {
  json compare = json::array(), on_success = json::array(), on_failure = json::array();
  for (const EtcdCompare& c : compares) {
    bool create = c.target == EtcdCompare::Target::kCreate;
    compare.push_back({{"key", Base64Encode(c.key)},
                       {"target", create ? "CREATE" : "MOD"},
                       {"result", "EQUAL"},
                       {create ? "create_revision" : "mod_revision", std::to_string(c.revision)}});
  }
  for (const EtcdOp& op : success) on_success.push_back(OpToJson(op));
  for (const EtcdOp& op : failure) on_failure.push_back(OpToJson(op));
  json request{{"compare", compare}, {"success", on_success}, {"failure", on_failure}};
  std::string response;
  if (Status s = Post("/v3/kv/txn", request.dump(), response); !s) return s;
  json r = json::parse(response, nullptr, false);
  if (!r.is_object()) return Status::Error("etcd sent a malformed answer to a transaction");
  result = {};
  result.succeeded = r.value("succeeded", false);
  result.revision = r.contains("header") ? Int(r["header"], "revision") : 0;
  for (const json& op : r.value("responses", json::array())) {
    if (!op.contains("response_range")) continue;
    result.ranges.emplace_back();
    for (const json& kv : op["response_range"].value("kvs", json::array()))
      result.ranges.back().push_back(KvFromJson(kv));
  }
  return Status::Ok();
}

Status EtcdClient::LeaseGrant(int64_t ttl_s, int64_t& lease, int64_t& granted_ttl_s) {
  std::string response;
  if (Status s = Post("/v3/lease/grant", json{{"TTL", std::to_string(ttl_s)}}.dump(), response); !s)
    return s;
  json r = json::parse(response, nullptr, false);
  if (!r.is_object() || !r.contains("ID") || !r.value("error", "").empty())
    return Status::Error("etcd did not grant a lease: " + response);
  lease = Int(r, "ID");
  granted_ttl_s = Int(r, "TTL");
  return Status::Ok();
}

Status EtcdClient::LeaseRevoke(int64_t lease) {
  std::string response;
  Status s = Post("/v3/lease/revoke", json{{"ID", std::to_string(lease)}}.dump(), response);
  if (!s && s.message.find("lease not found") != std::string::npos) return Status::Ok();
  return s;
}

Status EtcdClient::LeaseKeepAlive(int64_t lease, int64_t& ttl_s) {
  std::string response;
  if (Status s = Post("/v3/lease/keepalive", json{{"ID", std::to_string(lease)}}.dump(), response); !s)
    return s;
  // A stream of one message: {"result": {"ID": ..., "TTL": ...}}; no TTL = expired.
  json r = json::parse(response.substr(0, response.find('\n')), nullptr, false);
  ttl_s = r.is_object() && r.contains("result") ? Int(r["result"], "TTL") : 0;
  return Status::Ok();
}

std::string EtcdClient::Base64Encode(const std::string& bytes) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63];
  }
  if (size_t rest = bytes.size() - i) {
    uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool EtcdClient::Base64Decode(const std::string& text, std::string& bytes) {
  bytes.clear();
  uint32_t v = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const char* p = std::strchr(kAlphabet, c);
    if (!p || c == '\0') return false;
    v = (v << 6) | static_cast<uint32_t>(p - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((v >> bits) & 0xff);
    }
  }
  return true;
}

}  // namespace nbc::state

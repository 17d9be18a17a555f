// Private to the sync library: the bookkeeping every endpoint client shares
// — reading a bearer token and ending a pass in sync_state (success, or
// failure with the next attempt scheduled). SQL goes through base's
// guardedSql and writeTransaction (base/transaction.hpp).
#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sync/config.hpp"
#include "base/error.hpp"
#include "base/transaction.hpp"
#include "sync/outbox.hpp"
#include "sync/report.hpp"

namespace hocso::sync::detail {

// JSON text that never throws (invalid UTF-8 is replaced, not fatal).
inline std::string dumpJson(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// JSON as it goes on the wire: the same value with every non-ASCII character
// escaped (\uXXXX), so the body is plain ASCII. A server that decodes a
// request body one TCP read at a time (Learning Locker's statement service
// does) stores U+FFFD where a UTF-8 character was split between two reads;
// with ASCII there is nothing to split. Text that is not JSON is left as it is.
inline std::string asciiJson(const std::string& text) {
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return text;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return text;
  return j.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

// A string member of a JSON object, "" when absent or not a string.
inline std::string stringField(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// The first line of a bearer token file, trimmed; a config error naming the
// key when it is missing or empty.
Result<std::string> readBearerToken(const std::string& file, const std::string& key);

// Ends a pass: Drained → success recorded; TryLater / Credentials /
// ConfigProblem → failure recorded with next_attempt (Retry-After when the
// server gave one, else exponential backoff with jitter); Cancelled and
// NotConfigured leave sync_state alone. Fills report.next_attempt and
// report.remaining.
void finishPass(SQLite::Database& db, const std::string& endpoint, const SyncConfig& config, SyncReport& report,
                std::optional<std::chrono::seconds> retry_after);

// A stop in the middle of a pass, from an HTTP answer that is not a success.
void stopOn(const HttpResponse& response, const std::string& server_name, SyncReport& report,
            std::optional<std::chrono::seconds>& retry_after);

}  // namespace hocso::sync::detail

// A resumable download of one file of known size and SHA-256 into a `.part`
// file: what arrived is kept across cuts and runs, and the next request asks
// for the rest with an HTTP Range (206), or starts over when the server
// answers the whole file (200) or refuses the range (416).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sync/http.hpp"
#include "sync/retry.hpp"

namespace hocso::sync {

struct DownloadRequest {
  std::string url;
  std::filesystem::path part;          // where the bytes collect (kept between attempts and runs)
  std::uint64_t size = 0;              // the exact size of the file
  std::string sha256;                  // lower-case hex of the whole file
  std::string ca_bundle;               // extra trusted CAs, as for every request
  long timeout_seconds = 30;           // nothing moving for this long abandons a request
  long total_timeout_seconds = 3600;   // one request at most this long (the next one resumes)
  int max_attempts = 5;                // requests in one call, as long as each one brings bytes
  std::chrono::milliseconds retry_pause{1000};
  const std::atomic<bool>* cancel = nullptr;
  HttpClient* http = nullptr;          // reuse a connection (worker); else a fresh one
  std::string server_name = "content server";  // in messages
};

enum class DownloadOutcome {
  Complete,      // `part` holds exactly `size` bytes with the right SHA-256
  TryLater,      // network or server trouble; what arrived is kept in `part`
  Mismatch,      // the file is not the size or digest expected; `part` was deleted
  Refused,       // the server answered 4xx (not found, gone, …)
  Credentials,   // 401 / 403
  ConfigProblem, // bad URL, unreadable CA bundle
  LocalError,    // `part` cannot be written
  Cancelled,     // stop was requested; what arrived is kept
};

struct DownloadReport {
  DownloadOutcome outcome = DownloadOutcome::Complete;
  ErrorKind kind = ErrorKind::None;
  std::string message;                 // one English line when not complete
  std::uint64_t fetched = 0;           // body bytes received in this call
  std::uint64_t kept = 0;              // bytes in `part` afterwards
  std::vector<std::uint64_t> offsets;  // where each request started (0: the whole file)
  bool restarted = false;              // a partial file was thrown away (200 to a Range, 416, bad range)
};

DownloadReport downloadResumable(const DownloadRequest& request);

// SHA-256 of a file, lower-case hex ("" when it cannot be read).
std::string fileSha256(const std::filesystem::path& file);

}  // namespace hocso::sync

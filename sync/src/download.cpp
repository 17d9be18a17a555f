// Resumable downloads: each request appends to the `.part` file as bytes
// arrive (fsync'd when the request ends), so a cut, a stop or a power loss
// keeps what came; the file is accepted only with the exact size and SHA-256.
#include "sync/download.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <thread>

#include "base/crypto.hpp"
#include "base/openssl.hpp"

namespace hocso::sync {
namespace fs = std::filesystem;
namespace {

struct ContentRange {
  std::uint64_t start = 0, end = 0;
  std::optional<std::uint64_t> total;  // "*": unknown
};

// "bytes 100-999/1000" or "bytes 100-999/*".
std::optional<ContentRange> parseContentRange(const std::string& v) {
  unsigned long long start = 0, end = 0, total = 0;
  int used = 0;
  if (std::sscanf(v.c_str(), "bytes %llu-%llu/%n", &start, &end, &used) < 2 || used == 0) return std::nullopt;
  ContentRange r{start, end, std::nullopt};
  const std::string rest = v.substr(static_cast<size_t>(used));
  if (rest != "*") {
    if (std::sscanf(rest.c_str(), "%llu", &total) != 1) return std::nullopt;
    r.total = total;
  }
  return r;
}

std::optional<std::uint64_t> header(const std::map<std::string, std::string>& h, const char* name) {
  auto it = h.find(name);
  if (it == h.end()) return std::nullopt;
  unsigned long long v = 0;
  if (std::sscanf(it->second.c_str(), "%llu", &v) != 1) return std::nullopt;
  return v;
}

// What one request did to the part file.
struct Attempt {
  int fd = -1;
  std::uint64_t offset = 0;     // bytes the file held when this answer's body started
  std::uint64_t written = 0;    // body bytes appended by this answer
  bool decided = false, writing = false;
  bool restarted = false;       // a 200 to our Range: the file was emptied
  bool bad_range = false;       // a 206 not starting where we asked
  std::string mismatch;         // the server's file is not the expected one
  std::string io_error;
  std::string error_body;       // the start of a non-2xx answer, for messages
};

bool writeAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string sizeText(std::uint64_t n) { return std::to_string(n) + " bytes"; }

// The state of one downloadResumable call.
struct Run {
  Run(const DownloadRequest& rq_, HttpClient& http_) : rq(rq_), http(http_) {}

  const DownloadRequest& rq;
  HttpClient& http;
  DownloadReport rep;
  int attempts = 0;
  bool stale_checked = false;

  bool cancelled() const { return rq.cancel && rq.cancel->load(); }

  DownloadReport finish(DownloadOutcome o, ErrorKind kind, std::string message) {
    std::error_code ec;
    const auto kept = fs::file_size(rq.part, ec);
    rep.kept = ec ? 0 : kept;
    rep.outcome = o;
    rep.kind = kind;
    rep.message = std::move(message);
    return rep;
  }

  std::string keptText() const {
    std::error_code ec;
    const auto kept = fs::file_size(rq.part, ec);
    if (ec || kept == 0) return std::string();
    return "; " + std::to_string(kept) + " of " + sizeText(rq.size) + " kept, the next attempt resumes";
  }

  void discard() const {
    std::error_code ec;
    fs::remove(rq.part, ec);
  }

  void startOver() {
    discard();
    rep.restarted = true;
  }
};

// The bytes the part file holds; a file longer than expected is deleted.
std::uint64_t partSize(Run& run) {
  std::error_code ec;
  std::uint64_t have = fs::exists(run.rq.part, ec) ? fs::file_size(run.rq.part, ec) : 0;
  if (ec) have = 0;
  if (have > run.rq.size) {
    run.startOver();
    have = 0;
  }
  return have;
}

// The part file has the expected size: complete if its SHA-256 is the
// expected one, else deleted; nullopt when it is worth starting over.
std::optional<DownloadReport> checkWhole(Run& run) {
  if (fileSha256(run.rq.part) == run.rq.sha256) return run.finish(DownloadOutcome::Complete, ErrorKind::None, "");
  run.discard();
  if (run.rep.fetched == 0 && !run.stale_checked) {  // left by an earlier run for another file: start over
    run.stale_checked = true;
    run.rep.restarted = true;
    return std::nullopt;
  }
  return run.finish(DownloadOutcome::Mismatch, ErrorKind::Unexpected,
                    "the file at " + run.rq.url + " does not have the SHA-256 the channel gives (it was deleted)");
}

void pauseBeforeRetry(const Run& run) {
  for (auto waited = std::chrono::milliseconds(0); waited < run.rq.retry_pause && !run.cancelled();
       waited += std::chrono::milliseconds(100))
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

// On an answer's first bytes: whether its body goes into the part file (a
// 206 from where we asked, or a 200 of the whole file, which empties it).
// False stops the transfer.
bool decideBody(Attempt& a, const DownloadRequest& rq, long status, const std::map<std::string, std::string>& headers) {
  a.decided = true;
  if (status == 206) {
    auto it = headers.find("content-range");
    auto range = it == headers.end() ? std::nullopt : parseContentRange(it->second);
    if (!range || range->start != a.offset) {
      a.bad_range = true;
      return false;
    }
    if (range->total && *range->total != rq.size) {
      a.mismatch = "the " + rq.server_name + " has " + sizeText(*range->total) + " at " + rq.url +
                   ", the channel says " + sizeText(rq.size);
      return false;
    }
    a.writing = true;
  } else if (status == 200) {
    if (auto length = header(headers, "content-length"); length && *length != rq.size) {
      a.mismatch = "the " + rq.server_name + " has " + sizeText(*length) + " at " + rq.url + ", the channel says " +
                   sizeText(rq.size);
      return false;
    }
    if (a.offset > 0) {  // the server ignored our Range: take the whole file from the start
      if (::ftruncate(a.fd, 0) != 0) {
        a.io_error = std::string("cannot empty the partial file: ") + std::strerror(errno);
        return false;
      }
      a.offset = 0;
      a.restarted = true;
    }
    a.writing = true;
  }
  return true;
}

// Each piece of an answer's body: appended to the part file, or kept (the
// start of it) for the message of a non-2xx answer. False stops the transfer.
bool takeBody(Attempt& a, const DownloadRequest& rq, long status, const std::map<std::string, std::string>& headers,
              std::string_view data) {
  if (!a.decided && !decideBody(a, rq, status, headers)) return false;
  if (!a.writing) {
    if (a.error_body.size() < 4096) a.error_body.append(data.substr(0, 4096 - a.error_body.size()));
    return true;
  }
  if (a.offset + a.written + data.size() > rq.size) {
    a.mismatch =
        "the " + rq.server_name + " sent more than the " + sizeText(rq.size) + " the channel gives for " + rq.url;
    return false;
  }
  if (!writeAll(a.fd, data)) {
    a.io_error = "cannot write " + rq.part.string() + ": " + std::strerror(errno);
    return false;
  }
  a.written += data.size();
  return true;
}

// A failed answer (not 2xx, not a transfer that brought bytes): what the
// caller is told.
DownloadReport judgeFailure(Run& run, HttpResponse& res, const Attempt& a) {
  const DownloadRequest& rq = run.rq;
  if (res.status == 0) {
    if (res.error == TransportError::Cancelled) return run.finish(DownloadOutcome::Cancelled, ErrorKind::None, "stopped");
    if (res.error == TransportError::Config)
      return run.finish(DownloadOutcome::ConfigProblem, ErrorKind::Config, res.transport_error);
    return run.finish(DownloadOutcome::TryLater, errorKindOf(res),
                      describeResponse(res, rq.server_name) + run.keptText());
  }
  res.body = a.error_body;
  const ErrorKind kind = errorKindOf(res);
  const std::string what = describeResponse(res, rq.server_name) + " for " + rq.url;
  switch (kind) {
    case ErrorKind::Credentials:
      return run.finish(DownloadOutcome::Credentials, kind,
                        "the " + rq.server_name + " refused our credentials (" + what + ")");
    case ErrorKind::Server:
    case ErrorKind::Busy:
      return run.finish(DownloadOutcome::TryLater, kind, what + run.keptText());
    default:
      return run.finish(DownloadOutcome::Refused, kind, what);
  }
}

// After one request: the end of the download, or nullopt to go on (resume,
// check the whole file, or start over).
std::optional<DownloadReport> judgeAttempt(Run& run, HttpResponse& res, const Attempt& a, bool synced,
                                           std::uint64_t have) {
  const DownloadRequest& rq = run.rq;
  if (!a.io_error.empty() || !synced)
    return run.finish(DownloadOutcome::LocalError, ErrorKind::None,
                      a.io_error.empty() ? "cannot sync " + rq.part.string() + ": " + std::strerror(errno) : a.io_error);
  if (!a.mismatch.empty()) {
    run.discard();
    return run.finish(DownloadOutcome::Mismatch, ErrorKind::Unexpected, a.mismatch + " (the partial file was deleted)");
  }
  if (a.bad_range || res.status == 416) {  // our partial file does not fit the server's: start over
    run.startOver();
    if (have == 0)
      return run.finish(DownloadOutcome::Refused, ErrorKind::Unexpected,
                        "the " + rq.server_name + " refused to send " + rq.url + " (HTTP " +
                            std::to_string(res.status) + ")");
    return std::nullopt;
  }
  if (res.status == 200 || res.status == 206) {
    if (a.written > 0) return std::nullopt;  // complete (checked next), or ended early: ask for the rest
    return run.finish(DownloadOutcome::TryLater, ErrorKind::Unexpected,
                      "the " + rq.server_name + " sent nothing for " + rq.url + run.keptText());
  }
  if (res.status == 0 && a.written > 0 && (res.error == TransportError::Broken || res.error == TransportError::Timeout))
    return std::nullopt;  // it was moving: resume at once
  return judgeFailure(run, res, a);
}

// One request for the bytes from `have` on, appended to the part file.
std::optional<DownloadReport> fetchFrom(Run& run, std::uint64_t have) {
  const DownloadRequest& rq = run.rq;
  std::error_code mk;
  fs::create_directories(rq.part.parent_path(), mk);
  Attempt a;
  a.offset = have;
  a.fd = ::open(rq.part.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (a.fd < 0)
    return run.finish(DownloadOutcome::LocalError, ErrorKind::None,
                      "cannot write " + rq.part.string() + ": " + std::strerror(errno));
  HttpRequest req;
  req.url = rq.url;
  if (have > 0) req.headers.push_back("Range: bytes=" + std::to_string(have) + "-");
  req.ca_bundle = rq.ca_bundle;
  req.timeout_seconds = rq.timeout_seconds;
  req.total_timeout_seconds = rq.total_timeout_seconds;
  req.follow_redirects = true;
  req.cancel = rq.cancel;
  req.body_sink = [&a, &rq](long status, const std::map<std::string, std::string>& headers, std::string_view data) {
    return takeBody(a, rq, status, headers, data);
  };
  run.rep.offsets.push_back(have);
  HttpResponse res = run.http.perform(req);
  const bool synced = ::fsync(a.fd) == 0;
  ::close(a.fd);
  run.rep.fetched += a.written;
  if (a.restarted) run.rep.restarted = true;
  return judgeAttempt(run, res, a, synced, have);
}

}  // namespace

std::string fileSha256(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "";
  ossl::MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return "";
  std::vector<char> buf(1 << 16);
  bool ok = true;
  while (ok && in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) ok = EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(in.gcount())) == 1;
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  ok = ok && in.eof() && EVP_DigestFinal_ex(ctx.get(), md, &len) == 1;
  return ok ? toHex(md, len) : "";
}

DownloadReport downloadResumable(const DownloadRequest& rq) {
  std::optional<HttpClient> own;
  Run run(rq, rq.http ? *rq.http : own.emplace());
  while (true) {
    if (run.cancelled()) return run.finish(DownloadOutcome::Cancelled, ErrorKind::None, "stopped");
    const std::uint64_t have = partSize(run);
    if (have == rq.size) {
      if (auto done = checkWhole(run)) return *done;
      continue;
    }
    if (run.attempts >= rq.max_attempts)
      return run.finish(DownloadOutcome::TryLater, ErrorKind::Network,
                        "the download of " + rq.url + " was cut " + std::to_string(run.attempts) + " times" +
                            run.keptText());
    if (run.attempts++ > 0) pauseBeforeRetry(run);
    if (auto done = fetchFrom(run, have)) return *done;
  }
}

}  // namespace hocso::sync

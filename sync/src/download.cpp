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
  DownloadReport rep;
  std::optional<HttpClient> own;
  HttpClient* http = rq.http;
  if (!http) http = &own.emplace();
  auto cancelled = [&] { return rq.cancel && rq.cancel->load(); };
  auto finish = [&](DownloadOutcome o, ErrorKind kind, std::string message) {
    std::error_code ec;
    const auto kept = fs::file_size(rq.part, ec);
    rep.kept = ec ? 0 : kept;
    rep.outcome = o;
    rep.kind = kind;
    rep.message = std::move(message);
    return rep;
  };
  auto keptText = [&] {
    std::error_code ec;
    const auto kept = fs::file_size(rq.part, ec);
    if (ec || kept == 0) return std::string();
    return "; " + std::to_string(kept) + " of " + sizeText(rq.size) + " kept, the next attempt resumes";
  };
  auto discard = [&] {
    std::error_code ec;
    fs::remove(rq.part, ec);
  };

  int attempts = 0;
  bool stale_checked = false;
  while (true) {
    if (cancelled()) return finish(DownloadOutcome::Cancelled, ErrorKind::None, "stopped");
    std::error_code ec;
    std::uint64_t have = fs::exists(rq.part, ec) ? fs::file_size(rq.part, ec) : 0;
    if (ec) have = 0;
    if (have > rq.size) {
      discard();
      have = 0;
      rep.restarted = true;
    }
    if (have == rq.size) {
      if (fileSha256(rq.part) == rq.sha256) return finish(DownloadOutcome::Complete, ErrorKind::None, "");
      discard();
      if (rep.fetched == 0 && !stale_checked) {  // left by an earlier run for another file: start over
        stale_checked = true;
        rep.restarted = true;
        continue;
      }
      return finish(DownloadOutcome::Mismatch, ErrorKind::Unexpected,
                    "the file at " + rq.url + " does not have the SHA-256 the channel gives (it was deleted)");
    }
    if (attempts >= rq.max_attempts)
      return finish(DownloadOutcome::TryLater, ErrorKind::Network,
                    "the download of " + rq.url + " was cut " + std::to_string(attempts) + " times" + keptText());
    if (attempts++ > 0)
      for (auto waited = std::chrono::milliseconds(0); waited < rq.retry_pause && !cancelled();
           waited += std::chrono::milliseconds(100))
        std::this_thread::sleep_for(std::chrono::milliseconds(100));

    std::error_code mk;
    fs::create_directories(rq.part.parent_path(), mk);
    Attempt a;
    a.offset = have;
    a.fd = ::open(rq.part.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (a.fd < 0)
      return finish(DownloadOutcome::LocalError, ErrorKind::None,
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
      if (!a.decided) {
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
            a.mismatch = "the " + rq.server_name + " has " + sizeText(*length) + " at " + rq.url +
                         ", the channel says " + sizeText(rq.size);
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
      }
      if (!a.writing) {
        if (a.error_body.size() < 4096) a.error_body.append(data.substr(0, 4096 - a.error_body.size()));
        return true;
      }
      if (a.offset + a.written + data.size() > rq.size) {
        a.mismatch = "the " + rq.server_name + " sent more than the " + sizeText(rq.size) + " the channel gives for " +
                     rq.url;
        return false;
      }
      if (!writeAll(a.fd, data)) {
        a.io_error = "cannot write " + rq.part.string() + ": " + std::strerror(errno);
        return false;
      }
      a.written += data.size();
      return true;
    };
    rep.offsets.push_back(have);
    HttpResponse res = http->perform(req);
    const bool synced = ::fsync(a.fd) == 0;
    ::close(a.fd);
    rep.fetched += a.written;
    if (a.restarted) rep.restarted = true;
    if (!a.io_error.empty() || !synced)
      return finish(DownloadOutcome::LocalError, ErrorKind::None,
                    a.io_error.empty() ? "cannot sync " + rq.part.string() + ": " + std::strerror(errno) : a.io_error);
    if (!a.mismatch.empty()) {
      discard();
      return finish(DownloadOutcome::Mismatch, ErrorKind::Unexpected, a.mismatch + " (the partial file was deleted)");
    }
    if (a.bad_range || res.status == 416) {  // our partial file does not fit the server's: start over
      discard();
      rep.restarted = true;
      if (have == 0)
        return finish(DownloadOutcome::Refused, ErrorKind::Unexpected,
                      "the " + rq.server_name + " refused to send " + rq.url + " (HTTP " + std::to_string(res.status) + ")");
      continue;
    }
    if (res.status == 200 || res.status == 206) {
      if (a.written > 0) continue;  // complete (checked above), or ended early: ask for the rest
      return finish(DownloadOutcome::TryLater, ErrorKind::Unexpected,
                    "the " + rq.server_name + " sent nothing for " + rq.url + keptText());
    }
    if (res.status == 0) {
      if (res.error == TransportError::Cancelled) return finish(DownloadOutcome::Cancelled, ErrorKind::None, "stopped");
      if (res.error == TransportError::Config)
        return finish(DownloadOutcome::ConfigProblem, ErrorKind::Config, res.transport_error);
      if (a.written > 0 && (res.error == TransportError::Broken || res.error == TransportError::Timeout))
        continue;  // it was moving: resume at once
      return finish(DownloadOutcome::TryLater, errorKindOf(res), describeResponse(res, rq.server_name) + keptText());
    }
    res.body = a.error_body;
    const ErrorKind kind = errorKindOf(res);
    const std::string what = describeResponse(res, rq.server_name) + " for " + rq.url;
    switch (kind) {
      case ErrorKind::Credentials:
        return finish(DownloadOutcome::Credentials, kind, "the " + rq.server_name + " refused our credentials (" + what + ")");
      case ErrorKind::Server:
      case ErrorKind::Busy:
        return finish(DownloadOutcome::TryLater, kind, what + keptText());
      default:
        return finish(DownloadOutcome::Refused, kind, what);
    }
  }
}

}  // namespace hocso::sync

// One channel check: manifest → choice → resumable download → signature and
// identity checks → atomic install by the pack store; and its record in
// kiosk.db (sync migration 3, content_state).
#include "sync/content_update.hpp"

#include <SQLiteCpp/Statement.h>

#include <spdlog/spdlog.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>

#include "base/file_lock.hpp"
#include "content/pack_file.hpp"
#include "content/pack_store.hpp"
#include "content/signing.hpp"
#include "sync/channel.hpp"
#include "sync/channel_signature.hpp"
#include "sync/download.hpp"
#include "sync/http.hpp"
#include "sync/retry.hpp"

namespace hocso::sync {
namespace fs = std::filesystem;
namespace {

constexpr const char* kServer = "content server";

std::string safeName(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += std::isalnum(c) || c == '.' || c == '-' || c == '_' ? static_cast<char>(c) : '_';
  return out.substr(0, 80);
}

// Partial downloads of other files (an older channel entry) are of no use.
void removeOtherParts(const fs::path& dir, const fs::path& keep) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".part" && e.path() != keep) fs::remove(e.path(), ec);
}

UpdateOutcome fromDownload(DownloadOutcome o) {
  switch (o) {
    case DownloadOutcome::Complete: return UpdateOutcome::Updated;
    case DownloadOutcome::TryLater: return UpdateOutcome::TryLater;
    case DownloadOutcome::Mismatch:
    case DownloadOutcome::Refused: return UpdateOutcome::Refused;
    case DownloadOutcome::Credentials: return UpdateOutcome::Credentials;
    case DownloadOutcome::ConfigProblem: return UpdateOutcome::ConfigProblem;
    case DownloadOutcome::LocalError: return UpdateOutcome::Failed;
    case DownloadOutcome::Cancelled: return UpdateOutcome::Cancelled;
  }
  return UpdateOutcome::Failed;
}

// The outcome of a manifest request that is not a 200.
void fromResponse(const HttpResponse& res, const std::string& url, UpdateReport& r) {
  if (res.status == 0 && res.error == TransportError::Cancelled) {
    r.outcome = UpdateOutcome::Cancelled;
    r.message = "stopped";
    return;
  }
  const ErrorKind kind = errorKindOf(res);
  r.kind = errorKindName(kind);
  r.message = describeResponse(res, kServer) + (res.status == 0 ? "" : " for the channel manifest " + url);
  switch (kind) {
    case ErrorKind::Credentials: r.outcome = UpdateOutcome::Credentials; break;
    case ErrorKind::Config: r.outcome = UpdateOutcome::ConfigProblem; break;
    case ErrorKind::Unexpected: r.outcome = UpdateOutcome::Refused; break;
    default: r.outcome = UpdateOutcome::TryLater;
  }
}

// Sets the report's outcome, kind and message: the check ends there.
std::nullopt_t stop(UpdateReport& r, UpdateOutcome o, std::string kind, std::string message) {
  r.outcome = o;
  r.kind = std::move(kind);
  r.message = std::move(message);
  return std::nullopt;
}

// The keys downloaded packs (and the manifest) must be signed with.
std::optional<std::vector<content::TrustedKey>> trustedKeys(const content::ContentConfig& config, UpdateReport& r) {
  auto keys = content::readTrustedKeys(content::trustedKeyFiles(config));
  if (!keys) return stop(r, UpdateOutcome::ConfigProblem, "config", keys.error().message);
  if (keys->empty())
    return stop(r, UpdateOutcome::ConfigProblem, "config",
                "no trusted public key to check downloaded packs: set [content] trusted_keys");
  return std::move(*keys);
}

// Where the channel is ([content] channel) and how it is reached: [sync]'s
// CA bundle and the LRS timeout.
struct Channel {
  Channel(const content::ContentConfig& content, const SyncConfig& sync)
      : channel(content.channel), ca_bundle(sync.ca_bundle), timeout_seconds(sync.lrs.timeout_seconds) {}
  std::string channel;
  std::string ca_bundle;
  int timeout_seconds;
};

struct FetchedManifest {
  std::string text;  // as signed
  ChannelManifest manifest;
};

// The channel's manifest, at most kMaxManifestBytes, parsed.
std::optional<FetchedManifest> fetchManifest(HttpClient& http, const Channel& config, const UpdateOptions& options,
                                             UpdateReport& r) {
  HttpRequest req;
  req.url = config.channel;
  req.headers = {"Accept: application/json"};
  req.ca_bundle = config.ca_bundle;
  req.timeout_seconds = config.timeout_seconds;
  req.follow_redirects = true;
  req.cancel = options.cancel;
  std::string text;
  bool tooLarge = false;
  req.body_sink = [&](long, const std::map<std::string, std::string>&, std::string_view data) {
    if (text.size() + data.size() > kMaxManifestBytes) {
      tooLarge = true;
      return false;
    }
    text.append(data);
    return true;
  };
  HttpResponse res = http.perform(req);
  if (tooLarge)
    return stop(r, UpdateOutcome::Refused, "invalid",
                "the channel manifest " + config.channel + " is larger than " +
                    std::to_string(kMaxManifestBytes / 1024) + " KiB: not a manifest");
  if (res.status != 200) {
    res.body = text;
    fromResponse(res, config.channel, r);
    return std::nullopt;
  }
  auto manifest = parseChannelManifest(text, config.channel);
  if (!manifest) {
    auto type = res.headers.find("content-type");
    if (type != res.headers.end() && type->second.find("html") != std::string::npos)
      return stop(r, UpdateOutcome::TryLater, errorKindName(ErrorKind::Unexpected),
                  "the content channel " + config.channel +
                      " answered with a web page, not a manifest (a captive portal?)");
    return stop(r, UpdateOutcome::Refused, "invalid", manifest.error().message);
  }
  return FetchedManifest{std::move(text), std::move(*manifest)};
}

// The channel entry to download, or nullopt when the installed pack stays
// (current, a downgrade not asked for, a file refused before).
std::optional<ChannelEntry> chooseEntry(const ChannelManifest& manifest, const InstalledPack& installed,
                                        const Channel& config, const UpdateOptions& options, const std::string& keeps,
                                        UpdateReport& r) {
  const auto newest = newestEntry(manifest, installed.id);
  if (newest) r.available_version = newest->version;
  // A channel that offers only an older version than the one installed is
  // stale or replayed (an old signed manifest): refused, unless asked for.
  if (newest && !options.allow_downgrade && content::compareVersions(newest->version, installed.version) < 0)
    return stop(r, UpdateOutcome::Refused, "downgrade",
                "the channel manifest " + config.channel + " offers " + newest->id + " " + newest->version +
                    ", older than the installed " + installed.version + " (a stale or replayed manifest?)" + keeps +
                    "; to install the older version run `hocso content update --allow-downgrade`");
  if (!newest || !shouldInstall(*newest, installed.version, options.allow_downgrade))
    return stop(r, UpdateOutcome::Current, "",
                installed.id + " " + installed.version + " is current (" +
                    (newest ? "the channel has " + newest->version
                            : std::string("the channel lists no version of it")) +
                    ")");
  // The very file refused before: the channel has not fixed it yet.
  if (!options.refused_sha256.empty() && options.refused_sha256 == newest->sha256)
    return stop(r, UpdateOutcome::Refused, "invalid",
                newest->id + " " + newest->version + " from the channel (SHA-256 " + newest->sha256.substr(0, 12) +
                    "…) was refused before; it is not downloaded again until the channel offers another file; "
                    "the kiosk keeps " + installed.id + " " + installed.version);
  return newest;
}

// Room for the download and for the install's copies (new current, previous).
bool checkDiskSpace(const fs::path& dir, const fs::path& part, const ChannelEntry& entry,
                    const InstalledPack& installed, UpdateReport& r) {
  std::error_code ec;
  const auto have = fs::exists(part, ec) ? fs::file_size(part, ec) : 0;
  const auto currentSize = installed.shipped ? 0 : fs::file_size(installed.file, ec);
  const auto space = fs::space(dir, ec);
  const std::uint64_t need = (entry.size > have ? entry.size - have : 0) + entry.size + currentSize;
  if (ec || space.available >= need) return true;
  stop(r, UpdateOutcome::Failed, "io",
       "not enough disk space in " + dir.string() + " for " + entry.id + " " + entry.version + ": " +
           std::to_string(need / (1024 * 1024) + 1) + " MB needed, " +
           std::to_string(space.available / (1024 * 1024)) + " MB free");
  return false;
}

// Fetches (or resumes) the entry's file into `part`; false (r set) unless complete.
bool download(HttpClient& http, const Channel& config, const UpdateOptions& options, const ChannelEntry& entry,
              const fs::path& part, UpdateReport& r) {
  std::error_code ec;
  const auto have = fs::exists(part, ec) ? fs::file_size(part, ec) : 0;
  spdlog::info("content: downloading {} {} ({} bytes) from {}{}", entry.id, entry.version, entry.size, entry.url,
               have > 0 ? " from byte " + std::to_string(have) : "");
  DownloadRequest dl;
  dl.url = entry.url;
  dl.part = part;
  dl.size = entry.size;
  dl.sha256 = entry.sha256;
  dl.ca_bundle = config.ca_bundle;
  dl.timeout_seconds = config.timeout_seconds;
  dl.max_attempts = options.max_attempts;
  dl.retry_pause = options.retry_pause;
  dl.cancel = options.cancel;
  dl.http = &http;
  const DownloadReport d = downloadResumable(dl);
  r.downloaded = d.fetched;
  r.offsets = d.offsets;
  if (d.outcome == DownloadOutcome::Complete) return true;
  stop(r, fromDownload(d.outcome),
       d.outcome == DownloadOutcome::Mismatch     ? "invalid"
       : d.outcome == DownloadOutcome::LocalError ? "io"
                                                  : errorKindName(d.kind),
       d.message);
  if (d.outcome == DownloadOutcome::Mismatch) r.refused_sha256 = entry.sha256;
  return false;
}

// What was downloaded must be signed by a trusted key and be what the channel
// said; a file that is not is deleted and remembered as refused.
bool verifyDownload(const fs::path& part, const std::vector<content::TrustedKey>& keys, const ChannelEntry& entry,
                    const std::string& keeps, UpdateReport& r) {
  auto refuse = [&](std::string message) {
    std::error_code ec;
    fs::remove(part, ec);
    r.refused_sha256 = entry.sha256;  // every discard is a refusal of this file
    stop(r, UpdateOutcome::Refused, "invalid", std::move(message) + keeps);
    return false;
  };
  auto bytes = content::readWholeFile(part);
  if (!bytes) {
    stop(r, UpdateOutcome::Failed, "io", bytes.error().message + keeps);
    return false;
  }
  auto verified = content::verifyPackBytes(*bytes, keys, entry.url);
  if (!verified) return refuse("the downloaded pack is refused: " + verified.error().message);
  auto summary = content::inspectPackBytes(*bytes);
  if (!summary) return refuse("the downloaded pack is refused: " + summary.error().message);
  if (summary->id != entry.id || summary->version != entry.version)
    return refuse("the downloaded pack is " + summary->id + " " + summary->version + ", not the " + entry.id + " " +
                  entry.version + " the channel lists");
  return true;
}

}  // namespace

std::string outcomeName(UpdateOutcome o) {
  switch (o) {
    case UpdateOutcome::Updated: return "updated";
    case UpdateOutcome::Current: return "current";
    case UpdateOutcome::NotConfigured: return "not_configured";
    case UpdateOutcome::TryLater: return "try_later";
    case UpdateOutcome::Refused: return "refused";
    case UpdateOutcome::Credentials: return "credentials";
    case UpdateOutcome::ConfigProblem: return "config";
    case UpdateOutcome::Failed: return "failed";
    case UpdateOutcome::Cancelled: return "cancelled";
  }
  return "failed";
}

Result<InstalledPack> installedPack(const fs::path& data_dir) {
  const content::PackStore store(data_dir);
  std::error_code ec;
  InstalledPack out;
  if (fs::exists(store.current(), ec)) {
    out.file = store.current();
  } else if (const auto shipped = content::shippedPack(); fs::exists(shipped.file, ec)) {
    out.file = shipped.file;
    out.shipped = true;
  } else {
    return fail(ErrorCode::NotFound, "no content pack is installed in " + store.dir().string() +
                                         " and the default pack is missing: install one with `hocso content install`");
  }
  auto bytes = content::readWholeFile(out.file);
  if (!bytes) return tl::unexpected(bytes.error());
  auto summary = content::inspectPackBytes(*bytes);
  if (!summary) return fail(ErrorCode::Invalid, out.file.string() + ": " + summary.error().message);
  out.id = summary->id;
  out.version = summary->version;
  return out;
}

UpdateReport updateContent(const content::ContentConfig& content_config, const SyncConfig& sync_config,
                           const fs::path& data_dir, const UpdateOptions& options) {
  const Channel config{content_config, sync_config};
  UpdateReport r;
  auto failWith = [&r](UpdateOutcome o, std::string kind, std::string message) {
    stop(r, o, std::move(kind), std::move(message));
    return r;
  };
  if (config.channel.empty())
    return failWith(UpdateOutcome::NotConfigured, "", "no content channel is configured ([content] channel)");

  auto installed = installedPack(data_dir);
  if (!installed) return failWith(UpdateOutcome::Failed, "io", installed.error().message);
  r.pack_id = installed->id;
  r.installed_version = installed->version;
  const auto keys = trustedKeys(content_config, r);
  if (!keys) return r;

  std::optional<HttpClient> own;
  HttpClient& http = options.http ? *options.http : own.emplace();
  const auto fetched = fetchManifest(http, config, options, r);
  if (!fetched) return r;
  // Only a manifest the publisher signed (the same keys as packs) is followed.
  const std::string keeps = "; the kiosk keeps " + installed->id + " " + installed->version;
  if (const auto signature = checkManifestSignature(fetched->text, *keys, "the channel manifest " + config.channel);
      signature.problem != ManifestSignatureProblem::None)
    return failWith(UpdateOutcome::Refused, "signature", signature.message + keeps);
  const auto entry = chooseEntry(fetched->manifest, *installed, config, options, keeps, r);
  if (!entry) return r;

  // One download at a time, into DATA_DIR/packs; DATA_DIR/packs/.update.lock
  // is held while the check runs.
  content::PackStore store(data_dir);
  std::error_code ec;
  fs::create_directories(store.dir(), ec);
  auto lock = FileLock::tryTake(store.dir() / ".update.lock", FileLock::Mode::Exclusive);
  if (!lock) return failWith(UpdateOutcome::Failed, "io", lock.error().message);
  if (!*lock) return failWith(UpdateOutcome::TryLater, "", "another content update is running on this kiosk");
  const fs::path part = store.dir() / (safeName(entry->id) + "-" + safeName(entry->version) + "-" +
                                       entry->sha256.substr(0, 12) + ".part");
  removeOtherParts(store.dir(), part);
  if (!checkDiskSpace(store.dir(), part, *entry, *installed, r) || !download(http, config, options, *entry, part, r) ||
      !verifyDownload(part, *keys, *entry, keeps, r))
    return r;

  auto done = store.install(part, *keys, options.allow_downgrade);
  if (!done) return failWith(UpdateOutcome::Failed, "io", done.error().message);  // part kept: no new download
  fs::remove(part, ec);
  r.outcome = UpdateOutcome::Updated;
  r.new_version = done->version;
  r.previous = done->replaced;
  r.message = "installed " + done->id + " " + done->version + " from the channel" +
              (done->replaced.empty() ? std::string() : " (kept " + done->replaced + " as the previous pack)");
  return r;
}

Result<void> recordContentCheck(SQLite::Database& db, const UpdateReport& r, const std::string& at) {
  if (r.outcome == UpdateOutcome::Cancelled || r.outcome == UpdateOutcome::NotConfigured) return {};
  const bool ok = r.outcome == UpdateOutcome::Updated || r.outcome == UpdateOutcome::Current;
  try {
    SQLite::Statement q(db, R"sql(
INSERT INTO content_state(id, checked_at, result, last_error, last_error_kind, pack_id, installed_version,
                          available_version, updated_at, failures, refused_sha256)
VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET
  checked_at = excluded.checked_at, result = excluded.result, last_error = excluded.last_error,
  last_error_kind = excluded.last_error_kind,
  pack_id = COALESCE(excluded.pack_id, content_state.pack_id),
  installed_version = COALESCE(excluded.installed_version, content_state.installed_version),
  available_version = excluded.available_version,
  updated_at = COALESCE(excluded.updated_at, content_state.updated_at),
  failures = CASE WHEN excluded.failures = 0 THEN 0 ELSE content_state.failures + 1 END,
  refused_sha256 = CASE WHEN excluded.result = 'updated' THEN NULL
                        ELSE COALESCE(excluded.refused_sha256, content_state.refused_sha256) END
)sql");
    auto bindText = [&](int i, const std::string& v) {
      if (v.empty())
        q.bind(i);
      else
        q.bind(i, v);
    };
    q.bind(1, at);
    q.bind(2, outcomeName(r.outcome));
    bindText(3, ok ? "" : r.message);
    bindText(4, ok ? "" : r.kind);
    bindText(5, r.pack_id);
    bindText(6, r.new_version.empty() ? r.installed_version : r.new_version);
    bindText(7, r.available_version);
    bindText(8, r.outcome == UpdateOutcome::Updated ? at : "");
    q.bind(9, ok ? 0 : 1);
    bindText(10, r.refused_sha256);
    q.exec();
    return {};
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("recording the content check failed: ") + e.what());
  }
}

Result<std::string> refusedPackSha256(SQLite::Database& db) {
  try {
    SQLite::Statement q(db, "SELECT refused_sha256 FROM content_state WHERE id = 1");
    if (q.executeStep() && !q.getColumn(0).isNull()) return q.getColumn(0).getString();
    return std::string();
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("reading the content state failed: ") + e.what());
  }
}

Result<ContentStatus> readContentStatus(SQLite::Database& db, const content::ContentConfig& config) {
  ContentStatus s;
  s.configured = !config.channel.empty();
  s.channel = config.channel;
  s.check_minutes = config.channel_check_minutes;
  try {
    SQLite::Statement q(db,
                        "SELECT checked_at, result, last_error, last_error_kind, pack_id, installed_version, "
                        "available_version, updated_at, failures FROM content_state WHERE id = 1");
    if (q.executeStep()) {
      auto text = [&](int i) { return q.getColumn(i).isNull() ? std::string() : q.getColumn(i).getString(); };
      s.last_check = text(0);
      s.result = text(1);
      s.last_error = text(2);
      s.last_error_kind = text(3);
      s.pack_id = text(4);
      s.installed_version = text(5);
      s.available_version = text(6);
      s.last_update = text(7);
      s.failures = q.getColumn(8).getInt();
    }
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("reading the content state failed: ") + e.what());
  }
  if (s.configured) {
    const auto last = parseIso8601(s.last_check);
    s.next_check = last ? formatIso8601(*last + std::chrono::minutes(s.check_minutes)) : "";
  }
  return s;
}

bool contentCheckDue(const ContentStatus& s, std::chrono::system_clock::time_point now) {
  if (!s.configured) return false;
  const auto last = parseIso8601(s.last_check);
  if (!last || *last > now) return true;
  return now >= *last + std::chrono::minutes(s.check_minutes);
}

nlohmann::json contentJson(const ContentStatus& s) {
  return {{"configured", s.configured},
          {"channel", s.channel},
          {"check_minutes", s.check_minutes},
          {"last_check", s.last_check},
          {"result", s.result},
          {"last_error", s.last_error},
          {"last_error_kind", s.last_error_kind},
          {"pack_id", s.pack_id},
          {"installed_version", s.installed_version},
          {"available_version", s.available_version},
          {"last_update", s.last_update},
          {"next_check", s.next_check},
          {"failures", s.failures}};
}

}  // namespace hocso::sync

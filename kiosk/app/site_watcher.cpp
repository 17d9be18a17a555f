// The site folder watcher (site_watcher.hpp).
#include "site_watcher.hpp"

#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "base/files.hpp"
#include "sync/site.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

namespace {

// DATA_DIR/site-import: hard links of the segments about to be imported
// (outside DATA_DIR/site, which Syncthing shares folder by folder).
fs::path stagingFolder(const fs::path& data_dir) { return data_dir / "site-import"; }

Result<void> stage(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  if (ec) return fail(ErrorCode::Io, "cannot create " + to.parent_path().string() + ": " + ec.message());
  fs::create_hard_link(from, to, ec);
  if (!ec) return {};
  ec.clear();
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) return fail(ErrorCode::Io, "cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
  return {};
}

struct PeerPrefix {
  std::string kiosk_id;
  std::vector<fs::path> files;   // seq last+1, last+2, … in order
};

}  // namespace

namespace {

// One pass over the live site folder: the segments of each peer that
// continue its chain are imported; the first that does not holds the rest
// of that peer back, said once in the log.
class WatchPass {
 public:
  WatchPass(KioskContext& ctx, std::set<std::string>& logged) : ctx_(ctx), logged_(logged), site_(*ctx.db) {}

  Result<WatchPassSummary> run() {
    auto membership = site_.membership();
    if (!membership) return tl::unexpected(membership.error());
    if (!*membership) return summary_;
    auto key = loadSiteKey(*ctx_.db, ctx_.data_dir);
    if (!key) return tl::unexpected(key.error());
    const fs::path root = siteFolder(ctx_.data_dir);
    std::vector<PeerPrefix> peers;
    std::error_code ec;
    for (const auto& k : fs::directory_iterator(root, ec)) {
      const std::string kioskId = k.path().filename().string();
      if (!k.is_directory() || kioskId == ctx_.kiosk_id || kioskId.empty() || kioskId[0] == '.') continue;
      auto prefix = continuousPrefix(k.path(), kioskId, (*membership)->site_id, **key);
      if (!prefix) return tl::unexpected(prefix.error());
      if (!prefix->files.empty()) peers.push_back(std::move(*prefix));
    }
    if (ec) return fail(ErrorCode::Io, "cannot list " + root.string() + ": " + ec.message());
    if (!peers.empty()) importPeers(peers);
    return summary_;
  }

 private:
  void logOnce(const std::string& m) {
    if (logged_.size() > 1000) logged_.clear();
    if (logged_.insert(m).second) spdlog::warn("site watcher: {}", m);
  }

  // The peer's segments, in order, from the one after the last imported to
  // the last that continues the chain.
  Result<PeerPrefix> continuousPrefix(const fs::path& dir, const std::string& kioskId, const std::string& site_id,
                                      const FieldCipher& key) {
    std::vector<std::pair<long long, fs::path>> files;
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(dir, ec))
      // Only finished segment names: Syncthing's temporaries (.syncthing.*.tmp,
      // ~syncthing~*) and its .stfolder marker never match.
      if (auto seq = sync::segmentSeqOfName(f.path().filename().string())) files.emplace_back(*seq, f.path());
    std::sort(files.begin(), files.end());
    auto known = site_.kiosk(kioskId);
    if (!known) return tl::unexpected(known.error());
    long long last = *known ? (*known)->last_seq : 0;
    std::string lastHash = *known ? (*known)->last_hash : "";
    std::optional<Ed25519PublicKey> signer;
    if (*known) signer = (*known)->public_key;
    PeerPrefix prefix{kioskId, {}};
    for (const auto& [seq, path] : files) {
      if (seq <= last) continue;
      if (seq != last + 1) {  // a gap: the missing one is still on its way
        summary_.held_back += 1;
        break;
      }
      const std::string where = "segment " + path.filename().string() + " of kiosk " + kioskId;
      auto bytes = readFileBounded(path, kLargeFileLimit);
      if (!bytes) {
        logOnce(where + " waits: " + bytes.error().message);
        summary_.held_back += 1;
        break;
      }
      auto seg = sync::openSegment(*bytes, site_id, key);
      std::string refusal;
      if (!seg)
        refusal = seg.error().message;
      else if (seg->header.kiosk_id != kioskId || seg->header.seq != seq)
        refusal = "it is segment " + std::to_string(seg->header.seq) + " of kiosk " + seg->header.kiosk_id;
      else if (signer && seg->header.signer != *signer)
        refusal = "it is signed by key " + ed25519KeyId(seg->header.signer) + ", not by that kiosk's key";
      else if (seg->header.prev != lastHash)
        refusal = "it does not continue segment " + std::to_string(last) + " (replayed or rewritten)";
      if (!refusal.empty()) {
        // Cut short (still arriving by some other means) or bad: this peer
        // stops here; the rest waits, and it is said once.
        logOnce(where + " is held back: " + refusal);
        summary_.held_back += 1;
        break;
      }
      if (!signer) signer = seg->header.signer;
      last = seq;
      lastHash = seg->hash;
      prefix.files.push_back(path);
    }
    return prefix;
  }

  // Copied into the staging folder and imported as a USB site export is.
  Result<SiteImportSummary> importStaged(const std::vector<const PeerPrefix*>& which) {
    const fs::path staging = stagingFolder(ctx_.data_dir);
    std::error_code ec;
    fs::remove_all(staging, ec);
    for (const auto* p : which)
      for (const auto& f : p->files)
        if (auto ok = stage(f, staging / p->kiosk_id / f.filename()); !ok) return tl::unexpected(ok.error());
    auto r = importSite(ctx_, staging);
    fs::remove_all(staging, ec);
    return r;
  }

  void report(const SiteImportSummary& r) {
    summary_.imported_segments += r.segments;
    for (const auto& c : r.conflicts) logOnce("conflict: " + c);
    if (r.segments > 0)
      spdlog::info("site watcher: imported {} segment(s): {} new, {} updated, {} unchanged, {} conflict(s)", r.segments,
                   r.inserted, r.updated, r.unchanged, r.conflicts.size());
  }

  void holdBack(const PeerPrefix& p, const Error& e) {
    logOnce("importing kiosk " + p.kiosk_id + "'s segments failed (retried later): " + e.message);
    summary_.held_back += static_cast<int>(p.files.size());
  }

  // All peers at once; when that fails, each alone, so one peer's refusal
  // does not hold back the others.
  void importPeers(const std::vector<PeerPrefix>& peers) {
    std::vector<const PeerPrefix*> all;
    for (const auto& p : peers) all.push_back(&p);
    auto r = importStaged(all);
    if (r) return report(*r);
    if (peers.size() == 1) return holdBack(peers[0], r.error());
    for (const auto& p : peers) {
      auto one = importStaged({&p});
      if (one)
        report(*one);
      else
        holdBack(p, one.error());
    }
  }

  KioskContext& ctx_;
  std::set<std::string>& logged_;
  sync::SiteRepository site_;
  WatchPassSummary summary_;
};

}  // namespace

Result<WatchPassSummary> importLiveSiteFolder(KioskContext& ctx, std::set<std::string>& logged) {
  return WatchPass(ctx, logged).run();
}

SiteWatcher::Listing SiteWatcher::listPeers() const {
  Listing out;
  std::error_code ec;
  const fs::path root = siteFolder(ctx_.data_dir);
  for (const auto& k : fs::directory_iterator(root, ec)) {
    const std::string kioskId = k.path().filename().string();
    if (!k.is_directory(ec) || kioskId == ctx_.kiosk_id) continue;
    std::error_code ec2;
    for (const auto& f : fs::directory_iterator(k.path(), ec2)) {
      const std::string name = f.path().filename().string();
      if (!sync::segmentSeqOfName(name)) continue;
      FileStamp s;
      s.size = static_cast<long long>(f.file_size(ec2));
      s.mtime = static_cast<long long>(f.last_write_time(ec2).time_since_epoch().count());
      out[kioskId + "/" + name] = s;
    }
  }
  return out;
}

void SiteWatcher::logOnce(const std::string& message) {
  if (logged_.size() > 1000) logged_.clear();
  if (logged_.insert(message).second) spdlog::warn("site watcher: {}", message);
}

WatchPassSummary SiteWatcher::pass() {
  WatchPassSummary summary;
  try {
    auto membership = sync::SiteRepository(*ctx_.db).membership();
    if (!membership) {
      logOnce(membership.error().message);
      return summary;
    }
    if (!*membership) return summary;
    const auto now = std::chrono::steady_clock::now();
    // Syncthing's settings and key, read only when a pass needs them.
    std::optional<std::optional<SyncthingEndpoint>> loaded;
    auto endpointNow = [&]() -> const std::optional<SyncthingEndpoint>& {
      if (!loaded) {
        auto ep = loadSyncthingEndpoint(ctx_.data_dir);
        if (!ep) logOnce(ep.error().message);
        loaded = ep ? *ep : std::optional<SyncthingEndpoint>();
      }
      return *loaded;
    };

    // 1. The journal, when another connection (the kiosk app, a CLI command)
    // committed to kiosk.db since the last look.
    const long long version = ctx_.db->execAndGet("PRAGMA data_version").getInt64();
    if (!data_version_ || *data_version_ != version) {
      auto j = writeJournal(ctx_);
      if (!j) {
        logOnce("writing this kiosk's journal failed (retried later): " + j.error().message);
      } else {
        data_version_ = version;
        summary.journal = *j;
        if (j->seq > 0 || j->adopted > 0)
          if (const auto& endpoint = endpointNow())
            if (auto ok = rescanOwnFolder(ctx_, *endpoint); !ok) logOnce(ok.error().message);
      }
    }

    // 2. The peers' folders, when a segment file came, went or changed (or a
    // held-back import is due for another try).
    Listing listing = listPeers();
    if (!listing_ || *listing_ != listing || (retry_at_ != std::chrono::steady_clock::time_point{} && now >= retry_at_)) {
      auto r = importLiveSiteFolder(ctx_, logged_);
      if (!r) {
        logOnce("importing the site folder failed (retried later): " + r.error().message);
        retry_at_ = now + std::chrono::seconds(10);  // e.g. kiosk.db busy: soon again
      } else {
        summary.imported_segments = r->imported_segments;
        summary.held_back = r->held_back;
        retry_at_ = r->held_back > 0 ? now + std::chrono::seconds(60) : std::chrono::steady_clock::time_point{};
      }
      listing_ = listPeers();  // after the import (it may have written copies)
    }

    // 3. Syncthing: new devices of the site and the folders they offer.
    const auto& endpoint = now >= syncthing_at_ ? endpointNow() : std::optional<SyncthingEndpoint>();
    if (now >= syncthing_at_) syncthing_at_ = now + syncthing_every;
    if (endpoint) {
      std::vector<std::string> refused;
      auto s = reconcileSyncthing(ctx_, *endpoint, &refused);
      for (const auto& r : refused) logOnce(r);
      if (!s) {
        logOnce(s.error().message);
      } else {
        summary.syncthing = *s;
        if (s->devices_accepted || s->folders_added || s->shares_added)
          spdlog::info("site watcher: Syncthing: {} device(s) accepted, {} folder(s) added, {} share(s) added",
                       s->devices_accepted, s->folders_added, s->shares_added);
      }
    }
  } catch (const std::exception& e) {
    logOnce(std::string("a pass failed (retried later): ") + e.what());
  }
  return summary;
}

}  // namespace hocso::app

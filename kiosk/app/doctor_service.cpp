// The doctor's checks. Each reuses the code the kiosk itself runs (records
// verify, keys selftest, the pack loader, the sync clients' requests) and
// only reads: kiosk.db is opened read-only and nothing is queued or sent.
#include "doctor_service.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <future>
#include <glob.h>

#include "key_service.hpp"
#include "kiosk_context.hpp"
#include "machine_identity.hpp"
#include "records_service.hpp"
#include "speech.hpp"
#include "sync/certification.hpp"
#include "sync/clock.hpp"
#include "sync/lrs_sync.hpp"
#include "sync/status.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

namespace {

constexpr uintmax_t kMiB = 1024 * 1024;
constexpr uintmax_t kMinFreeBytes = 200 * kMiB;

DoctorCheck pass(std::string name, std::string detail, bool essential = true) {
  return {std::move(name), true, essential, std::move(detail)};
}
DoctorCheck problem(std::string name, std::string detail, bool essential = true) {
  return {std::move(name), false, essential, std::move(detail)};
}

std::string userName(uid_t uid) {
  // getpwuid_r would be reentrant; the doctor is single-threaded here.
  if (const auto* pw = ::getpwuid(uid)) return pw->pw_name;
  return std::to_string(uid);
}

bool anyMatch(const std::string& pattern) {
  glob_t g{};
  const bool found = ::glob(pattern.c_str(), 0, nullptr, &g) == 0 && g.gl_pathc > 0;
  ::globfree(&g);
  return found;
}

bool socketAccepts(const std::string& path) {
  sockaddr_un addr{};
  if (path.size() >= sizeof addr.sun_path) return false;
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size());
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

DoctorCheck configCheck(const DoctorInput& in) {
  if (!in.config) return problem("config", in.config.error().message + "; fix that line or run hocso provision");
  if (in.config->source.empty())
    return problem("config", "no config file at " + in.config_path.string() + ": run hocso provision");
  return pass("config", in.config->source.string() + " read");
}

DoctorCheck machineCheck(SQLite::Database* db) {
  if (!db) return problem("provisioned", "no kiosk database yet: run hocso provision");
  auto recorded = recordedMachineId(*db);
  if (!recorded) return problem("provisioned", recorded.error().message);
  if (!*recorded) return problem("provisioned", "this kiosk was never provisioned: run hocso provision");
  if (auto same = checkMachineIdentity(*db, ""); !same)
    return problem("provisioned", "the data was provisioned on another PC (a copied disk?): run hocso provision here "
                                  "to make this PC its own kiosk");
  return pass("provisioned", "provisioned on this PC (" + machineIdFile().string() + " matches)");
}

DoctorCheck dataDirCheck(const fs::path& dir) {
  struct stat top {};
  if (::stat(dir.c_str(), &top) != 0 || !S_ISDIR(top.st_mode))
    return problem("data dir", dir.string() + " does not exist: run hocso provision (or check --data-dir)");
  std::vector<std::string> foreign;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) == 0 && st.st_uid != top.st_uid) foreign.push_back(it->path().string());
  }
  const std::string owner = userName(top.st_uid);
  if (!foreign.empty())
    return problem("data dir", foreign.front() + (foreign.size() > 1 ? " and " + std::to_string(foreign.size() - 1) + " more" : "") +
                                   " not owned by " + owner + " like " + dir.string() + ": run chown -R " + owner +
                                   ": " + dir.string());
  if (top.st_mode & 007)
    return problem("data dir", dir.string() + " is open to every user: run chmod 0750 " + dir.string());
  return pass("data dir", dir.string() + ", owner " + owner);
}

DoctorCheck freeSpaceCheck(const fs::path& dir) {
  std::error_code ec;
  const auto space = fs::space(dir, ec);
  if (ec) return problem("free space", "cannot tell the free space of " + dir.string() + ": " + ec.message());
  const std::string mib = std::to_string(space.available / kMiB) + " MiB free";
  if (space.available < kMinFreeBytes)
    return problem("free space", mib + " on " + dir.string() + " (at least " + std::to_string(kMinFreeBytes / kMiB) +
                                     " MiB needed): delete old files or use a larger disk");
  return pass("free space", mib);
}

DoctorCheck databaseCheck(SQLite::Database* db, const std::string& open_error) {
  if (!db) return problem("database", open_error + "; restore the last backup (hocso restore FILE)");
  try {
    SQLite::Statement q(*db, "PRAGMA quick_check");
    std::string first;
    int lines = 0;
    while (q.executeStep()) {
      if (lines++ == 0) first = q.getColumn(0).getString();
    }
    if (lines == 1 && first == "ok") return pass("database", "kiosk.db quick_check ok");
    return problem("database", "kiosk.db is damaged (" + first + "): stop the kiosk and restore the last backup "
                                                                 "(hocso restore FILE)");
  } catch (const SQLite::Exception& e) {
    return problem("database", std::string("kiosk.db cannot be read (") + e.what() +
                                   "): stop the kiosk and restore the last backup (hocso restore FILE)");
  }
}

DoctorCheck recordsCheck(const fs::path& dir) {
  auto report = verifyRecords(dir);
  if (!report) return problem("records", report.error().message + " (hocso records verify)");
  if (!report->intact)
    return problem("records", "the results chain is broken: " + report->problem +
                                  "; keep this PC as it is and call the district office");
  return pass("records", std::to_string(report->records) + " results, chain intact");
}

DoctorCheck keysCheck(const fs::path& dir) {
  const auto checks = selftestKeys(dir);
  for (const auto& c : checks)
    if (!c.ok) return problem("keys", c.name + ": " + c.detail + " (hocso keys selftest)");
  return pass("keys", std::to_string(checks.size()) + " key checks ok");
}

DoctorCheck packCheck(const Config& config, const fs::path& dir) {
  std::string source;
  auto pack = loadConfiguredPack(config, dir, &source);
  if (!pack)
    return problem("content pack", pack.error().message + "; install a signed pack (hocso content install PACK) "
                                                          "or reinstall the kiosk package");
  std::error_code ec;
  const std::string how = fs::is_directory(source, ec) ? " (pack sources, unsigned: a developer setup)" : ", signature verified";
  return pass("content pack", pack->info.id + " " + pack->info.version + " from " + source + how);
}

// The LRS check fails essentially when the LRS answers but refuses us; when
// it cannot be reached the results simply wait, so that is not essential.
DoctorCheck endpointCheck(const char* name, const sync::EndpointProbe& p, const std::string& what) {
  if (!p.configured) return pass(name, std::string("not configured: ") + what + " wait on this kiosk (or go by USB)", false);
  if (p.config_problem) return problem(name, p.detail + ": run hocso provision again");
  if (!p.reachable)
    return problem(name, "cannot reach it (" + p.detail + "): " + what +
                             " wait and go when the network returns; check the network cable or Wi-Fi", false);
  if (!p.accepted) {
    if (p.status == 401 || p.status == 403)
      return problem(name, "it refused our credentials (HTTP " + std::to_string(p.status) +
                               "): check the username and password or token, then run hocso provision again");
    return problem(name, "it answered " + p.detail + ": check the address with the district office");
  }
  return pass(name, "reachable, credentials accepted (" + p.detail + ")");
}

DoctorCheck clockCheck(const sync::EndpointProbe& lrs, const sync::EndpointProbe& cert) {
  const auto& offset = lrs.clock_offset_ms ? lrs.clock_offset_ms : cert.clock_offset_ms;
  if (!offset) return pass("clock", "not compared (no server answered with its time)", false);
  const long long seconds = *offset / 1000;
  if (std::llabs(*offset) >= std::chrono::milliseconds(sync::kClockCorrectionThreshold).count())
    return problem("clock", "the kiosk clock is off by " + std::to_string(seconds) +
                                " s from the server: set the date and time (timedatectl), or enable NTP", false);
  return pass("clock", "within " + std::to_string(std::llabs(seconds)) + " s of the server", false);
}

DoctorCheck outboxCheck(SQLite::Database* db, const Config& config) {
  if (!db) return problem("outbox", "no kiosk database", false);
  auto st = sync::readSyncStatus(*db, config, config);
  if (!st) return problem("outbox", st.error().message, false);
  const long long quarantined = st->lrs.quarantined + st->certification.quarantined;
  const std::string counts = std::to_string(st->lrs.pending + st->lrs.waiting) + " statements and " +
                             std::to_string(st->certification.pending + st->certification.waiting) +
                             " certificates pending, " + std::to_string(quarantined) + " quarantined";
  if (quarantined > 0) return problem("outbox", counts + ": see why with hocso sync status", false);
  return pass("outbox", counts, false);
}

DoctorCheck readAloudCheck(const Config& config) {
  std::atomic<bool> cancel{false};
  auto pcm = tts::synthesize("Xin chào", config.voice, cancel);
  if (!pcm || pcm->samples.empty())
    return problem("read-aloud", "espeak-ng cannot speak voice " + config.voice +
                                     (pcm ? std::string() : " (" + pcm.error().message + ")") +
                                     ": reinstall espeak-ng-data", false);
  return pass("read-aloud", "espeak-ng voice " + config.voice + " speaks", false);
}

DoctorCheck audioDeviceCheck() {
  std::vector<std::string> found;
  if (anyMatch("/dev/snd/pcmC*D*p")) found.push_back("ALSA playback device");
  if (const char* run = std::getenv("XDG_RUNTIME_DIR"); run && *run) {
    if (fs::exists(fs::path(run) / "pipewire-0")) found.push_back("PipeWire");
    if (fs::exists(fs::path(run) / "pulse" / "native")) found.push_back("PulseAudio");
  }
  if (found.empty())
    return problem("audio device", "no sound device found: plug in speakers or headphones (read-aloud stays silent)", false);
  std::string text = found.front();
  for (size_t i = 1; i < found.size(); ++i) text += ", " + found[i];
  return pass("audio device", text, false);
}

DoctorCheck displayCheck() {
  const std::string gpu = anyMatch("/dev/dri/card*") ? "a GPU driver is present"
                                                     : "no GPU driver: the kiosk draws in software (fine)";
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  const char* x11 = std::getenv("DISPLAY");
  if (wayland && *wayland) {
    fs::path sock(wayland);
    if (sock.is_relative()) sock = fs::path(std::getenv("XDG_RUNTIME_DIR") ? std::getenv("XDG_RUNTIME_DIR") : "") / sock;
    if (socketAccepts(sock.string())) return pass("display", std::string("Wayland display ") + wayland + "; " + gpu, false);
    return problem("display", std::string("Wayland display ") + wayland + " does not answer; " + gpu, false);
  }
  if (x11 && *x11) {
    const std::string d(x11);
    if (d.front() == ':') {
      const std::string n = d.substr(1, d.find('.') == std::string::npos ? std::string::npos : d.find('.') - 1);
      if (socketAccepts("/tmp/.X11-unix/X" + n)) return pass("display", "X display " + d + "; " + gpu, false);
      return problem("display", "X display " + d + " does not answer; " + gpu, false);
    }
    return pass("display", "X display " + d + " (remote, not probed); " + gpu, false);
  }
  return problem("display", "no display in this shell (normal over SSH); the kiosk gets one from cage at boot "
                            "(systemctl status hocso-kiosk); " + gpu, false);
}

}  // namespace

std::vector<DoctorCheck> runDoctor(const DoctorInput& in) {
  const Config config = in.config ? *in.config : Config{};
  std::vector<DoctorCheck> checks;
  checks.push_back(configCheck(in));
  // The network checks run meanwhile (each at most ~20 s).
  auto lrsProbe = std::async(std::launch::async, [&config] { return sync::probeLrs(config); });
  auto certProbe = std::async(std::launch::async, [&config] { return sync::probeCertification(config); });

  std::unique_ptr<SQLite::Database> db;
  std::string openError;
  if (auto opened = openKioskDatabaseReadOnly(in.data_dir)) db = std::move(*opened);
  else openError = opened.error().message;
  checks.push_back(machineCheck(db.get()));
  checks.push_back(dataDirCheck(in.data_dir));
  checks.push_back(freeSpaceCheck(in.data_dir));
  checks.push_back(databaseCheck(db.get(), openError));
  checks.push_back(db ? recordsCheck(in.data_dir) : problem("records", "no kiosk database to check"));
  checks.push_back(keysCheck(in.data_dir));
  checks.push_back(packCheck(config, in.data_dir));
  const auto lrs = lrsProbe.get();
  const auto cert = certProbe.get();
  checks.push_back(endpointCheck("lrs", lrs, "results"));
  checks.push_back(clockCheck(lrs, cert));
  checks.push_back(endpointCheck("certification", cert, "certificates"));
  checks.push_back(outboxCheck(db.get(), config));
  checks.push_back(readAloudCheck(config));
  checks.push_back(audioDeviceCheck());
  checks.push_back(displayCheck());
  return checks;
}

bool healthy(const std::vector<DoctorCheck>& checks) {
  for (const auto& c : checks)
    if (c.essential && !c.ok) return false;
  return true;
}

nlohmann::json doctorJson(const std::vector<DoctorCheck>& checks) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : checks)
    list.push_back({{"name", c.name}, {"ok", c.ok}, {"essential", c.essential}, {"detail", c.detail}});
  return {{"ok", healthy(checks)}, {"checks", list}};
}

}  // namespace hocso::app

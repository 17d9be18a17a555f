// Provisioning: answers checked first, then the clone decision, the secret
// files, hocso.toml (rewritten through toml++, every other key kept), keys,
// the machine id, the kiosk id and the first facilitator.
#include "provision_service.hpp"

#include <SQLiteCpp/Database.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <toml++/toml.h>

#include "kiosk_config.hpp"
#include "base/ed25519.hpp"
#include "base/files.hpp"
#include "base/openssl.hpp"
#include "assessment/identity.hpp"
#include "base/toml_guard.hpp"
#include "facilitator_service.hpp"
#include "key_service.hpp"
#include "kiosk_context.hpp"
#include "machine_identity.hpp"
#include "site_service.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

namespace {

Result<void> bad(const std::string& message) { return fail(ErrorCode::Invalid, message); }

bool hasControl(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// The host of scheme://[user@]host[:port]/…, lower-cased; "" when malformed.
std::string hostOf(const std::string& url, size_t after_scheme) {
  const size_t end = url.find_first_of("/?#", after_scheme);
  std::string authority = url.substr(after_scheme, end == std::string::npos ? std::string::npos : end - after_scheme);
  if (const size_t at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  std::string host;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string::npos) return "";
    host = authority.substr(1, close - 1);
  } else {
    host = authority.substr(0, authority.find(':'));
  }
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return host;
}

bool isLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// Where provisioning keeps what the config names: <config dir>/secrets (0750 with hocso.toml's group)
// and <config dir>/keys (public keys copied from the technician's stick).
fs::path configDir(const fs::path& config_path) {
  return config_path.has_parent_path() ? config_path.parent_path() : fs::path(".");
}

toml::table& subTable(toml::table& parent, const char* key) {
  if (!parent[key].is_table()) parent.insert_or_assign(key, toml::table{});
  return *parent[key].as_table();
}

Result<toml::table> readConfigTable(const fs::path& config_path) {
  std::error_code ec;
  if (!fs::exists(config_path, ec)) return toml::table{};
  auto text = readFileBounded(config_path, kSmallFileLimit);
  if (!text) return tl::unexpected(text.error());
  if (auto line = bareNonAsciiLine(*text))
    return fail(ErrorCode::Config, config_path.string() + ":" + std::to_string(*line) + ": " + kBareNonAsciiMessage);
  try {
    return toml::parse(*text, config_path.string());
  } catch (const toml::parse_error& e) {
    return fail(ErrorCode::Config, config_path.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                                       std::string(e.description()));
  }
}

// Writes the config atomically, keeping an existing file's owner, group and
// mode at most 0640 (the package installs it root:hocso 0640); a new one is 0640.
Result<void> writeConfig(const fs::path& config_path, const std::string& text) {
  struct stat before {};
  const bool existed = ::stat(config_path.c_str(), &before) == 0;
  // At most 0640: the kiosk user reads it through its group, nobody else.
  if (auto ok = writeFileAtomically(config_path, text, existed ? (before.st_mode & 0640) : 0640); !ok) return ok;
  if (existed && ::geteuid() == 0 && ::chown(config_path.c_str(), before.st_uid, before.st_gid) != 0)
    return fail(ErrorCode::Io, "cannot give " + config_path.string() + " back its owner");
  return {};
}

Result<void> removeCopiedIdentity(const fs::path& data_dir) {
  std::error_code ec;
  for (const char* name : {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm", "kiosk.db-journal"}) {
    fs::remove(data_dir / name, ec);
    if (ec) return fail(ErrorCode::Io, "cannot remove " + (data_dir / name).string() + ": " + ec.message());
  }
  fs::remove_all(data_dir / "keys", ec);
  if (ec) return fail(ErrorCode::Io, "cannot remove " + (data_dir / "keys").string() + ": " + ec.message());
  return {};
}

}  // namespace

Result<void> checkSiteId(const std::string& id) {
  const bool charsOk = std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
  if (id.size() < 2 || id.size() > 40 || !charsOk || id.front() == '-' || id.front() == '_')
    return bad("the site id \"" + id + "\" must be 2 to 40 lower-case letters, digits, '-' or '_' (e.g. hn-bavi-tanhong)");
  return {};
}

Result<void> checkSiteName(const std::string& name) {
  const std::string n = assessment::trimSpaces(name);
  if (n.empty() || assessment::utf8Length(n) > 80 || hasControl(n))
    return bad("the site name must be 1 to 80 characters on one line (e.g. Nhà văn hóa xã Tản Hồng)");
  return {};
}

Result<void> checkEndpoint(const std::string& url, const std::string& what, bool allow_http) {
  const bool https = url.rfind("https://", 0) == 0, http = url.rfind("http://", 0) == 0;
  if ((!https && !http) || hasControl(url) || url.find(' ') != std::string::npos)
    return bad(what + " \"" + url + "\" must be a URL starting with https://");
  const std::string host = hostOf(url, https ? 8 : 7);
  if (host.empty()) return bad(what + " \"" + url + "\" has no host name");
  if (http && !allow_http && !isLoopback(host))
    return bad(what + " \"" + url + "\" uses plain http: passwords would cross the network readable; use https:// "
               "(or --allow-http for a server on a trusted local network only)");
  return {};
}

Result<void> checkSecret(const std::string& value, const std::string& what) {
  if (value.empty()) return bad(what + " is empty");
  if (hasControl(value)) return bad(what + " must be one line");
  if (value.front() == ' ' || value.back() == ' ' || value.front() == '\t' || value.back() == '\t')
    return bad(what + " must not start or end with a space");
  return {};
}

Result<void> checkContentKey(const fs::path& pem) {
  if (auto key = readEd25519PublicKeyPem(pem); !key)
    return bad("content key " + pem.string() + " is not an Ed25519 public key PEM: " + key.error().message);
  return {};
}

Result<void> checkOfficeKey(const fs::path& pem) {
  auto text = readPemFile(pem);
  if (!text) return bad("office key " + text.error().message);
  ossl::Pkey key = ossl::parsePemKey(*text, false);
  if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_X25519)
    return bad("office key " + pem.string() + " is not an X25519 public key PEM (the office's USB bundle key, "
               "e.g. office-bundle.pub.pem)");
  return {};
}

Result<void> checkAnswers(const ProvisionAnswers& a) {
  if (auto ok = checkSiteId(a.site_id); !ok) return ok;
  if (!a.site_invite.empty()) {
    // Opened now (the PIN is checked), so a wrong one writes nothing.
    if (auto ok = checkInvite(a.site_invite, a.site_invite_pin); !ok) return ok;
  } else if (!a.site_invite_pin.empty()) {
    return bad("an invite PIN was given without the site invite (--site-invite)");
  }
  if (auto ok = checkSiteName(a.site_name); !ok) return ok;
  if (!a.lrs_endpoint.empty()) {
    if (auto ok = checkEndpoint(a.lrs_endpoint, "the LRS endpoint", a.allow_http); !ok) return ok;
    if (a.lrs_username.empty()) return bad("the LRS endpoint needs a username (--lrs-username)");
    if (hasControl(a.lrs_username) || a.lrs_username.find(':') != std::string::npos)
      return bad("the LRS username must be one line without ':'");
    if (auto ok = checkSecret(a.lrs_password, "the LRS password"); !ok) return ok;
  } else if (!a.lrs_username.empty() || !a.lrs_password.empty()) {
    return bad("an LRS username or password was given without the LRS endpoint (--lrs-endpoint)");
  }
  if (!a.cert_endpoint.empty()) {
    if (auto ok = checkEndpoint(a.cert_endpoint, "the certification endpoint", a.allow_http); !ok) return ok;
    if (auto ok = checkSecret(a.cert_token, "the certification token"); !ok) return ok;
  } else if (!a.cert_token.empty()) {
    return bad("a certification token was given without the certification endpoint (--cert-endpoint)");
  }
  for (const auto& k : a.content_keys)
    if (auto ok = checkContentKey(k); !ok) return ok;
  if (!a.office_key.empty())
    if (auto ok = checkOfficeKey(a.office_key); !ok) return ok;
  if (!a.facilitator_name.empty() || !a.facilitator_pin.empty())
    if (auto ok = checkFacilitatorAnswers(a.facilitator_name, a.facilitator_pin); !ok) return ok;
  return {};
}

void adoptDataDirOwner(const fs::path& data_dir) {
  if (::geteuid() != 0) return;
  struct stat top {};
  if (::stat(data_dir.c_str(), &top) != 0 || top.st_uid == 0) return;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(data_dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) == 0 && (st.st_uid != top.st_uid || st.st_gid != top.st_gid))
      (void)::lchown(it->path().c_str(), top.st_uid, top.st_gid);
  }
}

namespace {

// The clone decision and the first facilitator, before anything is written:
// a copy of another kiosk's data is kept unless the technician says to
// discard it, and a kiosk (or a new identity) needs a facilitator.
Result<void> checkBeforeWriting(const ProvisionAnswers& a, const fs::path& data_dir,
                                const Result<std::string>& machine, ProvisionOutcome& out) {
  auto db = openKioskDatabase(data_dir);
  if (!db) return tl::unexpected(db.error());
  auto recorded = recordedMachineId(**db);
  if (!recorded) return tl::unexpected(recorded.error());
  if (*recorded && (!machine || *machine != **recorded)) {
    auto records = countKioskRecords(**db);
    if (!records) return tl::unexpected(records.error());
    if (*records > 0 && !a.discard_copied_data)
      return fail(ErrorCode::WrongMachine,
                  "this PC's data in " + data_dir.string() + " is a copy of another kiosk's (" +
                      std::to_string(*records) + " records: learners, answers, results, queued statements); that "
                      "kiosk keeps and sends them itself. Run again with --discard-copied-data to delete this copy "
                      "and make this PC a new kiosk");
    out.new_identity = true;
    out.discarded_records = *records;
  }
  if (!a.facilitator_name.empty()) return {};
  long long facilitators = 0;
  try {
    facilitators = (**db).execAndGet("SELECT COUNT(*) FROM facilitators WHERE disabled_at IS NULL").getInt64();
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("reading the facilitators failed: ") + e.what());
  }
  if (out.new_identity || facilitators == 0)
    return fail(ErrorCode::Invalid, "this kiosk has no facilitator yet: give the first one "
                                    "(--facilitator-name and --facilitator-pin-file)");
  return {};
}

// Secrets: files beside the config; hocso.toml only names them. They are
// exactly as private as hocso.toml: the package installs it root:hocso 0640
// and the services run as hocso, so the secrets are root:hocso too, folder
// 0750 and files 0640, and nobody else reads them. A config that is not
// group-readable gives 0700/0600 (owner only).
class SecretFiles {
 public:
  SecretFiles(const fs::path& config_path, ProvisionOutcome& out) : config_path_(config_path), out_(out) {
    const fs::path dir = configDir(fs::absolute(config_path));  // the config names these files by absolute path
    secrets_ = dir / "secrets";
    keys_ = dir / "keys";
    cfg_exists_ = ::stat(config_path.c_str(), &cfg_) == 0;
    group_reads_ = !cfg_exists_ || (cfg_.st_mode & 0040) != 0;  // a new config is 0640
  }

  Result<fs::path> writeSecret(const char* name, const std::string& value) {
    std::error_code ec;
    fs::create_directories(secrets_, ec);
    if (::chmod(secrets_.c_str(), group_reads_ ? 0750 : 0700) != 0)
      return fail(ErrorCode::Io, "cannot make " + secrets_.string() + " private: " + std::strerror(errno));
    if (auto ok = shareGroup(secrets_); !ok) return tl::unexpected(ok.error());
    const fs::path file = secrets_ / name;
    if (auto ok = writeFileAtomically(file, value + "\n", group_reads_ ? 0640 : 0600); !ok)
      return tl::unexpected(ok.error());
    if (auto ok = shareGroup(file); !ok) return tl::unexpected(ok.error());
    out_.secret_files.push_back(file);
    return file;
  }

  Result<fs::path> copyPublic(const fs::path& from, const std::string& name) {
    auto text = readPemFile(from);
    if (!text) return tl::unexpected(text.error());
    const fs::path file = keys_ / name;
    std::error_code ec;
    fs::create_directories(keys_, ec);
    if (auto ok = writeFileAtomically(file, *text, 0644); !ok) return tl::unexpected(ok.error());
    return file;
  }

 private:
  Result<void> shareGroup(const fs::path& p) {
    if (!cfg_exists_ || !group_reads_ || cfg_.st_gid == ::getegid()) return {};
    if (::chown(p.c_str(), static_cast<uid_t>(-1), cfg_.st_gid) != 0)
      return fail(ErrorCode::Io, "cannot give " + p.string() + " the group of " + config_path_.string() + ": " +
                                     std::strerror(errno));
    return {};
  }

  const fs::path& config_path_;
  ProvisionOutcome& out_;
  fs::path secrets_, keys_;
  struct stat cfg_ {};
  bool cfg_exists_ = false, group_reads_ = true;
};

// The answers written into hocso.toml's tables (secrets into their files).
Result<void> applyAnswers(toml::table& root, const ProvisionAnswers& a, bool new_identity, SecretFiles& files) {
  toml::table& site = subTable(root, "site");
  site.insert_or_assign("id", a.site_id);
  site.insert_or_assign("name", assessment::trimSpaces(a.site_name));
  if (new_identity)
    if (auto* kiosk = root["kiosk"].as_table()) kiosk->erase("id");  // the copied kiosk's id
  toml::table& sync = subTable(root, "sync");
  toml::table& lrs = subTable(sync, "lrs");
  lrs.insert_or_assign("endpoint", a.lrs_endpoint);
  lrs.erase("password");  // never in hocso.toml
  if (!a.lrs_endpoint.empty()) {
    auto file = files.writeSecret("lrs-password", a.lrs_password);
    if (!file) return tl::unexpected(file.error());
    lrs.insert_or_assign("auth", "basic");
    lrs.insert_or_assign("username", a.lrs_username);
    lrs.insert_or_assign("password_file", file->string());
  }
  toml::table& cert = subTable(sync, "certification");
  cert.insert_or_assign("endpoint", a.cert_endpoint);
  if (!a.cert_endpoint.empty()) {
    auto file = files.writeSecret("cert-token", a.cert_token);
    if (!file) return tl::unexpected(file.error());
    cert.insert_or_assign("token_file", file->string());
  }
  if (!a.office_key.empty()) {
    auto file = files.copyPublic(a.office_key, "office-bundle.pub.pem");
    if (!file) return tl::unexpected(file.error());
    sync.insert_or_assign("bundle_public_key", file->string());
  }
  if (a.content_keys.empty()) return {};
  toml::array trusted;
  for (const auto& k : a.content_keys) {
    auto id = readEd25519PublicKeyPem(k);
    if (!id) return tl::unexpected(id.error());
    auto file = files.copyPublic(k, "content-" + ed25519KeyId(*id) + ".pub.pem");
    if (!file) return tl::unexpected(file.error());
    trusted.push_back(file->string());
  }
  subTable(root, "content").insert_or_assign("trusted_keys", trusted);
  return {};
}

// hocso.toml with the answers, written only when the kiosk would accept it.
Result<Config> writeProvisionedConfig(toml::table& root, const fs::path& config_path) {
  std::ostringstream text;
  text << "# HọcSố Kiosk configuration, written by `hocso provision` (run it again to change these answers).\n"
          "# Secrets are in root-only files named here, never in this file. Every key is described in\n"
          "# hocso.example.toml (deploy/config/ in the source, /usr/share/doc/hocso-kiosk/ when installed).\n\n"
       << root << "\n";
  std::vector<ConfigWarning> warnings;
  auto config = parseConfig(text.str(), config_path.string(), &warnings);
  if (!config) return tl::unexpected(config.error());  // never write a config the kiosk would refuse
  config->cameFrom(config_path);
  std::error_code made;
  if (config_path.has_parent_path()) fs::create_directories(config_path.parent_path(), made);
  if (auto ok = writeConfig(config_path, text.str()); !ok) return tl::unexpected(ok.error());
  return config;
}

// This kiosk's keys: data key, record signing key, USB bundle signing key
// (its public half is what the office enrols).
Result<void> makeKeys(const fs::path& data_dir, ProvisionOutcome& out) {
  auto status = initKeys(data_dir);
  if (!status) return tl::unexpected(status.error());
  std::error_code ec;
  if (!fs::exists(bundleSigningKeyFile(data_dir), ec))
    if (auto ok = generateEd25519KeyPair(bundleSigningKeyFile(data_dir), bundlePublicKeyFile(data_dir)); !ok)
      return tl::unexpected(ok.error());
  auto bundleKey = Ed25519PrivateKey::fromPemFile(bundleSigningKeyFile(data_dir));
  if (!bundleKey) return tl::unexpected(bundleKey.error());
  auto pem = bundleKey->publicPem();
  if (!pem) return tl::unexpected(pem.error());
  if (!fs::exists(bundlePublicKeyFile(data_dir), ec))
    if (auto ok = writeFileAtomically(bundlePublicKeyFile(data_dir), *pem, 0644); !ok) return tl::unexpected(ok.error());
  out.public_key_file = bundlePublicKeyFile(data_dir);
  out.public_key_pem = *pem;
  out.key_id = bundleKey->keyId();
  return {};
}

// The machine it runs on, then the kiosk itself (kiosk id made on first
// open), its first facilitator and its site.
Result<void> openProvisionedKiosk(const ProvisionAnswers& a, const Config& config, const fs::path& data_dir,
                                  const Result<std::string>& machine, ProvisionOutcome& out) {
  if (machine) {
    auto db = openKioskDatabase(data_dir);
    if (!db) return tl::unexpected(db.error());
    if (auto ok = recordMachineId(**db, *machine); !ok) return tl::unexpected(ok.error());
    out.machine_recorded = true;
  }
  auto ctx = openKiosk(config, data_dir);
  if (!ctx) return tl::unexpected(ctx.error());
  out.kiosk_id = (*ctx)->kiosk_id;
  out.site_id = a.site_id;
  if (!a.facilitator_name.empty()) {
    auto f = FacilitatorService(**ctx).addFacilitator(a.facilitator_name, a.facilitator_pin);
    if (!f) return tl::unexpected(f.error());
    out.facilitator_id = f->id;
  }
  if (!a.site_invite.empty()) {
    auto joined = joinSite(**ctx, a.site_invite, a.site_invite_pin);
    if (!joined) return tl::unexpected(joined.error());
    out.site_joined = joined->name;
  }
  return {};
}

}  // namespace

Result<ProvisionOutcome> provisionKiosk(const ProvisionAnswers& a, const fs::path& config_path, const fs::path& data_dir) {
  if (auto ok = checkAnswers(a); !ok) return tl::unexpected(ok.error());
  auto table = readConfigTable(config_path);
  if (!table) return tl::unexpected(table.error());
  ProvisionOutcome out;
  out.config_file = config_path;
  auto machine = readMachineId();
  if (auto ok = checkBeforeWriting(a, data_dir, machine, out); !ok) return tl::unexpected(ok.error());
  if (out.new_identity)
    if (auto ok = removeCopiedIdentity(data_dir); !ok) return tl::unexpected(ok.error());
  SecretFiles files(config_path, out);
  if (auto ok = applyAnswers(*table, a, out.new_identity, files); !ok) return tl::unexpected(ok.error());
  auto config = writeProvisionedConfig(*table, config_path);
  if (!config) return tl::unexpected(config.error());
  if (auto ok = makeKeys(data_dir, out); !ok) return tl::unexpected(ok.error());
  if (auto ok = openProvisionedKiosk(a, *config, data_dir, machine, out); !ok) return tl::unexpected(ok.error());
  adoptDataDirOwner(data_dir);
  return out;
}

std::string enrolmentText(const ProvisionOutcome& o) {
  return "HOCSO-KIOSK-ENROL v1\nkiosk_id: " + o.kiosk_id + "\nsite_id: " + o.site_id + "\nkey_id: " + o.key_id + "\n" +
         o.public_key_pem;
}

}  // namespace hocso::app

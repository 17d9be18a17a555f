// The sync module's part of the configuration file: [sync], [sync.lrs] and
// [sync.certification] — where results go, how often, and with what trust.
#pragma once

#include <string>

#include "base/config.hpp"

namespace hocso::sync {

struct LrsConfig {
  std::string endpoint;           // e.g. http://127.0.0.1:8081/xAPI/ ; empty = not configured
  std::string auth = "basic";     // basic | bearer
  std::string username;
  std::string password;           // inline (older configs); password_file wins when set
  std::string password_file;      // basic auth password in a root-only file, read at send time
  std::string token_file;         // bearer token, read at send time
  int batch_size = 100;
  int timeout_seconds = 30;
};

struct CertificationConfig {
  std::string endpoint;
  std::string token_file;
};

struct SyncConfig {
  int sync_interval_seconds = 300;
  std::string ca_bundle;
  std::string bundle_public_key;  // X25519 public key (PEM) of the central office: USB bundles are sealed to it
  std::string activity_base = "https://hocso.invalid/xapi/";  // IRI prefix for activity ids
  std::string account_home_page = "https://hocso.invalid";    // xAPI account homePage
  LrsConfig lrs;
  CertificationConfig certification;
};

// Declares [sync] and its tables with their rules into `schema`; values go to `config`.
void describeConfig(ConfigSchema& schema, SyncConfig& config);

}  // namespace hocso::sync

// Provisioning a kiosk (`hocso provision`): validating a technician's answers,
// writing hocso.toml (no secrets) and the root-only secret files it names,
// making this kiosk's id and keys, recording the machine it runs on (the
// clone check, machine_identity.hpp) and adding the first facilitator.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso::app {

struct ProvisionAnswers {
  std::string site_id, site_name;
  std::string lrs_endpoint, lrs_username, lrs_password;  // endpoint empty: no LRS (USB only)
  std::string cert_endpoint, cert_token;                 // endpoint empty: certificates wait
  std::vector<std::filesystem::path> content_keys;       // Ed25519 public key PEMs of content publishers
  std::filesystem::path office_key;                      // X25519 public key PEM the USB bundles are sealed to
  std::string facilitator_name, facilitator_pin;         // empty name: add no facilitator
  bool allow_http = false;             // http:// to a host that is not loopback (a trusted LAN only)
  bool discard_copied_data = false;    // on a cloned disk: delete the other kiosk's copied data
  std::filesystem::path site_invite;   // join this site of several kiosks (hocso site join); empty: none
  std::string site_invite_pin;         // the invite's PIN
};

// One rule each; Invalid with one line naming the answer and what it must be.
// A site id: 2 to 40 of a-z, 0-9, '-', '_', starting with a letter or digit.
Result<void> checkSiteId(const std::string& id);
// A site name: 1 to 80 characters, no control characters.
Result<void> checkSiteName(const std::string& name);
// An endpoint: https://HOST/…; http:// only to loopback (127.0.0.1, ::1,
// localhost) unless `allow_http`. `what` names it in the message.
Result<void> checkEndpoint(const std::string& url, const std::string& what, bool allow_http);
// A secret (password, token): non-empty, one line, no leading/trailing blanks.
Result<void> checkSecret(const std::string& value, const std::string& what);
// PEM public keys: Ed25519 (content) and X25519 (the office's bundle key).
Result<void> checkContentKey(const std::filesystem::path& pem);
Result<void> checkOfficeKey(const std::filesystem::path& pem);
// Every answer above, plus the facilitator (checkFacilitatorAnswers) and the
// pairs that go together (an LRS username needs its password, ...).
Result<void> checkAnswers(const ProvisionAnswers& answers);

struct ProvisionOutcome {
  std::string kiosk_id, site_id;
  std::filesystem::path config_file;
  std::vector<std::filesystem::path> secret_files;
  std::filesystem::path public_key_file;   // the USB bundle key the office enrols
  std::string public_key_pem, key_id;
  std::string facilitator_id;              // empty when none was added
  bool new_identity = false;               // a clone given its own id and keys
  long long discarded_records = 0;         // the other kiosk's records removed from this copy
  bool machine_recorded = false;           // false: /etc/machine-id unreadable, no clone check
  std::string site_joined;                 // the site of several kiosks joined ("" none)
};

// Provisions the kiosk whose config is `config_path` and data `data_dir`.
// Checks the answers first and writes nothing when one is wrong. On a cloned
// disk (kiosk.db records another machine id) the copy's kiosk.db and keys are
// replaced by new ones; when that copy holds records (learners, answers,
// results, queued statements: the original kiosk's, which it still holds and
// sends itself) this is refused (WrongMachine) unless discard_copied_data.
Result<ProvisionOutcome> provisionKiosk(const ProvisionAnswers& answers, const std::filesystem::path& config_path,
                                        const std::filesystem::path& data_dir);

// The text the enrolment QR code holds: kiosk id, site id and the public key PEM.
std::string enrolmentText(const ProvisionOutcome& outcome);

// When run as root: gives `data_dir`'s own owner and group to everything in
// it (files provisioning or a restore made as root), so the kiosk's user can
// open them. Does nothing for another user.
void adoptDataDirOwner(const std::filesystem::path& data_dir);

}  // namespace hocso::app

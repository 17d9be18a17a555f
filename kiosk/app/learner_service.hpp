// Learners with consent (Nghị định 13/2023): registration with an explicit,
// versioned consent; sign-in by name + birth year + PIN or citizen ID + PIN
// with a lockout kept in kiosk.db; erasure on request (personal fields wiped,
// identity taken out of the certification outbox, xAPI voiding statements
// and a certification erasure request queued in the same transaction; then
// the WAL emptied so no old copy stays in the data dir).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "assessment/identity.hpp"
#include "assessment/records.hpp"
#include "kiosk_context.hpp"
#include "learning_service.hpp"
#include "service_support.hpp"

namespace hocso::app {

// The consent text the learner is shown. Its version is stored with each
// consent; a new wording gets a new version (old consents keep theirs).
struct ConsentText {
  std::string version;
  std::string text_vi;                   // shown on screen and read aloud
  std::vector<std::string> purposes;     // machine names of the purposes in text_vi
  std::vector<std::string> recipients;   // "kiosk", "lrs", "certification_endpoint"
};
const ConsentText& currentConsentText();

struct Registration {
  std::string full_name;
  int birth_year = 0;
  std::string target_group = "citizen";  // citizen | civil_servant | student | worker
  std::string citizen_id;                // optional: 12 digits
  std::string phone;                     // optional
  std::string mentor_id;                 // optional: learner id of their Đại sứ số
  std::string pin;                       // 4 digits, for signing in again
  std::string picture_id;                // the sign-in picture (signin_pictures.hpp); empty: none
  bool consent_given = false;            // the learner agreed to currentConsentText()
  std::string consent_version;           // the version they were shown
  // Whether their identity may go to the certification endpoint (needed for
  // confirmation on VNeID). Without it results stay pseudonymous only.
  bool share_identity_for_certificate = true;
};

// A Đại sứ số (digital ambassador) a new learner may name as their mentor.
//
// Privacy: the kiosk is a public screen, so registration never lists the
// learners of the site, and there is no search by name or phone number
// (which would tell anyone who studies here). Instead a facilitator lists a
// learner as Đại sứ số, after asking them (the movement's volunteers guide
// people in the open, by name), and can take them off the list again; only
// those listed, and not erased, are offered by name. Erasing a learner takes
// them off the list in the same transaction.
struct ListedMentor {
  std::string learner_id;
  std::string full_name;
};

// What an erasure did (see LearnerService::deleteLearner).
struct ErasureSummary {
  int voiding_statements = 0;       // xAPI voiding statements queued for the LRS
  int certificates_scrubbed = 0;    // certification rows whose identity was taken out
  bool erasure_request_queued = false;  // the certification endpoint will be asked to erase its copy
};

// Every lockout that counts wrong PINs against this learner: theirs, and
// those counted against their name, citizen ID or picture (keyed hashes),
// also before they registered. Erasure and a PIN reset clear them all.
std::vector<assessment::LockoutSubject> learnerLockoutSubjects(const assessment::LearnerRepository& learners,
                                                               const assessment::Learner& learner);

// NeedsHint: the PIN is right for more than one learner of the same name
// (or picture) and birth year; ask the month they registered (a safe hint:
// nobody is listed) and try again with it. NeedsHelp: even the month does
// not tell them apart; a class helper must help.
enum class SignInStatus { SignedIn, WrongCredentials, Locked, NeedsHint, NeedsHelp };

struct SignInOutcome {
  SignInStatus status = SignInStatus::WrongCredentials;
  assessment::Learner learner;           // SignedIn only
  long long retry_after_ms = 0;          // Locked (and WrongCredentials that just locked)
};

inline const std::vector<std::string> kTargetGroups = {"citizen", "civil_servant", "student", "worker"};

// The erasure deleteLearner describes, inside the caller's write
// transaction and without emptying the WAL: deleteLearner, and a site
// import applying an erasure made on another kiosk.
Result<ErasureSummary> eraseLearnerWithin(KioskContext& ctx, const std::string& learner_id);

class LearnerService {
 public:
  explicit LearnerService(KioskContext& ctx, WallClock now_ms = systemNowMs) : ctx_(ctx), now_ms_(std::move(now_ms)) {}

  // One field as the UI edits it: "name", "birth_year", "target_group",
  // "citizen_id", "phone", "pin". Empty optional fields are valid.
  static std::optional<FieldError> validateField(const std::string& field, const std::string& value);
  static std::vector<FieldError> validate(const Registration& r);

  // Validates, then stores the learner (personal fields encrypted) and their
  // consent in one transaction. Refused without consent.
  Result<assessment::Learner> registerLearner(const Registration& r);

  // Sign-in. A wrong PIN only counts a failure (see LockoutPolicy); an
  // unknown name, picture or ID looks exactly like a wrong PIN. Names are
  // compared folded (accents, case and spaces ignored: "le thi thu ha"
  // finds "Lê Thị Thu Hà"). When the PIN is right for several learners of
  // that name (or picture) and year, the outcome is NeedsHint: call again
  // with `registration_month` (1..12, local time), which then must match.
  // Failures count against the lookup key (the blind index) and every
  // learner it found that is not locked; a locked lookup key, or all its
  // learners locked, refuses without counting.
  Result<SignInOutcome> signInByName(const std::string& full_name, int birth_year, const std::string& pin,
                                     std::optional<int> registration_month = std::nullopt);
  Result<SignInOutcome> signInByPicture(const std::string& picture_id, int birth_year, const std::string& pin,
                                        std::optional<int> registration_month = std::nullopt);
  Result<SignInOutcome> signInByCitizenId(const std::string& citizen_id, const std::string& pin);

  // The month (1..12, kiosk local time) the learner registered: the safe
  // hint asked when several learners match.
  static int registrationMonth(const assessment::Learner& learner);

  // Erases the learner, in one transaction: their personal data (name,
  // citizen ID, phone, PIN, lookup hashes, sign-in lockouts, the Đại sứ số
  // listing), their consent (withdrawn), the identity in every certification
  // outbox row (pending ones still go, pseudonymous; delivered ones keep no
  // copy), an xAPI voiding statement for every statement queued about them
  // and, when identity was queued, an erasure request for the certification
  // endpoint. Their pseudonymous results stay (tamper-evident records; see
  // sync/README.md "Erasure"). Then empties the WAL (wipeErasedCopies): when
  // another connection's reader keeps it from doing so within
  // wal_wipe_wait, fails with Database saying so (the erasure itself is
  // committed; wipeErasedCopies can finish it later). Invalid when the
  // learner is already erased.
  Result<ErasureSummary> deleteLearner(const std::string& learner_id);

  // Empties kiosk.db-wal (base truncateWal) so that what erasures overwrote
  // is nowhere in the data dir. Waits at most wal_wipe_wait for readers.
  Result<void> wipeErasedCopies();

  // The Đại sứ số listed at this kiosk (see ListedMentor), by name.
  Result<std::vector<ListedMentor>> listedMentors();
  // Lists (or takes off the list) a registered learner as Đại sứ số; who did
  // it is recorded. Listing twice is harmless.
  Result<void> setListedMentor(const std::string& learner_id, bool listed, const std::string& facilitator_id);

  Result<assessment::Learner> find(const std::string& learner_id);
  Result<std::optional<assessment::Consent>> consentOf(const std::string& learner_id);

  assessment::LockoutPolicy lockout_policy;
  // How long an erasure waits for other connections' readers to let go of
  // the WAL (they read briefly: the UI, the sync worker, a CLI command).
  std::chrono::milliseconds wal_wipe_wait{std::chrono::seconds(15)};

 private:
  Result<SignInOutcome> checkPin(const std::vector<assessment::Learner>& candidates, const std::string& lookup_key,
                                 const std::string& pin, std::optional<int> registration_month = std::nullopt);

  KioskContext& ctx_;
  WallClock now_ms_;
};

}  // namespace hocso::app

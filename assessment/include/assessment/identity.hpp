// Who a learner is, kept lawfully (Nghị định 13/2023/NĐ-CP): consent records,
// PIN hashing, the sign-in lockout stored in kiosk.db, and the validators of
// the registration fields. Repositories here never open transactions.
#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "base/crypto.hpp"
#include "base/error.hpp"
#include "base/text.hpp"

namespace hocso::assessment {

// ---- consent ---------------------------------------------------------------

// One explicit consent as the learner gave it: what is collected, why, who
// receives it, and which version of the consent text they were shown.
struct Consent {
  std::string id;
  std::string learner_id;
  std::string text_version;
  std::vector<std::string> fields;      // "full_name", "birth_year", "citizen_id", ...
  std::vector<std::string> purposes;    // "learning_progress", "certification", ...
  std::vector<std::string> recipients;  // "kiosk", "lrs", "certification_endpoint"
  std::string given_at;                 // ISO 8601 UTC
  std::string withdrawn_at;             // empty while in force

  bool covers(const std::string& recipient) const;
};

class ConsentRepository {
 public:
  explicit ConsentRepository(SQLite::Database& db) : db_(db) {}
  // Stores `consent` (id and given_at are filled in when empty).
  Result<Consent> record(Consent consent);
  // The newest consent still in force, if any.
  Result<std::optional<Consent>> current(const std::string& learner_id);
  Result<void> withdrawAll(const std::string& learner_id, const std::string& at);

 private:
  SQLite::Database& db_;
};

// ---- PINs ------------------------------------------------------------------

// PBKDF2-HMAC-SHA256 with a 16-byte per-learner salt. The PIN is first keyed
// with the kiosk data key (a pepper), so a copied kiosk.db alone does not
// allow trying the 10,000 PINs offline. Stored as
// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>".
inline constexpr int kPinIterations = 60000;

bool isValidPin(const std::string& pin);  // exactly 4 ASCII digits
// Fails (Crypto) when the random generator or PBKDF2 fails: never a hash
// with a predictable salt.
Result<std::string> hashPin(const std::string& pin, const FieldCipher& pepper, int iterations = kPinIterations);
bool verifyPin(const std::string& pin, const std::string& stored, const FieldCipher& pepper);

// ---- lockout ---------------------------------------------------------------

// After `free_failures` wrong PINs in a row, each further failure locks the
// subject for first_delay × 2^(failures − free_failures), at most max_delay.
// A right PIN clears the count. A refused attempt while locked is not counted.
struct LockoutPolicy {
  int free_failures = 5;
  std::chrono::seconds first_delay{30};
  std::chrono::seconds max_delay{3600};
  std::chrono::milliseconds delayAfter(int failures) const;
};

struct LockoutState {
  int failures = 0;
  long long locked_until_ms = 0;   // Unix ms; 0 = not locked
  long long remainingMs(long long now_ms) const { return locked_until_ms > now_ms ? locked_until_ms - now_ms : 0; }
};

// Whose wrong PINs a lockout counts: a learner, a facilitator, or what was
// typed to find a learner (the keyed blind index of a name, citizen ID or
// picture), so guessing by name is slowed before any learner is found.
struct LockoutSubject {
  enum class Kind { Learner, Facilitator, Lookup };
  Kind kind = Kind::Learner;
  std::string id;  // the learner's or facilitator's id; the blind index for Lookup

  static LockoutSubject learner(std::string id) { return {Kind::Learner, std::move(id)}; }
  static LockoutSubject facilitator(std::string id) { return {Kind::Facilitator, std::move(id)}; }
  static LockoutSubject lookup(std::string index) { return {Kind::Lookup, std::move(index)}; }
  // As stored in pin_lockouts.subject: "learner:<id>", "facilitator:<id>", "lookup:<index>".
  std::string key() const;
};

// Failure counts per subject, stored so a restart does not reset them.
class LockoutRepository {
 public:
  explicit LockoutRepository(SQLite::Database& db) : db_(db) {}
  Result<LockoutState> get(const LockoutSubject& subject);
  Result<LockoutState> recordFailure(const LockoutSubject& subject, long long now_ms, const LockoutPolicy& policy);
  Result<void> clear(const LockoutSubject& subject);

 private:
  SQLite::Database& db_;
};

// ---- field validation -------------------------------------------------------

// Citizen ID (CCCD): exactly 12 ASCII digits, nothing else.
bool isValidCitizenId(const std::string& value);
// A Vietnamese phone number: 0 + 9 digits, or +84 + 9 digits; spaces, dots
// and dashes are ignored. Returns the normalised form ("0912345678").
std::optional<std::string> normalizePhone(const std::string& value);
// The fold of the first name index (name_index_scheme 1, before foldName):
// trimmed, inner spaces collapsed, lower case (ASCII and precomposed
// Vietnamese letters), accents kept. Rows an older kiosk indexed this way
// are re-indexed at open; tests use it to write such rows.
std::string normalizeName(const std::string& value);
// Removes spaces at both ends; counts UTF-8 characters (base/text.hpp).
using hocso::trimSpaces;
using hocso::utf8Length;

}  // namespace hocso::assessment

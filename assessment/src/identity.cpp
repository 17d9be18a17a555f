// Consents, PIN hashes, the stored lockout and field validators (see
// identity.hpp). PIN hashing goes through OpenSSL's PBKDF2.
#include "assessment/identity.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/ids.hpp"
#include "base/text.hpp"
#include "sql_util.hpp"

namespace hocso::assessment {


bool Consent::covers(const std::string& recipient) const {
  return withdrawn_at.empty() && std::find(recipients.begin(), recipients.end(), recipient) != recipients.end();
}

namespace {

std::vector<std::string> stringList(const std::string& json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

Result<Consent> ConsentRepository::record(Consent c) {
  return guardedSql("saving the consent failed", [&]() -> Result<Consent> {
    if (c.id.empty()) c.id = uuid4();
    if (c.given_at.empty()) c.given_at = nowIso8601();
    SQLite::Statement q(db_,
                        "INSERT INTO consents(id, learner_id, text_version, fields, purposes, recipients, given_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    SQLite::bind(q, c.id, c.learner_id, c.text_version, nlohmann::json(c.fields).dump(),
                 nlohmann::json(c.purposes).dump(), nlohmann::json(c.recipients).dump(), c.given_at);
    q.exec();
    return c;
  });
}

Result<std::optional<Consent>> ConsentRepository::current(const std::string& learner_id) {
  return guardedSql("reading the consent failed", [&]() -> Result<std::optional<Consent>> {
    SQLite::Statement q(db_,
                        "SELECT id, learner_id, text_version, fields, purposes, recipients, given_at FROM consents "
                        "WHERE learner_id = ? AND withdrawn_at IS NULL ORDER BY given_at DESC, rowid DESC LIMIT 1");
    q.bind(1, learner_id);
    return firstRow(q, [](const SQLite::Statement& row) {
      Consent c;
      std::string fields, purposes, recipients;  // JSON arrays
      readColumns(row, c.id, c.learner_id, c.text_version, fields, purposes, recipients, c.given_at);
      c.fields = stringList(fields);
      c.purposes = stringList(purposes);
      c.recipients = stringList(recipients);
      return c;
    });
  });
}

Result<void> ConsentRepository::withdrawAll(const std::string& learner_id, const std::string& at) {
  return guardedSql("withdrawing the consent failed", [&]() -> Result<void> {
    SQLite::Statement q(db_, "UPDATE consents SET withdrawn_at = ? WHERE learner_id = ? AND withdrawn_at IS NULL");
    q.bind(1, at);
    q.bind(2, learner_id);
    q.exec();
    return {};
  });
}

// ---- PINs ------------------------------------------------------------------

bool isValidPin(const std::string& pin) {
  return pin.size() == 4 && std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

// "" when PBKDF2 fails (no hash then matches or is stored).
std::string pbkdf2Hex(const std::string& peppered, const std::vector<unsigned char>& salt, int iterations) {
  unsigned char out[32];
  if (PKCS5_PBKDF2_HMAC(peppered.data(), static_cast<int>(peppered.size()), salt.data(), static_cast<int>(salt.size()),
                        iterations, EVP_sha256(), sizeof out, out) != 1)
    return "";
  return toHex(out, sizeof out);
}

std::string pepper(const std::string& pin, const FieldCipher& cipher) { return cipher.blindIndex("pin\x1f" + pin); }

std::optional<std::vector<unsigned char>> fromHex(const std::string& hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::vector<unsigned char> out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
  return out;
}

}  // namespace

Result<std::string> hashPin(const std::string& pin, const FieldCipher& cipher, int iterations) {
  auto random = randomBytes(16);
  if (!random) return tl::unexpected(random.error());
  const std::vector<unsigned char> salt(random->begin(), random->end());
  const std::string hash = pbkdf2Hex(pepper(pin, cipher), salt, iterations);
  if (hash.empty()) return fail(ErrorCode::Crypto, "hashing the PIN failed (PBKDF2)");
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + toHex(salt.data(), salt.size()) + "$" + hash;
}

bool verifyPin(const std::string& pin, const std::string& stored, const FieldCipher& cipher) {
  // pbkdf2-sha256$<iter>$<salt>$<hash>
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= stored.size(); ++i) {
    if (i == stored.size() || stored[i] == '$') {
      parts.push_back(stored.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 4 || parts[0] != "pbkdf2-sha256") return false;
  int iterations = 0;
  try {
    iterations = std::stoi(parts[1]);
  } catch (...) {
    return false;
  }
  auto salt = fromHex(parts[2]);
  if (!salt || iterations < 1 || parts[3].size() != 64) return false;
  const std::string got = pbkdf2Hex(pepper(pin, cipher), *salt, iterations);
  return got.size() == parts[3].size() && CRYPTO_memcmp(got.data(), parts[3].data(), got.size()) == 0;
}

// ---- lockout ---------------------------------------------------------------

std::chrono::milliseconds LockoutPolicy::delayAfter(int failures) const {
  if (failures < free_failures) return std::chrono::milliseconds(0);
  const int doublings = std::min(failures - free_failures, 20);
  const std::chrono::milliseconds d = std::chrono::duration_cast<std::chrono::milliseconds>(first_delay) * (1LL << doublings);
  const std::chrono::milliseconds cap = std::chrono::duration_cast<std::chrono::milliseconds>(max_delay);
  return std::min(d, cap);
}

std::string LockoutSubject::key() const {
  switch (kind) {
    case Kind::Learner: return "learner:" + id;
    case Kind::Facilitator: return "facilitator:" + id;
    case Kind::Lookup: return "lookup:" + id;
  }
  return id;
}

Result<LockoutState> LockoutRepository::get(const LockoutSubject& subject) {
  return guardedSql("reading the sign-in lockout failed", [&]() -> Result<LockoutState> {
    SQLite::Statement q(db_, "SELECT failures, locked_until_ms FROM pin_lockouts WHERE subject = ?");
    q.bind(1, subject.key());
    LockoutState s;
    if (q.executeStep()) {
      s.failures = q.getColumn(0).getInt();
      s.locked_until_ms = q.getColumn(1).getInt64();
    }
    return s;
  });
}

Result<LockoutState> LockoutRepository::recordFailure(const LockoutSubject& subject, long long now_ms,
                                                      const LockoutPolicy& policy) {
  auto s = get(subject);
  if (!s) return s;
  return guardedSql("saving the sign-in lockout failed", [&]() -> Result<LockoutState> {
    LockoutState next{s->failures + 1, 0};
    const auto delay = policy.delayAfter(next.failures);
    if (delay.count() > 0) next.locked_until_ms = now_ms + delay.count();
    SQLite::Statement q(db_,
                        "INSERT INTO pin_lockouts(subject, failures, locked_until_ms, last_failure_ms) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(subject) DO UPDATE SET failures = excluded.failures, "
                        "locked_until_ms = excluded.locked_until_ms, last_failure_ms = excluded.last_failure_ms");
    SQLite::bind(q, subject.key(), next.failures, static_cast<int64_t>(next.locked_until_ms),
                 static_cast<int64_t>(now_ms));
    q.exec();
    return next;
  });
}

Result<void> LockoutRepository::clear(const LockoutSubject& subject) {
  return guardedSql("clearing the sign-in lockout failed", [&]() -> Result<void> {
    SQLite::Statement q(db_, "DELETE FROM pin_lockouts WHERE subject = ?");
    q.bind(1, subject.key());
    q.exec();
    return {};
  });
}

// ---- field validation -------------------------------------------------------

bool isValidCitizenId(const std::string& v) {
  return v.size() == 12 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::string> normalizePhone(const std::string& value) {
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == ' ' || c == '.' || c == '-') continue;
    if (c == '+' && digits.empty() && !plus) {
      plus = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits += c;
  }
  if (plus) {
    if (digits.size() != 11 || digits.compare(0, 2, "84") != 0) return std::nullopt;
    digits = "0" + digits.substr(2);
  }
  if (digits.size() != 10 || digits[0] != '0' || digits[1] == '0') return std::nullopt;
  return digits;
}

namespace {

// Lower case for the letters a Vietnamese name uses (precomposed forms).
char32_t lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c >= 0x100 && c <= 0x17F && c % 2 == 0 && c != 0x130 && c != 0x138) return c + 1;  // Ă Đ Ĩ Ũ ...
  if (c == 0x1A0 || c == 0x1AF) return c + 1;                                            // Ơ Ư
  if (c >= 0x1EA0 && c <= 0x1EF9 && c % 2 == 0) return c + 1;                            // Ạ … Ỹ
  return c;
}

}  // namespace

std::string normalizeName(const std::string& value) {
  const std::string s = trimSpaces(value);
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size();) {
    const char32_t c = decodeUtf8(s, i);
    if (c == 0) continue;  // a byte that is not UTF-8
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    appendUtf8(out, lower(c));
  }
  return out;
}

}  // namespace hocso::assessment

// Records no one can quietly change: every result row carries the hash of
// the previous one (a hash chain over the result, its attempt, its answers,
// its exam session and its certificate), and the chain head is signed with
// the kiosk's Ed25519 key. Repositories never open transactions.
#pragma once

#include <SQLiteCpp/Database.h>

#include <ostream>
#include <string>
#include <vector>

#include "assessment/certificate.hpp"
#include "base/crypto.hpp"
#include "base/error.hpp"

namespace hocso::assessment {

inline constexpr const char* kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

struct ChainReport {
  bool intact = true;
  long long records = 0;              // sealed results checked
  long long unsealed_legacy = 0;      // results from before the chain existed (listed at the upgrade), never sealed
  std::string head_hash;
  long long head_seq = 0;
  // The first problem, naming the record: "result <id> (#12, completed ...): ..."
  std::string first_broken_result_id;
  long long first_broken_seq = 0;
  std::string problem;
};

class RecordChain {
 public:
  RecordChain(SQLite::Database& db, const KioskSigner* signer) : db_(db), signer_(signer) {}
  // Adds the result this transaction just wrote (with its attempt, answers and
  // certificate) to the chain and signs the new head. Only the service that
  // wrote the row calls it, in the same transaction: a row written by anyone
  // else (sqlite3) is never sealed, so `verify` reports it.
  Result<void> seal(const std::string& result_id);
  // Recomputes every hash, checks the links and the signed head.
  Result<ChainReport> verify(const std::vector<Ed25519PublicKey>& trusted);

  // The canonical JSON a result's hash covers (also used by export).
  Result<std::string> canonicalRecord(const std::string& result_id, long long seq, const std::string& prev_hash);

 private:
  SQLite::Database& db_;
  const KioskSigner* signer_;
};

// Every record as JSON lines: learners (personal fields only when
// `cipher` is given), consents, attempts (with their exam session), answers,
// results (with their chain fields) and certificates.
Result<long long> exportRecordsJsonl(SQLite::Database& db, std::ostream& out, const FieldCipher* personal);

}  // namespace hocso::assessment

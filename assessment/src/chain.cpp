// The result hash chain (sealing, verification) and the JSON-lines export.
// A record's hash is SHA-256 over canonical JSON (sorted keys, nlohmann's
// shortest round-trip numbers) of the result, its attempt, answers, exam
// session and certificate, with the chain position and the previous hash.
#include "assessment/chain.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "base/ids.hpp"
#include "sql_util.hpp"

namespace hocso::assessment {

using nlohmann::json;
using ojson = nlohmann::ordered_json;  // export lines keep "type" first

namespace {

json textOrNull(const SQLite::Column& c) { return c.isNull() ? json(nullptr) : json(c.getString()); }

json parsedOrNull(const SQLite::Column& c) {
  if (c.isNull()) return nullptr;
  auto j = json::parse(c.getString(), nullptr, false);
  return j.is_discarded() ? json(c.getString()) : j;
}

// Prepared statements reused for every record (verification of long chains).
class RecordReader {
 public:
  explicit RecordReader(SQLite::Database& db)
      : result_(db,
                "SELECT id, attempt_id, learner_id, score, max_score, scaled, correct, passed, duration_ms, "
                "completed_at, details FROM results WHERE id = ?"),
        attempt_(db,
                 "SELECT id, learner_id, kind, lesson_id, pack_id, pack_version, question_ids, started_at, finished_at, "
                 "mastery_rule FROM attempts WHERE id = ?"),
        answers_(db,
                 "SELECT question_id, position, response, score, correct, answered_at FROM answers "
                 "WHERE attempt_id = ? ORDER BY position, question_id"),
        session_(db,
                 "SELECT target_group, framework, framework_version, blueprint, seed, questions, facilitator_id, "
                 "identity_checked, time_limit_ms, elapsed_ms FROM exam_sessions WHERE attempt_id = ?"),
        certificate_(db,
                     "SELECT id, learner_id, target_group, framework, framework_version, score, issued_on, site_id, "
                     "kiosk_id, key_id, payload, issued_at, facilitator_id FROM certificates WHERE result_id = ?") {}

  std::optional<std::string> canonical(const std::string& result_id, long long seq, const std::string& prev) {
    json rec;
    rec["v"] = 1;
    rec["seq"] = seq;
    rec["prev"] = prev;
    reset(result_);
    result_.bind(1, result_id);
    if (!result_.executeStep()) return std::nullopt;
    const std::string attemptId = result_.getColumn(1).getString();
    rec["result"] = {{"id", result_.getColumn(0).getString()},
                     {"attempt_id", attemptId},
                     {"learner_id", result_.getColumn(2).getString()},
                     {"score", result_.getColumn(3).getDouble()},
                     {"max_score", result_.getColumn(4).getDouble()},
                     {"scaled", result_.getColumn(5).getDouble()},
                     {"correct", result_.getColumn(6).getInt()},
                     {"passed", result_.getColumn(7).getInt() != 0},
                     {"duration_ms", result_.getColumn(8).getInt64()},
                     {"completed_at", result_.getColumn(9).getString()},
                     {"details", textOrNull(result_.getColumn(10))}};
    reset(attempt_);
    attempt_.bind(1, attemptId);
    if (attempt_.executeStep())
      rec["attempt"] = {{"id", attempt_.getColumn(0).getString()},        {"learner_id", attempt_.getColumn(1).getString()},
                        {"kind", attempt_.getColumn(2).getString()},      {"lesson_id", textOrNull(attempt_.getColumn(3))},
                        {"pack_id", attempt_.getColumn(4).getString()},   {"pack_version", attempt_.getColumn(5).getString()},
                        {"question_ids", attempt_.getColumn(6).getString()}, {"started_at", attempt_.getColumn(7).getString()},
                        {"finished_at", textOrNull(attempt_.getColumn(8))}, {"mastery_rule", textOrNull(attempt_.getColumn(9))}};
    else
      rec["attempt"] = nullptr;
    json answers = json::array();
    reset(answers_);
    answers_.bind(1, attemptId);
    while (answers_.executeStep())
      answers.push_back({{"question_id", answers_.getColumn(0).getString()},
                         {"position", answers_.getColumn(1).getInt()},
                         {"response", answers_.getColumn(2).getString()},
                         {"score", answers_.getColumn(3).getDouble()},
                         {"correct", answers_.getColumn(4).getInt() != 0},
                         {"answered_at", answers_.getColumn(5).getString()}});
    rec["answers"] = answers;
    reset(session_);
    session_.bind(1, attemptId);
    if (session_.executeStep())
      rec["exam"] = {{"target_group", session_.getColumn(0).getString()},
                     {"framework", session_.getColumn(1).getString()},
                     {"framework_version", session_.getColumn(2).getString()},
                     {"blueprint", session_.getColumn(3).getString()},
                     {"seed", session_.getColumn(4).getString()},
                     {"questions", session_.getColumn(5).getString()},
                     {"facilitator_id", session_.getColumn(6).getString()},
                     {"identity_checked", session_.getColumn(7).getInt() != 0},
                     {"time_limit_ms", session_.getColumn(8).getInt64()},
                     {"elapsed_ms", session_.getColumn(9).getInt64()}};
    else
      rec["exam"] = nullptr;
    reset(certificate_);
    certificate_.bind(1, result_id);
    if (certificate_.executeStep()) {
      rec["certificate"] = {{"id", certificate_.getColumn(0).getString()},
                            {"learner_id", certificate_.getColumn(1).getString()},
                            {"target_group", certificate_.getColumn(2).getString()},
                            {"framework", certificate_.getColumn(3).getString()},
                            {"framework_version", certificate_.getColumn(4).getString()},
                            {"score", certificate_.getColumn(5).getDouble()},
                            {"date", certificate_.getColumn(6).getString()},
                            {"site_id", certificate_.getColumn(7).getString()},
                            {"kiosk_id", certificate_.getColumn(8).getString()},
                            {"key_id", certificate_.getColumn(9).getString()},
                            {"payload", certificate_.getColumn(10).getString()},
                            {"issued_at", certificate_.getColumn(11).getString()}};
      // Assessment migration 7; absent from certificates issued before it, so
      // their hashes stay as they were sealed.
      if (!certificate_.getColumn(12).isNull())
        rec["certificate"]["facilitator_id"] = certificate_.getColumn(12).getString();
    } else {
      rec["certificate"] = nullptr;
    }
    return rec.dump();
  }

 private:
  static void reset(SQLite::Statement& s) {
    s.reset();
    s.clearBindings();
  }
  SQLite::Statement result_, attempt_, answers_, session_, certificate_;
};

std::string headMessage(long long seq, const std::string& hash) {
  return "hocso-records-v1\n" + std::to_string(seq) + "\n" + hash;
}

}  // namespace

Result<std::string> RecordChain::canonicalRecord(const std::string& result_id, long long seq, const std::string& prev) {
  return guardedSql("reading the record failed", [&]() -> Result<std::string> {
    RecordReader reader(db_);
    auto c = reader.canonical(result_id, seq, prev);
    if (!c) return fail(ErrorCode::NotFound, "no result " + result_id);
    return *c;
  });
}

Result<void> RecordChain::seal(const std::string& result_id) {
  if (!signer_) return fail(ErrorCode::Crypto, "the kiosk has no signing key to seal records (run hocso keys init)");
  return guardedSql("sealing the records failed", [&]() -> Result<void> {
    {
      SQLite::Statement mine(db_, "SELECT chain_seq FROM results WHERE id = ?");
      mine.bind(1, result_id);
      if (!mine.executeStep()) return fail(ErrorCode::NotFound, "no result " + result_id);
      if (!mine.getColumn(0).isNull()) return fail(ErrorCode::Invalid, "result " + result_id + " is already sealed");
    }
    long long seq = 0;
    std::string prev = kGenesisHash;
    {
      SQLite::Statement last(db_, "SELECT chain_seq, row_hash FROM results WHERE chain_seq IS NOT NULL "
                                  "ORDER BY chain_seq DESC LIMIT 1");
      if (last.executeStep()) {
        seq = last.getColumn(0).getInt64();
        prev = last.getColumn(1).getString();
      }
    }
    ++seq;
    RecordReader reader(db_);
    auto canonical = reader.canonical(result_id, seq, prev);
    if (!canonical) return fail(ErrorCode::NotFound, "no result " + result_id);
    const std::string hash = sha256Hex(*canonical);
    SQLite::Statement up(db_, "UPDATE results SET chain_seq = ?, prev_hash = ?, row_hash = ? WHERE id = ?");
    SQLite::bind(up, static_cast<int64_t>(seq), prev, hash, result_id);
    up.exec();
    const auto sig = signer_->sign(headMessage(seq, hash));
    if (!sig) return fail(sig.error().code, "cannot sign the record chain head: " + sig.error().message);
    SQLite::Statement head(db_,
                           "INSERT INTO record_chain_head(id, seq, hash, key_id, signature, signed_at) "
                           "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, "
                           "hash = excluded.hash, key_id = excluded.key_id, signature = excluded.signature, "
                           "signed_at = excluded.signed_at");
    SQLite::bind(head, static_cast<int64_t>(seq), hash, signer_->keyId(),
                 base64url(std::string(reinterpret_cast<const char*>(sig->data()), sig->size())), nowIso8601());
    head.exec();
    return {};
  });
}

namespace {

// A chain check in progress: the first break found is the one reported.
struct ChainCheck {
  ChainReport r;

  void broken(const std::string& id, long long seq, const std::string& completed, const std::string& what) {
    if (!r.intact) return;
    r.intact = false;
    r.first_broken_result_id = id;
    r.first_broken_seq = seq;
    r.problem = "result " + id + (seq > 0 ? " (#" + std::to_string(seq) + ")" : "") +
                (completed.empty() ? "" : ", completed " + completed) + ": " + what;
  }
};

// The sealed results in order: numbered without gaps, each linked to the one
// before and matching its own hash. Sets the head the chain ends at.
void walkChain(SQLite::Database& db, ChainCheck& check) {
  ChainReport& r = check.r;
  RecordReader reader(db);
  SQLite::Statement q(db,
                      "SELECT id, chain_seq, prev_hash, row_hash, completed_at FROM results "
                      "WHERE chain_seq IS NOT NULL ORDER BY chain_seq");
  long long expected = 1;
  std::string prev = kGenesisHash;
  while (q.executeStep() && r.intact) {
    const std::string id = q.getColumn(0).getString();
    const long long seq = q.getColumn(1).getInt64();
    const std::string storedPrev = q.getColumn(2).isNull() ? "" : q.getColumn(2).getString();
    const std::string storedHash = q.getColumn(3).isNull() ? "" : q.getColumn(3).getString();
    const std::string completed = q.getColumn(4).getString();
    if (seq != expected) {
      check.broken(id, seq, completed, "the record before it (#" + std::to_string(expected) + ") is missing");
      break;
    }
    if (storedPrev != prev) {
      check.broken(id, seq, completed, "its link to the previous record does not match (a record was removed or changed)");
      break;
    }
    auto canonical = reader.canonical(id, seq, storedPrev);
    if (!canonical || sha256Hex(*canonical) != storedHash) {
      check.broken(id, seq, completed,
                   "its content no longer matches its hash (the score, answers, attempt, exam session or certificate was changed)");
      break;
    }
    prev = storedHash;
    ++r.records;
    ++expected;
  }
  r.head_seq = expected - 1;
  r.head_hash = prev;
}

// Results outside the chain: only those listed when the chain was added
// (results_before_chain, filled by the upgrade itself) are allowed; any
// other row was written outside HọcSố, whatever date it claims. Results
// from another kiosk of the site (origin_kiosk) are in that kiosk's chain.
void checkUnsealed(SQLite::Database& db, ChainCheck& check) {
  SQLite::Statement loose(db,
                          "SELECT r.id, r.completed_at, b.result_id IS NOT NULL FROM results r "
                          "LEFT JOIN results_before_chain b ON b.result_id = r.id "
                          "WHERE r.chain_seq IS NULL AND r.origin_kiosk IS NULL ORDER BY r.completed_at, r.rowid");
  while (loose.executeStep()) {
    if (loose.getColumn(2).getInt() != 0) {
      ++check.r.unsealed_legacy;
      continue;
    }
    check.broken(loose.getColumn(0).getString(), 0, loose.getColumn(1).getString(),
                 "it is not in the chain (added outside HọcSố, or its hash was removed)");
  }
}

// The signed head must be signed by a trusted key and name the last record.
void checkSignedHead(SQLite::Database& db, const std::vector<Ed25519PublicKey>& trusted, ChainCheck& check) {
  const ChainReport& r = check.r;
  SQLite::Statement h(db, "SELECT seq, hash, key_id, signature FROM record_chain_head WHERE id = 1");
  if (!h.executeStep()) {
    if (r.records > 0) check.broken("(chain head)", 0, "", "the signed chain head is missing");
    return;
  }
  const long long headSeq = h.getColumn(0).getInt64();
  const std::string headHash = h.getColumn(1).getString(), keyId = h.getColumn(2).getString();
  auto sig = unbase64url(h.getColumn(3).getString());
  const Ed25519PublicKey* key = nullptr;
  for (const auto& k : trusted)
    if (keyIdOf(k) == keyId) key = &k;
  if (!key) {
    check.broken("(chain head)", headSeq, "", "signed by key " + keyId + ", which is not this kiosk's key");
  } else if (!sig || !verifyEd25519(*key, headMessage(headSeq, headHash),
                                    reinterpret_cast<const unsigned char*>(sig->data()), sig->size())) {
    check.broken("(chain head)", headSeq, "", "the signature of the chain head does not match (the head was changed)");
  } else if (headSeq != r.head_seq || headHash != r.head_hash) {
    check.broken("(chain head)", headSeq, "",
                 "the signed head names record #" + std::to_string(headSeq) + " but the chain ends at #" +
                     std::to_string(r.head_seq) +
                     (headSeq > r.head_seq ? ": the last record(s) were removed"
                                           : ": records were added without the kiosk key"));
  }
}

}  // namespace

Result<ChainReport> RecordChain::verify(const std::vector<Ed25519PublicKey>& trusted) {
  return guardedSql("checking the records failed", [&]() -> Result<ChainReport> {
    ChainCheck check;
    walkChain(db_, check);
    checkUnsealed(db_, check);
    if (check.r.intact) checkSignedHead(db_, trusted, check);
    return check.r;
  });
}

namespace {

// One JSON object a line, counted.
struct JsonlWriter {
  std::ostream& out;
  long long lines = 0;

  void operator()(const ojson& j) {
    out << j.dump() << '\n';
    ++lines;
  }
};

// A learner's name, citizen id and phone, decrypted into the line.
Result<void> addPersonalFields(ojson& j, SQLite::Statement& q, const FieldCipher& personal) {
  struct F {
    int col;
    const char* name;
    const char* context;
  };
  for (const F& f : {F{6, "full_name", "learners.full_name"}, F{7, "citizen_id", "learners.citizen_id"},
                     F{8, "phone", "learners.phone"}}) {
    if (q.getColumn(f.col).isNull()) continue;
    auto plain = personal.decrypt(detail::blobOf(q.getColumn(f.col)), f.context);
    if (!plain) return fail(ErrorCode::Crypto, "learner " + q.getColumn(0).getString() + ": " + plain.error().message);
    j[f.name] = *plain;
  }
  return {};
}

// Learners; with `personal`, the identity of those not erased.
Result<void> exportLearners(SQLite::Database& db, JsonlWriter& emit, const FieldCipher* personal) {
  SQLite::Statement q(db,
                      "SELECT id, birth_year, target_group, created_at, mentor_id, erased_at, full_name_enc, "
                      "citizen_id_enc, phone_enc FROM learners ORDER BY created_at, rowid");
  while (q.executeStep()) {
    ojson j = {{"type", "learner"},          {"learner_id", q.getColumn(0).getString()},
              {"birth_year", q.getColumn(1).getInt()}, {"target_group", q.getColumn(2).getString()},
              {"created_at", q.getColumn(3).getString()}, {"mentor_id", textOrNull(q.getColumn(4))},
              {"erased_at", textOrNull(q.getColumn(5))}};
    if (personal && q.getColumn(5).isNull())
      if (auto ok = addPersonalFields(j, q, *personal); !ok) return ok;
    emit(j);
  }
  return {};
}

void exportConsents(SQLite::Database& db, JsonlWriter& emit) {
  SQLite::Statement q(db,
                      "SELECT id, learner_id, text_version, fields, purposes, recipients, given_at, withdrawn_at "
                      "FROM consents ORDER BY given_at, rowid");
  while (q.executeStep())
    emit({{"type", "consent"},        {"consent_id", q.getColumn(0).getString()},
          {"learner_id", q.getColumn(1).getString()}, {"text_version", q.getColumn(2).getString()},
          {"fields", parsedOrNull(q.getColumn(3))},   {"purposes", parsedOrNull(q.getColumn(4))},
          {"recipients", parsedOrNull(q.getColumn(5))}, {"given_at", q.getColumn(6).getString()},
          {"withdrawn_at", textOrNull(q.getColumn(7))}});
}

// Attempts, with their exam session if they are exams.
void exportAttempts(SQLite::Database& db, JsonlWriter& emit) {
  SQLite::Statement q(db,
                      "SELECT a.id, a.learner_id, a.kind, a.lesson_id, a.pack_id, a.pack_version, a.question_ids, "
                      "a.started_at, a.finished_at, a.mastery_rule, s.target_group, s.seed, s.facilitator_id, "
                      "s.identity_checked, s.time_limit_ms, s.elapsed_ms, s.blueprint "
                      "FROM attempts a LEFT JOIN exam_sessions s ON s.attempt_id = a.id ORDER BY a.started_at, a.rowid");
  while (q.executeStep()) {
    ojson j = {{"type", "attempt"},          {"attempt_id", q.getColumn(0).getString()},
              {"learner_id", q.getColumn(1).getString()}, {"kind", q.getColumn(2).getString()},
              {"lesson_id", textOrNull(q.getColumn(3))}, {"pack_id", q.getColumn(4).getString()},
              {"pack_version", q.getColumn(5).getString()}, {"question_ids", parsedOrNull(q.getColumn(6))},
              {"started_at", q.getColumn(7).getString()}, {"finished_at", textOrNull(q.getColumn(8))},
              {"mastery_rule", textOrNull(q.getColumn(9))}};
    if (!q.getColumn(10).isNull())
      j["exam"] = ojson{{"target_group", q.getColumn(10).getString()}, {"seed", q.getColumn(11).getString()},
                   {"facilitator_id", q.getColumn(12).getString()}, {"identity_checked", q.getColumn(13).getInt() != 0},
                   {"time_limit_ms", q.getColumn(14).getInt64()}, {"elapsed_ms", q.getColumn(15).getInt64()},
                   {"blueprint", parsedOrNull(q.getColumn(16))}};
    emit(j);
  }
}

void exportAnswers(SQLite::Database& db, JsonlWriter& emit) {
  SQLite::Statement q(db,
                      "SELECT an.attempt_id, an.question_id, an.position, an.response, an.score, an.correct, "
                      "an.answered_at, at.learner_id, at.kind FROM answers an JOIN attempts at ON at.id = an.attempt_id "
                      "ORDER BY at.started_at, at.rowid, an.position");
  while (q.executeStep())
    emit({{"type", "answer"},         {"attempt_id", q.getColumn(0).getString()},
          {"question_id", q.getColumn(1).getString()}, {"position", q.getColumn(2).getInt()},
          {"response", parsedOrNull(q.getColumn(3))}, {"score", q.getColumn(4).getDouble()},
          {"correct", q.getColumn(5).getInt() != 0},  {"answered_at", q.getColumn(6).getString()},
          {"learner_id", q.getColumn(7).getString()}, {"kind", q.getColumn(8).getString()}});
}

// How far each learner read each lesson, per day.
void exportLessonViews(SQLite::Database& db, JsonlWriter& emit) {
  SQLite::Statement q(db,
                      "SELECT learner_id, pack_id, lesson_id, day, pack_version, pages_seen, total_pages, views, "
                      "first_viewed_at, last_viewed_at, completed_at FROM lesson_views "
                      "ORDER BY first_viewed_at, learner_id, pack_id, lesson_id");
  while (q.executeStep())
    emit({{"type", "lesson_view"},    {"learner_id", q.getColumn(0).getString()},
          {"pack_id", q.getColumn(1).getString()},   {"lesson_id", q.getColumn(2).getString()},
          {"day", q.getColumn(3).getString()},       {"pack_version", q.getColumn(4).getString()},
          {"pages_seen", q.getColumn(5).getInt()},   {"total_pages", q.getColumn(6).getInt()},
          {"views", q.getColumn(7).getInt()},        {"first_viewed_at", q.getColumn(8).getString()},
          {"last_viewed_at", q.getColumn(9).getString()}, {"completed_at", textOrNull(q.getColumn(10))}});
}

// Results in chain order, with their links.
void exportResults(SQLite::Database& db, JsonlWriter& emit) {
  SQLite::Statement q(db,
                      "SELECT id, attempt_id, learner_id, score, max_score, scaled, correct, passed, duration_ms, "
                      "completed_at, details, chain_seq, prev_hash, row_hash FROM results "
                      "ORDER BY chain_seq IS NULL, chain_seq, completed_at");
  while (q.executeStep())
    emit({{"type", "result"},         {"result_id", q.getColumn(0).getString()},
          {"attempt_id", q.getColumn(1).getString()}, {"learner_id", q.getColumn(2).getString()},
          {"score", q.getColumn(3).getDouble()},      {"max_score", q.getColumn(4).getDouble()},
          {"scaled", q.getColumn(5).getDouble()},     {"correct", q.getColumn(6).getInt()},
          {"passed", q.getColumn(7).getInt() != 0},   {"duration_ms", q.getColumn(8).getInt64()},
          {"completed_at", q.getColumn(9).getString()}, {"details", parsedOrNull(q.getColumn(10))},
          {"chain_seq", q.getColumn(11).isNull() ? json(nullptr) : json(q.getColumn(11).getInt64())},
          {"prev_hash", textOrNull(q.getColumn(12))}, {"hash", textOrNull(q.getColumn(13))}});
}

void exportCertificates(SQLite::Database& db, JsonlWriter& emit) {
  SQLite::Statement q(db,
                      "SELECT id, result_id, learner_id, target_group, framework, framework_version, score, issued_on, "
                      "site_id, kiosk_id, key_id, payload, issued_at, facilitator_id FROM certificates ORDER BY issued_at, rowid");
  while (q.executeStep())
    emit({{"type", "certificate"},     {"certificate_id", q.getColumn(0).getString()},
          {"result_id", q.getColumn(1).getString()}, {"learner_id", q.getColumn(2).getString()},
          {"target_group", q.getColumn(3).getString()}, {"framework", q.getColumn(4).getString()},
          {"framework_version", q.getColumn(5).getString()}, {"score", q.getColumn(6).getDouble()},
          {"date", q.getColumn(7).getString()},      {"site_id", q.getColumn(8).getString()},
          {"kiosk_id", q.getColumn(9).getString()},   {"key_id", q.getColumn(10).getString()},
          {"payload", q.getColumn(11).getString()},   {"issued_at", q.getColumn(12).getString()},
          {"facilitator_id", textOrNull(q.getColumn(13))}});
}

}  // namespace

Result<long long> exportRecordsJsonl(SQLite::Database& db, std::ostream& out, const FieldCipher* personal) {
  return guardedSql("exporting the records failed", [&]() -> Result<long long> {
    JsonlWriter emit{out};
    if (auto ok = exportLearners(db, emit, personal); !ok) return tl::unexpected(ok.error());
    exportConsents(db, emit);
    exportAttempts(db, emit);
    exportAnswers(db, emit);
    exportLessonViews(db, emit);
    exportResults(db, emit);
    exportCertificates(db, emit);
    return emit.lines;
  });
}

}  // namespace hocso::assessment

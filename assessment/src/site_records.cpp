// Records that travel between the kiosks of a site (site_records.hpp).
#include "assessment/site_records.hpp"

#include <SQLiteCpp/Statement.h>

#include <array>

#include "assessment/learner_merge.hpp"
#include "assessment/records.hpp"
#include "sql_util.hpp"

namespace hocso::assessment {
namespace {
using nlohmann::json;

// The columns that travel, per table. Only these names ever reach SQL text,
// whatever keys a record carries.
const std::vector<std::string> kConsentCols = {"id",         "learner_id", "text_version", "fields",
                                               "purposes",   "recipients", "given_at",     "withdrawn_at"};
const std::vector<std::string> kAttemptCols = {"id",           "learner_id", "kind",        "lesson_id",
                                               "pack_id",      "pack_version", "question_ids", "started_at",
                                               "finished_at",  "mastery_rule"};
const std::vector<std::string> kAnswerCols = {"attempt_id", "question_id", "position",   "response",
                                              "score",      "correct",     "answered_at"};
const std::vector<std::string> kResultCols = {"id",      "attempt_id", "learner_id",  "score",        "max_score",
                                              "scaled",  "correct",    "passed",      "duration_ms",  "completed_at",
                                              "details"};
const std::vector<std::string> kCertificateCols = {"id",         "result_id",  "learner_id", "target_group",
                                                   "framework",  "framework_version", "score", "issued_on",
                                                   "site_id",    "kiosk_id",   "key_id",     "payload",
                                                   "issued_at",  "facilitator_id"};
const std::vector<std::string> kLessonViewCols = {"learner_id",  "pack_id",     "lesson_id",       "day",
                                                  "pack_version", "pages_seen", "total_pages",     "views",
                                                  "first_viewed_at", "last_viewed_at", "completed_at"};

std::string joined(const std::vector<std::string>& cols, const std::string& prefix = "") {
  std::string s;
  for (const auto& c : cols) s += (s.empty() ? "" : ", ") + prefix + c;
  return s;
}

json columnJson(const SQLite::Column& c) {
  if (c.isNull()) return nullptr;
  if (c.isInteger()) return c.getInt64();
  if (c.isFloat()) return c.getDouble();
  return c.getString();  // TEXT (no BLOB column travels generically)
}

json rowJson(SQLite::Statement& q, const std::vector<std::string>& cols) {
  json row = json::object();
  for (size_t i = 0; i < cols.size(); ++i) row[cols[i]] = columnJson(q.getColumn(static_cast<int>(i)));
  return row;
}

// A travelling value bound to a parameter; anything but a scalar is damage.
Result<void> bindJson(SQLite::Statement& q, int i, const json& v) {
  if (v.is_null()) q.bind(i);
  else if (v.is_number_integer()) q.bind(i, static_cast<int64_t>(v.get<long long>()));
  else if (v.is_number_float()) q.bind(i, v.get<double>());
  else if (v.is_string()) q.bind(i, v.get<std::string>());
  else if (v.is_boolean()) q.bind(i, v.get<bool>() ? 1 : 0);
  else return fail(ErrorCode::Damaged, "a travelling record holds a value that is not a plain value");
  return {};
}

std::string placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

Result<void> insertRow(SQLite::Database& db, const char* table, const std::vector<std::string>& cols, const json& row,
                       const std::string* origin) {
  if (!row.is_object()) return fail(ErrorCode::Damaged, std::string("a travelling ") + table + " row is not an object");
  std::string sql = std::string("INSERT INTO ") + table + "(" + joined(cols) + (origin ? ", origin_kiosk" : "") +
                    ") VALUES (" + placeholders(cols.size() + (origin ? 1 : 0)) + ")";
  SQLite::Statement q(db, sql);
  int i = 1;
  for (const auto& c : cols) {
    if (auto ok = bindJson(q, i++, row.contains(c) ? row.at(c) : json(nullptr)); !ok) return ok;
  }
  if (origin) q.bind(i, *origin);
  q.exec();
  return {};
}

std::string str(const json& data, const char* key) {
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

namespace {

const std::string kNotErased = "learner_id IN (SELECT id FROM learners WHERE erased_at IS NULL)";

// The learners registered here and not erased, with a site PIN hash only.
Result<void> appendLearners(SQLite::Database& db, const FieldCipher& cipher, std::vector<SiteRecord>& out) {
  LearnerRepository learners(db, cipher);
  SQLite::Statement q(db,
                      "SELECT id FROM learners WHERE origin_kiosk IS NULL AND erased_at IS NULL "
                      "ORDER BY created_at, rowid");
  std::vector<std::string> ids;
  while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
  for (const auto& id : ids) {
    auto l = learners.find(id);
    if (!l) return tl::unexpected(l.error());
    auto pin = learners.pinHash(id);
    if (!pin) return tl::unexpected(pin.error());
    json d = {{"full_name", l->full_name}, {"birth_year", l->birth_year}, {"target_group", l->target_group},
              {"created_at", l->created_at}, {"citizen_id", l->citizen_id}, {"phone", l->phone},
              {"mentor_id", l->mentor_id}, {"picture_id", l->picture_id},
              {"pin_hash", pin->rfind(kSitePinPrefix, 0) == 0 ? *pin : std::string()}};
    out.push_back({kSiteLearner, id, std::move(d)});
  }
  return {};
}

// Finished attempts made here, each with its answers, result and certificate.
void appendAttempts(SQLite::Database& db, std::vector<SiteRecord>& out) {
  SQLite::Statement q(db, "SELECT " + joined(kAttemptCols) +
                              " FROM attempts WHERE origin_kiosk IS NULL AND finished_at IS NOT NULL AND " +
                              kNotErased + " ORDER BY finished_at, rowid");
  SQLite::Statement answers(db, "SELECT " + joined(kAnswerCols) +
                                    " FROM answers WHERE attempt_id = ? ORDER BY position, question_id");
  SQLite::Statement result(db, "SELECT " + joined(kResultCols) + " FROM results WHERE attempt_id = ?");
  SQLite::Statement cert(db, "SELECT " + joined(kCertificateCols, "c.") +
                                 " FROM certificates c JOIN results r ON r.id = c.result_id WHERE r.attempt_id = ?");
  while (q.executeStep()) {
    json d = {{"attempt", rowJson(q, kAttemptCols)}, {"answers", json::array()},
              {"result", nullptr},                  {"certificate", nullptr}};
    const std::string id = d["attempt"]["id"];
    answers.reset();
    answers.bind(1, id);
    while (answers.executeStep()) d["answers"].push_back(rowJson(answers, kAnswerCols));
    result.reset();
    result.bind(1, id);
    if (result.executeStep()) d["result"] = rowJson(result, kResultCols);
    cert.reset();
    cert.bind(1, id);
    if (cert.executeStep()) d["certificate"] = rowJson(cert, kCertificateCols);
    out.push_back({kSiteAttempt, id, std::move(d)});
  }
}

// One record per row of a table that travels as it is (consents, lesson views).
template <typename IdOf>
void appendRows(SQLite::Database& db, std::vector<SiteRecord>& out, const char* kind,
                const std::vector<std::string>& cols, const std::string& table, const std::string& order, IdOf idOf) {
  SQLite::Statement q(db, "SELECT " + joined(cols) + " FROM " + table + " WHERE origin_kiosk IS NULL AND " +
                              kNotErased + " ORDER BY " + order);
  while (q.executeStep()) {
    json row = rowJson(q, cols);
    const std::string id = idOf(row);
    out.push_back({kind, id, std::move(row)});
  }
}

}  // namespace

Result<std::vector<SiteRecord>> SiteRecordRepository::localRecords() {
  return guardedSql("reading the records to journal failed", [&]() -> Result<std::vector<SiteRecord>> {
    std::vector<SiteRecord> out;
    if (auto ok = appendLearners(db_, cipher_, out); !ok) return tl::unexpected(ok.error());
    appendRows(db_, out, kSiteConsent, kConsentCols, "consents", "given_at, rowid",
               [](const json& row) { return row["id"].get<std::string>(); });
    appendAttempts(db_, out);
    appendRows(db_, out, kSiteLessonView, kLessonViewCols, "lesson_views", "first_viewed_at, rowid", [](const json& row) {
      return row["learner_id"].get<std::string>() + "/" + row["pack_id"].get<std::string>() + "/" +
             row["lesson_id"].get<std::string>() + "/" + row["day"].get<std::string>();
    });
    {
      SQLite::Statement q(db_, "SELECT id, learner_id, started_at FROM attempts WHERE origin_kiosk IS NULL AND "
                               "kind = 'exam' AND finished_at IS NULL AND " + kNotErased + " ORDER BY started_at, rowid");
      while (q.executeStep()) {
        const std::string attempt = q.getColumn(0).getString(), learner = q.getColumn(1).getString();
        out.push_back({kSiteExamOpen, learner + "/" + attempt,
                       {{"learner_id", learner}, {"attempt_id", attempt}, {"started_at", q.getColumn(2).getString()}}});
      }
    }
    auto merges = LearnerMergeRepository(db_).madeHere();
    if (!merges) return tl::unexpected(merges.error());
    for (const auto& m : *merges)
      out.push_back({kSiteMerge, m.from_id,
                     {{"from_id", m.from_id}, {"into_id", m.into_id}, {"merged_by", m.merged_by}, {"merged_at", m.merged_at}}});
    SQLite::Statement q(db_, "SELECT id, erased_at FROM learners WHERE erased_at IS NOT NULL ORDER BY erased_at, rowid");
    while (q.executeStep()) {
      const std::string id = q.getColumn(0).getString();
      out.push_back({kSiteErasure, id, {{"learner_id", id}, {"erased_at", q.getColumn(1).getString()}}});
    }
    return out;
  });
}

Result<SiteRecordRepository::ApplyResult> SiteRecordRepository::apply(const SiteRecord& r, const std::string& origin,
                                                                      bool replace) {
  return guardedSql("writing a record from another kiosk failed", [&]() -> Result<ApplyResult> {
    if (!r.data.is_object()) return fail(ErrorCode::Damaged, "record " + r.kind + " " + r.id + " holds no data");
    if (r.kind == kSiteLearner) return applyLearner(r, origin, replace);
    if (r.kind == kSiteConsent) {
      if (str(r.data, "id") != r.id) return fail(ErrorCode::Damaged, "consent record " + r.id + " names another id");
      return applyRow("consents", "id = ?", {r.id}, r.data, origin, replace);
    }
    if (r.kind == kSiteAttempt) return applyAttempt(r, origin);
    if (r.kind == kSiteMerge) return applyMerge(r, origin);
    if (r.kind == kSiteLessonView) {
      const std::vector<std::string> key = {str(r.data, "learner_id"), str(r.data, "pack_id"),
                                            str(r.data, "lesson_id"), str(r.data, "day")};
      if (key[0] + "/" + key[1] + "/" + key[2] + "/" + key[3] != r.id)
        return fail(ErrorCode::Damaged, "lesson view record " + r.id + " names another lesson view");
      return applyRow("lesson_views", "learner_id = ? AND pack_id = ? AND lesson_id = ? AND day = ?", key, r.data,
                      origin, replace);
    }
    return fail(ErrorCode::Damaged, "unknown record kind '" + r.kind + "' (a newer HọcSố wrote it?)");
  });
}

// Present here: whose is it? Empty optional: not here.
namespace {
Result<std::optional<std::string>> ownerOf(SQLite::Database& db, const std::string& table, const char* key_where,
                                           const std::vector<std::string>& key) {
  SQLite::Statement q(db, "SELECT IFNULL(origin_kiosk, '') FROM " + table + " WHERE " + key_where);
  for (size_t i = 0; i < key.size(); ++i) q.bind(static_cast<int>(i + 1), key[i]);
  return firstValue<std::string>(q);
}

std::string ownerWords(const std::string& owner) { return owner.empty() ? "this kiosk" : "kiosk " + owner; }
}  // namespace

Result<SiteRecordRepository::ApplyResult> SiteRecordRepository::applyRow(const char* table, const char* key_where,
                                                                         const std::vector<std::string>& key,
                                                                         const json& row, const std::string& origin,
                                                                         bool replace) {
  auto owner = ownerOf(db_, table, key_where, key);
  if (!owner) return tl::unexpected(owner.error());
  const auto& cols = std::string(table) == "consents" ? kConsentCols : kLessonViewCols;
  if (!*owner) {
    if (auto ok = insertRow(db_, table, cols, row, &origin); !ok) return tl::unexpected(ok.error());
    return ApplyResult{Applied::Inserted, ""};
  }
  if (**owner != origin || !replace)
    return ApplyResult{Applied::Conflict, std::string("the ") + table + " row is already here, made by " + ownerWords(**owner)};
  std::string set;
  for (const auto& c : cols) set += (set.empty() ? "" : ", ") + c + " = ?";
  SQLite::Statement q(db_, std::string("UPDATE ") + table + " SET " + set + " WHERE " + key_where);
  int i = 1;
  for (const auto& c : cols)
    if (auto ok = bindJson(q, i++, row.contains(c) ? row.at(c) : json(nullptr)); !ok) return tl::unexpected(ok.error());
  for (const auto& k : key) q.bind(i++, k);
  q.exec();
  return ApplyResult{Applied::Updated, ""};
}

Result<SiteRecordRepository::ApplyResult> SiteRecordRepository::applyAttempt(const SiteRecord& r,
                                                                             const std::string& origin) {
  const json& attempt = r.data.contains("attempt") ? r.data.at("attempt") : json();
  if (!attempt.is_object() || str(attempt, "id") != r.id || str(attempt, "finished_at").empty())
    return fail(ErrorCode::Damaged, "attempt record " + r.id + " is not a finished attempt");
  auto owner = ownerOf(db_, "attempts", "id = ?", {r.id});
  if (!owner) return tl::unexpected(owner.error());
  // A finished attempt never changes: any second version is a conflict.
  if (*owner) return ApplyResult{Applied::Conflict, "the attempt is already here, made by " + ownerWords(**owner)};
  if (auto ok = insertRow(db_, "attempts", kAttemptCols, attempt, &origin); !ok) return tl::unexpected(ok.error());
  const json& answers = r.data.contains("answers") ? r.data.at("answers") : json::array();
  if (!answers.is_array()) return fail(ErrorCode::Damaged, "attempt record " + r.id + " has damaged answers");
  for (const auto& a : answers) {
    if (str(a, "attempt_id") != r.id) return fail(ErrorCode::Damaged, "attempt record " + r.id + " holds another attempt's answer");
    if (auto ok = insertRow(db_, "answers", kAnswerCols, a, nullptr); !ok) return tl::unexpected(ok.error());
  }
  if (r.data.contains("result") && !r.data.at("result").is_null()) {
    const json& res = r.data.at("result");
    if (str(res, "attempt_id") != r.id) return fail(ErrorCode::Damaged, "attempt record " + r.id + " holds another attempt's result");
    // Outside this kiosk's record chain (chain_seq NULL): it is its origin
    // kiosk's record, sealed in that kiosk's chain and signed segment.
    if (auto ok = insertRow(db_, "results", kResultCols, res, &origin); !ok) return tl::unexpected(ok.error());
  }
  if (r.data.contains("certificate") && !r.data.at("certificate").is_null()) {
    json cert = r.data.at("certificate");
    // The facilitator who unlocked the exam is a person of the origin kiosk;
    // the signed payload keeps who it was.
    cert["facilitator_id"] = nullptr;
    if (auto ok = insertRow(db_, "certificates", kCertificateCols, cert, &origin); !ok) return tl::unexpected(ok.error());
  }
  return ApplyResult{Applied::Inserted, ""};
}

Result<SiteRecordRepository::ApplyResult> SiteRecordRepository::applyLearner(const SiteRecord& r,
                                                                             const std::string& origin, bool replace) {
  const json& d = r.data;
  const std::string name = str(d, "full_name"), cid = str(d, "citizen_id"), phone = str(d, "phone"),
                    picture = str(d, "picture_id"), pin = str(d, "pin_hash"), group = str(d, "target_group");
  if (name.empty() || !d.contains("birth_year") || !d.at("birth_year").is_number_integer() || group.empty() ||
      str(d, "created_at").empty())
    return fail(ErrorCode::Damaged, "learner record " + r.id + " is incomplete");
  if (!pin.empty() && pin.rfind(kSitePinPrefix, 0) != 0)
    return fail(ErrorCode::Damaged, "learner record " + r.id + " carries a PIN hash this site cannot check");
  const int birth = d.at("birth_year").get<int>();
  auto owner = ownerOf(db_, "learners", "id = ?", {r.id});
  if (!owner) return tl::unexpected(owner.error());
  if (*owner && (**owner != origin || !replace))
    return ApplyResult{Applied::Conflict, "the learner is already here, made by " + ownerWords(**owner)};
  if (*owner) {
    // Erased here at their request: their personal data never comes back.
    SQLite::Statement erased(db_, "SELECT erased_at IS NOT NULL FROM learners WHERE id = ?");
    erased.bind(1, r.id);
    if (erased.executeStep() && erased.getColumn(0).getInt() != 0)
      return ApplyResult{Applied::Conflict, "the learner was erased on this kiosk"};
  }
  LearnerRepository learners(db_, cipher_);
  std::string mentor = str(d, "mentor_id");
  if (!mentor.empty()) {
    SQLite::Statement m(db_, "SELECT 1 FROM learners WHERE id = ?");
    m.bind(1, mentor);
    if (!m.executeStep()) mentor.clear();  // their mentor has not travelled (yet)
  }
  auto nameEnc = cipher_.encrypt(name, "learners.full_name");
  if (!nameEnc) return tl::unexpected(nameEnc.error());
  std::vector<unsigned char> cidEnc, phoneEnc;
  if (!cid.empty()) {
    auto e = cipher_.encrypt(cid, "learners.citizen_id");
    if (!e) return tl::unexpected(e.error());
    cidEnc = std::move(*e);
  }
  if (!phone.empty()) {
    auto e = cipher_.encrypt(phone, "learners.phone");
    if (!e) return tl::unexpected(e.error());
    phoneEnc = std::move(*e);
  }
  const char* sql =
      *owner ? "UPDATE learners SET full_name_enc = ?1, birth_year = ?2, target_group = ?3, created_at = ?4, "
               "name_index = ?5, citizen_id_enc = ?6, citizen_id_index = ?7, phone_enc = ?8, mentor_id = ?9, "
               "pin_hash = ?10, picture_id = ?11, picture_index = ?12, name_index_scheme = ?13 WHERE id = ?14"
             : "INSERT INTO learners(full_name_enc, birth_year, target_group, created_at, name_index, citizen_id_enc, "
               "citizen_id_index, phone_enc, mentor_id, pin_hash, picture_id, picture_index, name_index_scheme, id, "
               "origin_kiosk) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
  SQLite::Statement q(db_, sql);
  q.bind(1, nameEnc->data(), static_cast<int>(nameEnc->size()));
  q.bind(2, birth);
  q.bind(3, group);
  q.bind(4, str(d, "created_at"));
  q.bind(5, learners.nameIndex(name, birth));
  if (cid.empty()) {
    q.bind(6);
    q.bind(7);
  } else {
    q.bind(6, cidEnc.data(), static_cast<int>(cidEnc.size()));
    q.bind(7, learners.citizenIdIndex(cid));
  }
  if (phone.empty()) q.bind(8);
  else q.bind(8, phoneEnc.data(), static_cast<int>(phoneEnc.size()));
  if (mentor.empty()) q.bind(9);
  else q.bind(9, mentor);
  if (pin.empty()) q.bind(10);
  else q.bind(10, pin);
  if (picture.empty()) {
    q.bind(11);
    q.bind(12);
  } else {
    q.bind(11, picture);
    q.bind(12, learners.pictureIndex(picture, birth));
  }
  q.bind(13, kNameIndexScheme);
  q.bind(14, r.id);
  if (!*owner) q.bind(15, origin);
  q.exec();
  return ApplyResult{*owner ? Applied::Updated : Applied::Inserted, ""};
}

Result<SiteRecordRepository::ApplyResult> SiteRecordRepository::applyMerge(const SiteRecord& r,
                                                                           const std::string& origin) {
  const LearnerMerge m{str(r.data, "from_id"), str(r.data, "into_id"), str(r.data, "merged_by"),
                       str(r.data, "merged_at"), origin};
  if (m.from_id != r.id || m.into_id.empty() || m.merged_at.empty())
    return fail(ErrorCode::Damaged, "merge record " + r.id + " is incomplete");
  // Either learner may not have arrived yet: the merge is only a mapping,
  // and it holds once they do.
  auto done = LearnerMergeRepository(db_).record(m);
  if (!done) return tl::unexpected(done.error());
  switch (*done) {
    case MergeRefusal::None: return ApplyResult{Applied::Inserted, ""};
    case MergeRefusal::AlreadyMerged:
      return ApplyResult{Applied::Conflict, "learner " + m.from_id + " was already merged into another learner"};
    case MergeRefusal::WouldLoop:
      return ApplyResult{Applied::Conflict, "learner " + m.into_id + " was merged into " + m.from_id + " here"};
    default: return ApplyResult{Applied::Conflict, "learner " + m.from_id + " cannot be merged into itself"};
  }
}

std::string SiteRecordRepository::learnerOf(const SiteRecord& r) {
  if (r.kind == kSiteLearner || !r.data.is_object()) return "";
  if (r.kind == kSiteAttempt) return r.data.contains("attempt") ? str(r.data.at("attempt"), "learner_id") : "";
  return str(r.data, "learner_id");
}

Result<bool> SiteRecordRepository::hasLearner(const std::string& learner_id) {
  return guardedSql("looking up a learner failed", [&]() -> Result<bool> {
    SQLite::Statement q(db_, "SELECT 1 FROM learners WHERE id = ?");
    q.bind(1, learner_id);
    return q.executeStep();
  });
}

Result<int> SiteRecordRepository::learnersFromPeers() {
  return guardedSql("counting the learners from other kiosks failed", [&]() -> Result<int> {
    return db_.execAndGet("SELECT COUNT(*) FROM learners WHERE origin_kiosk IS NOT NULL").getInt();
  });
}

}  // namespace hocso::assessment

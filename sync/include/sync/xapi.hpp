// Mapping assessment records to xAPI 1.0.3 statements (see sync/README.md).
// Statement ids are UUIDv5 of the kiosk id and the record, so every retry
// and every re-mapping of the same record yields the same id.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "assessment/records.hpp"
#include "content/model.hpp"

namespace hocso::sync {

struct XapiContext {
  std::string activity_base;     // IRI prefix ending in '/'
  std::string home_page;         // account homePage for the pseudonymous learner id
  std::string kiosk_id;
  std::string site_id;
  std::string pack_id, pack_version;
  std::string framework = "qd757";
};

std::string statementId(const XapiContext& ctx, const std::string& record_key);

// `answered` for one answer of an attempt.
nlohmann::json answeredStatement(const XapiContext& ctx, const assessment::Attempt& attempt,
                                 const content::Question& question, const assessment::AnswerRecord& answer);

// `completed` for a finished practice quiz, with its score and success.
nlohmann::json quizCompletedStatement(const XapiContext& ctx, const assessment::Attempt& attempt,
                                      const content::Lesson* lesson, const assessment::ResultRecord& result);

// Lessons read (assessment's lesson_views). Object: lesson/<pack>/<lesson>
// (type lesson), pack = ctx.pack_id. One `experienced` per learner, lesson
// and kiosk-local day (record key lesson/<pack>/<lesson>/<learner>/<day>/experienced,
// timestamp: the first view that day); one `completed` per learner and
// lesson, the first time the last page was reached (record key
// lesson/<pack>/<lesson>/<learner>/completed). No registration: a lesson
// view is not an attempt.
std::string lessonExperiencedId(const XapiContext& ctx, const std::string& learner_id, const std::string& lesson_id,
                                const std::string& day);
std::string lessonCompletedId(const XapiContext& ctx, const std::string& learner_id, const std::string& lesson_id);
nlohmann::json lessonExperiencedStatement(const XapiContext& ctx, const std::string& learner_id,
                                          const content::Lesson& lesson, const std::string& day,
                                          const std::string& timestamp);
nlohmann::json lessonCompletedStatement(const XapiContext& ctx, const std::string& learner_id,
                                        const content::Lesson& lesson, const std::string& timestamp);

// ISO 8601 duration ("PT12.34S") for xAPI results.
std::string isoDuration(long long ms);

// Extension IRIs (under activity_base) that keep the kiosk's own timestamp
// and the correction applied when the kiosk clock was found to be wrong.
std::string kioskTimestampExtension(const std::string& activity_base);
std::string clockOffsetExtension(const std::string& activity_base);

// The statement with its timestamp moved by `offset_ms` (server − kiosk
// clock) and the original kept in context extensions. Deterministic: the
// same statement and offset always give the same result. offset 0: as is.
nlohmann::json withCorrectedTimestamp(nlohmann::json statement, long long offset_ms,
                                      const std::string& activity_base);

// xAPI statement comparison as an LRS does it on a resend: true when every
// property we sent is in `stored` with the same value (timestamps compared
// as instants; properties the LRS adds — stored, authority, version — are
// ignored).
bool sameStatement(const nlohmann::json& sent, const nlohmann::json& stored);

}  // namespace hocso::sync

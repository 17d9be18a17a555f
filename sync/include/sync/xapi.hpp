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

// ISO 8601 duration ("PT12.34S") for xAPI results.
std::string isoDuration(long long ms);

}  // namespace hocso::sync

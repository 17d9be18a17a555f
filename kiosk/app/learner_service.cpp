// Registration with consent, PIN sign-in with a stored lockout, and erasure
// (tables, outbox, then the WAL). Each call that changes data is one transaction.
#include "learner_service.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <string_view>

#include "assessment/learner_merge.hpp"
#include "assessment/lessons.hpp"
#include "base/ids.hpp"
#include "base/time.hpp"
#include "kiosk_tables.hpp"
#include "signin_pictures.hpp"
#include "sync/certification.hpp"
#include "sync/outbox.hpp"
#include "sync/xapi_exam.hpp"

namespace hocso::app {

const ConsentText& currentConsentText() {
  static const ConsentText t{
      "2026.1",
      "Để học và được công nhận kỹ năng số, bạn đồng ý để máy này ghi lại: họ và tên, năm sinh, bạn là người "
      "dân, cán bộ, học sinh hay người lao động, và nếu bạn nhập thêm: số căn cước, số điện thoại, tên người "
      "hướng dẫn bạn (Đại sứ số).\n"
      "Để làm gì: ghi lại bạn đã học bài nào và làm bài kiểm tra ra sao; công nhận khi bạn đạt kỹ năng số cơ bản; "
      "đếm chung số người học của xã, phường (không ghi tên ai).\n"
      "Gửi đi đâu: thông tin được khóa bảo mật và cất trên máy này. Kết quả học được gửi về nơi lưu kết quả học "
      "tập chỉ kèm một mã số, không kèm tên. Họ tên, năm sinh, số căn cước và số điện thoại chỉ được gửi tới nơi "
      "cấp giấy chứng nhận khi bạn thi đạt và đồng ý gửi.\n"
      "Bạn có thể xin xóa thông tin của mình bất cứ lúc nào; khi đó kết quả đã gửi đi cũng được hủy.",
      {"learning_progress", "certification", "statistics"},
      {"kiosk", "lrs", "certification_endpoint"}};
  return t;
}

std::vector<assessment::LockoutSubject> learnerLockoutSubjects(const assessment::LearnerRepository& learners,
                                                               const assessment::Learner& l) {
  using assessment::LockoutSubject;
  std::vector<LockoutSubject> out = {LockoutSubject::learner(l.id),
                                     LockoutSubject::lookup(learners.nameIndex(l.full_name, l.birth_year))};
  if (!l.citizen_id.empty()) out.push_back(LockoutSubject::lookup(learners.citizenIdIndex(l.citizen_id)));
  if (!l.picture_id.empty()) out.push_back(LockoutSubject::lookup(learners.pictureIndex(l.picture_id, l.birth_year)));
  return out;
}

std::optional<FieldError> LearnerService::validateField(const std::string& field, const std::string& value) {
  using namespace assessment;
  const std::string v = trimSpaces(value);
  if (field == "name") {
    if (v.empty()) return FieldError{field, "the full name is empty"};
    if (utf8Length(v) > 80) return FieldError{field, "the full name is longer than 80 characters"};
    return std::nullopt;
  }
  if (field == "birth_year") {
    const int year = currentYear();
    int y = 0;
    const bool digits = !v.empty() && v.size() <= 4 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) y = std::stoi(v);
    if (!digits || y < year - 120 || y > year - 6)
      return FieldError{field, "the birth year must be between " + std::to_string(year - 120) + " and " +
                                   std::to_string(year - 6)};
    return std::nullopt;
  }
  if (field == "target_group") {
    if (std::find(kTargetGroups.begin(), kTargetGroups.end(), v) == kTargetGroups.end())
      return FieldError{field, "the target group must be citizen, civil_servant, student or worker"};
    return std::nullopt;
  }
  if (field == "citizen_id") {
    if (!v.empty() && !isValidCitizenId(v)) return FieldError{field, "the citizen ID must be exactly 12 digits"};
    return std::nullopt;
  }
  if (field == "phone") {
    if (!v.empty() && !normalizePhone(v)) return FieldError{field, "the phone number must be 10 digits starting with 0"};
    return std::nullopt;
  }
  if (field == "pin") {
    if (!isValidPin(value)) return FieldError{field, "the PIN must be exactly 4 digits"};
    return std::nullopt;
  }
  if (field == "picture") {
    // Optional here (the CLI, the thin path and older callers register
    // without one); the registration screen requires it.
    if (!v.empty() && !findSigninPicture(v)) return FieldError{field, "unknown sign-in picture '" + v + "'"};
    return std::nullopt;
  }
  return FieldError{field, "unknown field '" + field + "'"};
}

std::vector<FieldError> LearnerService::validate(const Registration& r) {
  std::vector<FieldError> errors;
  auto check = [&](const char* field, const std::string& value) {
    if (auto e = validateField(field, value)) errors.push_back(*e);
  };
  check("name", r.full_name);
  check("birth_year", std::to_string(r.birth_year));
  check("target_group", r.target_group);
  check("citizen_id", r.citizen_id);
  check("phone", r.phone);
  check("pin", r.pin);
  check("picture", r.picture_id);
  if (!r.consent_given)
    errors.push_back({"consent", "the learner has not agreed to the consent text"});
  else if (r.consent_version != currentConsentText().version)
    errors.push_back({"consent", "the consent text shown (version " + r.consent_version +
                                     ") is not the current one (" + currentConsentText().version + ")"});
  return errors;
}

Result<assessment::Learner> LearnerService::registerLearner(const Registration& r) {
  if (auto errors = validate(r); !errors.empty()) return fail(ErrorCode::Invalid, errors.front().message);
  assessment::NewLearner n;
  n.full_name = assessment::trimSpaces(r.full_name);
  n.birth_year = r.birth_year;
  n.target_group = assessment::trimSpaces(r.target_group);
  n.citizen_id = assessment::trimSpaces(r.citizen_id);
  if (auto phone = assessment::trimSpaces(r.phone); !phone.empty()) n.phone = *assessment::normalizePhone(phone);
  n.mentor_id = assessment::trimSpaces(r.mentor_id);
  n.picture_id = assessment::trimSpaces(r.picture_id);
  auto pinHash = learnerPinHash(ctx_, r.pin);  // slow on purpose: outside the transaction
  if (!pinHash) return tl::unexpected(pinHash.error());
  n.pin_hash = *pinHash;
  return writeTransaction(*ctx_.db, "registering the learner failed", [&]() -> Result<assessment::Learner> {
    assessment::LearnerRepository learners(*ctx_.db, ctx_.cipher);
    if (!n.mentor_id.empty()) {
      auto mentor = learners.find(n.mentor_id);
      if (!mentor || mentor->erased) return fail(ErrorCode::Invalid, "the mentor (Đại sứ số) is not a registered learner");
    }
    if (!n.citizen_id.empty()) {
      auto existing = learners.findByCitizenId(n.citizen_id);
      if (!existing) return tl::unexpected(existing.error());
      if (*existing) return fail(ErrorCode::Exists, "this citizen ID is already registered: sign in instead");
    }
    auto learner = learners.create(n);
    if (!learner) return learner;
    assessment::Consent c;
    c.learner_id = learner->id;
    c.text_version = currentConsentText().version;
    c.fields = {"full_name", "birth_year", "target_group", "pin"};
    if (!n.citizen_id.empty()) c.fields.push_back("citizen_id");
    if (!n.phone.empty()) c.fields.push_back("phone");
    if (!n.mentor_id.empty()) c.fields.push_back("mentor");
    c.purposes = currentConsentText().purposes;
    c.recipients = {"kiosk", "lrs"};
    if (r.share_identity_for_certificate) c.recipients.push_back("certification_endpoint");
    auto saved = assessment::ConsentRepository(*ctx_.db).record(c);
    if (!saved) return tl::unexpected(saved.error());
    return learner;
  });
}

int LearnerService::registrationMonth(const assessment::Learner& learner) {
  // created_at is UTC ("2026-03-31T20:15:00Z" is April in Hà Nội).
  std::tm tm{};
  if (!strptime(learner.created_at.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return 0;
  const std::time_t t = timegm(&tm);
  std::tm local{};
  localtime_r(&t, &local);
  return local.tm_mon + 1;
}

Result<SignInOutcome> LearnerService::checkPin(const std::vector<assessment::Learner>& candidates,
                                               const std::string& lookup_key, const std::string& pin,
                                               std::optional<int> registration_month) {
  const long long now = now_ms_();
  assessment::LockoutRepository lockouts(*ctx_.db);
  const auto lookupSubject = assessment::LockoutSubject::lookup(lookup_key);
  // Locked: refused without looking at the PIN, and not counted. The lookup
  // key itself, or every learner it found; a locked learner among others is
  // left out (their PIN is not checked) while the others may still sign in.
  auto lookupState = lockouts.get(lookupSubject);
  if (!lookupState) return tl::unexpected(lookupState.error());
  if (long long ms = lookupState->remainingMs(now); ms > 0) return SignInOutcome{SignInStatus::Locked, {}, ms};
  std::vector<assessment::Learner> eligible;
  long long lockedMs = 0;
  for (const auto& l : candidates) {
    auto st = lockouts.get(assessment::LockoutSubject::learner(l.id));
    if (!st) return tl::unexpected(st.error());
    if (long long ms = st->remainingMs(now); ms > 0)
      lockedMs = std::max(lockedMs, ms);
    else
      eligible.push_back(l);
  }
  if (!candidates.empty() && eligible.empty()) return SignInOutcome{SignInStatus::Locked, {}, lockedMs};

  assessment::LearnerRepository learners(*ctx_.db, ctx_.cipher);
  std::vector<assessment::Learner> matches;
  std::vector<std::string> matchedHashes;
  for (const auto& l : eligible) {
    auto hash = learners.pinHash(l.id);
    if (!hash) return tl::unexpected(hash.error());
    if (!hash->empty() && learnerPinMatches(ctx_, pin, *hash)) {
      matches.push_back(l);
      matchedHashes.push_back(*hash);
    }
  }
  if (eligible.empty())
    if (auto dummy = assessment::hashPin("0000", ctx_.cipher)) (void)assessment::verifyPin(pin, *dummy, ctx_.cipher);
  if (registration_month)
    std::erase_if(matches, [&](const assessment::Learner& l) { return registrationMonth(l) != *registration_month; });
  else if (matches.size() > 1)
    return SignInOutcome{SignInStatus::NeedsHint, {}, 0};  // the PIN was right: nothing counted
  if (matches.size() > 1) return SignInOutcome{SignInStatus::NeedsHelp, {}, 0};
  if (matches.size() == 1) {
    const auto& l = matches.front();
    // In a site, a PIN still peppered with this kiosk's key is re-hashed
    // with the site key now that the PIN is known, so it travels.
    const std::string oldHash = matchedHashes.front();
    // A failed re-hash leaves the old one (the sign-in still succeeds).
    std::string siteHash;
    if (ctx_.site_cipher && !isSitePinHash(oldHash))
      if (auto h = learnerPinHash(ctx_, pin)) siteHash = *h;
    auto cleared = writeTransaction(*ctx_.db, "signing in failed", [&]() -> Result<void> {
      if (!siteHash.empty()) {
        SQLite::Statement up(*ctx_.db, "UPDATE learners SET pin_hash = ? WHERE id = ? AND pin_hash = ?");
        up.bind(1, siteHash);
        up.bind(2, l.id);
        up.bind(3, oldHash);
        up.exec();
      }
      if (auto ok = lockouts.clear(assessment::LockoutSubject::learner(l.id)); !ok) return ok;
      return lockouts.clear(lookupSubject);
    });
    if (!cleared) return tl::unexpected(cleared.error());
    return SignInOutcome{SignInStatus::SignedIn, l, 0};
  }
  long long retry = 0;
  auto counted = writeTransaction(*ctx_.db, "recording the failed sign-in failed", [&]() -> Result<void> {
    std::vector<assessment::LockoutSubject> subjects = {lookupSubject};
    for (const auto& l : eligible) subjects.push_back(assessment::LockoutSubject::learner(l.id));
    for (const auto& s : subjects) {
      auto st = lockouts.recordFailure(s, now, lockout_policy);
      if (!st) return tl::unexpected(st.error());
      retry = std::max(retry, st->remainingMs(now));
    }
    return {};
  });
  if (!counted) return tl::unexpected(counted.error());
  return SignInOutcome{SignInStatus::WrongCredentials, {}, retry};
}

Result<SignInOutcome> LearnerService::signInByName(const std::string& full_name, int birth_year, const std::string& pin,
                                                   std::optional<int> registration_month) {
  assessment::LearnerRepository learners(*ctx_.db, ctx_.cipher);
  auto found = learners.findByName(full_name, birth_year);
  if (!found) return tl::unexpected(found.error());
  return checkPin(*found, learners.nameIndex(full_name, birth_year), pin, registration_month);
}

Result<SignInOutcome> LearnerService::signInByPicture(const std::string& picture_id, int birth_year,
                                                      const std::string& pin, std::optional<int> registration_month) {
  assessment::LearnerRepository learners(*ctx_.db, ctx_.cipher);
  auto found = learners.findByPicture(picture_id, birth_year);
  if (!found) return tl::unexpected(found.error());
  return checkPin(*found, learners.pictureIndex(picture_id, birth_year), pin, registration_month);
}

Result<SignInOutcome> LearnerService::signInByCitizenId(const std::string& citizen_id, const std::string& pin) {
  assessment::LearnerRepository learners(*ctx_.db, ctx_.cipher);
  const std::string cid = assessment::trimSpaces(citizen_id);
  std::vector<assessment::Learner> candidates;
  if (assessment::isValidCitizenId(cid)) {
    auto found = learners.findByCitizenId(cid);
    if (!found) return tl::unexpected(found.error());
    if (*found) candidates.push_back(**found);
  }
  return checkPin(candidates, learners.citizenIdIndex(cid), pin);
}

namespace {

// Erases one learner row and everything queued about it (eraseLearnerWithin).
Result<void> eraseOneLearner(KioskContext& ctx, const assessment::Learner& learner, ErasureSummary& summary) {
  const std::string& learner_id = learner.id;
  assessment::LearnerRepository learners(*ctx.db, ctx.cipher);
  assessment::AttemptRepository attempts(*ctx.db);
  auto all = attempts.ofLearner(learner_id);
  if (!all) return tl::unexpected(all.error());
  sync::OutboxRepository outbox(*ctx.db);
  const std::string now = nowIso8601();
  // A voiding statement for each statement about them that was queued
  // (some ids, e.g. `satisfied` of certificates older than it, never were).
  auto voidIfQueued = [&](const sync::XapiContext& x, const std::string& id) -> Result<void> {
    auto queued = outbox.contains(id);
    if (!queued) return tl::unexpected(queued.error());
    if (!*queued) return {};
    auto st = sync::voidingStatement(x, id, now);
    ++summary.voiding_statements;
    return sync::enqueueStatement(outbox, st);
  };
  for (const auto& a : *all) {
    auto result = attempts.resultFor(a.id);
    if (!result) return tl::unexpected(result.error());
    if (!*result) continue;  // never finished: nothing about it was queued
    auto answers = attempts.answers(a.id);
    if (!answers) return tl::unexpected(answers.error());
    const auto x = xapiContext(ctx, a.pack_id, a.pack_version);
    for (const auto& id : sync::statementIdsForAttempt(x, a, *answers, **result))
      if (auto ok = voidIfQueued(x, id); !ok) return tl::unexpected(ok.error());
  }
  // Lessons read: each day's `experienced` and the lesson's `completed`.
  auto views = assessment::LessonViewRepository(*ctx.db).ofLearner(learner_id);
  if (!views) return tl::unexpected(views.error());
  for (const auto& v : *views) {
    const auto x = xapiContext(ctx, v.pack_id, v.pack_version);
    if (auto ok = voidIfQueued(x, sync::lessonExperiencedId(x, learner_id, v.lesson_id, v.day)); !ok) return tl::unexpected(ok.error());
    if (v.completed_at)
      if (auto ok = voidIfQueued(x, sync::lessonCompletedId(x, learner_id, v.lesson_id)); !ok) return tl::unexpected(ok.error());
  }
  // The certification endpoint: identity out of every row that names
  // them, and a request to erase what it already holds.
  auto scrubbed = sync::eraseIdentityFromOutbox(
      outbox, {sync::erasureIdFor(ctx.kiosk_id, learner_id), learner_id, ctx.kiosk_id, ctx.config.site_id, {}, now});
  if (!scrubbed) return tl::unexpected(scrubbed.error());
  summary.certificates_scrubbed = static_cast<int>(scrubbed->certificate_ids.size());
  summary.erasure_request_queued = scrubbed->request_queued;
  if (auto ok = assessment::ConsentRepository(*ctx.db).withdrawAll(learner_id, now); !ok) return tl::unexpected(ok.error());
  // Sign-in lockouts: theirs, and those counted against their name or
  // citizen ID (keyed hashes) before they registered.
  assessment::LockoutRepository lockouts(*ctx.db);
  for (const auto& subject : learnerLockoutSubjects(learners, learner))
    if (auto ok = lockouts.clear(subject); !ok) return tl::unexpected(ok.error());
  // No longer shown by name.
  if (auto ok = MentorRepository(*ctx.db).unlist(learner_id); !ok) return tl::unexpected(ok.error());
  return learners.erase(learner_id);
}

}  // namespace

Result<ErasureSummary> eraseLearnerWithin(KioskContext& ctx, const std::string& learner_id) {
  ErasureSummary summary;
  assessment::LearnerRepository learners(*ctx.db, ctx.cipher);
  auto learner = learners.find(learner_id);
  if (!learner) return tl::unexpected(learner.error());
  if (learner->erased) return fail(ErrorCode::Invalid, "learner " + learner_id + " is already deleted");
  // One person: a learner merged with others (learner_merge.hpp) is erased
  // with every registration merged into the same one.
  assessment::LearnerMergeRepository merges(*ctx.db);
  auto root = merges.mergedInto(learner_id);
  if (!root) return tl::unexpected(root.error());
  auto group = merges.group(root->value_or(learner_id));
  if (!group) return tl::unexpected(group.error());
  for (const auto& id : *group) {
    auto member = id == learner_id ? learner : learners.find(id);
    if (!member) {
      if (member.error().code == ErrorCode::NotFound) continue;  // merged on another kiosk, never came here
      return tl::unexpected(member.error());
    }
    if (member->erased) continue;
    if (auto ok = eraseOneLearner(ctx, *member, summary); !ok) return tl::unexpected(ok.error());
  }
  return summary;
}

Result<ErasureSummary> LearnerService::deleteLearner(const std::string& learner_id) {
  // Every connection runs with secure_delete (openDatabase): what this
  // transaction overwrites is zeroed in its pages, not just unlinked.
  auto erased = writeTransaction(*ctx_.db, "deleting the learner failed",
                                 [&]() { return eraseLearnerWithin(ctx_, learner_id); });
  if (!erased) return tl::unexpected(erased.error());
  if (auto wiped = wipeErasedCopies(); !wiped)
    return fail(ErrorCode::Database, "learner " + learner_id +
                                         " is erased from every table and queue, but old copies of their data are "
                                         "still in kiosk.db-wal: " +
                                         wiped.error().message +
                                         ". Stop the kiosk app and the sync service (systemctl stop hocso-kiosk "
                                         "hocso-sync), then run 'hocso learner delete " +
                                         learner_id + "' again to wipe them");
  return *erased;
}

Result<void> LearnerService::wipeErasedCopies() { return truncateWal(*ctx_.db, wal_wipe_wait); }

namespace {

// A sort key for Vietnamese names, close to the order of the alphabet: the
// letters without their marks, in lower case, đ after d (Đỗ after Dương).
std::string nameSortKey(const std::string& name) {
  static const std::pair<std::string_view, char> kMarked[] = {
      {"àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'}, {"èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ", 'e'},
      {"ìíỉĩịÌÍỈĨỊ", 'i'}, {"òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'},
      {"ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ", 'u'}, {"ỳýỷỹỵỲÝỶỸỴ", 'y'}};
  std::string key;
  for (size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    const size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    const std::string_view ch(name.data() + i, std::min(len, name.size() - i));
    i += ch.size();
    if (len == 1) {
      key += static_cast<char>(std::tolower(c));
    } else if (ch == "đ" || ch == "Đ") {
      key += "d{";  // '{' sorts after 'z'
    } else {
      char base = 0;
      for (const auto& [letters, letter] : kMarked)
        if (letters.find(ch) != std::string_view::npos) base = letter;
      if (base) key += base;
      else key += ch;
    }
  }
  return key;
}

}  // namespace

Result<std::vector<ListedMentor>> LearnerService::listedMentors() {
  auto ids = MentorRepository(*ctx_.db).listedIds();
  if (!ids) return tl::unexpected(ids.error());
  assessment::LearnerRepository learners(*ctx_.db, ctx_.cipher);
  std::vector<ListedMentor> out;
  for (const auto& id : *ids) {
    auto l = learners.find(id);
    if (!l) {
      if (l.error().code == ErrorCode::NotFound) continue;
      return tl::unexpected(l.error());
    }
    if (!l->erased) out.push_back({l->id, l->full_name});
  }
  std::sort(out.begin(), out.end(), [](const ListedMentor& a, const ListedMentor& b) {
    const std::string ka = nameSortKey(a.full_name), kb = nameSortKey(b.full_name);
    if (ka != kb) return ka < kb;
    return a.full_name != b.full_name ? a.full_name < b.full_name : a.learner_id < b.learner_id;
  });
  return out;
}

Result<void> LearnerService::setListedMentor(const std::string& learner_id, bool listed,
                                             const std::string& facilitator_id) {
  return writeTransaction(*ctx_.db, "changing the Đại sứ số list failed", [&]() -> Result<void> {
    MentorRepository mentors(*ctx_.db);
    if (!listed) return mentors.unlist(learner_id);
    auto l = assessment::LearnerRepository(*ctx_.db, ctx_.cipher).find(learner_id);
    if (!l) return tl::unexpected(l.error());
    if (l->erased) return fail(ErrorCode::Invalid, "learner " + learner_id + " was deleted: they cannot be listed");
    return mentors.list(learner_id, nowIso8601(), facilitator_id);
  });
}

Result<assessment::Learner> LearnerService::find(const std::string& learner_id) {
  return assessment::LearnerRepository(*ctx_.db, ctx_.cipher).find(learner_id);
}

Result<std::optional<assessment::Consent>> LearnerService::consentOf(const std::string& learner_id) {
  return assessment::ConsentRepository(*ctx_.db).current(learner_id);
}

}  // namespace hocso::app

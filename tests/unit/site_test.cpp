// A site of several kiosks: journal segments (sign, verify, tamper, another
// site, replay), the invite, and two real kiosks (two data dirs) where a
// learner registered and practising on A signs in on B with the same PIN and
// the same progress, with nothing queued twice.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <fstream>
#include <iterator>

#include "assessment/learner_merge.hpp"
#include "assessment/records.hpp"
#include "assessment/report.hpp"
#include "base/database.hpp"
#include "base/files.hpp"
#include "base/ids.hpp"
#include "dashboard_service.hpp"
#include "exam_service.hpp"
#include "key_service.hpp"
#include "learner_service.hpp"
#include "learning_service.hpp"
#include "progress_service.hpp"
#include "records_service.hpp"
#include "site_service.hpp"
#include "sync/outbox.hpp"
#include "sync/site.hpp"
#include "site_fixture.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {
namespace fs = std::filesystem;

using test::count;
using test::fileBytes;
using test::openKioskAs;
using test::writeBytes;

FieldCipher randomKey(unsigned char fill) { return FieldCipher::fromKey(std::vector<unsigned char>(32, fill)); }

// ---- segments ---------------------------------------------------------------

class SegmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto k = Ed25519PrivateKey::generate();
    ASSERT_TRUE(k);
    key = std::make_unique<Ed25519PrivateKey>(std::move(*k));
    header.site_id = "site-1";
    header.kiosk_id = "kiosk-a";
    header.seq = 1;
    header.signer = key->publicKey();
    header.created_at = "2026-12-04T10:00:00.000Z";
    records = {{assessment::kSiteLearner, "l1", {{"full_name", "Nguyễn Thị Hồng"}, {"birth_year", 1962}}},
               {assessment::kSiteConsent, "c1", {{"id", "c1"}}}};
  }
  std::string seal(const FieldCipher& with) {
    auto bytes = sync::sealSegment(header, records, with, [&](const std::string& m) { return key->sign(m); });
    EXPECT_TRUE(bytes) << bytes.error().message;
    return bytes ? *bytes : std::string();
  }
  std::unique_ptr<Ed25519PrivateKey> key;
  sync::SegmentHeader header;
  std::vector<assessment::SiteRecord> records;
  FieldCipher site = randomKey(7);
};

TEST_F(SegmentTest, SealedSegmentOpensWithItsRecordsAndHidesThem) {
  const std::string bytes = seal(site);
  EXPECT_EQ(bytes.find("Nguyễn"), std::string::npos) << "personal data in clear";
  auto s = sync::openSegment(bytes, "site-1", site);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->header.kiosk_id, "kiosk-a");
  EXPECT_EQ(s->header.seq, 1);
  ASSERT_EQ(s->records.size(), 2u);
  EXPECT_EQ(s->records[0].data["full_name"], "Nguyễn Thị Hồng");
  EXPECT_EQ(s->hash, sha256Hex(bytes));
}

TEST_F(SegmentTest, AnyChangedByteIsRefused) {
  const std::string bytes = seal(site);
  // A byte of the header, of the sealed body, and of the signature.
  for (size_t at : {size_t{25}, bytes.size() / 2, bytes.size() - 3}) {
    std::string t = bytes;
    t[at] = static_cast<char>(t[at] ^ 0x01);
    auto s = sync::openSegment(t, "site-1", site);
    ASSERT_FALSE(s) << "byte " << at;
  }
  EXPECT_FALSE(sync::openSegment(bytes.substr(0, bytes.size() - 1), "site-1", site));
}

TEST_F(SegmentTest, AnotherSitesSegmentIsRefused) {
  const std::string bytes = seal(site);
  auto other = sync::openSegment(bytes, "site-2", site);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::Untrusted);
  // The same site id but sealed with another key (a site made twice).
  auto wrongKey = sync::openSegment(bytes, "site-1", randomKey(8));
  ASSERT_FALSE(wrongKey);
  EXPECT_EQ(wrongKey.error().code, ErrorCode::Untrusted);
}

TEST_F(SegmentTest, ABodyCannotBeMovedUnderAnotherHeader) {
  // Re-signing a changed header (a forger with a key of their own) still
  // fails: the body is sealed to its header.
  const std::string bytes = seal(site);
  std::string t = bytes;
  const size_t at = t.find("\"seq\":1");
  ASSERT_NE(at, std::string::npos);
  t[at + 6] = '2';
  t.resize(t.size() - kEd25519SignatureSize);
  auto sig = key->sign(t);
  ASSERT_TRUE(sig);
  t.append(reinterpret_cast<const char*>(sig->data()), sig->size());
  EXPECT_FALSE(sync::openSegment(t, "site-1", site));
}

TEST(SegmentNames, OnlyCanonicalNamesAreSegments) {
  EXPECT_EQ(sync::segmentFileName(12), "seg-000012.hseg");
  EXPECT_EQ(sync::segmentSeqOfName("seg-000012.hseg"), 12);
  EXPECT_FALSE(sync::segmentSeqOfName("seg-12.hseg"));
  EXPECT_FALSE(sync::segmentSeqOfName("seg-000000.hseg"));
  EXPECT_FALSE(sync::segmentSeqOfName("seg-000012.hseg.tmp-1-2"));
  EXPECT_FALSE(sync::segmentSeqOfName(".stfolder"));
}

// ---- two kiosks ---------------------------------------------------------------

class SiteTest : public test::TwoKioskSite {
 protected:
  // Exports `from` a second time (segment 2 of its journal) to the stick and
  // imports the stick on `to`: the import's summary.
  Result<app::SiteImportSummary> importSecondExport(app::KioskContext& from, app::KioskContext& to) {
    auto second = app::exportSite(from, stick());
    if (!second) return tl::unexpected(second.error());
    EXPECT_EQ(second->journal.seq, 2);
    return app::importSite(to, stick());
  }

  // `learner_id` is an erased row on `k`, its name gone. Call it inside
  // ASSERT_NO_FATAL_FAILURE.
  void expectErasedOn(app::KioskContext& k, const std::string& learner_id) {
    auto there = assessment::LearnerRepository(*k.db, k.cipher).find(learner_id);
    ASSERT_TRUE(there);
    EXPECT_TRUE(there->erased);
    EXPECT_TRUE(there->full_name.empty());
  }

  // `learner_id` answers the quiz of l-0-1-cham-vuot on `k` (the first option
  // every time); `questions` gets its question count. Call it inside
  // ASSERT_NO_FATAL_FAILURE.
  void practiseOn(app::KioskContext& k, const std::string& learner_id, size_t* questions = nullptr) {
    app::LearningService learning(k);
    auto attempt = learning.startLessonQuiz(learner_id, "l-0-1-cham-vuot");
    ASSERT_TRUE(attempt);
    for (const auto& qid : attempt->question_ids) ASSERT_TRUE(learning.submitAnswer(*attempt, qid, {0}));
    ASSERT_TRUE(learning.finishQuiz(attempt->id));
    if (questions) *questions = attempt->question_ids.size();
  }

  // Kiosk `id` on `dir` joined to the site with the right PIN, then reopened
  // (its site key loaded at open).
  std::unique_ptr<app::KioskContext> joinedKiosk(const fs::path& dir, const std::string& id) {
    auto k = openKioskAs(dir, id);
    if (!k) return nullptr;
    auto joined = app::joinSite(*k, invite(), test::kSitePin);
    EXPECT_TRUE(joined) << (joined ? "" : joined.error().message);
    k.reset();
    return openKioskAs(dir, id);
  }

  // Segment 1 of `kiosk` in A's site holding `records`, sealed with the site
  // key and signed by `signer` (an Ed25519PrivateKey or a KioskSigner).
  template <class Signer>
  Result<std::string> segmentOf(const std::string& kiosk, const Signer& signer,
                                const std::vector<assessment::SiteRecord>& records = {},
                                const std::string& created_at = nowIso8601()) {
    sync::SegmentHeader h;
    h.site_id = sync::SiteRepository(*a->db).membership()->value().site_id;
    h.kiosk_id = kiosk;
    h.seq = 1;
    h.signer = signer.publicKey();
    h.created_at = created_at;
    return sync::sealSegment(h, records, *a->site_cipher, [&](const std::string& m) { return signer.sign(m); });
  }
  int lessonPages() const { return static_cast<int>(a->pack.findLesson("l-0-1-cham-vuot")->pages.size()); }

  // Registers Bà Hồng on A (PIN 2468) and answers one practice quiz there.
  assessment::Learner registerAndPractiseOnA() {
    const auto l = registerOn(*a, "Nguyễn Thị Hồng", 1962, "036162004321");
    app::LearningService learning(*a);
    auto attempt = learning.startLessonQuiz(l.id, "l-0-1-cham-vuot");
    EXPECT_TRUE(attempt) << attempt.error().message;
    bool first = true;
    for (const auto& qid : attempt->question_ids) {
      const content::Question* q = a->pack.findQuestion(qid);
      assessment::Response resp;
      if (q->type == content::QuestionType::TrueFalse) {
        resp = {q->answer ? 1 : 0};
      } else {
        for (size_t i = 0; i < q->options.size(); ++i)
          if (q->options[i].correct != first) resp.push_back(static_cast<int>(i));  // the first one wrong
        if (resp.empty()) resp = {0};
      }
      first = false;
      EXPECT_TRUE(learning.submitAnswer(*attempt, qid, resp));
    }
    EXPECT_TRUE(learning.finishQuiz(attempt->id));
    auto viewed = learning.recordLessonViewed(l.id, "l-0-1-cham-vuot", 1, lessonPages());
    EXPECT_TRUE(viewed) << viewed.error().message;
    return l;
  }
};

TEST_F(SiteTest, InviteNeedsTheRightPinAndAnIntactFile) {
  test::TempDir dirC;
  auto c = openKioskAs(dirC.path(), "kiosk-c");
  ASSERT_TRUE(c);
  auto wrong = app::joinSite(*c, invite(), "482914");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::Credentials);
  EXPECT_NE(wrong.error().message.find("wrong PIN"), std::string::npos) << wrong.error().message;
  std::string text = fileBytes(invite());
  writeBytes(work.path() / "cut.json", text.substr(0, text.size() / 2));
  auto cut = app::joinSite(*c, work.path() / "cut.json", "482913");
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, ErrorCode::Damaged);
  EXPECT_FALSE(fs::exists(app::siteKeyFile(dirC.path())));
  // The invite holds no key in clear, and a short PIN is refused at init.
  EXPECT_EQ(text.find(fileBytes(app::siteKeyFile(dirA.path()))), std::string::npos);
  test::TempDir dirD;
  auto d = openKioskAs(dirD.path(), "kiosk-d");
  EXPECT_FALSE(app::initSite(*d, "X", work.path() / "i2.json", "12345"));
  // The site key is stored like the data key: the kiosk's user only.
  EXPECT_EQ(fs::status(app::siteKeyFile(dirB.path())).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(SiteTest, ALearnerOfKioskASignsInOnKioskBWithTheSameProgressAndNothingIsSentTwice) {
  const auto learner = registerAndPractiseOnA();
  const auto progressA = app::ProgressService(*a).progress(learner.id);
  ASSERT_TRUE(progressA);
  auto exported = app::exportSite(*a, stick());
  ASSERT_TRUE(exported) << exported.error().message;
  EXPECT_EQ(exported->journal.seq, 1);
  EXPECT_TRUE(fs::exists(stick() / "kiosk-a" / "seg-000001.hseg"));
  EXPECT_EQ(fileBytes(stick() / "kiosk-a" / "seg-000001.hseg").find("Hồng"), std::string::npos);

  const int outboxBefore = count(*b, "SELECT COUNT(*) FROM outbox");
  auto imported = app::importSite(*b, stick());
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->segments, 1);
  EXPECT_GE(imported->inserted, 4);  // learner, consent, attempt, lesson view
  EXPECT_TRUE(imported->conflicts.empty());
  // Exactly once: nothing imported is queued here; only kiosk A sends it.
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM outbox"), outboxBefore);
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM learners WHERE origin_kiosk = 'kiosk-a'"), 1);

  // Same PIN, same name: signed in on B.
  app::LearnerService onB(*b);
  auto signedIn = onB.signInByName("Nguyễn Thị Hồng", 1962, "2468");
  ASSERT_TRUE(signedIn) << signedIn.error().message;
  ASSERT_EQ(signedIn->status, app::SignInStatus::SignedIn);
  EXPECT_EQ(signedIn->learner.id, learner.id);
  auto byId = onB.signInByCitizenId("036162004321", "2468");
  ASSERT_TRUE(byId);
  EXPECT_EQ(byId->status, app::SignInStatus::SignedIn);
  auto wrongPin = onB.signInByName("Nguyễn Thị Hồng", 1962, "2469");
  ASSERT_TRUE(wrongPin);
  EXPECT_NE(wrongPin->status, app::SignInStatus::SignedIn);
  // Same progress and the same next step ("Học tiếp").
  const auto progressB = app::ProgressService(*b).progress(learner.id);
  ASSERT_TRUE(progressB);
  EXPECT_EQ(progressB->mastered, progressA->mastered);
  EXPECT_EQ(progressB->total, progressA->total);
  ASSERT_EQ(progressB->next.has_value(), progressA->next.has_value());
  if (progressA->next) {
    EXPECT_EQ(progressB->next->competency, progressA->next->competency);
  }
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM answers an JOIN attempts at ON at.id = an.attempt_id "
                      "WHERE at.learner_id = '" + learner.id + "'"),
            count(*a, "SELECT COUNT(*) FROM answers an JOIN attempts at ON at.id = an.attempt_id "
                      "WHERE at.learner_id = '" + learner.id + "'"));
  // B's own record chain stays intact: A's result is outside it, in A's chain.
  auto chain = app::verifyRecords(dirB.path());
  ASSERT_TRUE(chain);
  EXPECT_TRUE(chain->intact) << chain->problem;

  // Again: nothing new.
  auto again = app::importSite(*b, stick());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->segments, 0);
  EXPECT_EQ(again->inserted + again->updated, 0);
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM outbox"), outboxBefore);

  // B's practice with A's learner is B's record: A imports it and sends nothing.
  app::LearningService learningB(*b);
  auto attempt = learningB.startLessonQuiz(learner.id, "l-0-1-cham-vuot");
  ASSERT_TRUE(attempt);
  for (const auto& qid : attempt->question_ids) ASSERT_TRUE(learningB.submitAnswer(*attempt, qid, {0}));
  ASSERT_TRUE(learningB.finishQuiz(attempt->id));
  EXPECT_GT(count(*b, "SELECT COUNT(*) FROM outbox"), outboxBefore);  // B sends its own
  ASSERT_TRUE(app::exportSite(*b, stick()));
  const int outboxA = count(*a, "SELECT COUNT(*) FROM outbox");
  auto back = app::importSite(*a, stick());
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->segments, 1);  // B's; A's own folder is skipped
  EXPECT_EQ(count(*a, "SELECT COUNT(*) FROM outbox"), outboxA);
  EXPECT_EQ(count(*a, "SELECT COUNT(*) FROM attempts WHERE origin_kiosk = 'kiosk-b'"), 1);
  // The learner did not come back to A as a stranger: B did not journal them.
  EXPECT_EQ(count(*a, "SELECT COUNT(*) FROM learners WHERE origin_kiosk IS NOT NULL"), 0);

  auto st = app::siteStatus(*b);
  ASSERT_TRUE(st && *st);
  EXPECT_EQ((*st)->learners_from_peers, 1);
  ASSERT_EQ((*st)->kiosks.size(), 2u);
}

TEST_F(SiteTest, ALaterStateOfTheSameRecordUpdatesAndNothingElse) {
  const auto learner = registerAndPractiseOnA();
  ASSERT_TRUE(app::exportSite(*a, stick()));
  ASSERT_TRUE(app::importSite(*b, stick()));
  // The lesson read further the same day: the same record, a later state.
  app::LearningService learning(*a);
  ASSERT_TRUE(learning.recordLessonViewed(learner.id, "l-0-1-cham-vuot", lessonPages(), lessonPages()));
  auto second = app::exportSite(*a, stick());
  ASSERT_TRUE(second);
  EXPECT_EQ(second->journal.seq, 2);
  EXPECT_EQ(second->journal.records, 1u);
  auto r = app::importSite(*b, stick());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->updated, 1);
  EXPECT_EQ(r->inserted, 0);
  EXPECT_EQ(count(*b, "SELECT pages_seen FROM lesson_views WHERE learner_id = '" + learner.id + "'"), lessonPages());
  // Nothing changed: no segment.
  auto third = app::exportSite(*a, stick());
  ASSERT_TRUE(third);
  EXPECT_EQ(third->journal.seq, 0);
}

TEST_F(SiteTest, MissingReplayedMovedAndForeignSegmentsAreRefusedWithNothingImported) {
  const auto learner = registerAndPractiseOnA();
  ASSERT_TRUE(app::exportSite(*a, stick()));
  app::LearningService learning(*a);
  ASSERT_TRUE(learning.recordLessonViewed(learner.id, "l-0-1-cham-vuot", lessonPages(), lessonPages()));
  ASSERT_TRUE(app::exportSite(*a, stick()));
  const std::string seg1 = fileBytes(stick() / "kiosk-a" / "seg-000001.hseg");
  const std::string seg2 = fileBytes(stick() / "kiosk-a" / "seg-000002.hseg");
  auto refused = [&](const fs::path& dir, const std::string& expect) {
    auto r = app::importSite(*b, dir);
    ASSERT_FALSE(r) << dir;
    EXPECT_NE(r.error().message.find(expect), std::string::npos) << r.error().message;
    EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM learners"), 0);
    EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM site_segments WHERE kiosk_id <> 'kiosk-b'"), 0);
  };
  // Segment 1 missing.
  writeBytes(work.path() / "gap" / "kiosk-a" / "seg-000002.hseg", seg2);
  refused(work.path() / "gap", "segment 1 is missing");
  // Segment 1 presented as segment 2 (replayed in another place).
  writeBytes(work.path() / "swap" / "kiosk-a" / "seg-000001.hseg", seg1);
  writeBytes(work.path() / "swap" / "kiosk-a" / "seg-000002.hseg", seg1);
  refused(work.path() / "swap", "moved or renamed");
  // A's segment under another kiosk's folder.
  writeBytes(work.path() / "moved" / "kiosk-c" / "seg-000001.hseg", seg1);
  refused(work.path() / "moved", "moved or renamed");
  // A tampered copy beside a sound one from another kiosk: nothing at all.
  std::string bad = seg2;
  bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x20);
  writeBytes(work.path() / "tampered" / "kiosk-a" / "seg-000001.hseg", seg1);
  writeBytes(work.path() / "tampered" / "kiosk-a" / "seg-000002.hseg", bad);
  refused(work.path() / "tampered", "refused");
  // A segment naming kiosk A, sealed with the site key but signed by another
  // key (a member forging A, or A's key replaced).
  auto forger = Ed25519PrivateKey::generate();
  ASSERT_TRUE(forger);
  auto forged = segmentOf("kiosk-a", *forger);
  ASSERT_TRUE(forged);
  writeBytes(work.path() / "forged" / "kiosk-a" / "seg-000001.hseg", *forged);
  refused(work.path() / "forged", "not by that kiosk's key");
  // Another site's kiosk.
  test::TempDir dirX;
  auto x = openKioskAs(dirX.path(), "kiosk-x");
  ASSERT_TRUE(x);
  ASSERT_TRUE(app::initSite(*x, "Xã khác", work.path() / "x.json", "999999"));
  x.reset();
  x = openKioskAs(dirX.path(), "kiosk-x");
  ASSERT_TRUE(app::exportSite(*x, work.path() / "foreign"));
  writeBytes(work.path() / "foreign2" / "kiosk-x" / "seg-000001.hseg", std::string());  // not even a segment
  refused(work.path() / "foreign2", "refused");
  // (kiosk-x wrote no records: its folder is empty; make it write one.)
  app::LearningService lx(*x);
  ASSERT_TRUE(test::registerWithConsent(*x, "Lê Văn Tám", 1958));
  ASSERT_TRUE(app::exportSite(*x, work.path() / "foreign"));
  refused(work.path() / "foreign", "another site");

  // The sound folder still imports; then an older copy of it is nothing new,
  // and a rewritten segment 1 is refused as a replay.
  ASSERT_TRUE(app::importSite(*b, stick()));
  writeBytes(work.path() / "old" / "kiosk-a" / "seg-000001.hseg", seg1);
  auto old = app::importSite(*b, work.path() / "old");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->segments, 0);
  auto rewritten = segmentOf("kiosk-a", *a->signer);
  ASSERT_TRUE(rewritten);
  writeBytes(work.path() / "replay" / "kiosk-a" / "seg-000001.hseg", *rewritten);
  auto replay = app::importSite(*b, work.path() / "replay");
  ASSERT_FALSE(replay);
  EXPECT_NE(replay.error().message.find("replayed or rewritten"), std::string::npos) << replay.error().message;
}

TEST_F(SiteTest, ARecordIdClaimedByAnotherKioskIsAConflictAndNeverOverwritten) {
  const auto learner = registerAndPractiseOnA();
  ASSERT_TRUE(app::exportSite(*a, stick()));
  ASSERT_TRUE(app::importSite(*b, stick()));
  // Kiosk C (a member: it has the site key) journals a learner with the same id.
  auto cKey = Ed25519PrivateKey::generate();
  ASSERT_TRUE(cKey);
  const std::string at = nowIso8601();
  std::vector<assessment::SiteRecord> recs = {
      {assessment::kSiteLearner, learner.id,
       {{"full_name", "Kẻ Giả Mạo"}, {"birth_year", 1990}, {"target_group", "citizen"}, {"created_at", at}}}};
  auto seg = segmentOf("kiosk-c", *cKey, recs, at);
  ASSERT_TRUE(seg);
  writeBytes(work.path() / "c" / "kiosk-c" / "seg-000001.hseg", *seg);
  auto r = app::importSite(*b, work.path() / "c");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->conflicts.size(), 1u);
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM site_conflicts"), 1);
  assessment::LearnerRepository repo(*b->db, b->cipher);
  auto kept = repo.find(learner.id);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->full_name, "Nguyễn Thị Hồng");
  EXPECT_EQ(kept->birth_year, 1962);
}

TEST_F(SiteTest, APersonRegisteredOnBothKiosksComesInWithTheirRecordsAndIsOfferedForMerging) {
  const auto onA = registerAndPractiseOnA();
  // The same citizen ID registered on B first (offline, the same week), with another PIN.
  auto r = test::consentedRegistration("Nguyễn Thị Hồng", 1962, "1357");
  r.citizen_id = "036162004321";
  app::LearnerService learnersB(*b);
  const auto onB = test::registerOrFail(learnersB, r);
  ASSERT_FALSE(onB.id.empty());
  ASSERT_TRUE(app::exportSite(*a, stick()));
  auto imported = app::importSite(*b, stick());
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_TRUE(imported->conflicts.empty()) << imported->conflicts.front();
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM learners"), 2);
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM attempts WHERE learner_id = '" + onA.id + "'"), 1);
  // Until a facilitator merges them, her ID finds B's own registration, and
  // registering that ID again here is still refused.
  auto byId = app::LearnerService(*b).signInByCitizenId("036162004321", "1357");
  ASSERT_TRUE(byId) << byId.error().message;
  ASSERT_EQ(byId->status, app::SignInStatus::SignedIn);
  EXPECT_EQ(byId->learner.id, onB.id);
  auto again = app::LearnerService(*b).registerLearner(r);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::Exists);
  auto dups = assessment::LearnerMergeRepository(*b->db).duplicates();
  ASSERT_TRUE(dups) << dups.error().message;
  ASSERT_EQ(dups->size(), 1u);
  EXPECT_EQ(dups->front().reason, assessment::DuplicateReason::SameCitizenId);
}

TEST_F(SiteTest, TheDashboardShowsTheWholeSiteSplitByKiosk) {
  const auto learner = registerAndPractiseOnA();
  auto read = app::LearningService(*a).recordLessonViewed(learner.id, "l-0-1-cham-vuot", lessonPages(), lessonPages());
  ASSERT_TRUE(read && read->view.completed_at) << "the lesson was not read to its end";
  ASSERT_TRUE(app::exportSite(*a, stick()));
  ASSERT_TRUE(app::importSite(*b, stick()));
  registerOn(*b, "Lê Văn Tám", 1958);
  auto d = app::DashboardService(*b).dashboard();
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->by_kiosk.size(), 2u);
  EXPECT_EQ(d->by_kiosk[0].kiosk, "");
  EXPECT_EQ(d->by_kiosk[0].learners, 1);
  EXPECT_EQ(d->by_kiosk[0].lessons_completed, 0);
  EXPECT_EQ(d->by_kiosk[1].kiosk, "kiosk-a");
  EXPECT_EQ(d->by_kiosk[1].learners, 1);
  EXPECT_EQ(d->by_kiosk[1].lessons_completed, 1);
  EXPECT_EQ(d->learners, 2);
  EXPECT_EQ(d->lessons_completed, 1);
  // A kiosk that has taken nothing in from the others: one line, its own.
  auto own = app::DashboardService(*a).dashboard();
  ASSERT_TRUE(own);
  ASSERT_EQ(own->by_kiosk.size(), 1u);
  EXPECT_EQ(own->learners, 1);
}

TEST_F(SiteTest, RecordsOfALearnerWhoseKioskIsMissingAreRefused) {
  const auto learner = registerAndPractiseOnA();
  ASSERT_TRUE(app::exportSite(*a, stick()));
  ASSERT_TRUE(app::importSite(*b, stick()));
  // B practises with A's learner; kiosk C has only B's folder.
  ASSERT_NO_FATAL_FAILURE(practiseOn(*b, learner.id));
  ASSERT_TRUE(app::exportSite(*b, work.path() / "stick-b"));
  fs::remove_all(work.path() / "stick-b" / "kiosk-a");
  test::TempDir dirC;
  auto c = joinedKiosk(dirC.path(), "kiosk-c");
  ASSERT_TRUE(c);
  auto r = app::importSite(*c, work.path() / "stick-b");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("who is not here"), std::string::npos) << r.error().message;
  EXPECT_EQ(count(*c, "SELECT COUNT(*) FROM attempts"), 0);
  // With A's folder too, everything arrives.
  ASSERT_TRUE(app::importSite(*c, stick()));
  auto both = app::importSite(*c, work.path() / "stick-b");
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(count(*c, "SELECT COUNT(*) FROM attempts"), 2);
}

TEST_F(SiteTest, ALearnerErasedHereIsNotRefilledByALaterStateFromTheirKiosk) {
  const auto learner = registerAndPractiseOnA();
  ASSERT_TRUE(app::exportSite(*a, stick()));
  ASSERT_TRUE(app::importSite(*b, stick()));
  ASSERT_TRUE(app::LearnerService(*b).deleteLearner(learner.id));
  // A later state of the learner on A (here: a sign-in picture chosen).
  a->db->exec("UPDATE learners SET picture_id = 'trau' WHERE id = '" + learner.id + "'");
  auto r = importSecondExport(*a, *b);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->updated, 0);
  ASSERT_EQ(r->conflicts.size(), 1u);
  auto kept = assessment::LearnerRepository(*b->db, b->cipher).find(learner.id);
  ASSERT_TRUE(kept);
  EXPECT_TRUE(kept->erased);
  EXPECT_TRUE(kept->full_name.empty() || kept->full_name != "Nguyễn Thị Hồng");
}

TEST_F(SiteTest, AnErasureOnOneKioskErasesTheLearnerOnTheKioskWhereTheyRegistered) {
  const auto learner = registerAndPractiseOnA();
  ASSERT_TRUE(app::exportSite(*a, stick()));
  ASSERT_TRUE(app::importSite(*b, stick()));
  const std::string voided = "SELECT COUNT(*) FROM outbox WHERE payload LIKE '%expapi/verbs/voided%'";
  const int voidedOnA = count(*a, voided);
  // She asks the helper at kiosk B to erase her.
  auto erasedOnB = app::LearnerService(*b).deleteLearner(learner.id);
  ASSERT_TRUE(erasedOnB) << erasedOnB.error().message;
  EXPECT_EQ(erasedOnB->voiding_statements, 0);  // B queued nothing about her: A did
  EXPECT_FALSE(erasedOnB->erasure_request_queued);
  auto fromB = app::exportSite(*b, work.path() / "stick-b");
  ASSERT_TRUE(fromB) << fromB.error().message;
  EXPECT_EQ(fromB->journal.seq, 1);  // B's journal announces the erasure
  auto onA = app::importSite(*a, work.path() / "stick-b");
  ASSERT_TRUE(onA) << onA.error().message;
  EXPECT_EQ(onA->erased, 1);
  ASSERT_NO_FATAL_FAILURE(expectErasedOn(*a, learner.id));
  // A erased her as a helper at A would have: her consent withdrawn, the
  // statements A queued about her voided.
  EXPECT_EQ(count(*a, "SELECT COUNT(*) FROM consents WHERE learner_id = '" + learner.id + "' AND withdrawn_at IS NULL"),
            0);
  EXPECT_GT(count(*a, voided), voidedOnA);
  // Neither kiosk's journal carries her again, and A does not announce B's
  // erasure as its own.
  auto again = app::writeJournal(*a);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->seq, 0);
  auto status = app::siteStatus(*a);
  ASSERT_TRUE(status && *status);
  for (const auto& k : (*status)->kiosks)
    if (k.this_kiosk) {
      EXPECT_EQ(k.segments_behind, 0);
    }
  // The same erasure imported again changes nothing.
  auto twice = app::importSite(*a, work.path() / "stick-b");
  ASSERT_TRUE(twice) << twice.error().message;
  EXPECT_EQ(twice->erased, 0);
  EXPECT_TRUE(twice->conflicts.empty());
}

TEST_F(SiteTest, AKioskThatLearnsOfTheErasureFirstNeverTakesInTheLearnersData) {
  const auto learner = registerAndPractiseOnA();
  ASSERT_TRUE(app::exportSite(*a, stick()));
  ASSERT_TRUE(app::importSite(*b, stick()));
  ASSERT_TRUE(app::LearnerService(*b).deleteLearner(learner.id));
  ASSERT_TRUE(app::exportSite(*b, work.path() / "stick-b"));
  test::TempDir dirC;
  auto c = joinedKiosk(dirC.path(), "kiosk-c");
  ASSERT_TRUE(c && c->site_cipher);
  // C gets B's folder first (the erasure), then A's old segments.
  fs::remove_all(work.path() / "stick-b" / "kiosk-a");
  auto first = app::importSite(*c, work.path() / "stick-b");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->erased, 0);  // she was never here
  auto second = app::importSite(*c, stick());
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE(second->conflicts.empty());
  EXPECT_EQ(count(*c, "SELECT COUNT(*) FROM learners"), 0);
  EXPECT_EQ(count(*c, "SELECT COUNT(*) FROM attempts"), 0);
  EXPECT_EQ(count(*c, "SELECT COUNT(*) FROM consents"), 0);
}

TEST_F(SiteTest, AnErasureInTheSameFolderAsTheLearnerLeavesOnlyAnErasedRow) {
  const auto learner = registerAndPractiseOnA();
  ASSERT_TRUE(app::exportSite(*a, stick()));
  ASSERT_TRUE(app::LearnerService(*a).deleteLearner(learner.id));
  auto second = app::exportSite(*a, stick());  // segment 2: the erasure
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->journal.seq, 2);
  auto r = app::importSite(*b, stick());  // both segments at once
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->erased, 1);
  ASSERT_NO_FATAL_FAILURE(expectErasedOn(*b, learner.id));
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM learners WHERE citizen_id_enc IS NOT NULL OR pin_hash IS NOT NULL"), 0);
}

TEST(SiteExam, AnExamUnderWayOnAIsShownOnBUntilItsFinishedRecordArrives) {
  // The citizen pack: the starter pack has too few questions for an exam.
  const fs::path citizen = fs::path(HOCSO_TEST_SOURCE_DIR) / "content" / "packs" / "citizen";
  test::TempDir work, dirA, dirB;
  const fs::path invite = work.path() / "invite.json", stick = work.path() / "stick";
  auto a = openKioskAs(dirA.path(), "kiosk-a", citizen);
  auto b = openKioskAs(dirB.path(), "kiosk-b", citizen);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(app::initSite(*a, "Xã Tân Hòa", invite, "482913"));
  ASSERT_TRUE(app::joinSite(*b, invite, "482913"));
  a.reset();
  b.reset();
  a = openKioskAs(dirA.path(), "kiosk-a", citizen);
  b = openKioskAs(dirB.path(), "kiosk-b", citizen);
  ASSERT_TRUE(a && b && a->site_cipher && b->site_cipher);
  auto learner = app::LearnerService(*a).registerLearner(test::consentedRegistration("Nguyễn Thị Hồng", 1962, "2468"));
  ASSERT_TRUE(learner) << learner.error().message;
  app::ExamService exams(*a);
  auto f = app::FacilitatorService(*a).addFacilitator("Tổ công nghệ số", "4321");
  ASSERT_TRUE(f) << f.error().message;
  auto started = exams.startExam({learner->id, f->id, "4321", true, 7});
  ASSERT_TRUE(started && started->status == app::ExamStartStatus::Started);
  ASSERT_TRUE(app::exportSite(*a, stick));
  ASSERT_TRUE(app::importSite(*b, stick));
  auto where = app::examOnAnotherKiosk(*b, learner->id);
  ASSERT_TRUE(where) << where.error().message;
  ASSERT_TRUE(*where);
  EXPECT_EQ(**where, "kiosk-a");
  // Nothing of the exam itself is on B: it stays on A.
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM attempts WHERE kind = 'exam'"), 0);
  // B's volunteer sees it in today's list and is not offered a second exam.
  auto today = app::DashboardService(*b).today();
  ASSERT_TRUE(today) << today.error().message;
  ASSERT_EQ(today->size(), 1u);
  EXPECT_EQ((*today)[0].last_kiosk, "kiosk-a");
  EXPECT_EQ((*today)[0].exam_elsewhere, std::optional<std::string>("kiosk-a"));
  EXPECT_FALSE(app::canStartExam((*today)[0]));
  // A's own kiosk does not send her elsewhere.
  auto onA = app::examOnAnotherKiosk(*a, learner->id);
  ASSERT_TRUE(onA);
  EXPECT_FALSE(*onA);
  // She finishes it on A; the finished exam travels and closes it on B.
  for (const auto& q : started->exam.questions)
    ASSERT_TRUE(exams.submitAnswer(started->exam.attempt_id, q.question_id, {0}));
  ASSERT_TRUE(exams.finishExam(started->exam.attempt_id));
  ASSERT_TRUE(app::exportSite(*a, stick));
  auto r = app::importSite(*b, stick);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->conflicts.empty());
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM attempts WHERE kind = 'exam' AND finished_at IS NOT NULL"), 1);
  auto after = app::examOnAnotherKiosk(*b, learner->id);
  ASSERT_TRUE(after);
  EXPECT_FALSE(*after);
}

TEST_F(SiteTest, EachKiosksReportCountsOnlyWhatWasDoneThereSoDistrictTotalsAddUp) {
  const auto learner = registerAndPractiseOnA();
  auto read = app::LearningService(*a).recordLessonViewed(learner.id, "l-0-1-cham-vuot", lessonPages(), lessonPages());
  ASSERT_TRUE(read) << read.error().message;  // read to the end on A
  ASSERT_TRUE(app::exportSite(*a, stick()));
  ASSERT_TRUE(app::importSite(*b, stick()));
  // She practises once more, on B.
  size_t questions = 0;
  ASSERT_NO_FATAL_FAILURE(practiseOn(*b, learner.id, &questions));
  auto ra = assessment::buildReport(*a->db, a->pack, {});
  auto rb = assessment::buildReport(*b->db, b->pack, {});
  ASSERT_TRUE(ra && rb);
  EXPECT_EQ(ra->learners_registered, 1);
  EXPECT_EQ(rb->learners_registered, 0);  // she registered on A
  EXPECT_EQ(ra->practice_completed, 1);
  EXPECT_EQ(rb->practice_completed, 1);   // B's own quiz, not A's again
  EXPECT_EQ(ra->lessons_completed, 1);
  EXPECT_EQ(rb->lessons_completed, 0);
  long long answersA = 0, answersB = 0;
  for (const auto& [code, g] : ra->by_skill_group) answersA += g.answers;
  for (const auto& [code, g] : rb->by_skill_group) answersB += g.answers;
  EXPECT_EQ(answersA, static_cast<long long>(questions));
  EXPECT_EQ(answersB, static_cast<long long>(questions));
}

TEST_F(SiteTest, ALearnerRegisteredBeforeTheKioskJoinedTravelsAfterTheirNextSignIn) {
  test::TempDir dirC;
  auto c = openKioskAs(dirC.path(), "kiosk-c");
  ASSERT_TRUE(c);
  app::LearnerService onC(*c);
  const auto l = test::registerConsented(onC, "Phạm Văn Lộc", 1955, "9753");
  ASSERT_FALSE(l.id.empty());
  const std::string pinOf = "SELECT pin_hash FROM learners WHERE id = '" + l.id + "'";
  EXPECT_FALSE(c->db->execAndGet(pinOf).getString().starts_with("site:"));
  ASSERT_TRUE(app::joinSite(*c, invite(), "482913"));
  c.reset();
  c = openKioskAs(dirC.path(), "kiosk-c");
  ASSERT_TRUE(c && c->site_cipher);
  // Before their next sign-in here their PIN cannot travel: the record goes without it.
  ASSERT_TRUE(app::exportSite(*c, stick()));
  ASSERT_TRUE(app::importSite(*b, stick()));
  auto before = app::LearnerService(*b).signInByName("Phạm Văn Lộc", 1955, "9753");
  ASSERT_TRUE(before);
  EXPECT_NE(before->status, app::SignInStatus::SignedIn);
  // Signed in on C: re-hashed with the site key, journaled, and B lets them in.
  auto back = app::LearnerService(*c).signInByName("Phạm Văn Lộc", 1955, "9753");
  ASSERT_TRUE(back);
  ASSERT_EQ(back->status, app::SignInStatus::SignedIn);
  EXPECT_TRUE(c->db->execAndGet(pinOf).getString().starts_with("site:"));
  auto again = app::LearnerService(*c).signInByName("Phạm Văn Lộc", 1955, "9753");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, app::SignInStatus::SignedIn);
  auto imported = importSecondExport(*c, *b);
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->updated, 1);
  auto onB = app::LearnerService(*b).signInByName("Phạm Văn Lộc", 1955, "9753");
  ASSERT_TRUE(onB);
  EXPECT_EQ(onB->status, app::SignInStatus::SignedIn);
}

TEST_F(SiteTest, TheKeyBackupCarriesTheSiteKey) {
  const fs::path backup = work.path() / "keys.backup";
  ASSERT_TRUE(app::backupKeys(dirB.path(), backup, "mật khẩu sao lưu"));
  test::TempDir fresh;
  auto restored = app::restoreKeys(fresh.path(), backup, "mật khẩu sao lưu", false);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(fileBytes(app::siteKeyFile(fresh.path())), fileBytes(app::siteKeyFile(dirB.path())));
  EXPECT_EQ(fs::status(app::siteKeyFile(fresh.path())).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  // Never over another site's key without --force.
  auto other = app::restoreKeys(dirA.path(), backup, "mật khẩu sao lưu", false);
  EXPECT_FALSE(other);
}

TEST(SiteMigration, AnAssessmentDatabaseFromBeforeSitesUpgradesWithItsRowsMadeHere) {
  test::TempDir dir;
  auto db = openDatabase((dir.path() / "kiosk.db").string());
  ASSERT_TRUE(db);
  ModuleSchema before = assessment::schema();
  before.migrations.resize(11);
  ASSERT_TRUE(migrate(**db, before));
  (*db)->exec("INSERT INTO learners(id, full_name_enc, birth_year, target_group, created_at) "
              "VALUES ('old', X'00', 1950, 'citizen', '2026-01-01T00:00:00Z')");
  ASSERT_TRUE(migrate(**db, assessment::schema()));
  EXPECT_EQ(schemaVersion(**db, "assessment"), 13);
  EXPECT_EQ((*db)->execAndGet("SELECT COUNT(*) FROM learners WHERE id = 'old' AND origin_kiosk IS NULL").getInt(), 1);
  for (const char* t : {"consents", "attempts", "results", "certificates", "lesson_views"})
    EXPECT_NO_THROW((*db)->execAndGet(std::string("SELECT COUNT(origin_kiosk) FROM ") + t)) << t;
  // Migration 13: the old learner is its own group, merged into nobody.
  EXPECT_EQ((*db)->execAndGet("SELECT COUNT(*) FROM learner_group WHERE root = 'old' AND id = 'old'").getInt(), 1);
  EXPECT_EQ((*db)->execAndGet("SELECT COUNT(*) FROM learner_merges").getInt(), 0);
}

}  // namespace
}  // namespace hocso

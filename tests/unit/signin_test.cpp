// Sign-in a learner never gets stuck in: names folded (accents, case, đ,
// decomposed input, spaces), sign-in by picture + birth year + PIN, the safe
// month hint when several learners match, the lockout per lookup key, and
// the upgrade of a database whose name indexes predate folding.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdio>
#include <tuple>

#include "assessment/identity.hpp"
#include "assessment/name_fold.hpp"
#include "learner_service.hpp"
#include "signin_pictures.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

TEST(NameFold, VietnameseNamesFoldToPlainLowerCase) {
  const std::pair<const char*, const char*> cases[] = {
      {"Lê Thị Thu Hà", "le thi thu ha"},
      {"le thi thu ha", "le thi thu ha"},
      {"LÊ THỊ THU HÀ", "le thi thu ha"},
      {"  Lê   Thị\tThu  Hà  ", "le thi thu ha"},
      {"Đặng Văn Đức", "dang van duc"},
      {"đặng văn đức", "dang van duc"},
      {"Nguyễn Thị Ngọc Ánh", "nguyen thi ngoc anh"},
      {"Trương Quốc Bảo", "truong quoc bao"},
      {"Phạm Thị Hương Giang", "pham thi huong giang"},
      {"Hồ Xuân Hương", "ho xuan huong"},
      {"Vũ Ưng Ửng", "vu ung ung"},
      {"Lý Thị Ỷ", "ly thi y"},
      {"Ông Ích Khiêm", "ong ich khiem"},
      {"Tạ Thị Ơn", "ta thi on"},
      {"Bùi\u00a0Văn\u2003Tỵ", "bui van ty"},  // no-break and em spaces
      {"", ""},
      {"   ", ""},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(assessment::foldName(in), want) << in;
}

TEST(NameFold, DecomposedInputFoldsLikePrecomposed) {
  // "Lê Thị Thu Hà" in NFD: e + U+0302, i + U+0323, a + U+0300.
  EXPECT_EQ(assessment::foldName("Le\u0302 Thi\u0323 Thu Ha\u0300"), "le thi thu ha");
  // ư ợ as u/o + horn (U+031B) + dot below (U+0323); Đ stays precomposed in NFD.
  EXPECT_EQ(assessment::foldName("\u0110u\u031Bo\u031B\u0323ng"), "duong");
  // Marks in the other order, and an accent typed alone after a space.
  EXPECT_EQ(assessment::foldName("Ho\u0323\u0302 \u0301 A"), "ho a");
  // Not folded together: different letters stay different.
  EXPECT_NE(assessment::foldName("Lê Thị Thu Hà"), assessment::foldName("Lê Thị Thu Hải"));
  // Invalid UTF-8 bytes are dropped, not crashed on.
  EXPECT_EQ(assessment::foldName(std::string("an\xff\xfe h")), "an h");
}

app::Registration person(const std::string& name, int year, const std::string& pin, const std::string& picture = "") {
  app::Registration r = test::consentedRegistration(name, year, pin);
  r.picture_id = picture;
  return r;
}

class SignInTest : public test::LearnerServiceFixture {
 protected:
  assessment::Learner add(const app::Registration& r) { return test::registerOrFail(*service, r); }
  // Registered in `month` (UTC mid-month, any time zone keeps the month).
  void registeredIn(const std::string& id, int month) {
    SQLite::Statement q(*ctx->db, "UPDATE learners SET created_at = ? WHERE id = ?");
    char at[40];
    std::snprintf(at, sizeof at, "2025-%02d-15T12:00:00Z", month);
    q.bind(1, at);
    q.bind(2, id);
    q.exec();
  }
};

TEST_F(SignInTest, ANameTypedWithoutAccentsOrInAnyCaseSignsIn) {
  auto ha = add(person("Lê Thị Thu Hà", 1958, "2580"));
  auto duc = add(person("Đặng Văn Đức", 1949, "1357"));
  for (const char* typed : {"le thi thu ha", "LE THI THU HA", "  Le  thi thu  HA ", "Lê Thị Thu Hà",
                            "Le\u0302 Thi\u0323 Thu Ha\u0300"}) {
    auto o = service->signInByName(typed, 1958, "2580");
    ASSERT_TRUE(o) << typed;
    EXPECT_EQ(o->status, app::SignInStatus::SignedIn) << typed;
    EXPECT_EQ(o->learner.id, ha.id) << typed;
    EXPECT_EQ(o->learner.full_name, "Lê Thị Thu Hà") << "the name is kept as registered";
  }
  EXPECT_EQ(service->signInByName("dang van duc", 1949, "1357")->learner.id, duc.id);
  // Folding does not loosen the rest: year, PIN and the other letters count.
  EXPECT_EQ(service->signInByName("le thi thu ha", 1959, "2580")->status, app::SignInStatus::WrongCredentials);
  EXPECT_EQ(service->signInByName("le thi thu ha", 1958, "2581")->status, app::SignInStatus::WrongCredentials);
  EXPECT_EQ(service->signInByName("le thi thu hai", 1958, "2580")->status, app::SignInStatus::WrongCredentials);
}

TEST_F(SignInTest, HomonymsWithDifferentPinsNeedNoHint) {
  auto a = add(person("Nguyễn Văn An", 1960, "1111"));
  auto b = add(person("Nguyen Van An", 1960, "2222"));  // folds to the same name
  auto oa = service->signInByName("nguyen van an", 1960, "1111");
  auto ob = service->signInByName("NGUYỄN VĂN AN", 1960, "2222");
  EXPECT_EQ(oa->status, app::SignInStatus::SignedIn);
  EXPECT_EQ(oa->learner.id, a.id);
  EXPECT_EQ(ob->status, app::SignInStatus::SignedIn);
  EXPECT_EQ(ob->learner.id, b.id);
}

TEST_F(SignInTest, SamePinForTwoAsksTheRegistrationMonthNeverListsPeople) {
  auto a = add(person("Trần Văn Bình", 1955, "4321"));
  auto b = add(person("Tran Van Binh", 1955, "4321"));
  registeredIn(a.id, 3);
  registeredIn(b.id, 9);
  auto first = service->signInByName("tran van binh", 1955, "4321");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, app::SignInStatus::NeedsHint);
  EXPECT_TRUE(first->learner.id.empty()) << "nobody is named before the hint";
  EXPECT_EQ(service->signInByName("tran van binh", 1955, "4321", 3)->learner.id, a.id);
  EXPECT_EQ(service->signInByName("tran van binh", 1955, "4321", 9)->learner.id, b.id);
  // A wrong month is a failed try (counted, so the 12 months cannot be tried freely).
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(service->signInByName("tran van binh", 1955, "4321", 5)->status, app::SignInStatus::WrongCredentials);
  auto fifth = service->signInByName("tran van binh", 1955, "4321", 6);
  EXPECT_EQ(fifth->status, app::SignInStatus::WrongCredentials);
  EXPECT_EQ(fifth->retry_after_ms, 30'000);
  EXPECT_EQ(service->signInByName("tran van binh", 1955, "4321", 3)->status, app::SignInStatus::Locked);
  // The same month too: a class helper must help.
  now_ms += 3'600'000;
  registeredIn(b.id, 3);
  EXPECT_EQ(service->signInByName("tran van binh", 1955, "4321", 3)->status, app::SignInStatus::NeedsHelp);
}

TEST_F(SignInTest, RegistrationMonthIsTheLocalMonth) {
  assessment::Learner l;
  l.created_at = "2026-06-15T12:00:00Z";
  EXPECT_EQ(app::LearnerService::registrationMonth(l), 6);
  l.created_at = "garbage";
  EXPECT_EQ(app::LearnerService::registrationMonth(l), 0);
}

TEST_F(SignInTest, PictureAndBirthYearAndPinSignIn) {
  ASSERT_GE(app::signinPictures().size(), 30u);
  auto a = add(person("Lò Văn Páo", 1962, "1234", "trau"));
  auto b = add(person("Hà Thị Mai", 1962, "5678", "trau"));  // same picture and year
  auto c = add(person("Vi Văn Sơn", 1970, "1234", "trau"));
  EXPECT_EQ(a.picture_id, "trau");
  EXPECT_EQ(service->find(a.id)->picture_id, "trau");
  EXPECT_EQ(service->signInByPicture("trau", 1962, "1234")->learner.id, a.id);
  EXPECT_EQ(service->signInByPicture("trau", 1962, "5678")->learner.id, b.id);
  EXPECT_EQ(service->signInByPicture("trau", 1970, "1234")->learner.id, c.id);
  EXPECT_EQ(service->signInByPicture("trau", 1962, "9999")->status, app::SignInStatus::WrongCredentials);
  EXPECT_EQ(service->signInByPicture("hoa-sen", 1962, "1234")->status, app::SignInStatus::WrongCredentials);
  EXPECT_EQ(service->signInByPicture("", 1962, "1234")->status, app::SignInStatus::WrongCredentials);
  // The picture is stored as a field and a keyed index, never next to the year in clear.
  SQLite::Statement q(*ctx->db, "SELECT picture_id, picture_index FROM learners WHERE id = ?");
  q.bind(1, a.id);
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "trau");
  EXPECT_EQ(q.getColumn(1).getString().find("trau"), std::string::npos);
  // Same picture, year and PIN: the month hint.
  auto d = add(person("Sầm Thị Lan", 1962, "1234", "trau"));
  registeredIn(a.id, 1);
  registeredIn(d.id, 2);
  EXPECT_EQ(service->signInByPicture("trau", 1962, "1234")->status, app::SignInStatus::NeedsHint);
  EXPECT_EQ(service->signInByPicture("trau", 1962, "1234", 2)->learner.id, d.id);
}

TEST_F(SignInTest, AnUnknownPictureIsRefusedAtRegistration) {
  auto r = service->registerLearner(person("Lò Văn Páo", 1962, "1234", "unicorn"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("picture"), std::string::npos);
}

TEST_F(SignInTest, LockoutCountsPerFoldedLookupKey) {
  add(person("Lê Thị Thu Hà", 1958, "2580"));
  // Spellings of one name are one key: 5 failures in mixed spellings lock it.
  const char* spellings[] = {"le thi thu ha", "LÊ THỊ THU HÀ", "Le Thi Thu Ha", "lê thị thu hà", "LE  THI THU HA"};
  for (int i = 0; i < 5; ++i) {
    auto o = service->signInByName(spellings[i], 1958, "0000");
    EXPECT_EQ(o->status, app::SignInStatus::WrongCredentials);
    EXPECT_EQ(o->retry_after_ms, i < 4 ? 0 : 30'000);
  }
  EXPECT_EQ(service->signInByName("Lê Thị Thu Hà", 1958, "2580")->status, app::SignInStatus::Locked);
  // An unknown name behaves exactly like a wrong PIN, and locks the same way,
  // whatever its spelling.
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(service->signInByName("Nguyễn Văn Không", 1950, "1234")->retry_after_ms, 0);
  auto fifth = service->signInByName("nguyen van khong", 1950, "1234");
  EXPECT_EQ(fifth->status, app::SignInStatus::WrongCredentials);
  EXPECT_EQ(fifth->retry_after_ms, 30'000);
  EXPECT_EQ(service->signInByName("NGUYEN VAN KHONG", 1950, "1234")->status, app::SignInStatus::Locked);
  // After the wait the right PIN signs in and clears the count.
  now_ms += 30'000;
  EXPECT_EQ(service->signInByName("le thi thu ha", 1958, "2580")->status, app::SignInStatus::SignedIn);
  EXPECT_EQ(service->signInByName("le thi thu ha", 1958, "0000")->retry_after_ms, 0);
}

TEST_F(SignInTest, ALockedLearnerDoesNotLockOthersSharingAPicture) {
  auto a = add(person("Lò Văn Páo", 1962, "1234", "ca"));
  auto b = add(person("Hà Thị Mai", 1962, "5678", "ca"));
  // Five wrong PINs for A by citizen ID... A has none: by name instead.
  for (int i = 0; i < 5; ++i) (void)service->signInByName("lo van pao", 1962, "0000");
  EXPECT_EQ(service->signInByPicture("ca", 1962, "1234")->status, app::SignInStatus::WrongCredentials)
      << "A is locked: their PIN is not checked, so the right one tells nothing";
  auto ob = service->signInByPicture("ca", 1962, "5678");
  EXPECT_EQ(ob->status, app::SignInStatus::SignedIn);
  EXPECT_EQ(ob->learner.id, b.id);
  now_ms += 30'000;
  EXPECT_EQ(service->signInByPicture("ca", 1962, "1234")->learner.id, a.id);
}

TEST(SignInUpgrade, AnOldDatabaseIsReindexedOnceAndStillSignsIn) {
  test::TempDir dir;
  std::string ha, erased, duc;
  {
    auto ctx = test::openTestKiosk(dir.path());
    ASSERT_NE(ctx, nullptr);
    app::LearnerService service(*ctx);
    ha = service.registerLearner(person("Lê Thị Thu Hà", 1958, "2580"))->id;
    duc = service.registerLearner(person("Đặng Văn Đức", 1949, "1357"))->id;
    erased = service.registerLearner(person("Mai Văn Xoá", 1980, "1111"))->id;
    ASSERT_TRUE(service.deleteLearner(erased));
    // Back to what the previous version left: no migration 11, name indexes
    // of the exact (accented) lower-case name.
    auto& db = *ctx->db;
    db.exec("DROP INDEX learners_by_picture_index");
    db.exec("ALTER TABLE learners DROP COLUMN picture_index");
    db.exec("ALTER TABLE learners DROP COLUMN picture_id");
    db.exec("ALTER TABLE learners DROP COLUMN name_index_scheme");
    // (and no migrations 12 and 13: the site's origin_kiosk columns and
    // learner merges came later still)
    db.exec("DROP VIEW learner_group");
    db.exec("DROP TABLE learner_merges");
    db.exec("DROP TABLE learner_distinct");
    db.exec("DROP INDEX learners_by_citizen_id_any");
    db.exec("DROP INDEX learners_by_citizen_id");
    db.exec("CREATE UNIQUE INDEX learners_by_citizen_id ON learners(citizen_id_index) WHERE citizen_id_index IS NOT NULL");
    db.exec("DROP INDEX learners_by_origin");
    for (const char* t : {"learners", "consents", "attempts", "results", "certificates", "lesson_views"})
      db.exec(std::string("ALTER TABLE ") + t + " DROP COLUMN origin_kiosk");
    db.exec("DELETE FROM schema_migrations WHERE module = 'assessment' AND version IN (11, 12, 13)");
    for (const auto& [id, name, year] : {std::tuple{ha, "Lê Thị Thu Hà", 1958}, std::tuple{duc, "Đặng Văn Đức", 1949}}) {
      SQLite::Statement q(db, "UPDATE learners SET name_index = ? WHERE id = ?");
      q.bind(1, ctx->cipher.blindIndex(std::string("name\x1f") + assessment::normalizeName(name) + "\x1f" +
                                       std::to_string(year)));
      q.bind(2, id);
      q.exec();
    }
  }
  std::string indexesAfterFirstOpen;
  {
    auto ctx = test::openTestKiosk(dir.path());  // migration 11, then the upgrade step
    ASSERT_NE(ctx, nullptr);
    app::LearnerService service(*ctx);
    auto o = service.signInByName("le thi thu ha", 1958, "2580");
    EXPECT_EQ(o->status, app::SignInStatus::SignedIn);
    EXPECT_EQ(o->learner.id, ha);
    EXPECT_EQ(service.signInByName("Đặng Văn Đức", 1949, "1357")->learner.id, duc) << "the exact name still works";
    EXPECT_EQ(service.signInByName("dang van duc", 1949, "1357")->learner.id, duc);
    EXPECT_EQ(ctx->db->execAndGet("SELECT COUNT(*) FROM learners WHERE name_index_scheme <> 2").getInt(), 0);
    EXPECT_TRUE(ctx->db->execAndGet("SELECT name_index FROM learners WHERE id = '" + erased + "'").isNull());
    indexesAfterFirstOpen = ctx->db->execAndGet("SELECT group_concat(id || name_index, ',') FROM learners").getString();
    // Idempotent: running the step again changes nothing.
    auto again = assessment::LearnerRepository(*ctx->db, ctx->cipher).upgradeNameIndexes();
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, 0);
  }
  auto ctx = test::openTestKiosk(dir.path());
  ASSERT_NE(ctx, nullptr);
  EXPECT_EQ(ctx->db->execAndGet("SELECT group_concat(id || name_index, ',') FROM learners").getString(),
            indexesAfterFirstOpen);
}

}  // namespace
}  // namespace hocso

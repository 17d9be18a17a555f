// Facilitator mode's services: unlocking with the PIN (the lockout shared
// with starting an exam), settings kept in kiosk.db, USB drives and packs on
// them, installing a pack from a drive into the running kiosk, and the
// report written to a drive.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "content_install_service.hpp"
#include "exam_service.hpp"
#include "exam_support.hpp"
#include "learner_service.hpp"
#include "pack_test_support.hpp"
#include "report_export.hpp"
#include "settings_service.hpp"
#include "usb_media.hpp"

namespace hocso {
namespace {

class FacilitatorUnlockTest : public test::KioskTest {
 protected:
  void SetUp() override { open(); }
  void open() {
    facilitators.reset();
    ASSERT_NO_FATAL_FAILURE(openKiosk());
    facilitators = std::make_unique<app::FacilitatorService>(*ctx, [this] { return wall_ms; });
  }
  std::unique_ptr<app::FacilitatorService> facilitators;
  long long wall_ms = 1'800'000'000'000;
};

TEST_F(FacilitatorUnlockTest, WrongPinsCountDownThenLockAndTheRightPinWaitsForTheLockout) {
  auto f = facilitators->addFacilitator("Trần Văn Bình", "1357");
  ASSERT_TRUE(f) << f.error().message;
  for (int left = 4; left >= 1; --left) {
    auto r = facilitators->checkPin(f->id, "0000");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, app::FacilitatorPinStatus::Wrong);
    EXPECT_EQ(r->tries_before_lockout, left);
    EXPECT_EQ(r->retry_after_ms, 0);
  }
  auto fifth = facilitators->checkPin(f->id, "0000");
  EXPECT_EQ(fifth->status, app::FacilitatorPinStatus::Wrong);
  EXPECT_EQ(fifth->retry_after_ms, 30'000);
  // The right PIN is refused while locked, and that refusal is not counted.
  wall_ms += 10'000;
  auto locked = facilitators->checkPin(f->id, "1357");
  EXPECT_EQ(locked->status, app::FacilitatorPinStatus::Locked);
  EXPECT_EQ(locked->retry_after_ms, 20'000);
  open();  // a restart keeps the lockout
  EXPECT_EQ(facilitators->checkPin(f->id, "1357")->status, app::FacilitatorPinStatus::Locked);
  wall_ms += 20'000;
  auto ok = facilitators->checkPin(f->id, "1357");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, app::FacilitatorPinStatus::Accepted);
  EXPECT_EQ(ok->facilitator.id, f->id);
  EXPECT_EQ(ok->facilitator.name, "Trần Văn Bình");
  // The right PIN cleared the count: a wrong one starts again from 4 tries.
  EXPECT_EQ(facilitators->checkPin(f->id, "9999")->tries_before_lockout, 4);
}

TEST_F(FacilitatorUnlockTest, AnUnknownFacilitatorLooksLikeAWrongPin) {
  auto r = facilitators->checkPin("no-such-id", "1357");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, app::FacilitatorPinStatus::Wrong);
}

// A citizen kiosk with a registered learner and the facilitator Hà Thị Lan (PIN 1357).
class FacilitatorExamTest : public test::FacilitatedKioskTest {
 protected:
  FacilitatorExamTest() : FacilitatedKioskTest("Hà Thị Lan", "1357") {}
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(FacilitatedKioskTest::SetUp());
    learner = test::registerConsented(*learners, "Lò Văn Páo", 1970, "2468");
    ASSERT_FALSE(learner.id.empty());
  }
  assessment::Learner learner;
};

TEST_F(FacilitatorExamTest, TheLockoutIsSharedWithStartingAnExam) {
  for (int i = 0; i < 5; ++i) app::FacilitatorService(*ctx).checkPin(facilitator.id, "0000");
  auto start = exams->startExam({learner.id, facilitator.id, "1357", true, 1});
  ASSERT_TRUE(start);
  EXPECT_EQ(start->status, app::ExamStartStatus::FacilitatorLocked);
}

TEST_F(FacilitatorExamTest, StoppingAnExamGradesTheAnswersGivenSoFar) {
  auto started = exams->startExam({learner.id, facilitator.id, "1357", true, 7});
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, app::ExamStartStatus::Started);
  const auto& q = started->exam.questions.front();
  ASSERT_TRUE(exams->submitAnswer(started->exam.attempt_id, q.question_id,
                                  test::rightResponse(*ctx->pack.findQuestion(q.question_id))));
  auto stopped = exams->stopExam(started->exam.attempt_id, facilitator.id);
  ASSERT_TRUE(stopped) << stopped.error().message;
  EXPECT_EQ(stopped->verdict.correct, 1);
  EXPECT_FALSE(stopped->result.passed);
  EXPECT_FALSE(*exams->unfinishedExam(learner.id));
}

// ---- settings ------------------------------------------------------------------

TEST(KioskSettings, SavedSettingsWinOverTheConfigAfterARestart) {
  test::TempDir dir;
  {
    auto ctx = test::openTestKiosk(dir.path());
    ASSERT_NE(ctx, nullptr);
    app::SettingsService settings(*ctx);
    app::KioskSettings s;
    s.site_name = "  Nhà văn hóa thôn Đông  ";
    s.language = "en";
    s.idle_minutes = 10;
    s.voice = "vi-vn-x-south";
    ASSERT_TRUE(settings.save(s, "fac-1"));
    EXPECT_EQ(ctx->config.site_name, "Nhà văn hóa thôn Đông");  // applied to the running kiosk
    EXPECT_EQ(ctx->config.idle_minutes, 10);
  }
  auto ctx = test::openTestKiosk(dir.path());
  ASSERT_NE(ctx, nullptr);
  EXPECT_EQ(ctx->config.site_name, "Nhà văn hóa thôn Đông");
  EXPECT_EQ(ctx->config.language, "en");
  EXPECT_EQ(ctx->config.idle_minutes, 10);
  EXPECT_EQ(ctx->config.voice, "vi-vn-x-south");
  EXPECT_EQ(ctx->db->execAndGet("SELECT changed_by FROM kiosk_settings WHERE key = 'voice'").getString(), "fac-1");
  // Only what was changed is overridden.
  app::SettingsService(*ctx).save({std::nullopt, std::string("vi"), std::nullopt, std::nullopt}, "fac-2");
  auto again = test::openTestKiosk(dir.path());
  EXPECT_EQ(again->config.language, "vi");
  EXPECT_EQ(again->config.idle_minutes, 10);
}

TEST(KioskSettings, InvalidValuesAreRefusedAndNothingIsSaved) {
  test::TempDir dir;
  auto ctx = test::openTestKiosk(dir.path());
  ASSERT_NE(ctx, nullptr);
  app::SettingsService settings(*ctx);
  for (const app::KioskSettings& bad :
       {app::KioskSettings{std::string("   "), {}, {}, {}}, app::KioskSettings{{}, std::string("fr"), {}, {}},
        app::KioskSettings{{}, {}, 0, {}}, app::KioskSettings{{}, {}, 241, {}},
        app::KioskSettings{std::string("Xã A"), {}, {}, std::string("robot")}}) {
    auto r = settings.save(bad, "fac-1");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Invalid);
  }
  EXPECT_EQ(ctx->db->execAndGet("SELECT COUNT(*) FROM kiosk_settings").getInt(), 0);
  // A row edited by hand into nonsense is ignored, not fatal.
  ctx->db->exec("INSERT INTO kiosk_settings VALUES ('language', 'xx', 'now', 'hand')");
  auto saved = app::loadSavedSettings(*ctx->db);
  ASSERT_TRUE(saved);
  EXPECT_FALSE(saved->language);
}

TEST(KioskSettings, APauseIsKeptAcrossARestartUntilAFacilitatorResumes) {
  test::TempDir dir;
  {
    auto ctx = test::openTestKiosk(dir.path());
    ASSERT_NE(ctx, nullptr);
    app::SettingsService settings(*ctx);
    auto never = settings.paused();
    ASSERT_TRUE(never) << never.error().message;
    EXPECT_FALSE(*never);  // a new kiosk is not paused
    ASSERT_TRUE(settings.setPaused(true, "fac-1"));
    EXPECT_TRUE(*settings.paused());
  }
  {  // a power cut or a crash: the kiosk opens paused
    auto ctx = test::openTestKiosk(dir.path());
    ASSERT_NE(ctx, nullptr);
    app::SettingsService settings(*ctx);
    EXPECT_TRUE(*settings.paused());
    EXPECT_EQ(ctx->db->execAndGet("SELECT changed_by FROM kiosk_settings WHERE key = 'paused'").getString(), "fac-1");
    // The pause is not one of the settings applied over hocso.toml.
    auto saved = app::loadSavedSettings(*ctx->db);
    ASSERT_TRUE(saved);
    EXPECT_FALSE(saved->site_name || saved->language || saved->idle_minutes || saved->voice);
    ASSERT_TRUE(settings.setPaused(false, "fac-2"));
    EXPECT_FALSE(*settings.paused());
  }
  auto ctx = test::openTestKiosk(dir.path());
  ASSERT_NE(ctx, nullptr);
  app::SettingsService settings(*ctx);
  EXPECT_FALSE(*settings.paused());
  EXPECT_EQ(ctx->db->execAndGet("SELECT changed_by FROM kiosk_settings WHERE key = 'paused'").getString(), "fac-2");
  // A value edited by hand into nonsense keeps the kiosk paused (only a PIN lifts it).
  ctx->db->exec("UPDATE kiosk_settings SET value = 'yes' WHERE key = 'paused'");
  EXPECT_TRUE(*settings.paused());
}

// ---- USB -------------------------------------------------------------------------

TEST(UsbMedia, FindsMountedDrivesAndPacksOnThem) {
  test::TempDir dir;
  const auto media = dir.path() / "media";
  std::filesystem::create_directories(media / "hoa" / "KINGSTON" / "goi-bai");
  std::filesystem::create_directories(media / "hoa" / "ANH");
  test::writeText(media / "hoa" / "KINGSTON" / "a.hocsopack", "x");
  test::writeText(media / "hoa" / "KINGSTON" / "goi-bai" / "b.hocsopack", "x");
  test::writeText(media / "hoa" / "KINGSTON" / "notes.txt", "x");
  ::unsetenv("HOCSO_TEST_USB");
  auto drives = app::findUsbDrives({media, dir.path() / "missing"}, "HOCSO_TEST_USB");
  ASSERT_EQ(drives.size(), 2u);
  EXPECT_EQ(drives[0].label, "ANH");
  EXPECT_EQ(drives[1].label, "KINGSTON");
  auto packs = app::findPackFiles(drives[1].path);
  ASSERT_EQ(packs.size(), 2u);
  EXPECT_EQ(packs[0].filename(), "a.hocsopack");
  EXPECT_EQ(packs[1].filename(), "b.hocsopack");
  // The override names one folder and only that one.
  ::setenv("HOCSO_TEST_USB", (media / "hoa" / "ANH").c_str(), 1);
  drives = app::findUsbDrives({media}, "HOCSO_TEST_USB");
  ::unsetenv("HOCSO_TEST_USB");
  ASSERT_EQ(drives.size(), 1u);
  EXPECT_EQ(drives[0].label, "ANH");
}

TEST(ContentFromUsb, ChecksInstallsIntoTheRunningKioskAndRollsBack) {
  test::TempDir dir;
  const auto keys = test::makeKeys(dir.path());
  const auto other = test::makeKeys(dir.path(), "stranger");
  auto src = test::copyStarter(dir.path());
  test::setVersion(src, "9.0.0");
  const auto usb = dir.path() / "usb";
  std::filesystem::create_directories(usb);
  ASSERT_TRUE(content::buildPackFile(src, usb / "new.hocsopack", keys.private_pem));
  ASSERT_TRUE(content::buildPackFile(src, usb / "stranger.hocsopack", other.private_pem));
  std::filesystem::copy_file(usb / "new.hocsopack", usb / "damaged.hocsopack");
  test::flipByte(usb / "damaged.hocsopack", 5000);

  Config config;
  config.kiosk_id = "kiosk-test-1";
  config.trusted_keys = {keys.public_pem.string()};
  auto opened = app::openKiosk(config, dir.path() / "data");
  ASSERT_TRUE(opened) << opened.error().message;
  auto& ctx = **opened;
  const std::string before = ctx.pack.info.version;
  app::ContentInstallService service(ctx);
  EXPECT_FALSE(service.hasPrevious());

  EXPECT_EQ(service.check(usb / "stranger.hocsopack").problem, app::PackProblem::Untrusted);
  EXPECT_EQ(service.check(usb / "damaged.hocsopack").problem, app::PackProblem::Damaged);
  EXPECT_EQ(service.check(usb / "missing.hocsopack").problem, app::PackProblem::Unreadable);
  auto good = service.check(usb / "new.hocsopack");
  EXPECT_EQ(good.problem, app::PackProblem::None) << good.detail;
  EXPECT_EQ(good.id, "vn.hocso.starter");
  EXPECT_EQ(good.version, "9.0.0");
  EXPECT_EQ(good.lessons, 1);

  auto change = service.install(usb / "new.hocsopack");
  ASSERT_EQ(change.problem, app::PackProblem::None) << change.detail;
  EXPECT_EQ(service.activate(), app::Activation::Now);
  EXPECT_EQ(ctx.pack.info.id, "vn.hocso.starter");
  EXPECT_EQ(ctx.pack.info.version, "9.0.0");
  EXPECT_TRUE(service.check(usb / "new.hocsopack").same_as_current);
  EXPECT_EQ(service.install(usb / "stranger.hocsopack").problem, app::PackProblem::Untrusted);

  // The first install had nothing to replace: there is no previous pack yet.
  EXPECT_FALSE(service.hasPrevious());
  test::setVersion(src, "9.1.0");
  ASSERT_TRUE(content::buildPackFile(src, usb / "newer.hocsopack", keys.private_pem));
  ASSERT_EQ(service.install(usb / "newer.hocsopack").problem, app::PackProblem::None);
  EXPECT_EQ(service.activate(), app::Activation::Now);
  EXPECT_EQ(ctx.pack.info.version, "9.1.0");
  EXPECT_EQ(service.check(usb / "new.hocsopack").problem, app::PackProblem::Older);
  ASSERT_TRUE(service.hasPrevious());
  auto back = service.rollback();
  ASSERT_EQ(back.problem, app::PackProblem::None) << back.detail;
  EXPECT_EQ(back.report.version, "9.0.0");
  EXPECT_EQ(service.activate(), app::Activation::Now);
  EXPECT_EQ(ctx.pack.info.version, "9.0.0");
  (void)before;
}

TEST(ContentFromUsb, APackChosenInTheConfigStaysUntilRestart) {
  test::TempDir dir;
  auto ctx = test::openTestKiosk(dir.path());  // [content] pack = the starter sources
  ASSERT_NE(ctx, nullptr);
  EXPECT_EQ(app::ContentInstallService(*ctx).activate(), app::Activation::NextStart_ConfiguredPack);
}

// ---- report ------------------------------------------------------------------------

// A kiosk (data in dir/data) with one learner, and an empty USB drive (dir/usb).
class ReportToUsb : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx = test::openTestKiosk(dir.path() / "data");
    ASSERT_NE(ctx, nullptr);
    ASSERT_TRUE(test::registerWithConsent(*ctx, "Đỗ Thị Hạnh", 1960));
    std::filesystem::create_directories(usb);
  }
  test::TempDir dir;
  std::unique_ptr<app::KioskContext> ctx;
  const std::filesystem::path usb = dir.path() / "usb";
};

TEST_F(ReportToUsb, WritesTheCliCsvAndAPdf) {
  ctx->config.site_id = "xã/tiên minh";
  auto files = app::ReportExportService(*ctx).exportTo(usb, {});
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(files->csv.parent_path(), usb);
  const std::string name = files->csv.filename().string();
  EXPECT_EQ(name.rfind("hocso-bao-cao-x", 0), 0u) << name;  // the site code, made safe for any file system
  EXPECT_EQ(name.find('/'), std::string::npos);
  EXPECT_EQ(files->pdf.stem(), files->csv.stem());
  auto report = assessment::buildReport(*ctx->db, ctx->pack, {});
  ASSERT_TRUE(report);
  EXPECT_EQ(test::readText(files->csv), report->toCsv());
  const std::string pdf = test::readText(files->pdf);
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_GT(pdf.size(), 10'000u);  // the fonts are embedded
  EXPECT_FALSE(std::filesystem::exists(files->pdf.string() + ".tmp"));
  // Personal data never goes into the report.
  EXPECT_EQ(test::readText(files->csv).find("Hạnh"), std::string::npos);
}

TEST_F(ReportToUsb, AJobMadeOnTheUiThreadRunsElsewhereOnItsOwnConnection) {
  ctx->config.site_id = "xa-tien-minh";
  app::ReportExportJob job(*ctx);
  // What the job copied does not change with the running kiosk.
  ctx->config.site_id = "changed-meanwhile";
  Result<app::ReportFiles> files = fail(ErrorCode::Invalid, "not run");
  {
    // The main connection holds a write transaction while the job reads (WAL).
    SQLite::Transaction writing(*ctx->db);
    ctx->db->exec("INSERT INTO kiosk_settings(key, value, changed_at, changed_by) VALUES ('x', 'y', 'now', 'test')");
    std::thread worker([&] { files = job.run(usb, {}); });
    worker.join();
  }
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(files->csv.filename().string().rfind("hocso-bao-cao-xa-tien-minh-", 0), 0u) << files->csv;
  auto report = assessment::buildReport(*ctx->db, ctx->pack, {});
  ASSERT_TRUE(report);
  EXPECT_EQ(test::readText(files->csv), report->toCsv());
  EXPECT_EQ(test::readText(files->pdf).rfind("%PDF-", 0), 0u);
}

TEST_F(ReportToUsb, AMissingDriveIsAnIoError) {
  auto files = app::ReportExportService(*ctx).exportTo(dir.path() / "gone", {});
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().code, ErrorCode::Io);
}

}  // namespace
}  // namespace hocso

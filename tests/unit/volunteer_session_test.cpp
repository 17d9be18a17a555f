// A volunteer running a session of 20 from facilitator mode: finding a
// learner by name without accents, today's list filtered and sorted, the
// remembered unlock for a round of exams, the exams under way with their
// time left, a PIN reset after the identity check (audited, lockouts
// cleared) and an erasure run as a background job.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "backup_service.hpp"
#include "certificate_desk.hpp"
#include "dashboard_service.hpp"
#include "exam_service.hpp"
#include "exam_support.hpp"
#include "facilitator_grace.hpp"
#include "learner_help_service.hpp"
#include "learner_service.hpp"
#include "learning_service.hpp"
#include "name_search.hpp"
#include "named_report.hpp"
#include "simulator.hpp"

namespace hocso {
namespace {

TEST(NameSearch, FoldsAccentsCaseAndSpaces) {
  EXPECT_EQ(assessment::foldName("  Lê Thị  Thu HÀ "), "le thi thu ha");
  EXPECT_EQ(assessment::foldName("Đỗ Đức Dũng"), "do duc dung");
  EXPECT_EQ(assessment::foldName("Nguyễn Văn Ứng"), "nguyen van ung");
}

TEST(NameSearch, EveryWordStartsAWordOfTheNameInOrder) {
  EXPECT_TRUE(app::nameMatches("Lê Thị Thu Hà", 1962, "le thi thu ha"));
  EXPECT_TRUE(app::nameMatches("Lê Thị Thu Hà", 1962, "le ha"));
  EXPECT_TRUE(app::nameMatches("Lê Thị Thu Hà", 1962, "THU"));
  EXPECT_TRUE(app::nameMatches("Lê Thị Thu Hà", 1962, "1962"));
  EXPECT_TRUE(app::nameMatches("Lê Thị Thu Hà", 1962, ""));
  EXPECT_FALSE(app::nameMatches("Lê Thị Thu Hà", 1962, "ha le"));   // order matters
  EXPECT_FALSE(app::nameMatches("Lê Thị Thu Hà", 1962, "hu"));      // a word start, not inside
  EXPECT_FALSE(app::nameMatches("Lê Thị Thu Hà", 1962, "1963"));
  EXPECT_TRUE(app::nameMatches("Đặng Văn Đông", 1950, "dang dong"));
}

TEST(FacilitatorGrace, RemembersThePinForTenMinutesOnly) {
  long long now = 1'800'000'000'000;
  app::FacilitatorGrace grace([&] { return now; });
  EXPECT_FALSE(grace.current());
  assessment::Facilitator f{"fac-1", "Trần Văn Bình", "", true};
  grace.grant(f, "1357");
  auto g = grace.current();
  ASSERT_TRUE(g);
  EXPECT_EQ(g->facilitator.id, "fac-1");
  EXPECT_EQ(g->pin, "1357");
  EXPECT_EQ(g->remaining_ms, 600'000);
  now += 599'000;
  ASSERT_TRUE(grace.current());
  EXPECT_EQ(grace.current()->remaining_ms, 1'000);
  now += 1'000;
  EXPECT_FALSE(grace.current()) << "10 minutes after the PIN it is asked again";
  grace.grant(f, "1357");
  now -= 5'000;  // the clock went back: never longer than the period
  EXPECT_FALSE(grace.current());
  now += 5'000;
  ASSERT_TRUE(grace.current());
  grace.clear();
  EXPECT_FALSE(grace.current());
}

class SessionTest : public test::ExamKioskTest {
 protected:
  SessionTest() {
    wall_ms = app::systemNowMs();
    mono = std::chrono::steady_clock::now();
  }
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open());
    auto f = app::FacilitatorService(*ctx).addFacilitator("Hà Thị Lan", "1357");
    ASSERT_TRUE(f);
    facilitator = *f;
  }
  assessment::Learner enrol(const std::string& name, int year = 1970, const std::string& cid = "") {
    return test::registerConsented(*learners, name, year, "2468", [&](app::Registration& r) { r.citizen_id = cid; });
  }
  std::string startExam(const assessment::Learner& l, app::ExamService& service) {
    auto o = service.startExam({l.id, facilitator.id, "1357", true, 5});
    EXPECT_TRUE(o && o->status == app::ExamStartStatus::Started);
    return o->exam.attempt_id;
  }
  void passExam(const assessment::Learner& l) {
    const std::string id = startExam(l, *exams);
    auto view = exams->view(id);
    ASSERT_TRUE(view);
    ASSERT_NO_FATAL_FAILURE(test::answerExamRight(*exams, *ctx, *view));
    auto out = exams->finishExam(id);
    ASSERT_TRUE(out);
    ASSERT_TRUE(out->result.passed);
  }
  const app::TodayLearner& byName(const std::vector<app::TodayLearner>& all, const std::string& name) {
    for (const auto& t : all)
      if (t.learner.full_name == name) return t;
    ADD_FAILURE() << name << " is not in today's list";
    return all.front();
  }
  long long lockoutFailures(const std::string& subject) {
    SQLite::Statement q(*ctx->db, "SELECT failures FROM pin_lockouts WHERE subject = ?");
    q.bind(1, subject);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
  }

  assessment::Facilitator facilitator;
};

TEST_F(SessionTest, TodaysListKnowsWhereEachLearnerStandsAndFiltersAndSorts) {
  auto newcomer = enrol("Phạm Văn Mới");
  auto learning = enrol("Lê Thị Thu Hà");
  auto passed = enrol("Đỗ Văn An");
  // Lê Thị Thu Hà reads a lesson: learning.
  app::LearningService learning_service(*ctx);
  ASSERT_FALSE(ctx->pack.lessons.empty());
  const auto& lesson = ctx->pack.lessons.front();
  ASSERT_TRUE(learning_service.recordLessonViewed(learning.id, lesson.id, 1, static_cast<int>(lesson.pages.size())));
  passExam(passed);

  auto today = app::DashboardService(*ctx).today();
  ASSERT_TRUE(today) << today.error().message;
  ASSERT_EQ(today->size(), 3u);
  EXPECT_EQ(byName(*today, "Phạm Văn Mới").status, app::TodayStatus::NotStarted);
  EXPECT_EQ(byName(*today, "Lê Thị Thu Hà").status, app::TodayStatus::Learning);
  const auto& p = byName(*today, "Đỗ Văn An");
  EXPECT_EQ(p.status, app::TodayStatus::Passed);
  EXPECT_TRUE(p.ever_passed);
  EXPECT_FALSE(app::canStartExam(p)) << "never offer the exam to someone who passed today";
  EXPECT_TRUE(app::canStartExam(byName(*today, "Phạm Văn Mới")));

  app::TodayFilter f;
  f.name = "le thi thu ha";  // typed without accents
  auto found = app::filterToday(*today, f);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found.front().learner.id, learning.id);
  f = {};
  f.status = app::TodayStatus::NotStarted;
  found = app::filterToday(*today, f);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found.front().learner.id, newcomer.id);
  f = {};
  f.sort = app::TodaySort::Name;  // Đỗ sorts with D, before Lê and Phạm
  found = app::filterToday(*today, f);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].learner.full_name, "Đỗ Văn An");
  EXPECT_EQ(found[1].learner.full_name, "Lê Thị Thu Hà");
  EXPECT_EQ(found[2].learner.full_name, "Phạm Văn Mới");
  f.sort = app::TodaySort::Progress;  // the one who passed has the most skills mastered
  found = app::filterToday(*today, f);
  EXPECT_EQ(found.back().learner.full_name, "Phạm Văn Mới");
}

TEST_F(SessionTest, ExamsUnderWayShowTheirTimeLeftWithoutStartingAClock) {
  auto a = enrol("Nguyễn Văn An");
  auto b = enrol("Trần Thị Bé");
  const std::string ea = startExam(a, *exams);
  mono += std::chrono::minutes(3);
  auto list = exams->examsInProgress();
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 1u);
  const auto& e = list->front();
  EXPECT_EQ(e.attempt_id, ea);
  EXPECT_EQ(e.learner_name, "Nguyễn Văn An");
  EXPECT_EQ(e.facilitator_id, facilitator.id);
  EXPECT_EQ(e.facilitator_name, "Hà Thị Lan");
  EXPECT_TRUE(e.clock_running);
  EXPECT_EQ(e.remaining_ms, e.time_limit_ms - 180'000);
  EXPECT_GT(e.questions, 0);
  EXPECT_EQ(e.answered, 0);

  // After a restart nobody's exam is open in this process: listing them
  // must not start their clocks.
  const std::string eb = startExam(b, *exams);
  ASSERT_TRUE(exams->checkpoint(ea));
  app::ExamService restarted(*ctx, [this] { return mono; }, [this] { return wall_ms; });
  mono += std::chrono::minutes(5);
  auto again = restarted.examsInProgress();
  ASSERT_TRUE(again);
  ASSERT_EQ(again->size(), 2u);
  mono += std::chrono::minutes(5);
  auto later = restarted.examsInProgress();
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_FALSE((*later)[i].clock_running);
    EXPECT_EQ((*later)[i].remaining_ms, (*again)[i].remaining_ms) << "listing started an exam's clock";
  }
  EXPECT_EQ(restarted.view(eb)->remaining_ms, (*later)[1].remaining_ms);
  // A finished exam is no longer under way.
  ASSERT_TRUE(restarted.finishExam(ea));
  EXPECT_EQ(restarted.examsInProgress()->size(), 1u);
}

TEST_F(SessionTest, SearchFindsLearnersWithoutAccentsAndNeverListsEveryone) {
  enrol("Lê Thị Thu Hà", 1962);
  enrol("Lê Văn Hùng", 1958);
  enrol("Trần Thị Bé", 1962);
  app::LearnerHelpService help(*ctx);
  EXPECT_TRUE(help.search("")->empty());
  EXPECT_TRUE(help.search("   ")->empty());
  auto le = help.search("le");
  ASSERT_TRUE(le);
  ASSERT_EQ(le->size(), 2u);
  EXPECT_EQ(le->at(0).learner.full_name, "Lê Thị Thu Hà");
  EXPECT_EQ(le->at(1).learner.full_name, "Lê Văn Hùng");
  EXPECT_FALSE(le->at(0).target_group_title.empty());
  EXPECT_EQ(help.search("le thi thu ha")->size(), 1u);
  EXPECT_EQ(help.search("1962")->size(), 2u);
  EXPECT_EQ(help.search("le", 1)->size(), 1u);
  // The whole name typed comes first, even when another name sorts before it.
  enrol("Lê Thị An Hà", 1980);
  auto exact = help.search("le thi ha");
  ASSERT_EQ(exact->size(), 2u);
  EXPECT_EQ(exact->at(0).learner.full_name, "Lê Thị An Hà");  // by name: neither is the whole name
  auto whole = help.search("Le Thi An Ha");
  ASSERT_EQ(whole->size(), 1u);
  enrol("Lê Thị Hà", 1990);
  auto three = help.search("le thi ha");
  ASSERT_EQ(three->size(), 3u);
  EXPECT_EQ(three->at(0).learner.full_name, "Lê Thị Hà");
  EXPECT_EQ(three->at(1).learner.full_name, "Lê Thị An Hà");
}

TEST_F(SessionTest, APinResetNeedsTheIdentityCheckAndTwoEqualPinsClearsLockoutsAndIsAudited) {
  auto l = enrol("Lê Thị Thu Hà", 1962, "001062000123");
  // Forgotten: five wrong PINs lock the sign-in.
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(learners->signInByName("Lê Thị Thu Hà", 1962, "0000"));
  EXPECT_EQ(learners->signInByName("Lê Thị Thu Hà", 1962, "2468")->status, app::SignInStatus::Locked);

  app::LearnerHelpService help(*ctx);
  EXPECT_EQ(*help.resetPin(l.id, "1111", "1111", facilitator.id, false), app::PinResetStatus::IdentityNotChecked);
  EXPECT_EQ(*help.resetPin(l.id, "111", "111", facilitator.id, true), app::PinResetStatus::PinNotFourDigits);
  EXPECT_EQ(*help.resetPin(l.id, "1111", "1112", facilitator.id, true), app::PinResetStatus::PinsDiffer);
  EXPECT_TRUE(help.auditOf(l.id)->empty()) << "nothing changed, nothing recorded";
  EXPECT_EQ(learners->signInByName("Lê Thị Thu Hà", 1962, "2468")->status, app::SignInStatus::Locked);

  auto done = help.resetPin(l.id, "1111", "1111", facilitator.id, true);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(*done, app::PinResetStatus::Done);
  EXPECT_EQ(lockoutFailures("learner:" + l.id), 0);
  EXPECT_EQ(learners->signInByName("Lê Thị Thu Hà", 1962, "2468")->status, app::SignInStatus::WrongCredentials);
  auto in = learners->signInByName("Lê Thị Thu Hà", 1962, "1111");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->status, app::SignInStatus::SignedIn);
  EXPECT_EQ(learners->signInByCitizenId("001062000123", "1111")->status, app::SignInStatus::SignedIn);
  // The PIN is stored hashed as at registration, never as typed.
  SQLite::Statement q(*ctx->db, "SELECT pin_hash FROM learners WHERE id = ?");
  q.bind(1, l.id);
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString().find("1111"), std::string::npos);
  auto audit = help.auditOf(l.id);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ(audit->front().action, "pin_reset");
  EXPECT_EQ(audit->front().facilitator_id, facilitator.id);
  EXPECT_FALSE(audit->front().at.empty());
}

TEST_F(SessionTest, AnErasureFromFacilitatorModeRunsOnAWorkerAndIsAudited) {
  auto l = enrol("Lê Thị Thu Hà", 1962);
  passExam(l);
  app::LearnerErasureJob job(*ctx, std::chrono::seconds(5));
  Result<app::ErasureSummary> out = fail(ErrorCode::Invalid, "not run");
  std::thread worker([&] { out = job.run(l.id, facilitator.id); });  // as ui.jobs runs it
  worker.join();
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_GT(out->voiding_statements, 0);
  auto found = learners->find(l.id);
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->erased);
  EXPECT_TRUE(found->full_name.empty());
  app::LearnerHelpService help(*ctx);
  EXPECT_TRUE(help.search("le thi")->empty());
  auto audit = help.auditOf(l.id);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ(audit->front().action, "learner_erased");
  EXPECT_EQ(audit->front().facilitator_id, facilitator.id);
  // The same service as `hocso learner delete`: a second erasure is refused.
  EXPECT_FALSE(app::LearnerErasureJob(*ctx).run(l.id, facilitator.id));
  EXPECT_EQ(help.auditOf(l.id)->size(), 1u);
  // And a PIN reset for an erased learner is refused.
  EXPECT_FALSE(help.resetPin(l.id, "1111", "1111", facilitator.id, true));
}

}  // namespace
}  // namespace hocso

namespace hocso {
namespace {

// A fake CUPS on PATH: `lpstat -d` names PRINTER (or none), `lp` records its
// arguments and keeps a copy of each file it was given (they are removed
// after printing).
class FakeCups {
 public:
  explicit FakeCups(const std::filesystem::path& dir, const std::string& printer) : dir_(dir / "bin") {
    std::filesystem::create_directories(dir_);
    std::filesystem::create_directories(dir / "printed");
    write("lpstat", printer.empty() ? "echo 'no system default destination'\n"
                                    : "echo 'system default destination: " + printer + "'\n");
    write("lp", "echo \"$@\" >>'" + (dir / "lp.log").string() + "'\nfor f; do case \"$f\" in *.pdf) cp \"$f\" '" +
                    (dir / "printed").string() + "/';; esac; done\n");
    old_ = std::getenv("PATH") ? std::getenv("PATH") : "";
    setenv("PATH", (dir_.string() + ":" + old_).c_str(), 1);
  }
  ~FakeCups() { setenv("PATH", old_.c_str(), 1); }

 private:
  void write(const std::string& name, const std::string& body) {
    std::ofstream(dir_ / name) << "#!/bin/sh\n" << body;
    std::filesystem::permissions(dir_ / name, std::filesystem::perms::owner_all);
  }
  std::filesystem::path dir_;
  std::string old_;
};

std::string readAll(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(SessionTest, CertificatesIssuedHereAreListedPrintedWithLpAndCopiedToUsb) {
  auto a = enrol("Nguyễn Văn An", 1960);
  auto b = enrol("Đỗ Thị Bình", 1955);
  enrol("Lê Văn Chưa", 1970);  // no certificate
  passExam(a);
  passExam(b);
  auto list = app::issuedCertificates(*ctx);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  std::set<std::string> names;
  for (const auto& c : *list) {
    names.insert(c.full_name);
    EXPECT_EQ(c.date, localDate(app::systemNowMs()));
    EXPECT_GE(c.score, 80.0);
    EXPECT_FALSE(c.target_group_title.empty());
  }
  EXPECT_EQ(names, (std::set<std::string>{"Nguyễn Văn An", "Đỗ Thị Bình"}));
  const auto& bc = list->at(0).full_name == "Đỗ Thị Bình" ? list->at(0) : list->at(1);
  EXPECT_EQ(app::certificatePdfName(bc), "chung-nhan-do-thi-binh-" + bc.date + "-" + bc.certificate_id.substr(0, 8) + ".pdf");

  test::TempDir tools;
  {
    FakeCups none(tools.path(), "");
    EXPECT_EQ(app::defaultPrinter(), "");
    EXPECT_FALSE(app::printFiles("", {"x.pdf"}));
  }
  FakeCups cups(tools.path(), "May-in-xa");
  ASSERT_EQ(app::defaultPrinter(), "May-in-xa");
  std::vector<std::string> ids = {list->at(0).certificate_id, list->at(1).certificate_id};
  app::CertificateBatchJob job(*ctx);
  Result<app::BatchOutcome> printed = fail(ErrorCode::Invalid, "not run");
  std::thread worker([&] { printed = job.print(ids, "May-in-xa"); });
  worker.join();
  ASSERT_TRUE(printed) << printed.error().message;
  EXPECT_EQ(printed->done, 2);
  const std::string log = readAll(tools.path() / "lp.log");
  EXPECT_EQ(log.rfind("-d May-in-xa -t HocSo ", 0), 0u) << log;
  for (const auto& id : ids) EXPECT_NE(log.find(id + ".pdf"), std::string::npos) << log;
  for (const auto& id : ids) {
    const std::string pdf = readAll(tools.path() / "printed" / (id + ".pdf"));
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u) << "lp was not given a PDF";
  }
  EXPECT_TRUE(std::filesystem::is_empty(ctx->data_dir / "tmp")) << "the PDFs to print were not removed";

  test::TempDir usb;
  auto copied = app::CertificateBatchJob(*ctx).copyTo({bc.certificate_id}, usb.path());
  ASSERT_TRUE(copied) << copied.error().message;
  ASSERT_EQ(copied->files.size(), 1u);
  EXPECT_EQ(copied->files.front(), usb.path() / app::certificatePdfName(bc));
  EXPECT_EQ(readAll(copied->files.front()).rfind("%PDF-", 0), 0u);
}

}  // namespace
}  // namespace hocso

namespace hocso {
namespace {

TEST_F(SessionTest, TheNamedListHasOnlyLearnersWhoseConsentCoversItInVietnameseForExcel) {
  auto a = enrol("Nguyễn Văn An", 1960);
  enrol("Trần Thị \"Bé\", Hai", 1955);  // quotes and a comma in a name
  app::Registration r = test::consentedRegistration("Lê Văn Kín", 1970, "2468");
  r.share_identity_for_certificate = false;  // results pseudonymous only: never named
  ASSERT_TRUE(learners->registerLearner(r));
  passExam(a);
  app::LearningService learning(*ctx);
  const auto& lesson = ctx->pack.lessons.front();
  ASSERT_TRUE(learning.recordLessonViewed(a.id, lesson.id, static_cast<int>(lesson.pages.size()),
                                          static_cast<int>(lesson.pages.size())));

  auto list = app::buildNamedList(*ctx, {});
  ASSERT_TRUE(list) << list.error().message;
  EXPECT_EQ(list->left_out, 1);
  ASSERT_EQ(list->rows.size(), 2u);
  const auto& an = list->rows[0];  // by name: Nguyễn before Trần
  EXPECT_EQ(an.full_name, "Nguyễn Văn An");
  EXPECT_EQ(an.days_present, 1);
  EXPECT_EQ(an.lessons_completed, 1);
  ASSERT_TRUE(an.exam_passed);
  EXPECT_TRUE(*an.exam_passed);
  EXPECT_DOUBLE_EQ(an.exam_percent, 100.0);
  EXPECT_TRUE(an.certificate);
  EXPECT_FALSE(list->rows[1].exam_passed);

  const std::string csv = app::namedListCsv(*list);
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u) << "no UTF-8 byte order mark: Excel would garble the accents";
  const std::string header =
      "STT,Họ và tên,Năm sinh,Nhóm đối tượng,Ngày đăng ký,Số buổi đến học,Lần học gần nhất,Bài học đã xong,"
      "Tỉ lệ bài học đã xong,Kết quả kiểm tra,Điểm kiểm tra,Ngày kiểm tra,Chứng nhận\r\n";
  EXPECT_EQ(csv.substr(3, header.size()), header);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\r'), 3) << "every line ends with CRLF";
  const std::string today = app::dmyDate(localDate(app::systemNowMs()));
  ASSERT_EQ(today.size(), 10u);
  EXPECT_EQ(today[2], '/');
  EXPECT_NE(csv.find("1,Nguyễn Văn An,1960,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("," + today + ",1," + today + ",1/"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",Đạt,100%," + today + ",Có\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("2,\"Trần Thị \"\"Bé\"\", Hai\",1955,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",Chưa kiểm tra,,,Chưa có\r\n"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("Kín"), std::string::npos) << "a learner who did not agree is named";

  test::TempDir usb;
  app::NamedListExportJob job(*ctx);
  auto files = job.run(usb.path(), {});
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(readAll(files->csv), csv);
  EXPECT_EQ(readAll(files->pdf).rfind("%PDF-", 0), 0u);
  EXPECT_EQ(files->csv.filename().string().rfind("hocso-danh-sach-xa-tien-minh-", 0), 0u);
  // A period that ended before anyone registered lists nobody.
  auto before = app::buildNamedList(*ctx, {"2000-01-01", "2000-12-31"});
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->rows.empty());
}

TEST(BackupCode, IsFourGroupsOfSignsThatAreHardToMisreadAndNeverRepeats) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto code = app::makeBackupCode();
    ASSERT_TRUE(code) << code.error().message;
    ASSERT_EQ(code->size(), 19u) << *code;
    for (size_t k = 0; k < code->size(); ++k) {
      const char c = (*code)[k];
      if (k == 4 || k == 9 || k == 14) {
        EXPECT_EQ(c, '-') << *code;
      } else {
        EXPECT_NE(std::string("23456789ABCDEFGHJKMNPQRSTVWXYZ").find(c), std::string::npos) << *code;
      }
    }
    EXPECT_TRUE(seen.insert(*code).second) << "a code came twice: " << *code;
  }
}

TEST_F(SessionTest, ABackupToUsbFromTheScreenRestoresWithItsCodeOnly) {
  const auto learner = enrol("Đinh Thị Hoa", 1961);
  passExam(learner);
  test::TempDir drive;
  auto code = app::makeBackupCode();
  ASSERT_TRUE(code);
  wall_ms = 1'780'000'000'000;  // 2026-05-28 local-ish: only the file name uses it
  app::UsbBackupJob job(*ctx, [this] { return wall_ms; });
  auto saved = job.run(drive.path(), *code);  // the kiosk's own connection stays open meanwhile
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->file.parent_path(), drive.path());
  EXPECT_EQ(saved->file.filename().string().rfind("hocso-sao-luu-", 0), 0u) << saved->file;
  EXPECT_EQ(saved->file.extension(), ".hocso-backup");
  EXPECT_GE(saved->summary.results, 1);

  test::TempDir restored;
  auto wrong = app::restoreKiosk(saved->file, "2345-6789-ABCD-EFGH", restored.path() / "data", false);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::Crypto);
  EXPECT_FALSE(std::filesystem::exists(restored.path() / "data" / "kiosk.db"));
  auto back = app::restoreKiosk(saved->file, *code, restored.path() / "data", false);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->results, saved->summary.results);
  EXPECT_TRUE(std::filesystem::exists(restored.path() / "data" / "kiosk.db"));
  EXPECT_TRUE(std::filesystem::exists(restored.path() / "data" / "keys" / "data.key"));
}

TEST_F(SessionTest, ABackupOntoADriveThatIsGoneFailsWithoutLeavingAFile) {
  auto code = app::makeBackupCode();
  ASSERT_TRUE(code);
  app::UsbBackupJob job(*ctx);
  auto saved = job.run(dir.path() / "no-such-drive", *code);
  ASSERT_FALSE(saved);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "no-such-drive"));
}

TEST(NamedList, DatesAreDayMonthYear) {
  EXPECT_EQ(app::dmyDate("2026-05-12"), "12/05/2026");
  EXPECT_EQ(app::dmyDate(""), "");
}

}  // namespace
}  // namespace hocso

namespace hocso {
namespace {

TEST(SimulatedFacilitator, IsNeverOfferedOnTheKiosksLoginList) {
  test::TempDir dir;
  {
    auto ctx = test::openCitizenKiosk(dir.path());
    ASSERT_NE(ctx, nullptr);
    ASSERT_TRUE(app::FacilitatorService(*ctx).addFacilitator("Trần Văn Bình", "1357"));
    app::LearningService learning(*ctx);
    std::ostringstream out;
    app::SimulationOptions options;
    options.learners = 1;
    ASSERT_TRUE(app::simulate(learning, options, out));
  }
  auto ctx = test::openCitizenKiosk(dir.path());
  ASSERT_NE(ctx, nullptr);
  app::FacilitatorService facilitators(*ctx);
  auto all = facilitators.facilitators();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u) << "the technician's list still shows the simulation's facilitator";
  auto login = facilitators.facilitatorsForLogin();
  ASSERT_TRUE(login) << login.error().message;
  ASSERT_EQ(login->size(), 1u);
  EXPECT_EQ(login->front().name, "Trần Văn Bình");
}

}  // namespace
}  // namespace hocso

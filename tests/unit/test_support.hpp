// Helpers for tests: a fresh on-disk data dir (real SQLite, WAL) per test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include "kiosk_context.hpp"
#include "learner_service.hpp"

namespace hocso::test {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("hocso-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::filesystem::path starterPack() {
  return std::filesystem::path(HOCSO_TEST_SOURCE_DIR) / "content" / "packs" / "starter";
}

// A registration as the register screen sends it once the learner agreed to
// the current consent text. Tests add what else they need (citizen ID,
// phone, group, mentor, picture).
inline app::Registration consentedRegistration(std::string full_name, int birth_year, std::string pin) {
  app::Registration r;
  r.full_name = std::move(full_name);
  r.birth_year = birth_year;
  r.pin = std::move(pin);
  r.consent_given = true;
  r.consent_version = app::currentConsentText().version;
  return r;
}

// Registers a learner the one way the kiosk does (LearnerService, with the
// current consent text and a PIN).
inline Result<assessment::Learner> registerWithConsent(app::KioskContext& ctx, std::string full_name, int birth_year,
                                                        std::string target_group = "citizen", std::string pin = "2580") {
  auto r = consentedRegistration(std::move(full_name), birth_year, std::move(pin));
  r.target_group = std::move(target_group);
  return app::LearnerService(ctx).registerLearner(r);
}

// Registers `r` through LearnerService (the one registration path) and
// returns the learner; a refusal fails the test and gives an empty learner.
inline assessment::Learner registerOrFail(app::LearnerService& learners, const app::Registration& r) {
  auto l = learners.registerLearner(r);
  EXPECT_TRUE(l) << (l ? "" : l.error().message);
  return l ? *l : assessment::Learner{};
}

// A learner registered with consent (consentedRegistration), with what
// `fill` adds to the registration first.
inline assessment::Learner registerConsented(app::LearnerService& learners, std::string full_name, int birth_year,
                                             std::string pin,
                                             const std::function<void(app::Registration&)>& fill = nullptr) {
  auto r = consentedRegistration(std::move(full_name), birth_year, std::move(pin));
  if (fill) fill(r);
  return registerOrFail(learners, r);
}

inline std::unique_ptr<app::KioskContext> openTestKiosk(const std::filesystem::path& dir) {
  Config config;
  config.pack = starterPack().string();
  config.kiosk_id = "kiosk-test-1";
  auto ctx = app::openKiosk(config, dir);
  if (!ctx) ADD_FAILURE() << ctx.error().message;
  return ctx ? std::move(*ctx) : nullptr;
}

// A kiosk with the full citizen pack (read from its sources) and a site id.
inline std::unique_ptr<app::KioskContext> openCitizenKiosk(const std::filesystem::path& dir) {
  Config config;
  config.pack = (std::filesystem::path(HOCSO_TEST_SOURCE_DIR) / "content" / "packs" / "citizen").string();
  config.kiosk_id = "kiosk-test-1";
  config.site_id = "xa-tien-minh";
  auto ctx = app::openKiosk(config, dir);
  if (!ctx) ADD_FAILURE() << ctx.error().message;
  return ctx ? std::move(*ctx) : nullptr;
}

// A fresh kiosk.db with every module's tables (no keys, no pack), as db.
class KioskDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = app::openKioskDatabase(dir.path());
    ASSERT_TRUE(opened) << opened.error().message;
    db = std::move(*opened);
  }

  TempDir dir;
  std::unique_ptr<SQLite::Database> db;
};

// A fresh data dir with a kiosk on it (the starter pack, or the citizen pack
// for a fixture constructed with Pack::Citizen), for fixtures to derive from.
class KioskTest : public ::testing::Test {
 protected:
  enum class Pack { Starter, Citizen };
  explicit KioskTest(Pack pack = Pack::Starter) : pack_(pack) {}
  void SetUp() override { openKiosk(); }
  // (Re)opens the kiosk on the data dir, as the app does when it starts.
  // Fixtures holding services on ctx reset them first.
  void openKiosk() {
    ctx.reset();
    ctx = pack_ == Pack::Citizen ? openCitizenKiosk(dir.path()) : openTestKiosk(dir.path());
    ASSERT_NE(ctx, nullptr);
  }

  TempDir dir;
  std::unique_ptr<app::KioskContext> ctx;

 private:
  Pack pack_;
};

// KioskTest with the citizen pack.
class CitizenKioskTest : public KioskTest {
 protected:
  CitizenKioskTest() : KioskTest(Pack::Citizen) {}
};

// KioskTest with a LearnerService whose clock (now_ms) the test moves.
class LearnerServiceFixture : public KioskTest {
 protected:
  void SetUp() override { open(); }
  void open() {
    service.reset();
    ASSERT_NO_FATAL_FAILURE(openKiosk());
    service = std::make_unique<app::LearnerService>(*ctx, [this] { return now_ms; });
  }

  std::unique_ptr<app::LearnerService> service;
  long long now_ms = 1'800'000'000'000;
};

}  // namespace hocso::test

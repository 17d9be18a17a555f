// Helpers for tests: a fresh on-disk data dir (real SQLite, WAL) per test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
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

inline std::unique_ptr<app::KioskContext> openTestKiosk(const std::filesystem::path& dir) {
  Config config;
  config.pack = starterPack().string();
  config.kiosk_id = "kiosk-test-1";
  auto ctx = app::openKiosk(config, dir);
  if (!ctx) ADD_FAILURE() << ctx.error().message;
  return ctx ? std::move(*ctx) : nullptr;
}

}  // namespace hocso::test

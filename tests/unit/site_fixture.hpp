// Two real kiosks (two data dirs, real SQLite) in one site: A made the site,
// B joined with the invite; both reopened so their site keys load as on a
// real kiosk. Shared by the site, site watcher and learner merge tests.
#pragma once

#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "learner_service.hpp"
#include "site_service.hpp"
#include "test_support.hpp"

namespace hocso::test {

inline std::string fileBytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void writeBytes(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

inline std::unique_ptr<app::KioskContext> openKioskAs(const std::filesystem::path& dir, const std::string& id,
                                                      const std::filesystem::path& pack = starterPack()) {
  Config config;
  config.pack = pack.string();
  config.kiosk_id = id;
  auto ctx = app::openKiosk(config, dir);
  if (!ctx) ADD_FAILURE() << ctx.error().message;
  return ctx ? std::move(*ctx) : nullptr;
}

inline int count(app::KioskContext& ctx, const std::string& sql) { return ctx.db->execAndGet(sql).getInt(); }

inline constexpr const char* kSitePin = "482913";

class TwoKioskSite : public ::testing::Test {
 protected:
  void SetUp() override {
    a = openKioskAs(dirA.path(), "kiosk-a");
    b = openKioskAs(dirB.path(), "kiosk-b");
    ASSERT_TRUE(a && b);
    auto m = app::initSite(*a, "Xã Tân Hòa", invite(), kSitePin);
    ASSERT_TRUE(m) << m.error().message;
    reopenA();  // the site key is loaded at open, as on a real kiosk
    auto j = app::joinSite(*b, invite(), kSitePin);
    ASSERT_TRUE(j) << j.error().message;
    EXPECT_EQ(j->site_id, m->site_id);
    reopenB();
  }
  void reopenA() {
    a.reset();
    a = openKioskAs(dirA.path(), "kiosk-a");
    ASSERT_TRUE(a && a->site_cipher);
  }
  void reopenB() {
    b.reset();
    b = openKioskAs(dirB.path(), "kiosk-b");
    ASSERT_TRUE(b && b->site_cipher);
  }
  std::filesystem::path invite() const { return work.path() / "invite.json"; }
  std::filesystem::path stick() const { return work.path() / "stick"; }
  // Registers a consented learner with PIN 2468 on `ctx`.
  assessment::Learner registerOn(app::KioskContext& ctx, const std::string& name, int year,
                                 const std::string& citizen_id = "") {
    auto r = consentedRegistration(name, year, "2468");
    r.citizen_id = citizen_id;
    auto l = app::LearnerService(ctx).registerLearner(r);
    EXPECT_TRUE(l) << l.error().message;
    return l ? *l : assessment::Learner{};
  }

  TempDir work, dirA, dirB;
  std::unique_ptr<app::KioskContext> a, b;
};

}  // namespace hocso::test

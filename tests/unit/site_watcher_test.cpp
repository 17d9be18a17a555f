// The site folder watcher (app/site_watcher.hpp) and the Syncthing naming
// rules (kiosk/infra/site_syncthing.hpp): the live import takes each peer up to its
// first gap or unreadable segment and picks up the rest later; Syncthing's
// temporaries are ignored; a bad peer holds back no other; the journal is
// written when another connection commits; device names and folder ids
// verify only under the site key and the site.
#include <SQLiteCpp/Database.h>

#include <fstream>
#include <iterator>

#include "learner_service.hpp"
#include "site_service.hpp"
#include "site_syncthing.hpp"
#include "site_watcher.hpp"
#include "sync/site.hpp"
#include "site_fixture.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {
namespace fs = std::filesystem;

class SiteWatcherTest : public test::TwoKioskSite {
 protected:
  // A segment of A's journal with one new learner; returns its file.
  fs::path segmentOfA(const std::string& name, int year) {
    registerOn(*a, name, year);
    auto j = app::writeJournal(*a);
    EXPECT_TRUE(j && j->seq > 0);
    return app::siteFolder(dirA.path()) / "kiosk-a" / sync::segmentFileName(j ? j->seq : 0);
  }
  fs::path peerFolderOnB(const std::string& kiosk) const { return app::siteFolder(dirB.path()) / kiosk; }
  int learnersOnB() { return test::count(*b, "SELECT COUNT(*) FROM learners WHERE origin_kiosk = 'kiosk-a'"); }

  std::set<std::string> logged;
};

TEST_F(SiteWatcherTest, LiveImportStopsAtTheFirstGapAndTakesTheRestLater) {
  const fs::path s1 = segmentOfA("Nguyễn Thị Hồng", 1962), s2 = segmentOfA("Trần Văn Bình", 1958),
                 s3 = segmentOfA("Lê Thị Thu Hà", 1960);
  // Segments 1 and 3 arrived; 2 is still on its way; Syncthing's temporaries beside them.
  fs::create_directories(peerFolderOnB("kiosk-a"));
  fs::copy_file(s1, peerFolderOnB("kiosk-a") / s1.filename());
  fs::copy_file(s3, peerFolderOnB("kiosk-a") / s3.filename());
  test::writeBytes(peerFolderOnB("kiosk-a") / ".syncthing.seg-000002.hseg.tmp", test::fileBytes(s2).substr(0, 40));
  test::writeBytes(peerFolderOnB("kiosk-a") / "~syncthing~seg-000002.hseg.tmp", "part");
  fs::create_directories(peerFolderOnB("kiosk-a") / ".stfolder");

  auto r = app::importLiveSiteFolder(*b, logged);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->imported_segments, 1);
  EXPECT_EQ(r->held_back, 1);
  EXPECT_EQ(learnersOnB(), 1);
  // The strict USB import of the same folder refuses it whole.
  EXPECT_FALSE(app::importSite(*b, app::siteFolder(dirB.path())));

  fs::copy_file(s2, peerFolderOnB("kiosk-a") / s2.filename());
  const auto before = fs::last_write_time(peerFolderOnB("kiosk-a") / s2.filename());
  r = app::importLiveSiteFolder(*b, logged);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->imported_segments, 2);
  EXPECT_EQ(r->held_back, 0);
  EXPECT_EQ(learnersOnB(), 3);
  // The copies Syncthing put there are left as they were (a receive-only folder shows no local change).
  EXPECT_EQ(fs::last_write_time(peerFolderOnB("kiosk-a") / s2.filename()), before);
  // Nothing new: nothing imported, nothing held back.
  r = app::importLiveSiteFolder(*b, logged);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->imported_segments, 0);
  EXPECT_EQ(r->held_back, 0);
  EXPECT_EQ(test::count(*b, "SELECT COUNT(*) FROM outbox"), 0) << "an import queued records for the LRS";
}

TEST_F(SiteWatcherTest, APartlyCopiedSegmentWaitsAndABadPeerHoldsBackNoOther) {
  const fs::path s1 = segmentOfA("Nguyễn Thị Hồng", 1962);
  const std::string bytes = test::fileBytes(s1);
  test::writeBytes(peerFolderOnB("kiosk-a") / s1.filename(), bytes.substr(0, bytes.size() / 2));
  // Another "kiosk" whose segment is garbage.
  test::writeBytes(peerFolderOnB("kiosk-x") / "seg-000001.hseg", "HOCSO-SITE-SEGMENT 1\n{}\nnot a segment");
  auto r = app::importLiveSiteFolder(*b, logged);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->imported_segments, 0);
  EXPECT_EQ(r->held_back, 2);
  EXPECT_EQ(learnersOnB(), 0);
  EXPECT_EQ(logged.size(), 2u);
  // The copy completes: A's segment goes in, kiosk-x's still waits, said once.
  test::writeBytes(peerFolderOnB("kiosk-a") / s1.filename(), bytes);
  r = app::importLiveSiteFolder(*b, logged);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->imported_segments, 1);
  EXPECT_EQ(r->held_back, 1);
  EXPECT_EQ(learnersOnB(), 1);
  const size_t lines = logged.size();
  r = app::importLiveSiteFolder(*b, logged);
  ASSERT_TRUE(r);
  EXPECT_EQ(logged.size(), lines) << "the same refusal logged again";
}

TEST_F(SiteWatcherTest, TheWatcherJournalsWhatAnotherConnectionCommitted) {
  app::SiteWatcher watcher(*a);
  auto first = watcher.pass();  // nothing recorded yet
  EXPECT_EQ(first.journal.seq, 0);
  auto kioskApp = test::openKioskAs(dirA.path(), "kiosk-a");  // the kiosk app's own connection
  ASSERT_TRUE(kioskApp);
  registerOn(*kioskApp, "Nguyễn Thị Hồng", 1962);
  auto second = watcher.pass();
  EXPECT_EQ(second.journal.seq, 1);
  EXPECT_EQ(watcher.pass().journal.seq, 0) << "a pass with no change wrote a segment";
  registerOn(*kioskApp, "Trần Văn Bình", 1958);
  EXPECT_EQ(watcher.pass().journal.seq, 2);

  // B's watcher picks A's folder up as it appears.
  app::SiteWatcher onB(*b);
  EXPECT_EQ(onB.pass().imported_segments, 0);
  fs::copy(app::siteFolder(dirA.path()) / "kiosk-a", peerFolderOnB("kiosk-a"), fs::copy_options::recursive);
  EXPECT_EQ(onB.pass().imported_segments, 2);
  EXPECT_EQ(learnersOnB(), 2);
}

TEST(SiteSyncthingNames, DeviceNamesVerifyOnlyUnderTheSiteKeyForTheirDevice) {
  const FieldCipher site = FieldCipher::fromKey(std::vector<unsigned char>(32, 7));
  const FieldCipher other = FieldCipher::fromKey(std::vector<unsigned char>(32, 8));
  const std::string dev = "PKXNDJH-YJOS7UV-NMVMCRB-ANVZRSC-EGJAEI5-DKCMDKG-FNVAXJ5-KKKNRQU";
  const std::string name = app::siteDeviceName(site, "kiosk-a", dev);
  EXPECT_EQ(name.rfind("hocso:kiosk-a:", 0), 0u);
  EXPECT_EQ(app::verifiedKioskOfDeviceName(site, name, dev), "kiosk-a");
  EXPECT_FALSE(app::verifiedKioskOfDeviceName(other, name, dev));
  EXPECT_FALSE(app::verifiedKioskOfDeviceName(site, name, "AAAAAAA-" + dev.substr(8)));
  std::string renamed = name;
  renamed.replace(6, 7, "kiosk-b");
  EXPECT_FALSE(app::verifiedKioskOfDeviceName(site, renamed, dev));
  EXPECT_FALSE(app::verifiedKioskOfDeviceName(site, "vm", dev));
  EXPECT_FALSE(app::verifiedKioskOfDeviceName(site, "hocso::" + name.substr(name.rfind(':') + 1), dev));
}

TEST(SiteSyncthingNames, FolderIdsNameASafeKioskOfThisSite) {
  const std::string site = "3f2a9c41-0000-4000-8000-000000000000";
  EXPECT_EQ(app::siteFolderId(site, "kiosk-a"), "hocso-3f2a9c41-kiosk-a");
  EXPECT_EQ(app::kioskOfSiteFolderId(site, "hocso-3f2a9c41-kiosk-a"), "kiosk-a");
  EXPECT_FALSE(app::kioskOfSiteFolderId(site, "hocso-00000000-kiosk-a"));  // another site
  EXPECT_FALSE(app::kioskOfSiteFolderId(site, "hocso-3f2a9c41-"));
  EXPECT_FALSE(app::kioskOfSiteFolderId(site, "hocso-3f2a9c41-../../etc"));
  EXPECT_FALSE(app::kioskOfSiteFolderId(site, "hocso-3f2a9c41-.hidden"));
  EXPECT_FALSE(app::kioskOfSiteFolderId(site, "default"));
}

}  // namespace
}  // namespace hocso

// The read-aloud path with the pack's lexicon: ReadAloud passes every text
// through the lexicon and digit rules on its worker before synthesis, and the
// lexicon it gets is the one of the pack the kiosk loads from DATA_DIR/packs.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "content/pack_store.hpp"
#include "kiosk_context.hpp"
#include "pack_test_support.hpp"
#include "speech.hpp"

namespace hocso::tts {
namespace {
namespace fs = std::filesystem;

// Records what would have been synthesised; plays nothing.
class SilentSink : public AudioSink {
 public:
  bool play(const Pcm&) override { return true; }
  void stop() override {}
  bool playing() const override { return false; }
};

struct SpokenTexts {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::string> texts;

  Synthesizer synthesizer() {
    return [this](const std::string& text, const std::string&, const std::atomic<bool>&) -> Result<Pcm> {
      std::lock_guard l(m);
      texts.push_back(text);
      cv.notify_all();
      return Pcm{16000, std::vector<int16_t>(160, 0)};
    };
  }
  std::string waitFor(size_t n) {
    std::unique_lock l(m);
    if (!cv.wait_for(l, std::chrono::seconds(10), [&] { return texts.size() >= n; })) return "(nothing spoken)";
    return texts[n - 1];
  }
};

TEST(ReadAloudLexicon, TheLexiconIsAppliedBeforeSynthesis) {
  SilentSink sink;
  SpokenTexts spoken;
  ReadAloud reader(sink, nullptr, spoken.synthesizer());
  auto lexicon = std::make_shared<const content::Lexicon>(
      content::Lexicon{{"QR", "kiu a", false, "", 0}, {"Zalo", "da lô", false, "", 0}});
  reader.speak("Quét mã QR trong Zalo. Mã OTP: 482913.", kVoiceNorth, lexicon);
  EXPECT_EQ(spoken.waitFor(1), "Quét mã kiu a trong da lô. Mã OTP: bốn tám hai chín một ba.");
  // Without a lexicon only the digit rules apply.
  reader.speak("Gọi 113 về QR", kVoiceNorth);
  EXPECT_EQ(spoken.waitFor(2), "Gọi một một ba về QR");
  // Another pack's lexicon replaces the first.
  reader.speak("QR", kVoiceNorth, std::make_shared<const content::Lexicon>(content::Lexicon{{"QR", "cu a", false, "", 0}}));
  EXPECT_EQ(spoken.waitFor(3), "cu a");
}

TEST(ReadAloudLexicon, TheInstalledPacksLexiconReachesTheSpeech) {
  test::TempDir dir;
  const auto keys = test::makeKeys(dir.path());
  const fs::path src = test::copyStarter(dir.path());
  test::writeText(src / "lexicon.toml", "[[word]]\ntext = \"Wi-Fi\"\nsay = \"oai phai\"\n"
                                        "[[word]]\ntext = \".apk\"\nsay = \"chấm a pê ca\"\n");
  const fs::path built = dir.path() / "p.hocsopack";
  auto r = content::buildPackFile(src, built, keys.private_pem);
  ASSERT_TRUE(r) << r.error().message;
  const fs::path data = dir.path() / "data";
  auto installed = content::PackStore(data).install(built, test::trust(keys));
  ASSERT_TRUE(installed) << installed.error().message;

  // What the kiosk loads at start (and after an install): the installed pack.
  Config config;
  config.trusted_keys = {keys.public_pem.string()};
  std::string source;
  auto pack = app::loadConfiguredPack(config, data, &source);
  ASSERT_TRUE(pack) << pack.error().message;
  EXPECT_EQ(source, (data / "packs" / "current.hocsopack").string());
  ASSERT_TRUE(pack->lexicon);

  SilentSink sink;
  SpokenTexts spoken;
  ReadAloud reader(sink, nullptr, spoken.synthesizer());
  reader.speak("Tắt Wi-Fi, đừng cài tệp nganhang.apk", kVoiceSouth, pack->lexicon);
  EXPECT_EQ(spoken.waitFor(1), "Tắt oai phai, đừng cài tệp nganhang chấm a pê ca");
}

}  // namespace
}  // namespace hocso::tts

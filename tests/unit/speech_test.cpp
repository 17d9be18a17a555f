// Read-aloud: real espeak-ng synthesis with the three Vietnamese voices, and
// the worker's speak/stop behaviour with a recording sink.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "speech.hpp"

namespace hocso::tts {
namespace {

TEST(Speech, EveryVietnameseVoiceSpeaks) {
  std::atomic<bool> cancel{false};
  for (const char* voice : {kVoiceNorth, kVoiceCentral, kVoiceSouth}) {
    auto pcm = synthesize("Xin chào. Hôm nay chúng ta học cách dùng điện thoại.", voice, cancel);
    ASSERT_TRUE(pcm) << voice << ": " << pcm.error().message;
    EXPECT_GT(pcm->sample_rate, 8000);
    const double seconds = static_cast<double>(pcm->samples.size()) / pcm->sample_rate;
    EXPECT_GT(seconds, 1.5) << voice;
    EXPECT_LT(seconds, 15.0) << voice;
  }
}

TEST(Speech, UnknownVoiceIsAClearError) {
  std::atomic<bool> cancel{false};
  auto pcm = synthesize("Xin chào", "no-such-voice", cancel);
  ASSERT_FALSE(pcm);
  EXPECT_NE(pcm.error().message.find("no-such-voice"), std::string::npos);
}

TEST(Speech, CancelCutsSynthesisShort) {
  std::atomic<bool> cancel{false};
  std::string words;
  for (int i = 0; i < 60; ++i) words += "Bạn hãy đọc kỹ tin nhắn trước khi bấm vào đường link. ";
  auto full = synthesize(words, kVoiceNorth, cancel);
  ASSERT_TRUE(full);
  cancel = true;
  auto cut = synthesize(words, kVoiceNorth, cancel);
  ASSERT_TRUE(cut);
  EXPECT_LT(cut->samples.size(), full->samples.size() / 4);
}

class RecordingSink : public AudioSink {
 public:
  bool play(const Pcm& pcm) override {
    std::lock_guard l(m);
    played.push_back(pcm.samples.size());
    return true;
  }
  void stop() override { ++stops; }
  bool playing() const override { return false; }
  std::mutex m;
  std::vector<size_t> played;
  std::atomic<int> stops{0};
};

TEST(ReadAloud, SpeaksThenReportsIdle) {
  RecordingSink sink;
  std::mutex m;
  std::condition_variable cv;
  int idles = 0;
  ReadAloud reader(sink, [&] {
    std::lock_guard l(m);
    ++idles;
    cv.notify_all();
  });
  reader.speak("Chạm nhẹ một lần để mở.", kVoiceSouth);
  EXPECT_TRUE(reader.speaking());
  std::unique_lock l(m);
  ASSERT_TRUE(cv.wait_for(l, std::chrono::seconds(20), [&] { return idles > 0; }));
  EXPECT_FALSE(reader.speaking());
  std::lock_guard g(sink.m);
  ASSERT_EQ(sink.played.size(), 1u);
  EXPECT_GT(sink.played[0], 1000u);
  EXPECT_TRUE(reader.lastError().empty());
  EXPECT_EQ(reader.lastOutcome(), ReadAloud::Outcome::Heard);
}

// A PC with no sound device: the reading is not heard, and the reader says
// so (the kiosk shows it in words) instead of going quiet.
class NoDeviceSink : public AudioSink {
 public:
  bool play(const Pcm&) override { return false; }
  void stop() override {}
  bool playing() const override { return false; }
};

TEST(ReadAloud, WithNoAudioDeviceTheReadingIsReportedNotHeard) {
  NoDeviceSink sink;
  std::atomic<int> idles{0};
  ReadAloud reader(sink, [&] { ++idles; });
  EXPECT_EQ(reader.lastOutcome(), ReadAloud::Outcome::Unknown);
  reader.speak("Chạm nhẹ một lần để mở.", kVoiceNorth);
  for (int i = 0; i < 400 && (reader.speaking() || idles.load() == 0); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(reader.speaking());
  EXPECT_EQ(reader.lastOutcome(), ReadAloud::Outcome::NotHeard);
  EXPECT_NE(reader.lastError().find("no audio device"), std::string::npos) << reader.lastError();
  // The next request starts unknown again.
  reader.speak("Một câu nữa.", kVoiceNorth);
  EXPECT_EQ(reader.lastOutcome(), ReadAloud::Outcome::Unknown);
}

TEST(ReadAloud, StopSilencesAndGoesIdle) {
  RecordingSink sink;
  std::atomic<int> idles{0};
  ReadAloud reader(sink, [&] { ++idles; });
  reader.speak("Một câu dài để đọc.", kVoiceNorth);
  reader.stop();
  EXPECT_GE(sink.stops.load(), 1);
  for (int i = 0; i < 200 && reader.speaking(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(reader.speaking());
}

}  // namespace
}  // namespace hocso::tts

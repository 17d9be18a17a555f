// Read-aloud: Vietnamese speech from espeak-ng (Northern, Central, Southern
// voices), synthesised on a worker thread and played through SDL audio. The
// UI asks and stops; it never waits. espeak-ng is used from one thread only.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/error.hpp"
#include "content/lexicon.hpp"
#include "pronunciation.hpp"

namespace hocso::tts {

// espeak-ng voice names for the three regional voices.
inline constexpr const char* kVoiceNorth = "vi";
inline constexpr const char* kVoiceCentral = "vi-vn-x-central";
inline constexpr const char* kVoiceSouth = "vi-vn-x-south";

struct Pcm {
  int sample_rate = 0;
  std::vector<int16_t> samples;  // mono
};

// Synthesises `text` (UTF-8) with `voice`. Returns early with what it has when
// `cancel` becomes true. Must be called from a single thread.
Result<Pcm> synthesize(const std::string& text, const std::string& voice, const std::atomic<bool>& cancel);

// Plays PCM somewhere: SDL audio in the kiosk; a recorder in tests.
class AudioSink {
 public:
  virtual ~AudioSink() = default;
  virtual bool play(const Pcm& pcm) = 0;   // queue for playback; false if no audio device
  virtual void stop() = 0;                 // drop what is queued
  virtual bool playing() const = 0;
};

// What turns text into speech: synthesize() in the kiosk; a recorder in tests.
using Synthesizer = std::function<Result<Pcm>(const std::string& text, const std::string& voice,
                                              const std::atomic<bool>& cancel)>;

// The worker: speak() replaces whatever is being read; stop() silences it.
// `onIdle` is called (from the worker) when reading ends, so the UI can redraw.
// The text is passed through the pack's lexicon and the digit rules
// (Pronunciation) on the worker, just before it is synthesised.
class ReadAloud {
 public:
  ReadAloud(AudioSink& sink, std::function<void()> onIdle, Synthesizer synthesizer = synthesize);
  ~ReadAloud();
  // `lexicon`: the running pack's (content::Pack::lexicon); null: none.
  void speak(const std::string& text, const std::string& voice,
             std::shared_ptr<const content::Lexicon> lexicon = nullptr);
  void stop();
  bool speaking() const { return speaking_.load(); }
  std::string lastError() const;
  // What became of the last request: not known yet (nothing asked, or still
  // working), heard (it was played), or not heard (no audio device, or no
  // voice), with lastError() saying why.
  enum class Outcome { Unknown, Heard, NotHeard };
  Outcome lastOutcome() const { return outcome_.load(); }

 private:
  void run();

  struct Request {
    std::string text, voice;
    std::shared_ptr<const content::Lexicon> lexicon;
  };

  AudioSink& sink_;
  std::function<void()> onIdle_;
  Synthesizer synthesize_;
  // The worker's own: the lexicon last used, compiled (rebuilt when a
  // request brings another one, e.g. after a pack is installed).
  std::shared_ptr<const content::Lexicon> lexiconSource_;
  Pronunciation pronunciation_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Request> request_;
  std::atomic<bool> cancel_{false};
  std::atomic<bool> speaking_{false};
  std::atomic<Outcome> outcome_{Outcome::Unknown};
  bool quit_ = false;
  std::string lastError_;
  std::thread thread_;
};

}  // namespace hocso::tts

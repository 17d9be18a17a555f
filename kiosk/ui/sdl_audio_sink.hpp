// Plays read-aloud speech through SDL's audio queue (any thread may call it).
#pragma once

#include <SDL.h>

#include <mutex>

#include "speech.hpp"

namespace hocso::ui {

class SdlAudioSink final : public tts::AudioSink {
 public:
  ~SdlAudioSink() override;
  bool play(const tts::Pcm& pcm) override;
  void stop() override;
  bool playing() const override;

 private:
  mutable std::mutex mutex_;
  SDL_AudioDeviceID device_ = 0;
  int rate_ = 0;
};

}  // namespace hocso::ui

// The audio device is opened on first use at the speech's sample rate.
#include "sdl_audio_sink.hpp"

#include <spdlog/spdlog.h>

namespace hocso::ui {

SdlAudioSink::~SdlAudioSink() {
  if (device_) SDL_CloseAudioDevice(device_);
}

bool SdlAudioSink::play(const tts::Pcm& pcm) {
  std::lock_guard lock(mutex_);
  if (device_ && rate_ != pcm.sample_rate) {
    SDL_CloseAudioDevice(device_);
    device_ = 0;
  }
  if (!device_) {
    if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
      spdlog::warn("no audio: {}", SDL_GetError());
      return false;
    }
    SDL_AudioSpec want{}, have{};
    want.freq = pcm.sample_rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 2048;
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (!device_) {
      spdlog::warn("cannot open an audio device: {}", SDL_GetError());
      return false;
    }
    rate_ = pcm.sample_rate;
  }
  SDL_ClearQueuedAudio(device_);
  SDL_QueueAudio(device_, pcm.samples.data(), static_cast<Uint32>(pcm.samples.size() * sizeof(int16_t)));
  SDL_PauseAudioDevice(device_, 0);
  return true;
}

void SdlAudioSink::stop() {
  std::lock_guard lock(mutex_);
  if (device_) SDL_ClearQueuedAudio(device_);
}

bool SdlAudioSink::playing() const {
  std::lock_guard lock(mutex_);
  return device_ && SDL_GetQueuedAudioSize(device_) > 0;
}

}  // namespace hocso::ui

// espeak-ng in synchronous mode: samples arrive through a callback, which
// also lets a stop request cut synthesis short.
#include "speech.hpp"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include <chrono>

namespace hocso::tts {
namespace {

struct SynthState {
  Pcm* out = nullptr;
  const std::atomic<bool>* cancel = nullptr;
};
thread_local SynthState* t_state = nullptr;

int onSamples(short* wav, int n, espeak_EVENT*) {
  if (!t_state) return 1;
  if (wav && n > 0) t_state->out->samples.insert(t_state->out->samples.end(), wav, wav + n);
  return t_state->cancel->load() ? 1 : 0;  // non-zero aborts synthesis
}

bool g_initialised = false;

}  // namespace

Result<Pcm> synthesize(const std::string& text, const std::string& voice, const std::atomic<bool>& cancel) {
  if (!g_initialised) {
    espeak_ng_InitializePath(nullptr);
    if (espeak_ng_Initialize(nullptr) != ENS_OK)
      return fail(ErrorCode::Io, "espeak-ng could not start (is the espeak-ng-data package installed?)");
    if (espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr) != ENS_OK)
      return fail(ErrorCode::Io, "espeak-ng output could not be set up");
    espeak_SetSynthCallback(onSamples);
    g_initialised = true;
  }
  if (espeak_ng_SetVoiceByName(voice.c_str()) != ENS_OK)
    return fail(ErrorCode::NotFound, "espeak-ng has no voice '" + voice + "'");
  Pcm pcm;
  pcm.sample_rate = espeak_ng_GetSampleRate();
  SynthState state{&pcm, &cancel};
  t_state = &state;
  espeak_SetParameter(espeakRATE, 150, 0);  // a little slower than the default, for new listeners
  const espeak_ERROR rc = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
                                       nullptr, nullptr);
  espeak_ng_Synchronize();
  t_state = nullptr;
  if (rc != EE_OK && !cancel.load()) return fail(ErrorCode::Io, "espeak-ng could not read the text");
  return pcm;
}

ReadAloud::ReadAloud(AudioSink& sink, std::function<void()> onIdle, Synthesizer synthesizer)
    : sink_(sink), onIdle_(std::move(onIdle)), synthesize_(std::move(synthesizer)), thread_([this] { run(); }) {}

ReadAloud::~ReadAloud() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
    cancel_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ReadAloud::speak(const std::string& text, const std::string& voice,
                      std::shared_ptr<const content::Lexicon> lexicon) {
  {
    std::lock_guard lock(mutex_);
    request_ = Request{text, voice, std::move(lexicon)};
    cancel_ = true;  // interrupt whatever is being synthesised now
    speaking_ = true;
    outcome_ = Outcome::Unknown;
  }
  sink_.stop();
  wake_.notify_all();
}

void ReadAloud::stop() {
  {
    std::lock_guard lock(mutex_);
    request_.reset();
    cancel_ = true;
  }
  sink_.stop();
  wake_.notify_all();
}

std::string ReadAloud::lastError() const {
  std::lock_guard lock(mutex_);
  return lastError_;
}

void ReadAloud::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return quit_ || request_.has_value() || (speaking_ && !sink_.playing()); });
    if (quit_) return;
    if (!request_) {
      // Playback finished (or was stopped) with nothing new to say.
      speaking_ = false;
      lock.unlock();
      if (onIdle_) onIdle_();
      lock.lock();
      continue;
    }
    Request req = std::move(*request_);
    request_.reset();
    cancel_ = false;
    lock.unlock();
    if (req.lexicon != lexiconSource_) {
      pronunciation_ = req.lexicon ? Pronunciation(*req.lexicon) : Pronunciation();
      lexiconSource_ = req.lexicon;
    }
    auto pcm = synthesize_(pronunciation_.apply(req.text), req.voice, cancel_);
    bool ok = pcm.has_value() && !cancel_.load() && sink_.play(*pcm);
    lock.lock();
    if (!pcm) lastError_ = pcm.error().message;
    else if (!ok && !cancel_.load()) lastError_ = "no audio device to play the speech";
    if (ok) outcome_ = Outcome::Heard;
    else if (!cancel_.load()) outcome_ = Outcome::NotHeard;  // a cancelled request says nothing
    // While it plays, check a few times a second whether it has finished.
    while (ok && !quit_ && !request_ && sink_.playing())
      wake_.wait_for(lock, std::chrono::milliseconds(200));
    if (!request_) {
      speaking_ = false;
      lock.unlock();
      if (onIdle_) onIdle_();
      lock.lock();
    }
  }
}

}  // namespace hocso::tts

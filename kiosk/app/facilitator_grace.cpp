#include "facilitator_grace.hpp"

namespace hocso::app {

void FacilitatorGrace::grant(const assessment::Facilitator& facilitator, const std::string& pin) {
  unlock_ = GraceUnlock{facilitator, pin, period_ms_};
  granted_at_ms_ = now_ms_();
}

std::optional<GraceUnlock> FacilitatorGrace::current() const {
  if (!unlock_) return std::nullopt;
  const long long since = now_ms_() - granted_at_ms_;
  if (since < 0 || since >= period_ms_) return std::nullopt;
  GraceUnlock out = *unlock_;
  out.remaining_ms = period_ms_ - since;
  return out;
}

void FacilitatorGrace::clear() {
  if (unlock_) unlock_->pin.assign(unlock_->pin.size(), '\0');
  unlock_.reset();
}

}  // namespace hocso::app

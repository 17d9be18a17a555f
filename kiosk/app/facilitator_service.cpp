#include "facilitator_service.hpp"

#include <algorithm>

#include "base/ids.hpp"
#include "kiosk_tables.hpp"

namespace hocso::app {

Result<void> checkFacilitatorAnswers(const std::string& name, const std::string& pin) {
  const std::string n = assessment::trimSpaces(name);
  if (n.empty() || assessment::utf8Length(n) > 80) return fail(ErrorCode::Invalid, "the facilitator's name must be 1 to 80 characters");
  if (!assessment::isValidPin(pin)) return fail(ErrorCode::Invalid, "the facilitator PIN must be exactly 4 digits");
  return {};
}

Result<assessment::Facilitator> FacilitatorService::addFacilitator(const std::string& name, const std::string& pin) {
  if (auto ok = checkFacilitatorAnswers(name, pin); !ok) return tl::unexpected(ok.error());
  const std::string n = assessment::trimSpaces(name);
  auto hash = assessment::hashPin(pin, ctx_.cipher);
  if (!hash) return tl::unexpected(hash.error());
  return writeTransaction(*ctx_.db, "adding the facilitator failed", [&] {
    return assessment::FacilitatorRepository(*ctx_.db, ctx_.cipher).create(n, *hash);
  });
}

Result<std::vector<assessment::Facilitator>> FacilitatorService::facilitators() {
  return assessment::FacilitatorRepository(*ctx_.db, ctx_.cipher).list();
}

Result<std::vector<assessment::Facilitator>> FacilitatorService::facilitatorsForLogin() {
  auto all = facilitators();
  if (!all) return all;
  auto simulated = SimulatedFacilitatorRepository(*ctx_.db).ids();
  if (!simulated) return tl::unexpected(simulated.error());
  std::erase_if(*all, [&](const assessment::Facilitator& f) { return simulated->count(f.id) > 0; });
  return all;
}

Result<void> FacilitatorService::markSimulated(const std::string& facilitator_id) {
  return writeTransaction(*ctx_.db, "flagging the simulated facilitator failed", [&]() -> Result<void> {
    return SimulatedFacilitatorRepository(*ctx_.db).flag(facilitator_id, nowIso8601());
  });
}

Result<FacilitatorUnlock> FacilitatorService::verifyPin(const std::string& facilitator_id, const std::string& pin) {
  const long long now = wall_ms_();
  assessment::LockoutRepository lockouts(*ctx_.db);
  const auto subject = assessment::LockoutSubject::facilitator(facilitator_id);
  auto lock = lockouts.get(subject);
  if (!lock) return tl::unexpected(lock.error());
  FacilitatorUnlock out;
  if (lock->remainingMs(now) > 0) {
    out.status = FacilitatorPinStatus::Locked;
    out.retry_after_ms = lock->remainingMs(now);
    return out;
  }
  auto hash = assessment::FacilitatorRepository(*ctx_.db, ctx_.cipher).pinHash(facilitator_id);
  if (!hash) return tl::unexpected(hash.error());
  if (hash->empty() || !assessment::verifyPin(pin, *hash, ctx_.cipher)) {
    auto st = writeTransaction(*ctx_.db, "recording the failed facilitator PIN failed",
                               [&] { return lockouts.recordFailure(subject, now, lockout_policy); });
    if (!st) return tl::unexpected(st.error());
    out.status = FacilitatorPinStatus::Wrong;
    out.retry_after_ms = st->remainingMs(now);
    out.tries_before_lockout = std::max(0, lockout_policy.free_failures - st->failures);
    return out;
  }
  out.status = FacilitatorPinStatus::Accepted;
  return out;
}

Result<FacilitatorUnlock> FacilitatorService::checkPin(const std::string& facilitator_id, const std::string& pin) {
  auto out = verifyPin(facilitator_id, pin);
  if (!out || out->status != FacilitatorPinStatus::Accepted) return out;
  auto who = assessment::FacilitatorRepository(*ctx_.db, ctx_.cipher).find(facilitator_id);
  if (!who) return tl::unexpected(who.error());
  out->facilitator = *who;
  auto cleared = writeTransaction(*ctx_.db, "clearing the facilitator lockout failed", [&] {
    return assessment::LockoutRepository(*ctx_.db).clear(assessment::LockoutSubject::facilitator(facilitator_id));
  });
  if (!cleared) return tl::unexpected(cleared.error());
  return out;
}

}  // namespace hocso::app

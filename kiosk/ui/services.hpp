// The application services the screens use, built once over the shared
// KioskContext. Screens call these; they never touch SQL or the network.
#pragma once

#include <atomic>

#include "../app/certificate_service.hpp"
#include "../app/dashboard_service.hpp"
#include "../app/exam_service.hpp"
#include "../app/facilitator_grace.hpp"
#include "../app/facilitator_service.hpp"
#include "../app/kiosk_context.hpp"
#include "../app/learner_help_service.hpp"
#include "../app/learner_service.hpp"
#include "../app/learning_service.hpp"
#include "../app/progress_service.hpp"
#include "../app/settings_service.hpp"

namespace hocso::ui {

struct AppServices {
  explicit AppServices(app::KioskContext& context)
      : ctx(context),
        learning(context, wallClock()),
        learners(context, wallClock()),
        exams(context, app::steadyNow, wallClock()),
        facilitators(context, wallClock()),
        progress(context),
        certificates(context),
        settings(context),
        help(context),
        dashboard(context),
        grace(wallClock()) {}
  app::KioskContext& ctx;
  // Added to the system clock for the services above (lockouts, dates). Only
  // a UI test script changes it (advance-clock); always 0 otherwise.
  std::atomic<long long> wall_shift_ms{0};
  app::LearningService learning;
  app::LearnerService learners;
  app::ExamService exams;
  app::FacilitatorService facilitators;
  app::ProgressService progress;
  app::CertificateService certificates;
  app::SettingsService settings;
  // Facilitator mode: helping a learner (PIN reset, duplicates) and the
  // read models (today's list, dashboard, sync status), on the system clock.
  app::LearnerHelpService help;
  app::DashboardService dashboard;
  // The facilitator's PIN remembered for 10 minutes after it was typed
  // (facilitator_grace.hpp): a round of exams needs one tap per learner.
  app::FacilitatorGrace grace;

 private:
  app::WallClock wallClock() {
    return [this] { return app::systemNowMs() + wall_shift_ms.load(); };
  }
};

}  // namespace hocso::ui

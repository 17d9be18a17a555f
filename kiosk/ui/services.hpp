// The application services the screens use, built once over the shared
// KioskContext. Screens call these; they never touch SQL or the network.
#pragma once

#include "../app/certificate_service.hpp"
#include "../app/exam_service.hpp"
#include "../app/kiosk_context.hpp"
#include "../app/learner_service.hpp"
#include "../app/learning_service.hpp"
#include "../app/progress_service.hpp"
#include "../app/settings_service.hpp"

namespace hocso::ui {

struct AppServices {
  explicit AppServices(app::KioskContext& context)
      : ctx(context),
        learning(context),
        learners(context),
        exams(context),
        progress(context),
        certificates(context),
        settings(context) {}
  app::KioskContext& ctx;
  app::LearningService learning;
  app::LearnerService learners;
  app::ExamService exams;
  app::ProgressService progress;
  app::CertificateService certificates;
  app::SettingsService settings;
};

}  // namespace hocso::ui

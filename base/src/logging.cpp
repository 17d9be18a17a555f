// Logging set-up shared by both binaries.
#include "base/logging.hpp"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace hocso {

void setupLogging(const std::filesystem::path& data_dir, const char* program, bool verbose, bool quiet,
                  bool create_log_dir) {
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_level(verbose ? spdlog::level::debug : (quiet ? spdlog::level::warn : spdlog::level::info));
  console->set_pattern("%^%l%$: %v");
  std::vector<spdlog::sink_ptr> sinks{console};
  const auto logs = data_dir / "logs";
  std::error_code ec;
  const bool wanted = create_log_dir || (std::filesystem::is_directory(logs, ec) && ::access(logs.c_str(), W_OK) == 0);
  if (wanted) {
    try {
      std::filesystem::create_directories(logs);
      auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
          (logs / (std::string(program) + ".log")).string(), 2 * 1024 * 1024, 5);
      file->set_level(spdlog::level::debug);
      sinks.push_back(file);
    } catch (const std::exception& e) {
      console->log(spdlog::details::log_msg("", spdlog::level::warn,
                                            std::string("cannot write log file: ") + e.what()));
    }
  }
  auto logger = std::make_shared<spdlog::logger>(program, sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::debug);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace hocso

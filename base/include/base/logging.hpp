// spdlog to stderr and to a rotating file in the data dir.
#pragma once

#include <filesystem>

namespace hocso {

// verbose: debug level on stderr. quiet: only warnings and errors on stderr.
// create_log_dir false (commands that only read): DATA_DIR/logs is used when
// it already exists and may be written, and nothing is created otherwise.
void setupLogging(const std::filesystem::path& data_dir, const char* program, bool verbose, bool quiet,
                  bool create_log_dir = true);

}  // namespace hocso

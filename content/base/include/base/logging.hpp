// spdlog to stderr and to a rotating file in the data dir.
#pragma once

#include <filesystem>

namespace hocso {

// verbose: debug level on stderr. quiet: only warnings and errors on stderr.
void setupLogging(const std::filesystem::path& data_dir, const char* program, bool verbose, bool quiet);

}  // namespace hocso

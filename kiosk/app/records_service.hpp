// Tamper-evident records for operators: verify the signed hash chain and
// export every record as JSON lines. Both need only kiosk.db and the keys,
// not the content pack.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "assessment/chain.hpp"
#include "base/error.hpp"

namespace hocso::app {

// Checks the chain in DATA_DIR/kiosk.db against this kiosk's public key
// (DATA_DIR/keys/kiosk-signing.pub.pem) plus any `extra_public_keys`.
Result<assessment::ChainReport> verifyRecords(const std::filesystem::path& data_dir,
                                              const std::vector<std::filesystem::path>& extra_public_keys = {});

// One JSON object per line for every record; personal fields (decrypted with
// DATA_DIR/keys/data.key) only when `include_personal`. Returns the line count.
Result<long long> exportRecords(const std::filesystem::path& data_dir, std::ostream& out, bool include_personal);

}  // namespace hocso::app

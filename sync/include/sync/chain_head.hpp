// The kiosk's signed record-chain head, sent with every delivery (LRS,
// certification endpoint) as the X-HocSo-Chain-Head header, so that the
// central side knows how far each kiosk's records reached and can notice a
// kiosk whose chain later goes back (records wiped, an old copy restored).
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

#include "sync/config.hpp"

namespace hocso::sync {

inline constexpr const char* kChainHeadHeader = "X-HocSo-Chain-Head";

// "kiosk=<id>; seq=<n>; hash=<sha256 hex>; key=<key id>; signature=<base64url Ed25519>"
// over the message "hocso-records-v1\n<seq>\n<hash>" (assessment/chain.cpp);
// "" when the kiosk has sealed no record yet. Never fails a delivery: a
// database error gives "" and a warning in the log.
std::string chainHeadHeaderValue(SQLite::Database& db, const std::string& kiosk_id);

}  // namespace hocso::sync

// Reads the signed chain head for the X-HocSo-Chain-Head header.
#include "sync/chain_head.hpp"

#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

namespace hocso::sync {

std::string chainHeadHeaderValue(SQLite::Database& db, const std::string& kiosk_id) {
  try {
    SQLite::Statement exists(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'record_chain_head'");
    if (!exists.executeStep()) return "";
    SQLite::Statement q(db, "SELECT seq, hash, key_id, signature FROM record_chain_head WHERE id = 1");
    if (!q.executeStep()) return "";
    std::string kiosk = kiosk_id;
    if (kiosk.empty()) {
      SQLite::Statement k(db, "SELECT value FROM kiosk_meta WHERE key = 'kiosk_id'");
      if (k.executeStep()) kiosk = k.getColumn(0).getString();
    }
    return "kiosk=" + kiosk + "; seq=" + std::to_string(q.getColumn(0).getInt64()) + "; hash=" +
           q.getColumn(1).getString() + "; key=" + q.getColumn(2).getString() + "; signature=" +
           q.getColumn(3).getString();
  } catch (const SQLite::Exception& e) {
    spdlog::warn("the record chain head cannot be read for the delivery header: {}", e.what());
    return "";
  }
}

}  // namespace hocso::sync

// Benchmark baseline: the raw rate of plain batched POSTs to an LRS — the
// statements of a kiosk.db outbox under fresh ids, sent with libcurl on one
// keep-alive connection, no bookkeeping at all.
// Usage: sync_raw_post KIOSK_DB ENDPOINT BATCH_SIZE   (Basic test:test)
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <curl/curl.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/ids.hpp"

namespace {
size_t sink(char*, size_t size, size_t n, void*) { return size * n; }
}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: sync_raw_post KIOSK_DB ENDPOINT BATCH_SIZE\n";
    return 2;
  }
  const std::string url = std::string(argv[2]) + "statements";
  const size_t batch = std::stoul(argv[3]);
  std::vector<std::string> bodies;
  size_t count = 0;
  try {
    SQLite::Database db(argv[1], SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT payload FROM outbox WHERE endpoint = 'lrs' ORDER BY seq");
    std::string body;
    size_t inBatch = 0;
    while (q.executeStep()) {
      auto j = nlohmann::json::parse(q.getColumn(0).getString());
      j["id"] = hocso::uuid4();
      body += (inBatch ? "," : "[") + j.dump();
      ++count;
      if (++inBatch == batch) {
        bodies.push_back(body + "]");
        body.clear();
        inBatch = 0;
      }
    }
    if (inBatch) bodies.push_back(body + "]");
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "X-Experience-API-Version: 1.0.3");
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_USERPWD, "test:test");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sink);
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& b : bodies) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, b.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(b.size()));
    long status = 0;
    if (curl_easy_perform(curl) != CURLE_OK || (curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status), status != 200)) {
      std::cerr << "raw POST failed (HTTP " << status << ")\n";
      return 1;
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  std::cout << "raw_statements=" << count << " raw_seconds=" << secs << " raw_rate=" << static_cast<double>(count) / secs
            << "\n";
  return 0;
}

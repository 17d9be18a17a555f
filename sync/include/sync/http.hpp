// A small libcurl wrapper: one request, one response. TLS verification is
// always on; a CA bundle may be added; proxies come from the environment.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace hocso::sync {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;   // "Name: value"
  std::string body;
  std::string username, password;     // Basic auth when username is set
  std::string ca_bundle;
  long timeout_seconds = 30;
};

struct HttpResponse {
  long status = 0;                    // 0 when no HTTP answer came back
  std::string body;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string transport_error;        // curl's message when status == 0
};

HttpResponse perform(const HttpRequest& req);

}  // namespace hocso::sync

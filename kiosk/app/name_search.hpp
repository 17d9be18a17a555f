// Finding a learner by name in facilitator mode: accents, case and extra
// spaces do not matter ("le thi thu ha" finds "Lê Thị Thu Hà"; đ is d).
// Only facilitator mode searches by name: learners are never listed to the
// public (see ListedMentor in learner_service.hpp).
#pragma once

#include <string>

#include "assessment/name_fold.hpp"

namespace hocso::app {

// True when every word of `query` starts a word of `full_name` (both folded
// by assessment::foldName, the fold of the name sign-in), in
// order, or when the query is the learner's 4-digit birth year. An empty
// query matches everyone.
bool nameMatches(const std::string& full_name, int birth_year, const std::string& query);

}  // namespace hocso::app

// base FileLock: shared locks coexist, an exclusive one excludes every other
// (also inside one process: flock locks belong to the open file), a lock is
// released when its object goes, and a held lock can be shared after all.
#include <gtest/gtest.h>

#include "base/file_lock.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

using Mode = FileLock::Mode;

TEST(FileLock, SharedLocksCoexistAndExcludeAnExclusiveOne) {
  test::TempDir dir;
  const auto file = dir.path() / ".lock";
  auto a = FileLock::take(file, Mode::Shared);
  ASSERT_TRUE(a) << a.error().message;
  auto b = FileLock::tryTake(file, Mode::Shared);
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->has_value());
  auto c = FileLock::tryTake(file, Mode::Exclusive);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->has_value()) << "an exclusive lock beside shared ones";
  *a = std::move(**b);  // the first shared lock is released, the second kept
  b->reset();
  c = FileLock::tryTake(file, Mode::Exclusive);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->has_value()) << "the moved shared lock must still be held";
}

TEST(FileLock, ExclusiveIsReleasedWithItsObjectAndCanBeShared) {
  test::TempDir dir;
  const auto file = dir.path() / ".lock";
  {
    auto sole = FileLock::tryTake(file, Mode::Exclusive);
    ASSERT_TRUE(sole && sole->has_value());
    auto other = FileLock::tryTake(file, Mode::Shared);
    ASSERT_TRUE(other);
    EXPECT_FALSE(other->has_value());
    ASSERT_TRUE((*sole)->change(Mode::Shared));
    other = FileLock::tryTake(file, Mode::Shared);
    ASSERT_TRUE(other);
    EXPECT_TRUE(other->has_value()) << "after change(Shared) others may share it";
  }
  auto again = FileLock::tryTake(file, Mode::Exclusive);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->has_value()) << "every lock was released with its object";
  EXPECT_FALSE(FileLock::take(dir.path() / "missing" / ".lock", Mode::Shared)) << "a folder that does not exist";
}

}  // namespace
}  // namespace hocso

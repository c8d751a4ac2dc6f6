// Whether every value of a float array is finite (no NaN, no infinity).
#pragma once
#include <cmath>
#include <cstddef>

namespace dp {

inline bool all_finite(const float* v, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(v[i])) return false;
  return true;
}

}  // namespace dp

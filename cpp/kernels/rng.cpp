#include "kernels/rng.hpp"

#include <cmath>

namespace dp {

float normal01(uint64_t key, uint32_t index) {
  const double u1 = uniform_open0(key, 2 * index);
  const double u2 = uniform_open0(key, 2 * index + 1);
  return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
}

}  // namespace dp

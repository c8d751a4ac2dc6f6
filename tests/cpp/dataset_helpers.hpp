// Shared by the test files: a dataset from a spec, checked to be valid first.
#pragma once
#include <doctest/doctest.h>

#include <string>

#include "data/datasets.hpp"

namespace test_helpers {

inline dp::Dataset make(const std::string& name, int points = 200, float noise = 0.2f, float validation = 0.5f,
                        uint64_t seed = 1) {
  dp::DatasetSpec s;
  s.name = name;
  s.points = points;
  s.noise = noise;
  s.validation = validation;
  s.seed = seed;
  REQUIRE(dp::validate_dataset_spec(s) == "");
  return dp::make_dataset(s);
}

}  // namespace test_helpers

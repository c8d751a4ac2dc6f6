// The seeded sequence datasets (cpp/data/sequences.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "data/sequences.hpp"

using namespace dp;

namespace {
SequenceDataset make(const std::string& name, float noise = 0.2f, uint64_t seed = 1, int steps = 32) {
  SequenceSpec s;
  s.name = name;
  s.noise = noise;
  s.seed = seed;
  s.steps = steps;
  REQUIRE(validate_sequence_spec(s) == "");
  return make_sequence_dataset(s);
}
}  // namespace

TEST_CASE("sequence datasets have the documented shapes") {
  for (const char* name : {"sines", "pattern"}) {
    CAPTURE(name);
    const SequenceDataset d = make(name, 0.2f, 1, 20);
    CHECK(d.train.count + d.validation.count == 64);
    CHECK(d.validation.count == 32);
    const int per = d.many_to_many ? 20 : 1;
    for (const SequenceSplit* s : {&d.train, &d.validation}) {
      CHECK(s->x.size() == static_cast<size_t>(s->count) * 20);
      CHECK(s->y.size() == static_cast<size_t>(s->count) * per);
      for (float v : s->x) CHECK(std::isfinite(v));
    }
  }
  CHECK(make("sines").many_to_many);
  CHECK_FALSE(make("pattern").many_to_many);
}

TEST_CASE("the same spec gives bit-identical data; another seed other data") {
  for (const char* name : {"sines", "pattern"}) {
    const SequenceDataset a = make(name), b = make(name), c = make(name, 0.2f, 2);
    CHECK(a.train.x == b.train.x);
    CHECK(a.validation.y == b.validation.y);
    CHECK(a.train.x != c.train.x);
  }
}

TEST_CASE("sines: the target is the next input, and noise 0 is the clean sum of sines") {
  const SequenceDataset d = make("sines", 0.3f);
  for (int i = 0; i < d.train.count; ++i)
    for (int t = 0; t + 1 < 32; ++t) CHECK(d.train.y[i * 32 + t] == d.train.x[i * 32 + t + 1]);
  const SequenceDataset clean = make("sines", 0.0f);
  for (float v : clean.train.x) CHECK(std::abs(v) <= 1.0f);
  // A clean sequence satisfies the sines' own recurrence: only the phases are random, so
  // noise 0 and 0.3 differ by noise alone (same phases, same normal numbers scaled).
  const SequenceDataset noisy = make("sines", 0.3f), noisy2 = make("sines", 0.6f);
  for (size_t i = 0; i < clean.train.x.size(); ++i) {
    const float n1 = noisy.train.x[i] - clean.train.x[i], n2 = noisy2.train.x[i] - clean.train.x[i];
    CHECK(n2 == doctest::Approx(2.0f * n1).epsilon(1e-3).scale(1.0));
  }
}

TEST_CASE("pattern: balanced labels, the shape in every class-1 sequence and in no class-0 one at noise 0") {
  const SequenceDataset d = make("pattern", 0.0f, 3, 24);
  for (const SequenceSplit* s : {&d.train, &d.validation}) {
    int ones = 0;
    for (int i = 0; i < s->count; ++i) {
      const float* x = s->x.data() + i * 24;
      int found = 0;
      for (int t = 0; t + 4 <= 24; ++t) {
        bool match = true;
        for (int k = 0; k < 4; ++k) match = match && x[t + k] == kSequencePattern[k];
        found += match;
      }
      int nonzero = 0;
      for (int t = 0; t < 24; ++t) nonzero += x[t] != 0.0f;
      CHECK(found == static_cast<int>(s->y[i]));
      CHECK(nonzero == (s->y[i] == 1.0f ? 4 : 0));
      ones += s->y[i] == 1.0f;
    }
    CHECK(std::abs(2 * ones - s->count) <= 1);
  }
  // The pattern starts anywhere: first and last positions both occur over many seeds.
  SequenceSpec s;
  s.name = "pattern";
  s.sequences = 4096;
  s.validation = 0.1f;
  s.steps = 10;
  s.noise = 0.0f;
  const SequenceDataset big = make_sequence_dataset(s);
  std::vector<int> starts(7, 0);
  for (int i = 0; i < big.train.count; ++i)
    if (big.train.y[i] == 1.0f)
      for (int t = 0; t < 7; ++t) starts[t] += big.train.x[i * 10 + t] == kSequencePattern[0];
  for (int n : starts) CHECK(n > 100);
}

TEST_CASE("bad sequence specs are refused with a reason") {
  SequenceSpec s;
  s.name = "words";
  CHECK(validate_sequence_spec(s).find("unknown") != std::string::npos);
  s.name = "pattern";
  s.steps = 3;
  CHECK(validate_sequence_spec(s) != "");
  s.steps = 65;
  CHECK(validate_sequence_spec(s) != "");
  s.steps = 64;
  s.noise = -0.1f;
  CHECK(validate_sequence_spec(s) != "");
  s.noise = 0.1f;
  s.sequences = 3;
  CHECK(validate_sequence_spec(s) != "");
  s.sequences = 4;
  CHECK(validate_sequence_spec(s) == "");
}

namespace {
uint64_t bits_hash(const std::vector<float>& v, uint64_t h = 0xcbf29ce484222325ull) {
  for (float f : v) {
    uint32_t b;
    std::memcpy(&b, &f, sizeof b);
    h = (h ^ b) * 0x100000001b3ull;
  }
  return h;
}
}  // namespace

TEST_CASE("the sequence data is bit-identical in native and wasm builds") {
  // The same constant is checked by the native and the wasm test run.
  const SequenceDataset s = make("sines", 0.3f, 9, 64), p = make("pattern", 0.3f, 9, 64);
  const uint64_t h = bits_hash(p.validation.y, bits_hash(p.train.x, bits_hash(s.validation.x, bits_hash(s.train.y))));
  CHECK(h == 2716236942608695421ull);
}

#include "rnn/recurrent_dropout.hpp"

#include <algorithm>

#include "kernels/mask.hpp"
#include "kernels/rng.hpp"

namespace dp::rnn {
namespace {

// Site labels inside kStreamMask, apart from the dense network's site indices.
enum Site : uint64_t { kSiteInput = 0x52000001, kSiteRecurrent = 0x52000002, kSiteOutput = 0x52000003 };

// (T, B, width) factors: per step, or one (B, width) draw copied to every step.
void draw_site(float rate, bool per_step, uint64_t key, int T, int B, int width, std::vector<float>& out) {
  if (rate <= 0.0f) {
    out.clear();
    return;
  }
  const float keep = 1.0f - rate, scale = 1.0f / keep;
  const size_t slab = static_cast<size_t>(B) * width;
  out.resize(slab * T);
  if (per_step) {
    kernels::bernoulli_mask(key, 0, static_cast<int>(slab * T), keep, scale, out.data());
    return;
  }
  kernels::bernoulli_mask(key, 0, static_cast<int>(slab), keep, scale, out.data());
  for (int t = 1; t < T; ++t) std::copy(out.begin(), out.begin() + slab, out.begin() + t * slab);
}

}  // namespace

void draw_sequence_masks(const RecurrentDropoutSpec& d, uint64_t seed, uint64_t step, int T, int B, int inputs,
                         int units, SequenceMasks& m) {
  m.T = T;
  m.B = B;
  const bool per_step = d.mode != RecurrentDropout::Variational;
  const float recurrent_rate = d.mode == RecurrentDropout::NonRecurrent ? 0.0f : d.recurrent_rate;
  draw_site(d.input_rate, per_step, stream_key(seed, kStreamMask, kSiteInput, step), T, B, inputs, m.input);
  draw_site(recurrent_rate, per_step, stream_key(seed, kStreamMask, kSiteRecurrent, step), T, B, units, m.recurrent);
  draw_site(d.output_rate, per_step, stream_key(seed, kStreamMask, kSiteOutput, step), T, B, units, m.output);
}

std::vector<float> mask_units_by_time(const std::vector<float>& mask, int T, int B, int width, int example) {
  std::vector<float> out(static_cast<size_t>(width) * T, 1.0f);
  if (mask.empty()) return out;
  for (int t = 0; t < T; ++t)
    for (int u = 0; u < width; ++u)
      out[static_cast<size_t>(u) * T + t] = mask[(static_cast<size_t>(t) * B + example) * width + u];
  return out;
}

}  // namespace dp::rnn

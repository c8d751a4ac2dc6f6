// The CNN (cpp/cnn/) and the LSTM (cpp/rnn/) against PyTorch: tests/reference/pytorch-cnn-rnn.json,
// float64 numbers written by tests/reference/gen_cnn_rnn.py (issue 11). Every input, weight
// and dropout mask comes from the file, so both sides compute the same function; the masks
// are PyTorch's own Dropout2d / Dropout draws (CNN) and per-step (naive) or per-sequence
// (variational) masks on x_t and h_{t-1} (LSTM), held fixed here with MaskSource::Fixed and
// SequenceMasks. Compared: the loss, the outputs, every parameter gradient, and for the CNN
// the input gradient.
//
// Tolerances. The inputs and parameters in the file are float32 values, so the only
// differences are float32 rounding in our forward and backward passes (unit roundoff
// u = 6e-8; exp, tanh and the sigmoid within a few ulp). Each value here is a short chain of
// dot products of at most 135 terms (the CNN's flattened pooling output) or 5 recurrent steps,
// whose float32 error is bounded by about n u sum|terms| (<= 1e-5 of the terms' magnitude) and
// is in practice about sqrt(n) u (~1e-6). Hence:
//   the loss:                        |ours - ref| <= 1e-5 |ref|;
//   outputs (probabilities,
//   predictions), entry by entry:    |ours - ref| <= 1e-5 (|ref| + max|ref| of the array / 100);
//   each gradient array, likewise:   |ours - ref| <= 1e-4 (|ref| + max|ref| of the array / 100),
// i.e. relative bounds with a floor of 1% of the array's largest entry, for entries that are
// small because their terms cancel (their absolute error is that of the large terms).
// The script also runs every case through PyTorch in float32 and records how far that lands
// from float64 ("pytorch_float32_error", by these same measures); the last test case prints
// ours next to it. Measured (native and wasm alike): loss <= 9e-8, outputs <= 1.2e-6,
// gradients <= 2.3e-5, each within a few times PyTorch's own float32 error. The largest,
// 2.3e-5 in the first CNN case's output-layer gradient, is PyTorch's float32 error there to
// three digits: that case has a logit margin of about 7, so softmax p - 1 cancels.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "cnn/cnn_network.hpp"
#include "json_lite.hpp"
#include "nn/dropout.hpp"
#include "rnn/sequence_model.hpp"

namespace {

constexpr double kLossTolerance = 1e-5;
constexpr double kOutputTolerance = 1e-5;
constexpr double kGradientTolerance = 1e-4;
constexpr double kFloor = 1e-2;  // of an array's largest |entry|

const json_lite::Value& reference() {
  static const json_lite::Value ref = json_lite::read_file(DP_CNN_RNN_REFERENCE_JSON);
  return ref;
}

std::vector<float> floats(const json_lite::Value& v) {
  const std::vector<double> d = v.numbers();
  return std::vector<float>(d.begin(), d.end());
}

// The largest errors over the whole file, by the measures the checks use, printed at the end.
struct Worst {
  double error = 0.0;
  std::string where;
  void note(double e, const std::string& w) {
    if (e > error) {
      error = e;
      where = w;
    }
  }
};
Worst worst_loss, worst_output, worst_gradient;
std::string current_case;  // the case being checked, for the record
// Per case: ours (loss, output, gradient) and PyTorch's own float32 run against its float64 one.
std::vector<std::string> case_records;
Worst case_loss, case_output, case_gradient;
void begin_case(const std::string& name) {
  current_case = name;
  case_loss = case_output = case_gradient = Worst{};
}
void end_case(const json_lite::Value& c) {
  const json_lite::Value& t = c["pytorch_float32_error"];
  std::ostringstream o;
  o << current_case << ": loss " << case_loss.error << ", outputs " << case_output.error << ", gradients "
    << case_gradient.error << " (PyTorch in float32: " << t["loss"].number << ", " << t["outputs"].number << ", "
    << t["gradients"].number << ")";
  case_records.push_back(o.str());
}

void check_loss(double ours, double ref) {
  const double rel = std::fabs(ours - ref) / std::fabs(ref);
  worst_loss.note(rel, current_case);
  case_loss.note(rel, current_case);
  INFO("loss: ours " << ours << ", PyTorch " << ref << ", relative error " << rel);
  CHECK(rel <= kLossTolerance);
}

// Outputs and gradient arrays: |ours - ref| <= tolerance (|ref| + floor * max|ref|), entry by entry.
void check_array(const std::string& what, const float* ours, const std::vector<double>& ref, double tolerance, Worst& w,
                 Worst& in_case) {
  double largest = 0.0;
  for (double r : ref) largest = std::max(largest, std::fabs(r));
  REQUIRE(largest > 0.0);
  int bad = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    const double err = std::fabs(ours[i] - ref[i]);
    const double rel = err / (std::fabs(ref[i]) + kFloor * largest);
    w.note(rel, current_case + ": " + what + "[" + std::to_string(i) + "]");
    in_case.note(rel, what);
    if (rel > tolerance && ++bad <= 5) {  // the first few, not hundreds
      INFO(what << "[" << i << "]: ours " << ours[i] << ", PyTorch " << ref[i] << ", error " << err << " (largest |"
                << what << "| " << largest << ")");
      CHECK(rel <= tolerance);
    }
  }
  INFO(what << ": " << bad << " of " << ref.size() << " entries outside the tolerance");
  CHECK(bad == 0);
}
void check_outputs(const std::string& what, const float* ours, const std::vector<double>& ref) {
  check_array(what, ours, ref, kOutputTolerance, worst_output, case_output);
}
void check_gradient(const std::string& what, const float* ours, const std::vector<double>& ref) {
  check_array(what, ours, ref, kGradientTolerance, worst_gradient, case_gradient);
}

// ---------------------------------------------------------------- CNN

dp::CnnConfig cnn_config(const json_lite::Value& c) {
  dp::CnnConfig cfg;
  cfg.height = static_cast<int>(c["height"].number);
  cfg.width = static_cast<int>(c["width"].number);
  cfg.channels = static_cast<int>(c["channels"].number);
  cfg.kernel = static_cast<int>(c["kernel"].number);
  cfg.filters = static_cast<int>(c["filters"].number);
  cfg.same = c["same"].boolean;
  cfg.hidden = static_cast<int>(c["hidden"].number);
  cfg.classes = static_cast<int>(c["classes"].number);
  cfg.conv_dropout.rate = static_cast<float>(c["feature_rate"].number);
  cfg.conv_dropout.kind =
      c["feature_kind"].string == "spatial" ? dp::FeatureDropoutKind::Spatial : dp::FeatureDropoutKind::Elementwise;
  cfg.hidden_rate = static_cast<float>(c["hidden_rate"].number);
  cfg.mode = dp::DropoutMode::Inverted;
  return cfg;
}

// Keep-masks (0/1) to our factors: 1/(1-rate) for a kept unit, 0 for a dropped one.
void set_factors(std::vector<float>& mask, const json_lite::Value& keep, double rate) {
  const std::vector<double> k = keep.numbers();
  REQUIRE(mask.size() == k.size());
  const float scale = dp::keep_scale(dp::DropoutMode::Inverted, static_cast<float>(rate));
  for (size_t i = 0; i < k.size(); ++i) mask[i] = k[i] != 0.0 ? scale : 0.0f;
}

void check_cnn_case(const json_lite::Value& c) {
  const dp::CnnConfig cfg = cnn_config(c);
  REQUIRE(dp::validate(cfg).empty());
  dp::CnnNetwork net(cfg);
  const int n = static_cast<int>(c["batch"].number);
  const char* names[] = {"conv", "hidden", "output"};
  for (int l = 0; l < 3; ++l) {
    dp::DenseLayer& layer = net.layers()[l];
    const std::vector<float> k = floats(c[std::string(names[l]) + "_kernel"]),
                             b = floats(c[std::string(names[l]) + "_bias"]);
    REQUIRE(k.size() == layer.kernel.size());
    REQUIRE(b.size() == layer.bias.size());
    layer.kernel = k;
    layer.bias = b;
  }
  const std::vector<float> x = floats(c["x"]), y = floats(c["y"]);
  REQUIRE(x.size() == static_cast<size_t>(n) * cfg.image_size());
  net.prepare_masks(n);
  set_factors(net.feature_mask(), c["feature_keep"], cfg.conv_dropout.rate);
  set_factors(net.hidden_mask(), c["hidden_keep"], cfg.hidden_rate);

  const double loss = net.gradients(x.data(), y.data(), n, dp::MaskSource::Fixed, true);
  check_loss(loss, c["loss"].number);
  check_outputs("probabilities", net.outputs().data(), c["probabilities"].numbers());
  for (int l = 0; l < 3; ++l) {
    const std::string name = names[l];
    check_gradient("d_" + name + "_kernel", net.layers()[l].dkernel.data(), c["d_" + name + "_kernel"].numbers());
    check_gradient("d_" + name + "_bias", net.layers()[l].dbias.data(), c["d_" + name + "_bias"].numbers());
  }
  check_gradient("d_x", net.input_gradient().data(), c["d_x"].numbers());
}

// ---------------------------------------------------------------- LSTM

void check_lstm_case(const json_lite::Value& c, bool simd) {
  using namespace dp::rnn;
  SequenceModelConfig cfg;
  cfg.shape = {Cell::Lstm, static_cast<int>(c["inputs"].number), static_cast<int>(c["units"].number)};
  const bool many = c["head"].string == "many_to_many";
  cfg.head = many ? Head::ManyToMany : Head::ManyToOne;
  cfg.task = many ? dp::Task::Regression : dp::Task::Binary;
  cfg.outputs = 1;
  cfg.simd = simd;
  cfg.dropout = {c["masks"].string == "naive" ? RecurrentDropout::Naive : RecurrentDropout::Variational,
                 static_cast<float>(c["input_rate"].number), static_cast<float>(c["recurrent_rate"].number),
                 static_cast<float>(c["output_rate"].number)};
  REQUIRE(validate_sequence_model_config(cfg).empty());
  SequenceModel m = make_sequence_model(cfg);
  const std::vector<float> params = floats(c["params"]);
  REQUIRE(params.size() == m.params.size());
  m.params = params;

  const int B = static_cast<int>(c["batch"].number), T = static_cast<int>(c["steps"].number);
  const int in = cfg.shape.inputs, H = cfg.shape.units;
  SequenceMasks masks;
  masks.T = T;
  masks.B = B;
  auto load = [&](std::vector<float>& mask, const char* key, double rate, int width) {
    if (c[key].size() == 0) return;  // no dropout at this site
    mask.assign(static_cast<size_t>(T) * B * width, 0.0f);
    set_factors(mask, c[key], rate);
  };
  load(masks.input, "input_keep", cfg.dropout.input_rate, in);
  load(masks.recurrent, "recurrent_keep", cfg.dropout.recurrent_rate, H);
  load(masks.output, "output_keep", cfg.dropout.output_rate, H);

  const std::vector<float> x = floats(c["x"]), y = floats(c["y"]);
  REQUIRE(x.size() == static_cast<size_t>(B) * T * in);
  REQUIRE(y.size() == static_cast<size_t>(B) * targets_per_sequence(cfg, T));
  std::vector<float> p(y.size());
  const double loss = sequence_loss(m, B, T, x.data(), y.data(), &masks, true, p.data());
  check_loss(loss, c["loss"].number);
  check_outputs("predictions", p.data(), c["predictions"].numbers());
  const std::vector<double> g = c["grads"].numbers();
  REQUIRE(g.size() == m.grads.size());
  auto part = [&](int from, int to) { return std::vector<double>(g.begin() + from, g.begin() + to); };
  check_gradient("d_kernel", m.grads.data(), part(m.kernel_offset(), m.bias_offset()));
  check_gradient("d_bias", m.grads.data() + m.bias_offset(), part(m.bias_offset(), m.head_kernel_offset()));
  check_gradient("d_head_kernel", m.grads.data() + m.head_kernel_offset(),
                 part(m.head_kernel_offset(), m.head_bias_offset()));
  check_gradient("d_head_bias", m.grads.data() + m.head_bias_offset(),
                 part(m.head_bias_offset(), static_cast<int>(g.size())));
}

}  // namespace

TEST_CASE("the CNN with fixed Dropout2d / elementwise feature masks and hidden masks matches PyTorch") {
  const auto& cases = reference()["cnn"].array;
  REQUIRE(cases.size() == 3);
  for (const auto& c : cases) {
    CAPTURE(c["name"].string);
    begin_case(c["name"].string);
    check_cnn_case(c);
    end_case(c);
  }
}

TEST_CASE("the LSTM with fixed naive and variational input / recurrent / output masks matches PyTorch") {
  const auto& cases = reference()["lstm"].array;
  REQUIRE(cases.size() == 4);
  for (bool simd : {true, false})
    for (const auto& c : cases) {
      CAPTURE(c["name"].string);
      CAPTURE(simd);
      begin_case(c["name"].string + (simd ? " (xsimd)" : " (scalar)"));
      check_lstm_case(c, simd);
      end_case(c);
    }
}

TEST_CASE("the largest errors against PyTorch") {  // runs last in this file: a record, not a check
  std::ostringstream o;
  o << "largest errors (by the measures checked): loss " << worst_loss.error << " (" << worst_loss.where << "); output "
    << worst_output.error << " (" << worst_output.where << "); gradient " << worst_gradient.error << " ("
    << worst_gradient.where << ")\nby case:";
  for (const std::string& r : case_records) o << "\n  " << r;
  MESSAGE(o.str());
}

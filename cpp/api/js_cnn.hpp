// The JS ConvNetwork class: a dp::CnnNetwork (cnn/cnn_network.hpp) with argument
// checking, and makeGlyphs, the seeded tiny images it trains on. As everywhere in
// cpp/api/, a method either does its work or reports one error (js_error.hpp)
// and returns undefined; none throws.
#pragma once
#include <vector>

#include "api/js_read.hpp"
#include "cnn/cnn_network.hpp"

namespace dp::api {

// Reads a ConvNetwork config ({ height, width, kernelSize, filters, ... }, docs/API.md).
dp::CnnConfig read_cnn_config(Reader& r, const val& obj);

class JsConvNetwork {
 public:
  explicit JsConvNetwork(const dp::CnnConfig& c) : net_(c) {}

  val config() const;
  void set_data(val data);
  val train(val steps);
  val evaluate();
  val predict(val x);
  // Monte-Carlo dropout: the mean class probabilities of `passes` thinned networks.
  val predict_mc(val x, val passes);
  // Example `example`'s masks of the last training step: feature maps as
  // (filters, mapHeight, mapWidth) factors, hidden units as (hidden).
  val masks(val example) const;
  // One image's conv maps after relu at inference, (filters, mapHeight, mapWidth).
  val feature_maps(val image);
  // The learned filters, (filters, kernelSize, kernelSize, channels), and their biases.
  val filters() const;
  void update(val settings);

 private:
  bool read_images(Reader& r, const val& x, const std::string& label);
  double work_per_image() const;

  dp::CnnNetwork net_;
  std::vector<float> rows_, out_;
};

// makeGlyphs({ side, classes, train, validation, noise, seed }) -> the data setData takes.
val make_glyphs(val spec);

}  // namespace dp::api

// The JS Network class: a dp::Network with its data, the buffers views are
// taken from, and argument checking. Every method either does its work or
// reports one error (js_error.hpp) and returns undefined; none throws.
#pragma once
#include <vector>

#include "api/js_out.hpp"
#include "api/js_read.hpp"
#include "nn/network.hpp"

namespace dp::api {

class JsNetwork {
 public:
  explicit JsNetwork(const dp::Config& c) : net_(c) {}
  explicit JsNetwork(const dp::NetworkState& s) : net_(s) {}

  val config() const;
  void set_data(val data);
  val train(val steps);
  val evaluate();
  val point_losses(val set);
  val predict(val x);
  val predict_thinned(val x, val seed);
  val thinned_masks(val seed);
  val predict_mc(val x, val passes);
  val predict_grid(val opts);
  val unit_grid(val opts);
  val masks() const;
  val weights() const;
  val activation_stats(val x);
  // The "remove one unit" probe and silenced units (js_ablation.cpp).
  val unit_ablation(val set);
  void set_silenced(val units);
  val silenced() const;
  void update(val partial);
  val snapshot() const;

 private:
  // Reads predict-style rows into rows_; false (with r.error) if they are unusable.
  bool read_rows(Reader& r, const val& x, const std::string& label, bool need_rows = false);
  int rows() const { return static_cast<int>(rows_.size() / net_.config().inputs); }
  // Refuses a call whose work or output would exceed the limits.
  bool within_limits(Reader& r, const std::string& what, double rows, double passes, double outputs_per_row) const;
  // Fills grid_x_ with cell centres from { width, height, xMin, ... }; false with r.error.
  bool read_grid(Reader& r, const val& opts, const char* name, bool allow_thinned, bool& thinned,
                 uint64_t& thinned_seed);

  dp::Network net_;
  int grid_w_ = 0, grid_h_ = 0;
  std::vector<float> rows_, out_, out2_, grid_x_, grid_out_;
};

}  // namespace dp::api

// xsimd versions of the dense kernels, register-blocked: each microkernel
// keeps a tile of outputs in registers (4 rows x 8 columns = 8 vectors) and
// streams the shared dimension through it, so every loaded vector feeds
// several multiply-adds and nothing is stored until the tile is done. Small
// widths (8, 16) thus fill the 4 lanes instead of paying a load and a store
// per multiply-add.
//
// Every output element is still summed in exactly the order of the previous
// one-row kernels, so results are bit-identical to them:
//   forward and params: the same order as the scalar reference (b or dk first,
//     then the terms in order), hence bit-identical to it;
//   input gradient: 4 lane-wise partial sums over `out`, reduced as
//     (l0 + l1) + (l2 + l3), then the scalar tail added in order.
#include "kernels/dense.hpp"

#if DP_HAVE_XSIMD
#include <xsimd/xsimd.hpp>

namespace dp::kernels {
namespace {
using fb = xsimd::batch<float>;
constexpr int W = static_cast<int>(fb::size);
constexpr int kRows = 4;  // rows of a register tile
constexpr int kVecs = 2;  // vectors (of W columns) of a register tile
static_assert(W == 4, "the tiles below (transpose4, input_column4) assume 4 lanes");

// ---------------------------------------------------------------- forward
// y tile (R rows, V*W columns at column o) = b + x k, summed over i in order.
template <int R, int V>
inline void forward_tile(int in, int out, int o, const float* x, const float* k, const float* b, float* y) {
  fb acc[R][V];
  for (int v = 0; v < V; ++v) {
    const fb bv = fb::load_unaligned(b + o + v * W);
    for (int r = 0; r < R; ++r) acc[r][v] = bv;
  }
  for (int i = 0; i < in; ++i) {
    fb kv[V];
    for (int v = 0; v < V; ++v) kv[v] = fb::load_unaligned(k + i * out + o + v * W);
    for (int r = 0; r < R; ++r) {
      const fb xr(x[r * in + i]);
      for (int v = 0; v < V; ++v) acc[r][v] += xr * kv[v];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) acc[r][v].store_unaligned(y + r * out + o + v * W);
}

// R rows of y, all columns: vector tiles, then the scalar column tail.
template <int R>
inline void forward_rows(int in, int out, const float* x, const float* k, const float* b, float* y) {
  int o = 0;
  for (; o + kVecs * W <= out; o += kVecs * W) forward_tile<R, kVecs>(in, out, o, x, k, b, y);
  for (; o + W <= out; o += W) forward_tile<R, 1>(in, out, o, x, k, b, y);
  for (; o < out; ++o)
    for (int r = 0; r < R; ++r) {
      float s = b[o];
      for (int i = 0; i < in; ++i) s += x[r * in + i] * k[i * out + o];
      y[r * out + o] = s;
    }
}

// out < W (an output layer with 1..3 units): no vector tile fits the columns, so rows go
// in the lanes instead, y[r][o] = b[o] + x[r][0] k[0][o] + x[r][1] k[1][o] + ... in
// order (as the scalar reference sums it), for 4G rows: G groups of 4 rows keep G
// independent chains of additions in flight. x's 4x4 blocks are transposed with unpacks.
inline void transpose4(fb r0, fb r1, fb r2, fb r3, fb c[4]) {
  using db = xsimd::batch<double>;
  const db t0 = xsimd::bitwise_cast<db>(xsimd::zip_lo(r0, r1));  // x00 x10 x01 x11
  const db t1 = xsimd::bitwise_cast<db>(xsimd::zip_lo(r2, r3));  // x20 x30 x21 x31
  const db t2 = xsimd::bitwise_cast<db>(xsimd::zip_hi(r0, r1));  // x02 x12 x03 x13
  const db t3 = xsimd::bitwise_cast<db>(xsimd::zip_hi(r2, r3));  // x22 x32 x23 x33
  c[0] = xsimd::bitwise_cast<fb>(xsimd::zip_lo(t0, t1));
  c[1] = xsimd::bitwise_cast<fb>(xsimd::zip_hi(t0, t1));
  c[2] = xsimd::bitwise_cast<fb>(xsimd::zip_lo(t2, t3));
  c[3] = xsimd::bitwise_cast<fb>(xsimd::zip_hi(t2, t3));
}

template <int G>
inline void forward_narrow_out(int in, int out, const float* x, const float* k, const float* b, float* y) {
  for (int o = 0; o < out; ++o) {
    fb acc[G];
    for (int g = 0; g < G; ++g) acc[g] = fb(b[o]);
    int i = 0;
    for (; i + W <= in; i += W) {
      fb kv[W];
      for (int j = 0; j < W; ++j) kv[j] = fb(k[(i + j) * out + o]);
      for (int g = 0; g < G; ++g) {
        const float* xg = x + 4 * g * in + i;
        fb c[W];
        transpose4(fb::load_unaligned(xg), fb::load_unaligned(xg + in), fb::load_unaligned(xg + 2 * in),
                   fb::load_unaligned(xg + 3 * in), c);
        for (int j = 0; j < W; ++j) acc[g] += c[j] * kv[j];
      }
    }
    for (; i < in; ++i) {
      const fb ki(k[i * out + o]);
      for (int g = 0; g < G; ++g) {
        const float* xg = x + 4 * g * in + i;
        alignas(16) const float col[W] = {xg[0], xg[in], xg[2 * in], xg[3 * in]};
        acc[g] += fb::load_aligned(col) * ki;
      }
    }
    for (int g = 0; g < G; ++g) {
      alignas(16) float t[W];
      acc[g].store_aligned(t);
      for (int l = 0; l < W; ++l) y[(4 * g + l) * out + o] = t[l];
    }
  }
}

// ---------------------------------------------------------------- parameter gradient
// dk tile (R rows i.., V*W columns o..) += sum over n, in order, of x[n][i] dy[n][o].
template <int R, int V>
inline void params_tile(int B, int in, int out, int i, int o, const float* x, const float* dy, float* dk) {
  fb acc[R][V];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) acc[r][v] = fb::load_unaligned(dk + (i + r) * out + o + v * W);
  for (int n = 0; n < B; ++n) {
    fb dv[V];
    for (int v = 0; v < V; ++v) dv[v] = fb::load_unaligned(dy + n * out + o + v * W);
    for (int r = 0; r < R; ++r) {
      const fb xr(x[n * in + i + r]);
      for (int v = 0; v < V; ++v) acc[r][v] += xr * dv[v];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) acc[r][v].store_unaligned(dk + (i + r) * out + o + v * W);
}

template <int R>
inline void params_rows(int B, int in, int out, int i, const float* x, const float* dy, float* dk) {
  int o = 0;
  for (; o + kVecs * W <= out; o += kVecs * W) params_tile<R, kVecs>(B, in, out, i, o, x, dy, dk);
  for (; o + W <= out; o += W) params_tile<R, 1>(B, in, out, i, o, x, dy, dk);
}

// The column tail (o not in a vector tile), vectorised over 4 rows i.. of dk instead:
// x[n][i..i+3] is contiguous, dy[n][o] is broadcast.
inline void params_tail_column(int B, int in, int out, int o, const float* x, const float* dy, float* dk) {
  int i = 0;
  for (; i + W <= in; i += W) {
    alignas(16) float t[W];
    for (int l = 0; l < W; ++l) t[l] = dk[(i + l) * out + o];
    fb acc = fb::load_aligned(t);
    for (int n = 0; n < B; ++n) acc += fb::load_unaligned(x + n * in + i) * fb(dy[n * out + o]);
    acc.store_aligned(t);
    for (int l = 0; l < W; ++l) dk[(i + l) * out + o] = t[l];
  }
  for (; i < in; ++i) {
    float s = dk[i * out + o];
    for (int n = 0; n < B; ++n) s += x[n * in + i] * dy[n * out + o];
    dk[i * out + o] = s;
  }
}

// ---------------------------------------------------------------- input gradient
// Lane-wise partial dot products of R rows of dy with 4 rows of k (k rows i..i+3),
// reduced to dx[r][i..i+3]; then the scalar tail over `out`, in order.
template <int R>
inline void input_tile(int in, int out, int i, const float* dy, const float* k, float* dx) {
  fb acc[R][W];
  for (int r = 0; r < R; ++r)
    for (int j = 0; j < W; ++j) acc[r][j] = fb(0.0f);
  int o = 0;
  for (; o + W <= out; o += W) {
    fb kv[W];
    for (int j = 0; j < W; ++j) kv[j] = fb::load_unaligned(k + (i + j) * out + o);
    for (int r = 0; r < R; ++r) {
      const fb d = fb::load_unaligned(dy + r * out + o);
      for (int j = 0; j < W; ++j) acc[r][j] += d * kv[j];
    }
  }
  for (int r = 0; r < R; ++r) {
    alignas(16) float s[W];
    xsimd::haddp(acc[r]).store_aligned(s);
    for (int t = o; t < out; ++t)
      for (int j = 0; j < W; ++j) s[j] += dy[r * out + t] * k[(i + j) * out + t];
    for (int j = 0; j < W; ++j) dx[r * in + i + j] = s[j];
  }
}

// One column i of dx for 4 rows of dy at once: the same lane-wise partial sums as
// input_tile, reduced across the 4 rows, for the tail of `in` (narrow inputs such as 2).
inline void input_column4(int in, int out, int i, const float* dy, const float* k, float* dx) {
  fb acc[W];
  for (int r = 0; r < W; ++r) acc[r] = fb(0.0f);
  int o = 0;
  for (; o + W <= out; o += W) {
    const fb kv = fb::load_unaligned(k + i * out + o);
    for (int r = 0; r < W; ++r) acc[r] += fb::load_unaligned(dy + r * out + o) * kv;
  }
  alignas(16) float s[W];
  xsimd::haddp(acc).store_aligned(s);
  for (int r = 0; r < W; ++r) {
    for (int t = o; t < out; ++t) s[r] += dy[r * out + t] * k[i * out + t];
    dx[r * in + i] = s[r];
  }
}

inline float dot(int n, const float* a, const float* b) {
  fb acc(0.0f);
  int o = 0;
  for (; o + W <= n; o += W) acc += fb::load_unaligned(a + o) * fb::load_unaligned(b + o);
  float s = xsimd::hadd(acc);
  for (; o < n; ++o) s += a[o] * b[o];
  return s;
}

// out < W (an output layer with 1..3 units): the lane sums are all zero, so dx[n][i] is
// ((0 + dy[n][0] k[i][0]) + dy[n][1] k[i][1]) + ...; vectorised over i instead.
inline void input_narrow_out(int B, int in, int out, const float* dy, const float* k, float* dx) {
  for (int n = 0; n < B; ++n) {
    int i = 0;
    for (; i + W <= in; i += W) {
      fb acc(0.0f);
      if (out == 1) {  // k's column is contiguous
        acc += fb(dy[n]) * fb::load_unaligned(k + i);
      } else {
        for (int t = 0; t < out; ++t) {
          alignas(16) float kt[W];
          for (int l = 0; l < W; ++l) kt[l] = k[(i + l) * out + t];
          acc += fb(dy[n * out + t]) * fb::load_aligned(kt);
        }
      }
      acc.store_unaligned(dx + n * in + i);
    }
    for (; i < in; ++i) dx[n * in + i] = dot(out, dy + n * out, k + i * out);
  }
}

}  // namespace

void f32_dense_forward__xsimd(int B, int in, int out, const float* x, const float* k, const float* b, float* y) {
  int n = 0;
  if (out < W) {
    for (; n + 16 <= B; n += 16) forward_narrow_out<4>(in, out, x + n * in, k, b, y + n * out);
    for (; n + 4 <= B; n += 4) forward_narrow_out<1>(in, out, x + n * in, k, b, y + n * out);
  }
  for (; n + kRows <= B; n += kRows) forward_rows<kRows>(in, out, x + n * in, k, b, y + n * out);
  for (; n < B; ++n) forward_rows<1>(in, out, x + n * in, k, b, y + n * out);
}

void f32_dense_backward_params__xsimd(int B, int in, int out, const float* x, const float* dy, float* dk, float* db) {
  // db += sum over n of dy, in order, a vector of columns at a time.
  int o = 0;
  for (; o + W <= out; o += W) {
    fb acc = fb::load_unaligned(db + o);
    for (int n = 0; n < B; ++n) acc += fb::load_unaligned(dy + n * out + o);
    acc.store_unaligned(db + o);
  }
  for (; o < out; ++o) {
    float s = db[o];
    for (int n = 0; n < B; ++n) s += dy[n * out + o];
    db[o] = s;
  }
  int i = 0;
  for (; i + kRows <= in; i += kRows) params_rows<kRows>(B, in, out, i, x, dy, dk);
  for (; i < in; ++i) params_rows<1>(B, in, out, i, x, dy, dk);
  for (o = out - out % W; o < out; ++o) params_tail_column(B, in, out, o, x, dy, dk);
}

void f32_dense_backward_input__xsimd(int B, int in, int out, const float* dy, const float* k, float* dx) {
  if (out < W) return input_narrow_out(B, in, out, dy, k, dx);
  const int in_tiles = in - in % W;
  int n = 0;
  for (; n + 2 <= B; n += 2)
    for (int i = 0; i < in_tiles; i += W) input_tile<2>(in, out, i, dy + n * out, k, dx + n * in);
  for (; n < B; ++n)
    for (int i = 0; i < in_tiles; i += W) input_tile<1>(in, out, i, dy + n * out, k, dx + n * in);
  // The tail columns of dx (in % W of them), 4 rows at a time.
  for (int i = in_tiles; i < in; ++i) {
    n = 0;
    for (; n + W <= B; n += W) input_column4(in, out, i, dy + n * out, k, dx + n * in);
    for (; n < B; ++n) dx[n * in + i] = dot(out, dy + n * out, k + i * out);
  }
}

}  // namespace dp::kernels
#endif

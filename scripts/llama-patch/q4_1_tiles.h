// swift-chat-completions: a tiled kernel for Q4_1 weights that keeps batch invariance.
//
// ggml multiplies Q4_1 weights by a batch of activations one (row, column) pair at a time
// (ggml_vec_dot_q4_1_q8_1), unpacking each weight block again for every column. This kernel works
// on two weight rows and up to four columns at once, unpacking each weight block once and reading
// each column's block once, but computes every output exactly as the one-pair kernel does: the
// same integer dot per block, the same products of scales, the same fused multiply-adds into the
// same eight lanes in block order, the same offset sum, the same horizontal sum. So an output does
// not depend on how many columns share the product or where in a tile it falls: a token decoded
// alone and the same token read in a prompt of any length get the same bits (DeterminismTests and
// GeneratedCacheTests; a kernel whose four-column tiles round differently fails them). Built with
// GCC, which fuses ggml's scalar offset multiply-add as this kernel does, the bits are also the
// unchanged ggml's (same logprobs from the server on either library).
//
// Included by ggml-cpu.c (scripts/setup.sh adds the include and the call), x86 with AVX2 only;
// elsewhere ggml's own path runs.
#pragma once

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>

#define SCC_TILE_COLS 4
#define SCC_COL_BLOCK 16
#define SCC_MAX_BLOCKS 512

// The integer dot of one unpacked weight block and one activation block, as float lanes
// (ggml's mul_sum_us8_pairs_float: every path gives the same exact integers).
static inline __m256 scc_dot_lanes(const __m256i qx, const __m256i qy) {
#if defined(__AVX512VNNI__) && defined(__AVX512VL__)
    return _mm256_cvtepi32_ps(_mm256_dpbusd_epi32(_mm256_setzero_si256(), qx, qy));
#elif defined(__AVXVNNI__)
    return _mm256_cvtepi32_ps(_mm256_dpbusd_avx_epi32(_mm256_setzero_si256(), qx, qy));
#else
    const __m256i pairs = _mm256_maddubs_epi16(qx, qy);
    return _mm256_cvtepi32_ps(_mm256_madd_epi16(pairs, _mm256_set1_epi16(1)));
#endif
}

static inline __m256i scc_unpack_q4(const uint8_t * qs) {
    const __m128i packed = _mm_loadu_si128((const __m128i *) qs);
    const __m256i bytes = _mm256_insertf128_si256(_mm256_castsi128_si256(packed), _mm_srli_epi16(packed, 4), 1);
    return _mm256_and_si256(bytes, _mm256_set1_epi8(0x0F));
}

// ggml's hsum_float_8, operation for operation.
static inline float scc_hsum(const __m256 x) {
    __m128 res = _mm256_extractf128_ps(x, 1);
    res = _mm_add_ps(res, _mm256_castps256_ps128(x));
    res = _mm_add_ps(res, _mm_movehl_ps(res, res));
    res = _mm_add_ss(res, _mm_movehdup_ps(res));
    return _mm_cvtss_f32(res);
}

// out[r][c] = dot(weight row r, column c) for r < NR (1 or 2), c < NC (1 to 4): weight rows x and
// x + xs bytes, activation columns y + c * ys bytes. d1 and s1 hold the columns' block scales and
// offsets as floats, block ib of column c at [ib * SCC_COL_BLOCK + c]. Lanes of rows or columns past
// NR and NC compute on whatever is there and are not stored.
static inline __attribute__((always_inline)) void scc_q4_1_tile(
        const int nb, const int NR, const int NC,
        const block_q4_1 * x0, const size_t xs, const char * y, const size_t ys,
        const float * d1, const float * s1, float * out0, float * out1) {
    const block_q4_1 * x1 = (const block_q4_1 *) ((const char *) x0 + (NR > 1 ? xs : 0));
    // acc_rc: row r, column c (named, not an array, so that they stay in registers).
    __m256 acc_00 = _mm256_setzero_ps(), acc_01 = acc_00, acc_02 = acc_00, acc_03 = acc_00;
    __m256 acc_10 = acc_00, acc_11 = acc_00, acc_12 = acc_00, acc_13 = acc_00;
    // Lane 4 * r + c: row r's offsets times column c's, summed over the blocks.
    __m256 summs = _mm256_setzero_ps();
    // Lane k of the scale products to all lanes.
    const __m256i lane0 = _mm256_set1_epi32(0), lane1 = _mm256_set1_epi32(1);
    const __m256i lane2 = _mm256_set1_epi32(2), lane3 = _mm256_set1_epi32(3);
    const __m256i lane4 = _mm256_set1_epi32(4), lane5 = _mm256_set1_epi32(5);
    const __m256i lane6 = _mm256_set1_epi32(6), lane7 = _mm256_set1_epi32(7);
    for (int ib = 0; ib < nb; ++ib) {
        const float * d1b = d1 + ib * SCC_COL_BLOCK;
        const float * s1b = s1 + ib * SCC_COL_BLOCK;
        const float m0 = GGML_CPU_FP16_TO_FP32(x0[ib].m);
        const float m1 = GGML_CPU_FP16_TO_FP32(x1[ib].m);
        const __m256 mv = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_set1_ps(m0)), _mm_set1_ps(m1), 1);
        summs = _mm256_fmadd_ps(mv, _mm256_broadcast_ps((const __m128 *) s1b), summs);
        // Products of the scales, d0 * d1 for each row and column, rounded as ggml rounds them.
        const float d00 = GGML_CPU_FP16_TO_FP32(x0[ib].d);
        const float d01 = GGML_CPU_FP16_TO_FP32(x1[ib].d);
        const __m256 dv = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_set1_ps(d00)), _mm_set1_ps(d01), 1);
        const __m256 scales = _mm256_mul_ps(dv, _mm256_broadcast_ps((const __m128 *) d1b));
        const __m256i qx0 = scc_unpack_q4(x0[ib].qs);
        const __m256i qx1 = scc_unpack_q4(x1[ib].qs);
#define SCC_COLUMN(c, lr0, lr1) \
        if (NC > c) { \
            const __m256i qy = _mm256_loadu_si256((const __m256i *) ((const block_q8_1 *) (y + c * ys) + ib)->qs); \
            acc_0##c = _mm256_fmadd_ps(_mm256_permutevar8x32_ps(scales, lr0), scc_dot_lanes(qx0, qy), acc_0##c); \
            if (NR > 1) { \
                acc_1##c = _mm256_fmadd_ps(_mm256_permutevar8x32_ps(scales, lr1), scc_dot_lanes(qx1, qy), acc_1##c); \
            } \
        }
        SCC_COLUMN(0, lane0, lane4)
        SCC_COLUMN(1, lane1, lane5)
        SCC_COLUMN(2, lane2, lane6)
        SCC_COLUMN(3, lane3, lane7)
#undef SCC_COLUMN
    }
    float sums[8];
    _mm256_storeu_ps(sums, summs);
    const __m256 acc0[SCC_TILE_COLS] = { acc_00, acc_01, acc_02, acc_03 };
    const __m256 acc1[SCC_TILE_COLS] = { acc_10, acc_11, acc_12, acc_13 };
    for (int c = 0; c < NC; ++c) {
        out0[c] = scc_hsum(acc0[c]) + sums[c];
        if (NR > 1) out1[c] = scc_hsum(acc1[c]) + sums[4 + c];
    }
}

#define SCC_TILE_CASE(nr, nc) scc_q4_1_tile(nb, nr, nc, x0, xs, y, ys, d1, s1, out0, out1)

static void scc_q4_1_tile_dispatch(const int nb, const int nr, const int nc,
        const block_q4_1 * x0, const size_t xs, const char * y, const size_t ys,
        const float * d1, const float * s1, float * out0, float * out1) {
    if (nr == 2) {
        switch (nc) {
            case 1: SCC_TILE_CASE(2, 1); break;
            case 2: SCC_TILE_CASE(2, 2); break;
            case 3: SCC_TILE_CASE(2, 3); break;
            default: SCC_TILE_CASE(2, 4); break;
        }
    } else {
        switch (nc) {
            case 1: SCC_TILE_CASE(1, 1); break;
            case 2: SCC_TILE_CASE(1, 2); break;
            case 3: SCC_TILE_CASE(1, 3); break;
            default: SCC_TILE_CASE(1, 4); break;
        }
    }
}

// One chunk of a Q4_1 x Q8_1 product: weight rows [ir0_start, ir0_end) against activation columns
// [ir1_start, ir1_end) of a 2-D product. Returns false (ggml's path runs) for shapes it does not take,
// and for a lone column (one token decoded alone): there nothing is shared, ggml's kernel streams the
// weights faster (measured: single-stream gaps ~2 ms longer with this kernel), and its bits are
// these (GeneratedCacheTests compares a token decoded alone with the same token read in a prompt).
static bool scc_q4_1_chunk(const struct ggml_compute_params * params, struct ggml_tensor * dst,
        const int64_t ir0_start, const int64_t ir0_end, const int64_t ir1_start, const int64_t ir1_end) {
    const struct ggml_tensor * src0 = dst->src[0];
    const struct ggml_tensor * src1 = dst->src[1];
    GGML_TENSOR_BINARY_OP_LOCALS
    if (src0->type != GGML_TYPE_Q4_1 || ne02 != 1 || ne03 != 1 || ne12 != 1 || ne13 != 1) return false;
    if (ir1_end - ir1_start < 2) return false;
    if (src1->type == GGML_TYPE_Q8_1 && !ggml_is_contiguous(src1)) return false;
    const int nb = (int) (ne00 / QK8_1);
    if (nb > SCC_MAX_BLOCKS || ne00 % QK8_1 != 0 || nb0 != sizeof(float)) return false;

    const char * wdata = (src1->type == GGML_TYPE_Q8_1) ? (const char *) src1->data : (const char *) params->wdata;
    const size_t row_size = ggml_row_size(GGML_TYPE_Q8_1, ne10);

    // The columns' block scales and offsets as floats, block ib of column c at [ib * SCC_COL_BLOCK + c]
    // (zeros past the last column, which tiles of fewer columns read and do not store).
    float d1buf[SCC_COL_BLOCK * SCC_MAX_BLOCKS];
    float s1buf[SCC_COL_BLOCK * SCC_MAX_BLOCKS];
    for (int64_t col0 = ir1_start; col0 < ir1_end; col0 += SCC_COL_BLOCK) {
        const int ncols = (int) MIN(SCC_COL_BLOCK, ir1_end - col0);
        const char * ycols = wdata + col0 * row_size;
        memset(d1buf, 0, sizeof(float) * SCC_COL_BLOCK * nb);
        memset(s1buf, 0, sizeof(float) * SCC_COL_BLOCK * nb);
        for (int c = 0; c < ncols; ++c) {
            const block_q8_1 * ycol = (const block_q8_1 *) (ycols + c * row_size);
            for (int ib = 0; ib < nb; ++ib) {
                d1buf[ib * SCC_COL_BLOCK + c] = GGML_CPU_FP16_TO_FP32(ycol[ib].d);
                s1buf[ib * SCC_COL_BLOCK + c] = GGML_CPU_FP16_TO_FP32(ycol[ib].s);
            }
        }
        for (int64_t row = ir0_start; row < ir0_end; row += 2) {
            const int nr = (int) MIN(2, ir0_end - row);
            const block_q4_1 * x0 = (const block_q4_1 *) ((const char *) src0->data + row * nb01);
            for (int c = 0; c < ncols; c += SCC_TILE_COLS) {
                const int nc = MIN(SCC_TILE_COLS, ncols - c);
                float out0[SCC_TILE_COLS], out1[SCC_TILE_COLS];
                scc_q4_1_tile_dispatch(nb, nr, nc, x0, nb01, ycols + c * row_size, row_size,
                                       d1buf + c, s1buf + c, out0, out1);
                for (int k = 0; k < nc; ++k) {
                    float * dcol = (float *) ((char *) dst->data + (col0 + c + k) * nb1);
                    dcol[row] = out0[k];
                    if (nr > 1) dcol[row + 1] = out1[k];
                }
            }
        }
    }
    return true;
}
#endif

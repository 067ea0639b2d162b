#include "kernels.h"
#include <math.h>

// Each kernel is compiled for AVX-512, AVX2 and the baseline; the loader picks the best the CPU has.
#if defined(__x86_64__) && defined(__linux__)
#define VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define VECTOR_CLONES
#endif

// One element of an Adam step: updates m and v, returns the new parameter.
static inline float adam_element(float p, float g, float *restrict m, float *restrict v, float beta1, float beta2,
                                 float step_size, float inv_sqrt_c2, float epsilon, float decay) {
    float mi = beta1 * *m + (1 - beta1) * g;
    float vi = beta2 * *v + (1 - beta2) * g * g;
    *m = mi;
    *v = vi;
    return p - (step_size * mi / (sqrtf(vi) * inv_sqrt_c2 + epsilon) + decay * p);
}

VECTOR_CLONES void satune_adam(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, long n,
                 float beta1, float beta2, float step_size, float inv_sqrt_c2, float epsilon, float decay) {
    for (long i = 0; i < n; i++)
        p[i] = adam_element(p[i], g[i], m + i, v + i, beta1, beta2, step_size, inv_sqrt_c2, epsilon, decay);
}

VECTOR_CLONES void satune_adam_soft_update(float *restrict p, const float *restrict g, float *restrict m, float *restrict v,
                             float *restrict target, long n, float beta1, float beta2, float step_size,
                             float inv_sqrt_c2, float epsilon, float decay, float tau) {
    for (long i = 0; i < n; i++) {
        float pi = adam_element(p[i], g[i], m + i, v + i, beta1, beta2, step_size, inv_sqrt_c2, epsilon, decay);
        p[i] = pi;
        target[i] += tau * (pi - target[i]);
    }
}

// The masks are arithmetic, (float)(a > 0), not branches: ReLU outputs are zero about half the time, at
// random, so a branch would be mispredicted often, and the compiler vectorizes arithmetic.
VECTOR_CLONES void satune_relu(float *restrict x, long n) {
    for (long i = 0; i < n; i++) x[i] = fmaxf(x[i], 0);
}

VECTOR_CLONES void satune_relu_backward(float *restrict gradient, const float *restrict a, long n) {
    for (long i = 0; i < n; i++) gradient[i] *= (float)(a[i] > 0);
}

VECTOR_CLONES void satune_leaky_relu(float *restrict x, long n, float slope) {
    for (long i = 0; i < n; i++) {
        float positive = (float)(x[i] > 0);
        x[i] *= positive + (1 - positive) * slope;
    }
}

VECTOR_CLONES void satune_leaky_relu_backward(float *restrict gradient, const float *restrict a, long n, float slope) {
    for (long i = 0; i < n; i++) {
        float positive = (float)(a[i] > 0);
        gradient[i] *= positive + (1 - positive) * slope;
    }
}

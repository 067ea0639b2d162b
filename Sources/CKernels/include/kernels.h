#ifndef SATUNE_KERNELS_H
#define SATUNE_KERNELS_H

// Elementwise kernels of network training, in C so that the compiler can vectorize them: the pointers
// are restrict-qualified and sqrtf is an instruction, not a library call. Matrix products stay in BLAS.

// One Adam step (with decoupled weight decay) over n parameters; see Adam.swift for the formula.
void satune_adam(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, long n,
                 float beta1, float beta2, float step_size, float inv_sqrt_c2, float epsilon, float decay);

// The same Adam step, followed in the same pass by the soft update of a target copy of the parameters,
// t <- t + tau (p - t) (DDPG's target networks): one pass over memory instead of two.
void satune_adam_soft_update(float *restrict p, const float *restrict g, float *restrict m, float *restrict v,
                             float *restrict target, long n, float beta1, float beta2, float step_size,
                             float inv_sqrt_c2, float epsilon, float decay, float tau);

// ReLU and LeakyReLU in place, and their backward passes given the activation outputs a.
void satune_relu(float *restrict x, long n);
void satune_relu_backward(float *restrict gradient, const float *restrict a, long n);
void satune_leaky_relu(float *restrict x, long n, float slope);
void satune_leaky_relu_backward(float *restrict gradient, const float *restrict a, long n, float slope);

#endif

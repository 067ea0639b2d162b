"""LlamaTune (Kanellis et al., "LlamaTune: Sample-Efficient DBMS Configuration Tuning", VLDB 2022) as a satune
agent through the ask/tell protocol: SMAC3 (random-forest Bayesian optimization) searching a low-dimensional
space that a random projection maps onto all the knobs, with special values biased and ranges bucketized.

    python llamatune_agent.py [--dimensions 16] [--special-bias 0.2] [--buckets 10000] [--initial-points N]

- The projection is HeSBO's (Nayebi et al., ICML 2019): each knob i is tied to one of d synthetic dimensions
  h(i), with a sign s(i), both drawn from the seed; a point z of [-1, 1]^d sets knob i at position
  (s(i) z[h(i)] + 1) / 2 of its range (on its log scale where it has one). d is at most the number of knobs.
- Special-value biasing: a knob with special values (e.g. -1 for "auto") takes one when its position falls in
  the first `special_bias` share of the range (split between its special values), the range otherwise.
- Bucketization: a numeric knob takes at most `buckets` distinct values (positions rounded to a grid).
- A configuration told without an ask (the default, a resumed run's record) enters SMAC's history at the point
  of the low-dimensional space that best reproduces its positions (the mean over each dimension's knobs).
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import satune_protocol as protocol  # noqa: E402
from smac_agent import SMACOptimizer  # noqa: E402
from ConfigSpace import Configuration, ConfigurationSpace, Float  # noqa: E402


class ProjectedMapping:
    """Between satune's knobs and SMAC's low-dimensional space (the interface of smac_agent.SpaceMapping)."""

    def __init__(self, knobs, seed, dimensions, special_bias, buckets):
        self.knobs = knobs
        self.bias = special_bias
        self.buckets = buckets
        self.d = max(1, min(dimensions, len(knobs)))
        rng = random.Random(seed)
        self.index = [rng.randrange(self.d) for _ in knobs]
        self.sign = [rng.choice((-1.0, 1.0)) for _ in knobs]
        self.space = ConfigurationSpace(seed=seed)
        self.space.add([Float("z%d" % j, (-1.0, 1.0), default=0.0) for j in range(self.d)])

    def position_to_value(self, k, u):
        if k.numeric:
            if k.special:
                if u < self.bias:
                    return k.special[min(int(u / self.bias * len(k.special)), len(k.special) - 1)]
                u = (u - self.bias) / (1 - self.bias)
            if self.buckets > 1:
                u = round(u * (self.buckets - 1)) / (self.buckets - 1)
            return k.from_unit(u)
        if k.kind == "boolean":
            return u >= 0.5
        return k.choices[min(int(u * len(k.choices)), len(k.choices) - 1)]

    def value_to_position(self, k, value):
        if k.numeric:
            if k.is_special(value):
                i = next(i for i, s in enumerate(k.special) if s == value)
                return (i + 0.5) / len(k.special) * self.bias
            u = k.unit(value)
            return self.bias + (1 - self.bias) * u if k.special else u
        if k.kind == "boolean":
            return 0.75 if value else 0.25
        return (k.choices.index(value) + 0.5) / len(k.choices)

    def to_knobs(self, configuration):
        z = [configuration["z%d" % j] for j in range(self.d)]
        return {
            k.name: self.position_to_value(k, min(max((self.sign[i] * z[self.index[i]] + 1) / 2, 0.0), 1.0))
            for i, k in enumerate(self.knobs)
        }

    def to_configuration(self, knobs):
        sums, counts = [0.0] * self.d, [0] * self.d
        for i, k in enumerate(self.knobs):
            u = self.value_to_position(k, knobs[k.name])
            sums[self.index[i]] += self.sign[i] * (2 * u - 1)
            counts[self.index[i]] += 1
        values = {"z%d" % j: max(-1.0, min(1.0, sums[j] / counts[j])) if counts[j] else 0.0 for j in range(self.d)}
        return Configuration(self.space, values=values)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dimensions", type=int, default=16)
    parser.add_argument("--special-bias", type=float, default=0.2)
    parser.add_argument("--buckets", type=int, default=10000)
    parser.add_argument("--initial-points", type=int, default=None)
    args = parser.parse_args()

    def make(hello):
        seed = hello["seed"] % (2**31)
        mapping = ProjectedMapping(protocol.knobs_of(hello), seed, args.dimensions, args.special_bias, args.buckets)
        return SMACOptimizer(hello, args.initial_points, mapping=mapping)

    protocol.serve(make, "llamatune")


if __name__ == "__main__":
    main()

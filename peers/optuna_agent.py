"""Optuna's TPE sampler (the tree-structured Parzen estimator, Optuna's default) as a satune agent through the
ask/tell protocol.

    python optuna_agent.py [--startup-trials N] [--multivariate]

Knobs map to Optuna's distributions: numbers on their log scale where they have one; a knob with special values
becomes a choice between its range and each special value, the number suggested only with the range; a boolean
a choice of two. Configurations satune tells without asking (the default first, a resumed run's records) are
added to the study as finished trials; failed evaluations as failed trials.
"""
import argparse
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import satune_protocol as protocol  # noqa: E402

import optuna  # noqa: E402
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)
logging.disable(logging.WARNING)
RANGE = "range"


class TPEOptimizer:
    def __init__(self, hello, startup_trials, multivariate):
        self.knobs = protocol.knobs_of(hello)
        sampler = optuna.samplers.TPESampler(
            seed=hello["seed"] % (2**32), n_startup_trials=startup_trials, multivariate=multivariate)
        self.study = optuna.create_study(sampler=sampler, direction="minimize")
        self.pending = {}

    def distribution(self, k):
        lo, hi = k.search_bounds()
        if k.kind == "integer":
            return IntDistribution(int(lo), int(hi), log=k.log_ok)
        return FloatDistribution(float(lo), float(hi), log=k.log_ok)

    def ask(self):
        trial = self.study.ask()
        knobs = {}
        for k in self.knobs:
            if k.numeric:
                mode = RANGE
                if k.special:
                    mode = trial.suggest_categorical(k.name + "__mode", [RANGE] + [str(s) for s in k.special])
                if mode != RANGE:
                    knobs[k.name] = next(s for s in k.special if str(s) == mode)
                    continue
                lo, hi = k.search_bounds()
                if k.kind == "integer":
                    x = trial.suggest_int(k.name, int(lo), int(hi), log=k.log_ok)
                else:
                    x = trial.suggest_float(k.name, float(lo), float(hi), log=k.log_ok)
                knobs[k.name] = k.from_search(x)
            elif k.kind == "boolean":
                knobs[k.name] = trial.suggest_categorical(k.name, ["off", "on"]) == "on"
            else:
                knobs[k.name] = trial.suggest_categorical(k.name, list(k.choices))
        self.pending[self.key(knobs)] = trial
        return knobs

    def tell(self, knobs, cost, failed):
        state = optuna.trial.TrialState.FAIL if failed else optuna.trial.TrialState.COMPLETE
        trial = self.pending.pop(self.key(knobs), None)
        if trial is not None:
            self.study.tell(trial, None if failed else cost, state=state)
            return
        # Told without an ask (the default, or a resumed run's record): added as a finished trial.
        params, distributions = {}, {}
        for k in self.knobs:
            value = knobs[k.name]
            if k.numeric:
                if k.special:
                    mode = str(value) if k.is_special(value) else RANGE
                    params[k.name + "__mode"] = mode
                    distributions[k.name + "__mode"] = CategoricalDistribution([RANGE] + [str(s) for s in k.special])
                if not k.is_special(value):
                    x = k.to_search(value)
                    params[k.name] = int(round(x)) if k.kind == "integer" else float(x)
                    distributions[k.name] = self.distribution(k)
            elif k.kind == "boolean":
                params[k.name] = "on" if value else "off"
                distributions[k.name] = CategoricalDistribution(["off", "on"])
            else:
                params[k.name] = value
                distributions[k.name] = CategoricalDistribution(list(k.choices))
        self.study.add_trial(optuna.trial.create_trial(
            params=params, distributions=distributions, value=None if failed else cost, state=state))

    @staticmethod
    def key(knobs):
        return repr(sorted(knobs.items()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--startup-trials", type=int, default=10)
    parser.add_argument("--multivariate", action="store_true")
    args = parser.parse_args()
    protocol.serve(lambda hello: TPEOptimizer(hello, args.startup_trials, args.multivariate), "optuna-tpe")


if __name__ == "__main__":
    main()

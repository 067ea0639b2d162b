"""SMAC3 (random-forest Bayesian optimization, its hyperparameter-optimization facade, as the VLDB'22 evaluation
of database tuners and LlamaTune use it) as a satune agent through the ask/tell protocol.

    python smac_agent.py [--initial-points N]

Knobs map to a ConfigSpace: numbers on their log scale where they have one; a knob with special values (e.g.
-1 for "auto") becomes a choice between its range and each special value, the number active only with the
range; a boolean a choice of two. Configurations satune tells without asking (the default first, a resumed
run's records) enter SMAC's run history as well. A failed evaluation is told at the worst cost seen so far (a
finite crash cost, which SMAC's log-scaled cost encoding needs: its default, infinity, breaks the forest's fit).
"""
import argparse
import logging
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import satune_protocol as protocol  # noqa: E402

logging.disable(logging.WARNING)
from ConfigSpace import Categorical, Configuration, ConfigurationSpace, EqualsCondition, Float, Integer  # noqa: E402
from smac import HyperparameterOptimizationFacade, Scenario  # noqa: E402
from smac.initial_design import SobolInitialDesign  # noqa: E402
from smac.runhistory.dataclasses import TrialValue  # noqa: E402
from smac.runhistory.enumerations import StatusType  # noqa: E402

RANGE = "range"


class SpaceMapping:
    """Between satune's knobs and a ConfigSpace (also used by the LlamaTune adapter's own space)."""

    def __init__(self, knobs, seed):
        self.knobs = knobs
        self.space = ConfigurationSpace(seed=seed)
        conditions = []
        for k in knobs:
            if k.numeric:
                lo, hi = k.search_bounds()
                default = k.to_search(k.default) if not k.is_special(k.default) else (lo if not k.negative else lo)
                default = min(max(default, lo), hi)
                if k.kind == "integer":
                    number = Integer(k.name, (int(lo), int(hi)), log=k.log_ok, default=int(round(default)))
                else:
                    number = Float(k.name, (float(lo), float(hi)), log=k.log_ok, default=float(default))
                self.space.add(number)
                if k.special:
                    choices = [RANGE] + [str(s) for s in k.special]
                    mode_default = str(k.default) if k.is_special(k.default) else RANGE
                    mode = Categorical(k.name + "__mode", choices, default=mode_default)
                    self.space.add(mode)
                    conditions.append(EqualsCondition(number, mode, RANGE))
            elif k.kind == "boolean":
                self.space.add(Categorical(k.name, ["off", "on"], default="on" if k.default else "off"))
            else:
                self.space.add(Categorical(k.name, list(k.choices), default=k.default))
        if conditions:
            self.space.add(conditions)

    def to_knobs(self, configuration):
        values = dict(configuration)
        out = {}
        for k in self.knobs:
            if k.numeric:
                mode = values.get(k.name + "__mode", RANGE)
                if mode != RANGE:
                    out[k.name] = next(s for s in k.special if str(s) == mode)
                else:
                    out[k.name] = k.from_search(values[k.name])
            elif k.kind == "boolean":
                out[k.name] = values[k.name] == "on"
            else:
                out[k.name] = values[k.name]
        return out

    def to_configuration(self, knobs):
        values = {}
        for k in self.knobs:
            value = knobs[k.name]
            if k.numeric:
                if k.special:
                    values[k.name + "__mode"] = str(value) if k.is_special(value) else RANGE
                if not k.is_special(value):
                    x = k.to_search(value)
                    values[k.name] = int(round(x)) if k.kind == "integer" else float(x)
            elif k.kind == "boolean":
                values[k.name] = "on" if value else "off"
            else:
                values[k.name] = value
        return Configuration(self.space, values=values)


class SMACOptimizer:
    def __init__(self, hello, initial_points, mapping=None):
        self.mapping = mapping or SpaceMapping(protocol.knobs_of(hello), hello["seed"] % (2**31))
        seed = hello["seed"] % (2**31)
        budget = hello["budget"]
        self.output = tempfile.mkdtemp(prefix="satune-smac-")
        scenario = Scenario(
            self.mapping.space, deterministic=True, n_trials=budget + 100, seed=seed, output_directory=self.output)
        design = SobolInitialDesign(
            scenario, n_configs=initial_points if initial_points is not None else None,
            n_configs_per_hyperparameter=10, max_ratio=0.25, additional_configs=[])
        self.smac = HyperparameterOptimizationFacade(
            scenario, lambda config, seed=0: 0.0, initial_design=design, overwrite=True, logging_level=40)
        self.asked = {}
        self.worst = None

    def ask(self):
        info = self.smac.ask()
        knobs = self.mapping.to_knobs(info.config)
        self.asked[self.key(knobs)] = info
        return knobs

    def tell(self, knobs, cost, failed):
        if failed:
            cost = self.worst if self.worst is not None else 1e10
        else:
            self.worst = cost if self.worst is None else max(self.worst, cost)
        info = self.asked.pop(self.key(knobs), None)
        if info is not None:
            self.smac.tell(info, TrialValue(cost=cost))
            return
        # Told without an ask (the default, or a resumed run's record): into the run history as a finished trial.
        config = self.mapping.to_configuration(knobs)
        self.smac.runhistory.add(config=config, cost=cost, time=0.0, status=StatusType.SUCCESS, seed=0)
        self.smac.intensifier.update_incumbents(config)

    @staticmethod
    def key(knobs):
        return repr(sorted(knobs.items()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--initial-points", type=int, default=None)
    args = parser.parse_args()
    protocol.serve(lambda hello: SMACOptimizer(hello, args.initial_points), "smac3")


if __name__ == "__main__":
    main()

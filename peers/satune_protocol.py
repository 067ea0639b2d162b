"""The agent side of satune's ask/tell protocol, version 1 (docs/protocol.md), shared by the shipped adapters.

satune writes one JSON object a line to the agent's standard input: hello, then tell (the default configuration,
and each asked configuration once measured), ask, ..., bye. The agent answers each on its standard output:
ready, ok, configuration. Logs go to standard error (satune keeps them in the run's folder).

An adapter gives `serve` a factory: called with the hello message, it returns an optimizer with
`ask() -> dict` (a value for every knob, typed as hello said) and `tell(knobs, cost, failed)`.
"""
import json
import math
import sys


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def serve(make_optimizer, name):
    optimizer = None
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        kind = message.get("type")
        try:
            if kind == "hello":
                if message.get("protocol") != 1:
                    raise ValueError("this adapter speaks protocol 1, satune said %r" % message.get("protocol"))
                optimizer = make_optimizer(message)
                send({"type": "ready", "name": name})
            elif kind == "tell":
                optimizer.tell(message["knobs"], message["cost"], message["failed"])
                send({"type": "ok"})
            elif kind == "ask":
                send({"type": "configuration", "knobs": optimizer.ask()})
            elif kind == "bye":
                return
            else:
                raise ValueError("unknown message type %r" % kind)
        except Exception as error:  # said to satune, which ends the run with it
            send({"type": "error", "message": "%s: %s" % (type(error).__name__, error)})
            raise


class Knob:
    """One knob of hello, with the mapping between its values and a search dimension.

    Numbers with log=True are searched on a log scale: of the value when the range is positive, of the magnitude
    when it is negative (SQLite's cache_size). A knob's special values (outside its range, e.g. -1 for "auto")
    are kept apart: an adapter offers them as a choice beside the range.
    """

    def __init__(self, described):
        self.name = described["name"]
        self.kind = described["kind"]
        self.lower = described.get("lower")
        self.upper = described.get("upper")
        self.log = bool(described.get("log"))
        self.choices = described.get("choices")
        self.default = described["default"]
        self.special = described.get("special") or []
        if self.kind in ("integer", "real"):
            self.negative = self.upper < 0
            self.log_ok = self.log and (self.lower > 0 or self.upper < 0)

    @property
    def numeric(self):
        return self.kind in ("integer", "real")

    def search_bounds(self):
        """The numeric range as searched: the magnitude's for a negative range."""
        if self.negative:
            return -self.upper, -self.lower
        return self.lower, self.upper

    def from_search(self, x):
        """A searched number back to the knob's value (typed)."""
        value = -x if self.negative else x
        if self.kind == "integer":
            value = int(round(value))
            return min(max(value, int(self.lower)), int(self.upper))
        return min(max(float(value), self.lower), self.upper)

    def to_search(self, value):
        return -value if self.negative else value

    def is_special(self, value):
        return any(value == s for s in self.special)

    def unit(self, value):
        """A value of the range as a position in [0, 1] (log scale where the knob has one)."""
        lo, hi = self.search_bounds()
        x = self.to_search(value)
        if hi == lo:
            return 0.5
        if self.log_ok:
            return (math.log(x) - math.log(lo)) / (math.log(hi) - math.log(lo))
        return (x - lo) / (hi - lo)

    def from_unit(self, u):
        lo, hi = self.search_bounds()
        u = min(max(u, 0.0), 1.0)
        x = math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo))) if self.log_ok else lo + u * (hi - lo)
        return self.from_search(x)


def knobs_of(hello):
    return [Knob(k) for k in hello["knobs"]]


def log(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()

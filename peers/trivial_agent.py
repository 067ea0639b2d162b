"""The smallest agent of the ask/tell protocol: every ask answered with the default configuration. For
`satune bench protocol`, which times satune's side of a round trip, and as an example to start from."""
import json
import sys

knobs = []
for line in sys.stdin:
    message = json.loads(line)
    kind = message["type"]
    if kind == "hello":
        knobs = message["knobs"]
        answer = {"type": "ready", "name": "trivial"}
    elif kind == "tell":
        answer = {"type": "ok"}
    elif kind == "ask":
        answer = {"type": "configuration", "knobs": {k["name"]: k["default"] for k in knobs}}
    else:
        break
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()

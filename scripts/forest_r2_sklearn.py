#!/usr/bin/env python3
"""scikit-learn's side of the `measured` environment's quality check: the 5-fold cross-validated R^2 of
RandomForestRegressor(n_estimators=100, random_state=0) on a file of measured configurations, with 5 shuffled
folds (KFold(5, shuffle=True, random_state=0)), the knobs encoded as satune encodes them (a name of an enum
knob as its index in enum_values; numbers as they are). Compare with `satune calibrate --data ...`.

    make peers   # a Python environment with scikit-learn 1.9.1 (pinned in peers/requirements.txt)
    .venv-peers/bin/python scripts/forest_r2_sklearn.py DATA.csv KNOBS.json OBJECTIVE

Measured here (scikit-learn 1.9.1): SYSBENCH_5knob tps 0.970, SYSBENCH_20knob tps 0.925, JOB_5knob lat 0.977.
"""
import csv
import json
import sys

from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import KFold, cross_val_score


def main():
    data, knobs, objective = sys.argv[1:4]
    definitions = json.load(open(knobs))
    rows = list(csv.reader(open(data, newline="")))
    header = rows[0]
    target = header.index(objective)
    columns = [j for j, name in enumerate(header) if j != target and name]
    X, y = [], []
    for row in rows[1:]:
        features = []
        for j in columns:
            cell = row[j]
            try:
                features.append(float(cell))
            except ValueError:
                features.append(float(definitions[header[j]]["enum_values"].index(cell)))
        X.append(features)
        y.append(float(row[target]))
    scores = cross_val_score(RandomForestRegressor(n_estimators=100, random_state=0), X, y,
                             cv=KFold(5, shuffle=True, random_state=0), scoring="r2")
    print("cross_validated_r2: %.3f (scikit-learn, 5 shuffled folds; folds %s)" % (
        scores.mean(), ", ".join("%.3f" % s for s in scores)))


if __name__ == "__main__":
    main()

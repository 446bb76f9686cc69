"""Trains the test's model: a random forest on the iris data set that scikit-learn ships (no download).

Writes model.pkl into the folder given, and expected.json: inputs and what scikit-learn itself predicts
for them in this process, one row at a time, in the shape model.py answers.
"""

import json
import os
import pickle
import sys

import numpy as np
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier

folder = sys.argv[1]
features, classes = load_iris(return_X_y=True)
model = RandomForestClassifier(n_estimators=25, random_state=0).fit(features, classes)
with open(os.path.join(folder, "model.pkl"), "wb") as f:
    pickle.dump(model, f)

rng = np.random.default_rng(7)
inputs = np.vstack([features[::10], rng.uniform(0, 8, size=(10, 4))])
expected = []
for row in inputs:
    label = model.predict(row.reshape(1, -1))[0]
    expected.append({"input": row.tolist(), "output": {"label": int(label), "probabilities": model.predict_proba(row.reshape(1, -1))[0].tolist()}})
with open(os.path.join(folder, "expected.json"), "w") as f:
    json.dump(expected, f)

"""A scikit-learn model served by clipper_rpc: the classifier train.py pickled beside this file."""

import os
import pickle

import numpy as np

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.pkl"), "rb") as f:
    _model = pickle.load(f)


def predict(inputs):
    """One row per input (four doubles): the predicted class and its probabilities."""
    rows = np.vstack(inputs)
    labels = _model.predict(rows)
    probabilities = _model.predict_proba(rows)
    return [{"label": int(label), "probabilities": p.tolist()} for label, p in zip(labels, probabilities)]

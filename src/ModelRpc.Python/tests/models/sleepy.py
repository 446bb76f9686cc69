"""A test model: sleeps SLEEPY_SECONDS per batch, then answers each input's length."""

import os
import time

SECONDS = float(os.environ.get("SLEEPY_SECONDS", "0"))


def predict(inputs):
    time.sleep(SECONDS)
    return [len(x) for x in inputs]


class Model:
    @staticmethod
    def predict(inputs):
        return ["class:" + str(len(x)) for x in inputs]


not_callable = 42

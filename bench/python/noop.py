"""The Python noop model for bench/run-python.sh: answers every input with "1.0", as `clipper example-model noop` does."""


def predict(inputs):
    return ["1.0"] * len(inputs)

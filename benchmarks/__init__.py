"""The benchmark (`make bench`): a synthetic corpus through the real pipeline, with speed, memory and accuracy figures."""

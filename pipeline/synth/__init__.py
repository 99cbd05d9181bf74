"""Synthetic reports with a known truth: the standard tables in every layout (pipeline.synth.tables) and
whole corpora for the benchmark (pipeline.synth.corpus)."""

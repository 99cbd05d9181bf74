"""The Dagster code location of ogi-warehouse: assets by stage, checks, resources, schedule and sensor.

Each asset calls one engine function from `pipeline` and reports what it did as metadata; the Definitions
object is assembled in assets/definitions.py.
"""

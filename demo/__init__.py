"""Demo and synthetic data generators: data to look at and to measure with, not the product.

`demo.loader.load_demo()` loads the seed unit's reports and sample units
(`manage.py load_demo`); `demo.synthetic` generates large published sets for
the benchmarks (`manage.py generate_synthetic`).
"""

"""creditlab: the Python package behind the course kit *Reading China's Social Credit System*.

It holds the models the labs run (:mod:`creditlab.models`), the loaders and schema checks
for the curated data sets in ``data/`` (:mod:`creditlab.datasets`), the exercise checks and
the student-copy tool (:mod:`creditlab.exercises`), the two-edition book builder
(:mod:`creditlab.build`) and the Sphinx extension that renders data inside the book
(:mod:`creditlab.sphinxext`).

Every public function validates its parameters and raises :class:`ValueError` or
:class:`TypeError` with a message that names the parameter and the range it must lie in.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

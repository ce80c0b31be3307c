"""ddar: the problem language, numeric diagrams and the deduction engine of geoprover."""

from .constructions import CONSTRUCTIONS
from .diagram import Diagram, build_diagram
from .errors import DiagramError, GeoproverError, ProblemError
from .facts import Fact
from .predicates import holds
from .problem import Clause, Construction, Problem, load_problem, load_problems, parse_problem, parse_problems

__all__ = [
    "CONSTRUCTIONS", "Clause", "Construction", "Diagram", "DiagramError", "Fact", "GeoproverError", "Problem",
    "ProblemError", "build_diagram", "holds", "load_problem", "load_problems", "parse_problem", "parse_problems",
]

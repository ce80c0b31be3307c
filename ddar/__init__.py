"""ddar: the problem language, numeric diagrams and the deduction engine of geoprover."""

from .checker import CheckResult, check_proof
from .constructions import CONSTRUCTIONS
from .diagram import Diagram, build_diagram
from .errors import DiagramError, GeoproverError, ProblemError
from .facts import Fact
from .predicates import holds
from .proof import Proof
from .prover import ProveResult, prove
from .problem import Clause, Construction, Problem, load_problem, load_problems, parse_problem, parse_problems

__all__ = [
    "CONSTRUCTIONS", "CheckResult", "Clause", "Construction", "Diagram", "DiagramError", "Fact", "GeoproverError", "Problem",
    "ProblemError", "Proof", "ProveResult", "build_diagram", "check_proof", "holds", "load_problem", "load_problems", "parse_problem", "parse_problems", "prove",
]

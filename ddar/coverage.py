"""How the engine covers each deduction rule of the reference engines, in one table.

``REFERENCE_RULES`` maps each rule id of the first reference engine (r00–r42, see
``shared/spec/RULES.md`` §1) and of Newclid's additions (r43–r49) to its statement and to
how we cover it: ``ALGEBRA`` (the rule is a consequence of the equations the facts feed to
the angle, ratio and length tables), the names of our rules (``rules.py``, ``theorems.py``)
that derive its conclusion, possibly with the algebra, or ``NOT_COVERED`` with the reason.
``tests/test_coverage.py`` checks that every name here is a rule of the engine and that
each covered rule's minimal test problem is proved.
"""

from __future__ import annotations

from .rules import (BISECTOR, BISECTOR_CONVERSE, CENTRE, CHORDS, COLL_FROM_PARA, EQUIDISTANT, HYPOTENUSE, INSCRIBED,
                    INTERCEPT, INTERCEPT_CONVERSE, MIDPOINT, SAME_CIRCLE, SIMILAR)

ALGEBRA = "algebra"
NOT_COVERED = "not covered"

_AA, _SAS, _SSS = SIMILAR["AA"], SIMILAR["SAS"], SIMILAR["SSS"]

REFERENCE_RULES: dict[str, tuple[str, tuple[str, ...], str]] = {
    # id: (statement, how we cover it, note)
    "r00": ("AB ⟂ CD, CD ⟂ EF ⇒ AB ∥ EF", (ALGEBRA,), "directions: d(AB) = d(CD) + 1/2 = d(EF)"),
    "r01": ("OA = OB = OC = OD ⇒ ABCD cyclic", (EQUIDISTANT, SAME_CIRCLE), "a centre with its points"),
    "r02": ("∠(AB,PQ) = ∠(CD,PQ) ⇒ AB ∥ CD", (ALGEBRA,), ""),
    "r03": ("ABPQ cyclic ⇒ ∠APB = ∠AQB", (ALGEBRA,), "a cyclic fact's equations are its inscribed angles"),
    "r04": ("∠APB = ∠AQB ⇒ ABPQ cyclic", (INSCRIBED,), "side check: P, A, B not collinear"),
    "r05": ("equal inscribed angles on one circle ⇒ equal chords", (CHORDS,), ""),
    "r06": ("E, F midpoints of AB, AC ⇒ EF ∥ BC", (_SAS, ALGEBRA), "AEF ∼ ABC from the midpoints' ratios"),
    "r07": ("AB ∥ CD, O = AC ∩ BD ⇒ OA:OC = OB:OD = AB:CD, ...",
            ("parallels cut proportional segments from a point",
             "parallels cut proportional segments from a point (whole)",
             "parallels cut proportional segments from a point (part)", _AA), ""),
    "r08": ("AB ⟂ CD, EF ⟂ GH ⇒ ∠(AB,EF) = ∠(CD,GH)", (ALGEBRA,), ""),
    "r09": ("angle chasing (transitivity of equal angles)", (ALGEBRA,), ""),
    "r10": ("ratio chasing (transitivity of equal ratios)", (ALGEBRA,), "log-lengths"),
    "r11": ("DB:DC = AB:AC, D on BC ⇒ AD bisects ∠BAC", (BISECTOR_CONVERSE,), ""),
    "r12": ("AD bisects ∠BAC, D on BC ⇒ DB:DC = AB:AC", (BISECTOR,), ""),
    "r13": ("OA = OB ⇒ ∠OAB = ∠ABO", (_SSS, ALGEBRA), "OAB congruent to its mirror image OBA"),
    "r14": ("∠OAB = ∠ABO ⇒ OA = OB", (_AA, ALGEBRA), "OAB similar to its mirror image OBA"),
    "r15": ("O centre of ABC, OA ⟂ AX ⇒ ∠(AX,AB) = ∠ACB (tangent–chord)", (ALGEBRA,),
            "a circle's centre equations: inscribed angle = half the central angle"),
    "r16": ("O centre of ABC, ∠(AX,AB) = ∠ACB ⇒ OA ⟂ AX", (ALGEBRA,), "as r15"),
    "r17": ("O centre of ABC, M midpoint of BC ⇒ ∠BAC = ∠BOM", (ALGEBRA,), "as r15, with OM ⟂ BC from r23"),
    "r18": ("O centre of ABC, M on BC, ∠BAC = ∠BOM ⇒ M midpoint of BC", (ALGEBRA, _SAS, MIDPOINT), ""),
    "r19": ("AB ⟂ BC, M midpoint of AC ⇒ AM = BM", (HYPOTENUSE,), ""),
    "r20": ("O centre of ABC, O on AC ⇒ AB ⟂ BC (Thales)", (ALGEBRA,), "as r15"),
    "r21": ("ABCD cyclic, AB ∥ CD ⇒ ∠ADC = ∠DCB (isosceles trapezoid)", (ALGEBRA,), ""),
    "r22": ("M midpoint of AB, OM ⟂ AB ⇒ OA = OB", (_SAS, ALGEBRA), "OMA congruent to OMB"),
    "r23": ("PA = PB, QA = QB ⇒ AB ⟂ PQ", (_SSS, ALGEBRA), "PAQ congruent to PBQ"),
    "r24": ("PA = PB, QA = QB, ABPQ cyclic ⇒ PA ⟂ AQ (diameter)", (_SSS, ALGEBRA), ""),
    "r25": ("M midpoint of AB and CD ⇒ AC ∥ BD", (_SAS, ALGEBRA), "MAC congruent to MBD"),
    "r26": ("M midpoint of AB, ACBD a parallelogram ⇒ M midpoint of CD",
            ("diagonals of a parallelogram bisect each other",), ""),
    "r27": ("OA:AC = OB:BD on two lines through O, same side ⇒ AB ∥ CD",
            ("proportional segments from a point give parallels",
             "proportional segments from a point give parallels (whole)"), "side check: O divides both alike"),
    "r28": ("AB ∥ AC ⇒ A, B, C collinear", (COLL_FROM_PARA,), ""),
    "r29": ("M, N midpoints of AB, CD ⇒ MA:AB = NC:CD", (ALGEBRA,), "log AB = log 2 + log AM"),
    "r30": ("∠(AB,PQ) = ∠(CD,UV), PQ ⟂ UV ⇒ AB ⟂ CD", (ALGEBRA,), ""),
    "r31": ("AB:PQ = CD:UV, PQ = UV ⇒ AB = CD", (ALGEBRA,), ""),
    "r32": ("SSS congruence", (_SSS, ALGEBRA), "similar triangles whose ratio is 1"),
    "r33": ("SAS congruence", (_SAS, ALGEBRA), "as r32"),
    "r34": ("AA similarity (same orientation)", (_AA,), ""),
    "r35": ("AA similarity (mirrored)", (_AA,), ""),
    "r36": ("ASA congruence (same orientation)", (_AA, ALGEBRA), "as r32"),
    "r37": ("ASA congruence (mirrored)", (_AA, ALGEBRA), "as r32"),
    "r38": ("SSS similarity", (_SSS,), ""),
    "r39": ("SAS similarity", (_SAS,), ""),
    "r40": ("two ratios and a side ⇒ congruent", (_SSS, ALGEBRA), "as r32"),
    "r41": ("AB ∥ CD, MA:MD = NB:NC, same side ⇒ MN ∥ AB", (INTERCEPT_CONVERSE,), ""),
    "r42": ("AB ∥ MN ∥ CD between two transversals ⇒ MA:MD = NB:NC", (INTERCEPT,), ""),
    "r43": ("AB ⟂ CD, AC ⟂ BD ⇒ AD ⟂ BC (orthocentre)", ("altitudes are concurrent",), "Newclid"),
    "r44": ("Pappus's theorem", (NOT_COVERED,),
            "projective incidence; no metric chase reaches it without auxiliary points (Newclid adds it as a rule)"),
    "r45": ("Simson line", (INSCRIBED, ALGEBRA), "Newclid; the feet's cyclic quadrilaterals and an angle chase"),
    "r46": ("two angle bisectors ⇒ the third (incentre)", ("angle bisectors are concurrent",), "Newclid"),
    "r47": ("two perpendicular bisectors ⇒ the third (circumcentre)", (_SAS, _SSS, ALGEBRA), "Newclid; as r22, r23"),
    "r48": ("two medians ⇒ the third (centroid)", ("medians are concurrent",), "Newclid"),
    "r49": ("O centre of ABC, ABCD cyclic ⇒ OA = OD", (CENTRE,), "Newclid"),
}

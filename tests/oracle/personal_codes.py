#!/usr/bin/env python3
"""R-AC-5 oracle: cross-check the Rust personal-code validator against
python-stdnum's independent implementation (stdnum.lt.asmens).

Reads lines `CODE<TAB>VALID<TAB>BIRTH<TAB>SEX` on stdin, as printed by the
Rust side for each code of `rules::sample_personal_codes`:
  VALID  `true` / `false`
  BIRTH  `YYYY-MM-DD`, or `-` when there is none (invalid code, or G = 9)
  SEX    `male` / `female`, or `-`

Prints each mismatch and, last, `N passed, M failed`; exits 1 on any failure
(2 if python-stdnum is missing or the input is malformed).

One documented deviation is applied before comparing: stdnum accepts
G = 7/8 (births in the 2100s), rules.md R-AC-5 assigns only G 1-6 and 9, so
the portal refuses G = 7/8. Those codes are expected invalid and counted in
a separate "deviations" line.
"""

import sys

try:
    from stdnum.ee import ik
    from stdnum.lt import asmens
except ImportError:
    print("python-stdnum is not installed (pip install python-stdnum)", file=sys.stderr)
    sys.exit(2)


def expected(code):
    """(valid, birth, sex, deviation) as rules.md wants them, via stdnum."""
    valid = asmens.is_valid(code)
    deviation = False
    if valid and code[0] in "78":
        valid, deviation = False, True
    birth = sex = "-"
    if valid and code[0] != "9":
        birth = ik.get_birth_date(code).isoformat()
        sex = {"M": "male", "F": "female"}[ik.get_gender(code)]
    return valid, birth, sex, deviation


def main():
    passed = failed = deviations = 0
    for lineno, line in enumerate(sys.stdin, 1):
        line = line.rstrip("\n")
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != 4 or fields[1] not in ("true", "false"):
            print(f"line {lineno}: malformed: {line!r}", file=sys.stderr)
            sys.exit(2)
        code, valid_s, birth, sex = fields
        got = (valid_s == "true", birth, sex)
        want_valid, want_birth, want_sex, deviation = expected(code)
        want = (want_valid, want_birth, want_sex)
        deviations += deviation
        if got == want:
            passed += 1
        else:
            failed += 1
            print(f"MISMATCH {code}: rust={got} stdnum={want}")
    print(f"deviations: {deviations} (G=7/8 accepted by stdnum, refused by R-AC-5)")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

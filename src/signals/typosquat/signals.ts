import { baseEcosystem } from "../../core/ecosystem.ts";
import { answer, type Signal, unknown } from "../types.ts";
import { findTyposquat, popularList } from "./typosquat.ts";

export const isPossibleTyposquat: Signal = {
  definition: {
    id: "isPossibleTyposquat",
    title: "Name imitates a popular package",
    description:
      "The name is one typo, a swapped separator, a look-alike character or a misplaced scope away from one of the " +
      "ecosystem's most downloaded packages, and is not itself one of them. Attackers register such names and wait " +
      "for someone to mistype an install command.",
    risk: "high",
    riskyAnswer: "yes",
    remediation:
      "Check that this is the package you meant; if the popular one was meant, replace it and look for a malware advisory.",
    threats: ["typosquatting", "malicious-package"],
    ecosystems: ["npm", "PyPI"],
    family: "typosquat",
  },
  async collect(pkg) {
    const eco = baseEcosystem(pkg.ecosystem) ?? pkg.ecosystem;
    const list = popularList(eco);
    if (!list) return unknown(`no list of popular ${pkg.ecosystem} packages ships with Intake`);
    const m = findTyposquat(pkg.name, eco, list);
    if (!m) return answer(false, { popular: list.popularity.has(pkg.normalizedName) });
    return answer(true, { ...m });
  },
};

export const TYPOSQUAT_SIGNALS: Signal[] = [isPossibleTyposquat];

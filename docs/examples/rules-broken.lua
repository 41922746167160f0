-- A rule whose pattern does not compile: the group is never closed.
return {
  rules = {
    { name = "money", pattern = [[[$€£]\d[\d,]*(?:\.\d+]] },
  },
}

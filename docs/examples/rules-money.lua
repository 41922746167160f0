-- Sums of money: a currency sign, digits with separators, and an optional
-- "million"/"billion" or "m"/"bn". docs/rules.md explains each part.
return {
  rules = {
    {
      name = "money",
      pattern = [[[$€£]\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|bn|m)\b)?]],
      style = { fg = "#2e8b57", bold = true },
    },
  },
}

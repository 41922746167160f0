-- Dates in two orders, both shown as "date", and bare years as "year".
-- Where a year is part of a date, the date wins: its priority is higher.
local MONTH = [[(?:January|February|March|April|May|June|July|August|September|October|November|December)]]
return {
  rules = {
    { name = "date.dmy", label = "date", priority = 10,
      pattern = [[\b\d{1,2} ]] .. MONTH .. [[ \d{4}\b]] },
    { name = "date.mdy", label = "date", priority = 10,
      pattern = [[\b]] .. MONTH .. [[ \d{1,2}, \d{4}\b]] },
    { name = "year", priority = 0, pattern = [[\b(?:19|20)\d\d\b]],
      style = { fg = "cyan" } },
  },
}

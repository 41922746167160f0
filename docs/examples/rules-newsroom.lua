-- The organisations one newsroom writes about every day, so that they are
-- found, linked and never taken for places. A short form maps to the
-- canonical name, so "RTA" and "Riverton Transit Authority" are one entity.
return {
  lexicon = {
    organization = {
      "Riverton Gazette",
      "Riverton Transit Authority",
      ["RTA"] = "Riverton Transit Authority",
    },
    place = { ["Riverton"] = "Riverton" },
  },
}

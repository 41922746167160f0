-- French: « … » with or without the thin spaces inside are paired by the
-- core; the speech verbs are listed form by form. A compound past such as
-- "a déclaré" is not yet found as a cue (docs/rules.md).
return {
  lexicon = {
    speech_verb = { "déclare", "dit", "affirme", "ajoute", "explique" },
  },
}

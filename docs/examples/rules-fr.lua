-- French: « … » with or without the thin spaces inside are paired by the
-- core; the speech verbs are listed form by form. For the compound past
-- ("a déclaré") list the participle: after a quote and a comma, "a" is
-- taken as the auxiliary.
return {
  lexicon = {
    speech_verb = { "déclare", "dit", "affirme", "ajoute", "explique", "déclaré", "ajouté" },
  },
}

-- German: the core pairs „…“ (and „…”) by itself and finds the titles
-- and names; what it lacks are the speech verbs. List each form as
-- it is written: the inflections newsmark derives from a lemma are English
-- ones (said, says, saying).
return {
  lexicon = {
    speech_verb = { "sagte", "sagt", "erklärte", "erklärt", "betonte" },
  },
}

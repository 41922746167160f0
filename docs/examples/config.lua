-- docs/examples/config.lua - an example newsmark config (docs/config.md).
--
-- Copy it to ~/.config/newsmark/config.lua (or $XDG_CONFIG_HOME/newsmark/,
-- or point NEWSMARK_CONFIG or `newsmark --config` at it) and keep what you
-- need. Every key is optional; a key that is not in docs/config.md is an
-- error, reported as FILE:LINE: key: message.
--
-- The file runs in a sandbox: string, table, math, pairs, ipairs and a few
-- more builtins are there; io, os, require and print are not. Locals and
-- helper functions are fine.

-- A helper: the same style for several kinds.
local function fg(color, extra)
  local style = { fg = color }
  for k, v in pairs(extra or {}) do
    style[k] = v
  end
  return style
end

local MONTHS =
  "January|February|March|April|May|June|July|August|September|October|November|December"
-- Spanish month names, for the dates below.
local MESES =
  "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"

return {
  -- Custom rules: PCRE2 patterns. Their hits are `rule` spans: listed under
  -- "rules" in JSON, coloured with `style` by the editor plugins and with
  -- styles.rule by the CLI. Long strings [[...]] keep backslashes as they
  -- are.
  rules = {
    -- Amounts of money: $5, $1,200.50, $3.2 million, €40 billion.
    {
      name = "money",
      pattern = [[[$€£]\d[\d,.]*(?: (?:million|billion|trillion))?]],
      label = "money",
      style = fg("#2e8b57", { bold = true }),
    },
    -- Dates: "12 March 2021", "March 12, 2021", "12 de marzo de 2021".
    {
      name = "date",
      pattern = [[\b(?:\d{1,2} (?:]]
        .. MONTHS
        .. [[) \d{4}|(?:]]
        .. MONTHS
        .. [[) \d{1,2}, \d{4}]]
        .. [[|\d{1,2} de (?:]]
        .. MESES
        .. [[)(?: de \d{4})?)\b]],
      label = "date",
      style = fg("cyan", { italic = true }),
    },
    -- Spanish dialogue opened by a dash (raya) at the start of a line:
    -- «...» and „...“ are built-in quote marks, this one is not.
    {
      name = "raya",
      pattern = [[(?m)^—[^—\n]+(?:—|$)]],
      label = "dialogue",
      priority = 1,
      style = fg("green"),
    },
    -- Percentages, at a lower priority than the others where they overlap.
    {
      name = "percent",
      pattern = [[\b\d+(?:[.,]\d+)? ?(?:%|per ?cent|por ciento)]],
      priority = -1,
    },
  },

  -- Words the built-in lexicon does not know. For people, organizations
  -- and places a word may map to its canonical name, so "DOE" and the full
  -- name count as one entity.
  lexicon = {
    -- the newsroom's own organisations and desks
    organization = {
      "Riverton Gazette",
      "Gazette Investigations Unit",
      ["Gazette"] = "Riverton Gazette",
      ["DOE"] = "U.S. Department of Energy",
    },
    person = { ["Mayor Brooks"] = "Alan Brooks" },
    place = { "Elm River", ["Riverton"] = true },
    title = { "Deputy Mayor", "Council Member" },
    -- Spanish speech verbs: list each form (inflections are derived for
    -- English only).
    speech_verb = { "dijo", "afirmó", "declaró", "aseguró", "explicó", "señaló", "añadió" },
    given_name = { "Rosa", "Siobhán" },
  },

  -- Which kinds are coloured. Switched-off kinds are still found (and in
  -- JSON), just not drawn.
  show = {
    boilerplate = false,
    paragraph = false,
    role = false,
  },

  -- One style per kind; the others keep their defaults (docs/config.md).
  -- A style is SGR parameters ("1;33") or a table.
  styles = {
    quote = fg("green"),
    scare_quote = fg("yellow", { italic = true }),
    person = fg(33, { bold = true }), -- xterm colour 33
    organization = fg("#008080"),
    place = fg("magenta"),
    cue = { underline = true },
    rule = "7", -- the CLI colours every rule hit with this
  },

  -- Speaker colours: each speaker takes the next entry in order of their
  -- first quote and keeps it (the list wraps around). Hex colours are
  -- exact in GUIs and true-colour terminals.
  palette = {
    { fg = "#e6194b" }, -- red
    { fg = "#3cb44b" }, -- green
    { fg = "#4363d8" }, -- blue
    { fg = "#f58231" }, -- orange
    { fg = "#911eb4" }, -- purple
    { fg = "#42d4f4" }, -- cyan
    { fg = "#f032e6" }, -- magenta
    { fg = "#bfef45" }, -- lime
  },
  speaker_colors = true,
  -- Labels offered when annotating by hand (docs/annotations.md), next to
  -- person, organization, place, quote and scare_quote.
  labels = { "claim", "statistic" },
}

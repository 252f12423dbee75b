import {hash} from 'node:crypto'
import {stableNumber} from '../identity/ids.js'
import type {Card} from '../shared/types.js'
import {clozeAnswerTemplate, clozeNoteType, clozeQuestionTemplate, clozeRules} from './cloze-note-type.js'
import {reverseAnswerTemplate, reverseQuestionTemplate, reversedNoteType, reverseRules} from './reversed-note-type.js'

/**
 * The studydeck note type. Anki matches note types by id, and makes a second
 * note type (skipping every update) when the fields or template names of a
 * known id change: the id, field names and template name below are fixed
 * forever. (Anki 2.1.50+ compares fields by their `id` when both sides have
 * one, else by name: the package gives none, so names decide.) The CSS and
 * template HTML may change: each document's JSON remembers their digest and
 * when it last changed (`stampNoteTypes`), which is the package's `mod`.
 */
export const noteType = {
  id: stableNumber('studydeck/note-type/v1'),
  name: 'studydeck',
  fields: ['Front', 'Back', 'Context', 'Source'] as const,
  templateName: 'Card 1'
}

export const questionTemplate = `<div class="sd-context">{{Context}}</div>
<div class="sd-front">{{Front}}</div>`

export const answerTemplate = `{{FrontSide}}
<hr id="answer">
<div class="sd-back">{{Back}}</div>
<div class="sd-source">{{Source}}</div>`

/** Card CSS: readable on desktop and phones, light and night mode. */
export const cardCss = `.card {
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: #1f2328;
  background-color: #ffffff;
  overflow-wrap: break-word;
}
/* One column, its width in px: the smaller context and source lines line up with the rest. */
.sd-front, .sd-back, .sd-context, .sd-source { max-width: 760px; margin-left: auto; margin-right: auto; }
.sd-context { font-size: 0.65em; color: #59636e; margin-bottom: 0.6em; }
.sd-lead { font-size: 0.85em; color: #59636e; }
.sd-prompt { font-size: 1.1em; font-weight: 600; }
.sd-hint { font-size: 0.75em; font-weight: normal; color: #59636e; white-space: nowrap; }
/* A table cell asks an attribute of its row: the row key, then the column (\`llegar — English?\`). */
.sd-attr { font-weight: normal; }
/* Obsidian callouts: a titled block. */
blockquote.sd-callout { margin: 0.6em 0; padding: 0.4em 0.8em; border-left: 4px solid #0969da; background: rgba(9, 105, 218, 0.06); border-radius: 4px; color: inherit; }
blockquote.sd-callout-warning, blockquote.sd-callout-caution, blockquote.sd-callout-attention, blockquote.sd-callout-danger, blockquote.sd-callout-error, blockquote.sd-callout-bug { border-left-color: #bc4c00; background: rgba(188, 76, 0, 0.06); }
blockquote.sd-callout-tip, blockquote.sd-callout-hint, blockquote.sd-callout-success, blockquote.sd-callout-check, blockquote.sd-callout-done { border-left-color: #1a7f37; background: rgba(26, 127, 55, 0.06); }
.sd-callout-title { margin: 0 0 0.3em; }
.sd-back > :first-child { margin-top: 0; }
.sd-back ul, .sd-back ol, .sd-body ul, .sd-body ol { padding-left: 1.4em; }
.sd-body { margin-top: 0.5em; font-size: 0.9em; }
.sd-back li + li { margin-top: 0.25em; }
.card img { max-width: 100%; height: auto; }
.sd-back table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; }
.sd-back th, .sd-back td { border: 1px solid #d1d9e0; padding: 0.2em 0.5em; vertical-align: top; }
.sd-back th { background: #f6f8fa; }
.sd-back pre, .sd-body pre { overflow-x: auto; padding: 0.6em; background: #f6f8fa; border-radius: 6px; }
.sd-back blockquote { margin: 0 0 0 0.2em; padding-left: 0.8em; border-left: 3px solid #d1d9e0; color: #59636e; }
.sd-back .math { overflow-x: auto; }
a { color: #0969da; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; background: rgba(129, 139, 152, 0.15); padding: 0.1em 0.3em; border-radius: 4px; }
pre code { background: none; padding: 0; }
.sd-source { margin-top: 1.2em; font-size: 0.6em; color: #818b98; }
hr#answer { border: none; border-top: 1px solid #d1d9e0; margin: 1em 0; }
@media (max-width: 480px) { .card { font-size: 18px; } .sd-back ul, .sd-back ol { padding-left: 1.1em; } }
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card { color: #e6edf3; background-color: #0d1117; }
.nightMode .sd-context, .nightMode .sd-lead, .nightMode .sd-hint, .nightMode .sd-back blockquote,
.night_mode .sd-context, .night_mode .sd-lead, .night_mode .sd-hint, .night_mode .sd-back blockquote { color: #9198a1; }
.nightMode a, .night_mode a { color: #4493f8; }
.nightMode .sd-back pre, .nightMode .sd-body pre, .nightMode .sd-back th, .night_mode .sd-back pre, .night_mode .sd-body pre, .night_mode .sd-back th { background: #161b22; }
.nightMode .sd-back th, .nightMode .sd-back td, .nightMode .sd-back blockquote, .nightMode hr#answer,
.night_mode .sd-back th, .night_mode .sd-back td, .night_mode .sd-back blockquote, .night_mode hr#answer { border-color: #3d444d; }
`

/** A note type as a package holds it. */
export interface NoteTypeSpec {
  id: number
  name: string
  /** Anki's `type`: 0 standard, 1 cloze. */
  type: 0 | 1
  fields: readonly string[]
  templates: ReadonlyArray<{name: string; qfmt: string; afmt: string}>
  css: string
}

/**
 * The note types a package may hold, by name: `studydeck`, and the notes
 * asked both ways and cloze notes (`reversed-note-type.ts`,
 * `cloze-note-type.ts`), which share its fields' last two and its CSS.
 */
export const noteTypeSpecs: Record<string, NoteTypeSpec> = {
  [noteType.name]: {
    id: noteType.id,
    name: noteType.name,
    type: 0,
    fields: noteType.fields,
    templates: [{name: noteType.templateName, qfmt: questionTemplate, afmt: answerTemplate}],
    css: cardCss
  },
  [reversedNoteType.name]: {
    id: reversedNoteType.id,
    name: reversedNoteType.name,
    type: 0,
    fields: reversedNoteType.fields,
    templates: [
      {name: reversedNoteType.templateNames[0], qfmt: questionTemplate, afmt: answerTemplate},
      {name: reversedNoteType.templateNames[1], qfmt: reverseQuestionTemplate, afmt: reverseAnswerTemplate}
    ],
    css: cardCss + reverseRules
  },
  [clozeNoteType.name]: {
    id: clozeNoteType.id,
    name: clozeNoteType.name,
    type: 1,
    fields: clozeNoteType.fields,
    templates: [{name: clozeNoteType.templateName, qfmt: clozeQuestionTemplate, afmt: clozeAnswerTemplate}],
    css: cardCss + clozeRules
  }
}

/** The note type of a card's note: `studydeck`, or the one its `note` names. */
export function noteTypeSpecOf(card: Pick<Card, 'note'>): NoteTypeSpec {
  return noteTypeSpecs[card.note === 'reversed' ? reversedNoteType.name : card.note === 'cloze' ? clozeNoteType.name : noteType.name]
}

/**
 * The note types a deck's package holds, by name, in a fixed order: its
 * cards', and `studydeck` when it has none.
 */
export function noteTypesOf(cards: Iterable<Pick<Card, 'note'>>): string[] {
  const used = new Set<string>()
  for (const card of cards) used.add(noteTypeSpecOf(card).name)
  return used.size === 0 ? [noteType.name] : Object.keys(noteTypeSpecs).filter((name) => used.has(name))
}

/** What a document's JSON remembers of a note type: the digest of what Anki copies, and when it last changed. */
export interface NoteTypeRecord {
  /** `noteTypeDigest` of the note type. */
  digest: string
  /** Seconds since the epoch when the digest last changed: the package's note type `mod`. */
  modified: number
}

/** A note type's JSON in the collection (schema 11), with its `mod` and its deck. */
export function noteTypeJson(spec: NoteTypeSpec, {mod, did}: {mod: number; did: number}) {
  return {
    id: spec.id,
    name: spec.name,
    type: spec.type,
    mod,
    usn: -1,
    sortf: 0,
    did,
    tmpls: spec.templates.map(({name, qfmt, afmt}, ord) => ({name, ord, qfmt, afmt, bqfmt: '', bafmt: '', did: null, bfont: '', bsize: 0})),
    flds: spec.fields.map((name, ord) => ({name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: []})),
    css: spec.css,
    latexPre: '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexPost: '\\end{document}',
    latexsvg: false,
    req: spec.templates.map((_, ord) => [ord, 'any', [0]]),
    tags: [],
    vers: []
  }
}

/**
 * The digest of what an import copies from a note type when its `mod` is
 * newer (Anki copies the whole note type: name, fields, templates, CSS,
 * LaTeX; legacy `anki/importing/anki2.py` `_mid`, 2.1.15 L228-234; Rust
 * `update_notetype`): its JSON without `mod`, `usn` and `did` (the deck it
 * last added to, which differs from package to package).
 */
export function noteTypeDigest(spec: NoteTypeSpec): string {
  const {mod, usn, did, ...copied} = noteTypeJson(spec, {mod: 0, did: 0})
  void mod, void usn, void did
  return hash('sha256', JSON.stringify(copied), 'hex').slice(0, 16)
}

/**
 * The note type records of a build: a note type whose digest is the one
 * the previous build remembered keeps its time (a student's own edit of its
 * CSS in Anki, later than that, stays); a changed or new one gets `now`,
 * always later than the time it had, so Anki copies it over (it does only
 * when the package's `mod` is strictly newer). `now` is read only then.
 */
export function stampNoteTypes(names: string[], previous: Record<string, NoteTypeRecord> | undefined, now: () => number): Record<string, NoteTypeRecord> {
  const records: Record<string, NoteTypeRecord> = {}
  for (const name of [...names].sort()) {
    const digest = noteTypeDigest(noteTypeSpecs[name])
    const old = previous?.[name]
    records[name] = old && old.digest === digest ? {digest, modified: old.modified} : {digest, modified: old ? Math.max(now(), old.modified + 1) : now()}
  }
  return records
}

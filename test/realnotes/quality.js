/**
 * `npm run quality`: how good are the cards on real notes? Builds every
 * document of a folder of real study notes (default `../shared/realnotes`,
 * or `STUDYDECK_REALNOTES`) and compares the cards with our hand-written
 * labels of the cards a student preparing for an exam wants
 * (`test/realnotes/<path>.expected.json`, see `test/realnotes/README.md`).
 *
 *     npm run quality                        # every labelled document, a table
 *     npm run quality -- --only glossaries   # documents whose path holds this
 *     npm run quality -- --verbose           # also each missed label and each junk card
 *     npm run quality -- --json              # the figures as JSON
 *     npm run quality -- --notes DIR --labels DIR
 *
 * Prints, per document and in total: cards made, labels, recall, junk, fronts
 * that do not name their subject, and backs without the expected answer.
 */
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.join(here, '..', '..')
const {values} = parseArgs({
  options: {
    notes: {type: 'string'},
    labels: {type: 'string', default: here},
    only: {type: 'string'},
    verbose: {type: 'boolean', default: false},
    json: {type: 'boolean', default: false}
  }
})

const notes = path.resolve(values.notes ?? process.env.STUDYDECK_REALNOTES ?? path.join(root, '..', 'shared', 'realnotes'))
if (!existsSync(notes)) {
  console.error(`quality: no real notes at ${notes} (set STUDYDECK_REALNOTES or --notes)`)
  process.exit(2)
}
const {build} = await import(path.join(root, 'dist', 'index.js'))

/** Lower case, no accents, punctuation as spaces: what a label's words are compared on. */
export function normalize(text) {
  return ' ' + text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim() + ' '
}

function holdsAll(text, words = []) {
  const normalized = normalize(text)
  return words.every((word) => normalized.includes(normalize(word)))
}

function inRange(entry, line) {
  const [from, to] = entry.lines ?? [entry.line, entry.line]
  return line >= from && line <= to
}

/** A card fits a label when it comes from the label's lines, is of its kind, and asks with its words. */
function fits(label, card) {
  return inRange(label, card.source.line) && (!label.kind || label.kind === card.kind) && holdsAll(card.front, label.ask)
}

/** Compare one document's cards with its labels. */
export function score(cards, expected) {
  const labels = expected.cards ?? []
  const ok = expected.ok ?? []
  const taken = new Set()
  const missed = []
  const noSubject = []
  const wrongBack = []
  for (const label of labels) {
    const card = cards.find((card) => !taken.has(card) && fits(label, card))
    if (!card) {
      missed.push(label)
      continue
    }
    taken.add(card)
    const seen = [...card.context, card.front].join(' › ')
    if (label.subject && !holdsAll(seen, label.subject)) noSubject.push({label, card})
    if (label.back && !holdsAll(card.back, label.back)) wrongBack.push({label, card})
  }
  const junk = cards.filter((card) => !taken.has(card) && !ok.some((entry) => inRange(entry, card.source.line) && (!entry.kind || entry.kind === card.kind) && holdsAll(card.front, entry.ask)))
  return {cards: cards.length, labels: labels.length, found: labels.length - missed.length, missed, junk, noSubject, wrongBack}
}

function labelFiles(folder) {
  return readdirSync(folder, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile() && entry.name.endsWith('.expected.json'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
}

const out = mkdtempSync(path.join(tmpdir(), 'studydeck-quality-'))
const rows = []
try {
  for (const file of labelFiles(path.resolve(values.labels))) {
    const expected = JSON.parse(readFileSync(file, 'utf8'))
    if (values.only && !expected.document.includes(values.only)) continue
    const source = path.join(notes, expected.document)
    if (!existsSync(source)) {
      console.error(`quality: ${expected.document} is not in ${notes}; skipped`)
      continue
    }
    const [result] = await build([source], {out, formats: ['json'], cache: false, workers: 0, write: false})
    const cards = result.document?.cards ?? []
    rows.push({document: expected.document, ...score(cards, expected)})
  }
} finally {
  rmSync(out, {recursive: true, force: true})
}

const percent = (part, whole) => (whole === 0 ? '–' : ((100 * part) / whole).toFixed(1) + '%')
const total = rows.reduce(
  (sum, row) => ({
    cards: sum.cards + row.cards,
    labels: sum.labels + row.labels,
    found: sum.found + row.found,
    junk: sum.junk + row.junk.length,
    noSubject: sum.noSubject + row.noSubject.length,
    wrongBack: sum.wrongBack + row.wrongBack.length,
    empty: sum.empty + (row.labels > 0 && row.cards === 0 ? 1 : 0)
  }),
  {cards: 0, labels: 0, found: 0, junk: 0, noSubject: 0, wrongBack: 0, empty: 0}
)

if (values.json) {
  const brief = (row) => ({...row, missed: row.missed.length, junk: row.junk.length, noSubject: row.noSubject.length, wrongBack: row.wrongBack.length})
  console.log(JSON.stringify({documents: rows.map(brief), total}, null, 2))
} else {
  console.log('| document | cards | wanted | recall | junk | no subject | wrong back |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const row of rows) {
    console.log(`| ${row.document} | ${row.cards} | ${row.labels} | ${percent(row.found, row.labels)} | ${row.junk.length} (${percent(row.junk.length, row.cards)}) | ${row.noSubject.length} | ${row.wrongBack.length} |`)
  }
  console.log(`| **total** (${rows.length} documents, ${total.empty} empty that should not be) | ${total.cards} | ${total.labels} | ${percent(total.found, total.labels)} | ${total.junk} (${percent(total.junk, total.cards)}) | ${total.noSubject} | ${total.wrongBack} |`)
  if (values.verbose) {
    for (const row of rows) {
      if (row.missed.length + row.junk.length + row.noSubject.length + row.wrongBack.length === 0) continue
      console.log(`\n## ${row.document}`)
      for (const label of row.missed) console.log(`  missed  ${label.lines ? label.lines.join('-') : label.line} ${label.kind ?? ''} ${JSON.stringify(label.ask)}`)
      for (const card of row.junk) console.log(`  junk    ${card.source.line} ${card.kind} ${JSON.stringify(card.front.slice(0, 120))}`)
      for (const {label, card} of row.noSubject) console.log(`  subject ${card.source.line} ${JSON.stringify([...card.context, card.front].join(' › ').slice(0, 160))} lacks ${JSON.stringify(label.subject)}`)
      for (const {label, card} of row.wrongBack) console.log(`  back    ${card.source.line} ${JSON.stringify(card.back.slice(0, 120))} lacks ${JSON.stringify(label.back)}`)
    }
  }
}

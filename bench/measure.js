/**
 * One measurement, in a process of its own (so that peak memory is that of
 * this measurement alone): `node bench/measure.js TASK NOTES OUT`, printing
 * one JSON line. `bench/run.js` calls it; see there.
 *
 * Tasks:
 * - `parser`: remark-parse + remark-gfm over every file, one core, nothing else
 *   (the yardstick the targets are relative to);
 * - `stages`: the pipeline's stages one after the other in this thread, each
 *   timed (read, parse, extract, render, identify, write), no cache, no workers;
 * - `build`: `build()` as the command line runs it (workers, cache), cold;
 * - `rebuild`: `build()` again on an unchanged library;
 * - `anki-files` / `anki-one`: the cards of OUT's JSON written by
 *   anki-apkg-export, as its README shows, one package per file or all in one.
 */
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'

const [task, notes, out] = process.argv.slice(2)
const require = createRequire(import.meta.url)
const dist = new URL('../dist/', import.meta.url)
const load = (name) => import(new URL(name, dist).href)

const cpu = () => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}

function markdownFiles(folder) {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => path.join(folder, name))
}

async function parser() {
  const {unified} = await import('unified')
  const remarkParse = (await import('remark-parse')).default
  const remarkGfm = (await import('remark-gfm')).default
  const processor = unified().use(remarkParse).use(remarkGfm).freeze()
  const texts = markdownFiles(notes).map((file) => readFileSync(file, 'utf8'))
  const started = performance.now()
  const cpuStarted = cpu()
  for (const text of texts) processor.parse(text)
  return {ms: performance.now() - started, cpuMs: cpu() - cpuStarted}
}

/**
 * The stages of `prepareDeck` (`src/build/compile.ts`, a document small
 * enough to be one section) and `finishDeck` (`src/build/compile.ts`), then
 * the writes of `buildFile` (`src/build/file.ts`), timed one by one. The
 * JSON it writes is checked against `build()`'s by `run.js`.
 */
async function stages() {
  const {findSources, readSource} = await load('read/sources.js')
  const {parse} = await load('parse/markdown.js')
  const {limitSource, limitTree} = await load('parse/limits.js')
  const {readSettings, defaultSettings} = await load('parse/settings.js')
  const {outline} = await load('extract/outline.js')
  const {extractDrafts} = await load('extract/extract.js')
  const {settle} = await load('extract/settle.js')
  const {collectDefinitions} = await load('render/definitions.js')
  const {renderParts} = await load('render/html.js')
  const {preparedCard} = await load('render/card.js')
  const {finishDeck} = await load('build/compile.js')
  const {toJson} = await load('emit/json.js')
  const {writeApkg} = await load('emit/apkg.js')
  const {writeAtomic} = await load('emit/write.js')
  const time = {read: 0, parse: 0, extract: 0, render: 0, identify: 0, write: 0}
  let cards = 0
  const started = performance.now()
  let mark = performance.now()
  const lap = (stage) => {
    const now = performance.now()
    time[stage] += now - mark
    mark = now
  }
  const {entries} = findSources([notes])
  lap('read')
  mkdirSync(out, {recursive: true})
  for (const entry of entries) {
    mark = performance.now()
    const file = readSource(entry)
    lap('read')
    const tree = limitTree(parse(limitSource(file)), file)
    lap('parse')
    const settings = readSettings(tree, file, defaultSettings)
    const stem = path.basename(file.path, path.extname(file.path))
    const deckKey = settings.deck ?? outline(tree, stem).title
    const settled = settle(extractDrafts(tree, file, settings, stem), file, settings)
    lap('extract')
    const definitions = collectDefinitions(tree)
    const source = String(file.value)
    const rendered = settled.map((card) => preparedCard(card, renderParts(card, {definitions, source}), file)).filter(Boolean)
    lap('render')
    const {document} = finishDeck({deckKey, deckName: deckKey.replace(/::/g, ':'), source: file.path, cards: rendered}, {})
    lap('identify')
    writeAtomic(path.join(out, entry.name + '.json'), toJson(document))
    writeAtomic(path.join(out, entry.name + '.apkg'), await writeApkg([{name: document.deck.name, cards: document.cards}]))
    lap('write')
    cards += document.cards.length
  }
  return {ms: performance.now() - started, stages: time, cards}
}

async function build(options = {}) {
  const {build} = await load('index.js')
  const started = performance.now()
  const cpuStarted = cpu()
  const results = await build([notes], {out, ...options})
  const fatal = results.flatMap((result) => result.file.messages.filter((message) => message.fatal))
  for (const message of fatal) console.error(String(message))
  const errors = results.filter((result) => result.file.messages.some((message) => message.fatal)).length
  return {ms: performance.now() - started, cpuMs: cpu() - cpuStarted, cards: results.reduce((sum, result) => sum + result.counts.cards, 0), errors}
}

/** anki-apkg-export 4.0.3 as its README shows, with a current sql.js (its own, 0.5, aborts near card 546). */
async function anki(oneDeck) {
  const Exporter = require('anki-apkg-export/dist/exporter').default
  const template = require('anki-apkg-export/dist/template').default
  const SQL = await require('sql.js')()
  const documents = readdirSync(out)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(out, name), 'utf8')))
  const target = path.join(out, '..', path.basename(out) + '-anki-apkg-export')
  rmSync(target, {recursive: true, force: true})
  mkdirSync(target, {recursive: true})
  const started = performance.now()
  let cards = 0
  const decks = oneDeck
    ? [{name: 'Library', cards: documents.flatMap((document) => document.cards)}]
    : documents.map((document) => ({name: document.deck.name, cards: document.cards}))
  for (const [index, deck] of decks.entries()) {
    const apkg = new Exporter(deck.name, {template: template(), sql: SQL})
    for (const card of deck.cards) apkg.addCard(card.frontHtml, card.backHtml, {tags: card.tags})
    const zip = await apkg.save()
    writeFileSync(path.join(target, index + '.apkg'), zip, 'binary')
    cards += deck.cards.length
  }
  return {ms: performance.now() - started, cards, packages: decks.length}
}

const tasks = {
  parser,
  stages,
  build: () => build(),
  'build-single': () => build({workers: 0, cache: false}),
  'build-combined': () => build({combine: 'Library', cache: false}),
  rebuild: () => build(),
  'anki-files': () => anki(false),
  'anki-one': () => anki(true)
}
if (!tasks[task]) {
  console.error('Unknown task `' + task + '`; expected one of ' + Object.keys(tasks).join(', '))
  process.exit(2)
}
const result = await tasks[task]()
console.log(JSON.stringify({task, ...result, maxRssMb: process.resourceUsage().maxRSS / 1024}))

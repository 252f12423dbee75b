/**
 * A deterministic generator of study notes: Markdown with headings, term:
 * definition lists, GFM tables, enumerations, FAQ questions (F1 `?`
 * headings and F2 FAQ sections), code (with `# comment` lines that must not
 * split a document), inline and reference links, a little raw HTML and math,
 * and blocks that make no card (task lists, link lists, quotes).
 *
 * The same options give the same bytes on every machine (a seeded PRNG, no
 * clock, no locale). Every block's card yield is known, so a library of N
 * cards holds exactly N cards (checked by `bench/run.js`).
 *
 *     node bench/generate.js --cards 10000 --files 100 --out /tmp/notes
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {fileURLToPath} from 'node:url'

const words = (
  'cell membrane protein enzyme neuron synapse receptor channel gradient vector matrix tensor ' +
  'theorem lemma proof integral derivative series limit function domain range graph vertex edge ' +
  'tree root branch leaf node stack queue heap hash table index query cache buffer kernel thread ' +
  'process signal packet router socket stream parser lexer token grammar syntax semantic compiler ' +
  'runtime memory pointer array string record field schema column row key value pair tuple list ' +
  'river mountain glacier delta basin plateau climate weather pressure front current tide wave ' +
  'empire treaty charter senate council reform revolution dynasty colony trade tariff market ' +
  'price supply demand credit debt bond equity asset liability budget deficit surplus inflation ' +
  'acid base salt ion isotope electron proton neutron orbital bond lattice crystal solvent ' +
  'catalyst reaction equilibrium entropy enthalpy energy force mass momentum velocity torque ' +
  'photon spectrum lens mirror prism wavelength frequency amplitude phase resonance circuit ' +
  'voltage resistor capacitor diode transistor gate logic clock register latch counter adder ' +
  'gene allele genome mutation species habitat niche predator prey biome carbon nitrogen cycle ' +
  'poem stanza meter rhyme metaphor narrator plot theme motif genre chapter verse prose drama'
).split(' ')

const languages = ['python', 'js', 'sh', 'sql']

/** mulberry32: small, fast and the same everywhere. */
function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Generate a library of study notes.
 *
 * @param {{cards?: number, files?: number, seed?: number}} [options]
 *   `cards`: cards in the whole library (default: 1000); `files`: number of
 *   files (default: cards / 100); `seed` (default: 1).
 * @returns {Array<{name: string, text: string, cards: number}>}
 */
export function generateLibrary(options = {}) {
  const cards = options.cards ?? 1000
  const files = options.files ?? Math.max(1, Math.round(cards / 100))
  const seed = options.seed ?? 1
  const library = []
  for (let index = 0; index < files; index++) {
    // Spread the remainder over the first files so the total is exact.
    const budget = Math.floor(cards / files) + (index < cards % files ? 1 : 0)
    library.push({name: 'notes-' + String(index + 1).padStart(5, '0') + '.md', text: generateDocument(budget, seed * 100003 + index), cards: budget})
  }
  return library
}

/** One document with exactly `cards` cards. */
export function generateDocument(cards, seed = 1) {
  const next = random(seed)
  const pick = (list) => list[Math.floor(next() * list.length)]
  const between = (low, high) => low + Math.floor(next() * (high - low + 1))
  const chance = (p) => next() < p
  const used = new Set()
  // A name unique in the document, so no two cards ask the same question.
  const name = (count) => {
    for (;;) {
      const candidate = Array.from({length: count}, () => pick(words)).join(' ')
      if (!used.has(candidate)) {
        used.add(candidate)
        return candidate
      }
      count++
    }
  }
  const title = (value) => value[0].toUpperCase() + value.slice(1)
  const references = []
  const inline = () => {
    const roll = next()
    // About one word in six carries markup, as in notes people write.
    if (roll < 0.06) return '**' + pick(words) + '**'
    if (roll < 0.09) return '*' + pick(words) + '*'
    if (roll < 0.12) return '`' + pick(words) + '()`'
    if (roll < 0.145) return '[' + pick(words) + '](https://example.org/' + pick(words) + '/' + between(1, 999) + ')'
    if (roll < 0.155) {
      const label = 'ref-' + between(1, 40)
      if (!references.includes(label)) references.push(label)
      return '[' + pick(words) + '][' + label + ']'
    }
    if (roll < 0.162) return '$' + pick(['x^2', 'a_n', '\\alpha', 'e^{i\\pi}']) + '$'
    if (roll < 0.165) return '<sub>' + between(2, 9) + '</sub>'
    return pick(words)
  }
  const sentence = (low, high) => {
    const length = between(low, high)
    const parts = Array.from({length}, inline)
    return title(parts.join(' ')) + '.'
  }
  const paragraph = (sentences) => Array.from({length: sentences}, () => sentence(8, 16)).join(' ')

  const out = []
  if (chance(0.3)) out.push('---\ntags: [bench, ' + pick(words) + ']\n---\n')
  out.push('# ' + title(name(3)) + ' notes ' + seed + '\n', paragraph(2) + '\n')

  let left = cards
  let section = 0
  while (left > 0) {
    section++
    out.push('## ' + between(1, 99) + '. ' + title(name(2)) + '\n', paragraph(between(1, 3)) + '\n')

    // L1: term bullets under the section heading, one card each.
    const terms = Math.min(left, between(3, 7))
    const bullets = []
    for (let index = 0; index < terms; index++) {
      const term = name(between(1, 2))
      const form = next()
      const definition = sentence(10, 24)
      bullets.push(form < 0.5 ? '- **' + title(term) + '**: ' + definition : form < 0.8 ? '- ' + title(term) + ': ' + definition : '- `' + term.replace(/ /g, '_') + '` - ' + definition)
    }
    out.push(bullets.join('\n') + '\n')
    left -= terms
    if (left === 0) break

    // T1: a table, (rows × (columns − 1)) cards.
    if (left >= 4 && chance(0.7)) {
      const columns = between(2, 4)
      const rows = Math.max(1, Math.min(between(2, 5), Math.floor(left / (columns - 1))))
      const headers = ['Name', ...Array.from({length: columns - 1}, () => title(name(1)))]
      const lines = ['| ' + headers.join(' | ') + ' |', '|' + headers.map(() => ' --- ').join('|') + '|']
      for (let row = 0; row < rows; row++) {
        const cells = [title(name(2)), ...Array.from({length: columns - 1}, () => Array.from({length: between(1, 4)}, inline).join(' '))]
        lines.push('| ' + cells.join(' | ') + ' |')
      }
      if (chance(0.5)) out.push('Table: ' + title(name(2)) + '\n')
      out.push(lines.join('\n') + '\n')
      left -= rows * (columns - 1)
      if (left === 0) break
    }

    // L2: an enumeration under a lead-in, one card.
    if (chance(0.5)) {
      const items = Array.from({length: between(2, 5)}, () => title(Array.from({length: between(2, 6)}, () => pick(words)).join(' ')))
      const ordered = chance(0.5)
      out.push('The ' + name(2) + ' steps are:\n', items.map((item, index) => (ordered ? index + 1 + '. ' : '- ') + item).join('\n') + '\n')
      left -= 1
      if (left === 0) break
    }

    // Blocks that make no card.
    // Each list its own bullet: lists with the same bullet, apart only by a blank line, are one list.
    if (chance(0.15)) out.push('* [ ] Review ' + pick(words) + '\n* [x] Read ' + pick(words) + '\n')
    if (chance(0.1)) out.push('+ [' + pick(words) + '](https://example.org/' + pick(words) + ')\n+ [' + pick(words) + '](https://example.org/' + pick(words) + ')\n')
    if (chance(0.15)) out.push('> ' + sentence(6, 12) + '\n')
    if (chance(0.05)) out.push('<div class="note">\n' + sentence(5, 10) + '\n</div>\n')

    // F1: `?` headings; their answers hold paragraphs, code and plain lists.
    const questions = Math.min(left, between(1, 3))
    for (let index = 0; index < questions; index++) {
      out.push('### What is the ' + name(2) + ' of ' + pick(words) + '?\n', paragraph(between(2, 5)) + '\n')
      if (chance(0.3)) {
        const language = pick(languages)
        const comment = language === 'js' ? '//' : language === 'sql' ? '--' : '#'
        const body = Array.from({length: between(2, 6)}, () => pick(words) + ' = ' + pick(words) + '(' + between(0, 99) + ')')
        // A line that looks like a heading, inside the fence.
        if (comment === '#') body.splice(1, 0, '# ' + pick(words) + ' ' + pick(words))
        out.push('```' + language + '\n' + body.join('\n') + '\n```\n')
      }
      if (chance(0.2)) out.push('* ' + sentence(4, 8) + '\n* ' + sentence(4, 8) + '\n')
    }
    left -= questions
    if (left === 0) break

    // F2: an FAQ section now and then; every sub-heading is a card.
    if (chance(0.2)) {
      const count = Math.min(left, between(1, 3))
      out.push('## FAQ\n')
      for (let index = 0; index < count; index++) {
        out.push('### How does ' + name(2) + ' work\n', paragraph(1) + '\n')
      }
      left -= count
    }
  }

  if (references.length > 0) out.push(references.map((label) => '[' + label + ']: https://example.org/ref/' + label).join('\n') + '\n')
  return out.join('\n')
}

/** Write a library to a folder; returns its size in bytes. */
export function writeLibrary(folder, options) {
  mkdirSync(folder, {recursive: true})
  let bytes = 0
  for (const file of generateLibrary(options)) {
    writeFileSync(path.join(folder, file.name), file.text)
    bytes += Buffer.byteLength(file.text)
  }
  return bytes
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const {values} = parseArgs({options: {cards: {type: 'string'}, files: {type: 'string'}, seed: {type: 'string'}, out: {type: 'string'}}})
  const cards = Number(values.cards ?? 1000)
  const files = values.files === undefined ? undefined : Number(values.files)
  const out = values.out ?? 'bench/notes'
  const bytes = writeLibrary(out, {cards, files, seed: values.seed === undefined ? undefined : Number(values.seed)})
  console.log('wrote ' + (files ?? Math.round(cards / 100)) + ' files, ' + cards + ' cards, ' + (bytes / 1e6).toFixed(2) + ' MB to ' + out)
}

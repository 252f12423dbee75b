import {readFileSync} from 'node:fs'
import path from 'node:path'
import {Ajv} from 'ajv'
import fc from 'fast-check'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {writeApkg} from '../src/emit/apkg.js'
import {toJson} from '../src/emit/json.js'
import {compileDeck} from '../src/build/compile.js'
import {squash} from '../src/shared/text.js'
import {readApkg} from './helpers/apkg.js'

/**
 * Arbitrary Markdown, put together from the pieces notes are made of (and
 * some they should not be): whatever comes in, the pipeline returns a deck
 * and messages, the JSON fits its schema and the package opens with one note
 * per card. Runs are few, to keep the suite fast; a failure prints its seed.
 */
const word = fc.constantFrom('cell', 'Nucleus', 'ATP', 'why', 'what', 'n/a', '-', '—', 'Q', 'A', 'FAQ', 'term', 'x', '1.', '…', 'ünïcödé', '日本語', '🙂', '$5')
const punctuation = fc.constantFrom('?', ':', ' - ', ' — ', ' – ', '|', '\\', '*', '_', '`', '[', ']', '(', ')', '<', '>', '&', '&amp;', '#', '!', '$', '~', '"', "'", '\t')
const rawText = fc.string({maxLength: 12}).map((text) => text.replace(/\n/g, ' '))

const inline: fc.Arbitrary<string> = fc.oneof(
  {weight: 6, arbitrary: word},
  {weight: 3, arbitrary: punctuation},
  {weight: 1, arbitrary: rawText},
  {weight: 1, arbitrary: word.map((text) => '**' + text + '**')},
  {weight: 1, arbitrary: word.map((text) => '*' + text + '*')},
  {weight: 1, arbitrary: word.map((text) => '`' + text + '`')},
  {weight: 1, arbitrary: word.map((text) => '[' + text + '](https://example.com/' + encodeURIComponent(text) + ')')},
  {weight: 1, arbitrary: word.map((text) => '![' + text + '](missing.png)')},
  {weight: 1, arbitrary: fc.constantFrom('<b>', '</b>', '<span class="x">', '</span>', '<br>', '<code>', '</code>', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<!-- c -->')},
  {weight: 1, arbitrary: fc.constantFrom('$x^2$', '$$E=mc^2$$', '[^1]', 'https://example.com', '<https://example.com>', '[ref]', '[x](javascript:alert(1))')}
)
const phrase = fc.array(inline, {minLength: 1, maxLength: 8}).map((parts) => parts.join(' '))

const heading = fc.tuple(fc.integer({min: 1, max: 6}), phrase, fc.boolean()).map(([depth, text, question]) => '#'.repeat(depth) + ' ' + text + (question ? '?' : ''))
const paragraph = fc.array(phrase, {minLength: 1, maxLength: 3}).map((lines) => lines.join('\n'))
const item = fc.oneof(phrase, fc.tuple(word, phrase).map(([term, definition]) => term + ': ' + definition), fc.tuple(word, phrase).map(([term, definition]) => '**' + term + '** — ' + definition))
const list = fc
  .tuple(fc.constantFrom('- ', '* ', '1. ', '- [ ] '), fc.array(fc.tuple(fc.integer({min: 0, max: 3}), item), {minLength: 1, maxLength: 6}))
  .map(([marker, items]) => items.map(([depth, text]) => '  '.repeat(depth) + marker + text).join('\n'))
const cellText = fc.oneof(phrase, fc.constant(''), fc.constant('-')).map((text) => text.replace(/\|/g, '\\|').replace(/\n/g, ' '))
const table = fc
  .tuple(fc.integer({min: 1, max: 4}), fc.array(fc.array(cellText, {minLength: 0, maxLength: 5}), {minLength: 0, maxLength: 5}), cellText)
  .map(([columns, rows, caption]) => {
    const header = Array.from({length: columns}, (_, index) => 'H' + index)
    // Ragged on purpose: rows have any number of cells.
    return (caption ? 'Table: ' + caption + '\n\n' : '') + ['| ' + header.join(' | ') + ' |', '|' + ' --- |'.repeat(columns), ...rows.map((row) => '| ' + row.join(' | ') + ' |')].join('\n')
  })
const code = fc.tuple(fc.constantFrom('```', '~~~', '````'), fc.constantFrom('', 'js', 'python'), paragraph).map(([fence, language, body]) => fence + language + '\n' + body + '\n' + fence)
const quote = paragraph.map((text) => text.replace(/^/gm, '> '))
const html = fc.oneof(
  fc.tuple(phrase, paragraph).map(([question, answer]) => '<details><summary>' + question + '</summary>\n\n' + answer + '\n\n</details>'),
  paragraph.map((text) => '<div>\n' + text + '\n</div>'),
  fc.constantFrom('<!-- studydeck-ignore -->', '<table><tr><td>a</td></tr></table>', '<details open ontoggle=alert(1)>', '</details>', '<iframe srcdoc="x"></iframe>')
)
const qa = fc.tuple(phrase, phrase, fc.boolean()).map(([question, answer, bold]) => (bold ? '**Q:** ' + question + '\n**A:** ' + answer : 'Q: ' + question + '\n\nA: ' + answer))
const faqSection = fc.tuple(fc.constantFrom('## FAQ', '## Frequently Asked Questions', '## Q&A'), fc.array(fc.tuple(phrase, paragraph), {maxLength: 3})).map(
  ([title, entries]) => [title, ...entries.map(([question, answer]) => '### ' + question + '\n\n' + answer)].join('\n\n')
)
const reveal = fc.constantFrom('Answer', 'Show answer', 'View answer', 'Solución', 'show', 'Click to expand')
const quizBlock = fc.oneof(
  fc.tuple(fc.constantFrom('### I want to ', '#### I accidentally ', '### Delete ', '### Why the ', '## How to say ', '### Stash '), phrase, paragraph).map(([lead, text, body]) => lead + text + '\n\n' + body),
  fc.tuple(phrase, paragraph, reveal).map(([question, answer, label]) => '1. ' + question + '\n    - A. ' + question + '\n    - B. x\n\n    <details markdown=1><summary>' + label + '</summary>\n      ' + answer.replace(/\n/g, ' ') + '\n    </details>'),
  fc.tuple(phrase, paragraph, reveal).map(([question, answer, label]) => '### ' + question + '\n\n<details><summary>' + label + '</summary>\n<p>\n\n' + answer + '\n\n</p>\n</details>'),
  fc.tuple(phrase, paragraph, reveal).map(([question, answer, label]) => '1. ' + question + '\n\n<details><summary>' + label + '</summary>\n\n' + answer + '\n\n</details>'),
  fc.tuple(phrase, paragraph).map(([question, answer]) => '> **' + question + '?**\n> ' + answer.replace(/\n/g, '\n> ')),
  fc.tuple(phrase, phrase).map(([question, answer]) => '::exercise\n' + question + '\n#answer\n' + answer + '\n::'),
  fc.tuple(phrase, phrase).map(([question, answer]) => '1. ' + question + '?\n2. ' + answer + '?\n\n### Solution\n\n1. ' + answer + '\n2. ' + question),
  fc.tuple(phrase, phrase).map(([question, answer]) => '- ' + question + '?\n- ' + answer + '?\n  - ' + question + '?')
)
const block = fc.oneof(
  {weight: 4, arbitrary: heading},
  {weight: 4, arbitrary: paragraph},
  {weight: 3, arbitrary: list},
  {weight: 2, arbitrary: table},
  {weight: 1, arbitrary: code},
  {weight: 1, arbitrary: quote},
  {weight: 1, arbitrary: html},
  {weight: 1, arbitrary: qa},
  {weight: 1, arbitrary: faqSection},
  {weight: 2, arbitrary: quizBlock},
  {weight: 1, arbitrary: fc.constantFrom('---', '***', '\u0000', '\r\n', '')}
)
const frontMatter = fc.oneof(
  {weight: 4, arbitrary: fc.constant('')},
  {weight: 1, arbitrary: fc.constantFrom('---\ndeck: Test::Deck\ntags: [a, b]\n---\n', '---\ntables: row\n---\n', '---\nkinds: [faq]\n---\n', '---\ntags: [a\n---\n', '---\n- 1\n---\n', '---\ndeck: 3\n---\n')}
)
const markdown = fc
  .tuple(frontMatter, fc.array(fc.tuple(block, fc.constantFrom('\n\n', '\n', '\n\n\n')), {maxLength: 12}))
  .map(([front, blocks]) => front + blocks.map(([text, separator]) => text + separator).join(''))

const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, '../schema/cards.schema.json'), 'utf8'))
const validate = new Ajv({allErrors: true}).compile(schema)

function compile(text: string) {
  const file = new VFile({path: 'notes/property.md', value: text})
  const compiled = compileDeck(file, {now: () => 1764100000})
  return {file, ...compiled}
}

describe('arbitrary Markdown', () => {
  it('never throws out of compileDeck; every message has a rule; the JSON fits the schema', () => {
    fc.assert(
      fc.property(markdown, (text) => {
        const {file, document} = compile(text)
        for (const message of file.messages) expect(message.ruleId, message.reason).toBeTruthy()
        const json = JSON.parse(toJson(document))
        expect(validate(json), JSON.stringify(validate.errors)).toBe(true)
        // Unchanged input, unchanged output.
        expect(toJson(compile(text).document)).toBe(toJson(document))
      }),
      {numRuns: 150}
    )
  })

  it('makes a package that opens, with one note per card', async () => {
    await fc.assert(
      fc.asyncProperty(markdown, async (text) => {
        const {document} = compile(text)
        const apkg = await readApkg(await writeApkg([{name: document.deck.name, cards: document.cards}]))
        expect(apkg.notes.map((note) => note.guid)).toEqual(expect.arrayContaining(document.cards.map((card) => card.id)))
        expect(apkg.notes).toHaveLength(document.cards.length)
        expect(apkg.cards).toHaveLength(document.cards.length)
      }),
      {numRuns: 40}
    )
  })
})

/** Definitions for the `[ref]`, `[^1]` and `[x]` the blocks cite, maybe in a quote or list, maybe twice. */
const definition = fc.constantFrom('[ref]: https://example.com/ref', '[^1]: A footnote with [ref].', '> [x]: https://example.com/x', '- [ref]: https://example.com/other', '[REF]: <https://example.com/upper> "Title"', '[^1]:\n    Indented footnote.')

describe('a document compiled in sections', () => {
  it('gives the same deck and messages as compiled whole', () => {
    const messages = (file: VFile) => file.messages.map((message) => [message.line, message.column, message.ruleId, message.reason].join(' · ')).sort()
    fc.assert(
      fc.property(fc.array(fc.oneof({weight: 3, arbitrary: markdown}, {weight: 1, arbitrary: definition}), {minLength: 1, maxLength: 5}), (parts) => {
        // Several documents' worth, so that headings at the start of a line come often; definitions anywhere.
        const text = parts.join('\n\n')
        const whole = compile(text)
        const file = new VFile({path: 'notes/property.md', value: text})
        const inSections = compileDeck(file, {now: () => 1764100000, pieceSize: 12})
        expect(toJson(inSections.document)).toBe(toJson(whole.document))
        expect(messages(file)).toEqual(messages(whole.file))
      }),
      {numRuns: 150}
    )
  })
})

describe('squash', () => {
  it('collapses white space exactly as `/\\s+/g` → one space, then trim', () => {
    const space = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', 'a', 'b', '?')
    fc.assert(
      fc.property(fc.array(fc.oneof(space, fc.string({maxLength: 3})), {maxLength: 20}), (parts) => {
        const text = parts.join('')
        expect(squash(text)).toBe(text.replace(/\s+/g, ' ').trim())
      }),
      {numRuns: 500}
    )
  })
})

/**
 * The parse shortcuts must not change a single node: a document parsed in
 * pieces (`parse/pieces.ts`) and a document parsed without literal autolinks
 * (`parse/markdown.ts`) give the tree the whole, full parse gives, positions
 * included. Checked on the seed, the fixtures, generated notes and random
 * documents built from the lines that make splitting hard.
 */
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {generateDocument} from '../bench/generate.js'
import {fullProcessor, parseMarkdown} from '../src/parse/markdown.js'
import {cutPoints, parseInPieces} from '../src/parse/pieces.js'

const project = path.resolve(import.meta.dirname, '..')
const full = (text: string) => fullProcessor.parse(text)

const corpus: Array<[string, string]> = [
  ['source/ketamine.md', readFileSync(path.join(project, 'source/ketamine.md'), 'utf8')],
  ...readdirSync(path.join(project, 'test/fixtures'))
    .sort()
    .flatMap((name): Array<[string, string]> => {
      try {
        return [['fixtures/' + name, readFileSync(path.join(project, 'test/fixtures', name, 'input.md'), 'utf8')]]
      } catch {
        return []
      }
    }),
  ['generated 1', generateDocument(40, 1)],
  ['generated 2', generateDocument(60, 2)],
  ['generated 3 (CRLF)', generateDocument(30, 3).replace(/\n/g, '\r\n')]
]

/** Lines that open, close or look like blocks a cut must not fall into, and labels used across pieces. */
const lines = [
  '# Title',
  '## What is it?',
  '### Sub',
  '#',
  '#not a heading',
  ' # indented heading',
  'Paragraph with [a] and [b][] and [^n] and [text][a].',
  'See www.example.org or https://example.org/x or me@example.org.',
  '- item',
  '- term: definition',
  '  - nested',
  '  ```',
  '1. one',
  '> quote',
  '> ```',
  '```',
  '```js',
  '~~~',
  '    indented code',
  '$$',
  '$x$ and $$y$$',
  '<div>',
  '</div>',
  '<!--',
  '-->',
  '<!-- studydeck-ignore -->',
  '<pre>',
  '</pre>',
  '<span>inline</span>',
  '[a]: https://example.org/a',
  '[B]: /b "title"',
  '[^n]: a footnote',
  '  continued',
  '| a | b |',
  '| --- | --- |',
  '| c | d |',
  '---',
  '+++',
  '***',
  'text',
  ''
]

const documents = fc
  .array(fc.constantFrom(...lines), {minLength: 1, maxLength: 40})
  .chain((picked) => fc.constantFrom('\n', '\r\n', '\r').map((lineEnding) => picked.join(lineEnding)))

describe('parse without literal autolinks', () => {
  it('gives the full parse on the seed, fixtures and generated notes', () => {
    for (const [name, text] of corpus) expect(parseMarkdown(text), name).toEqual(full(text))
  })

  it('gives the full parse on random documents', () => {
    fc.assert(
      fc.property(documents, (text) => {
        expect(parseMarkdown(text)).toEqual(full(text))
      }),
      {numRuns: 300}
    )
  })
})

describe('parse in pieces', () => {
  it('cuts before `#` headings only, outside fences', () => {
    const text = '# A\n\ntext\n\n```\n# not here\n```\n\n## B\n\n<div>\n# not here\n</div>\n\n### C\n'
    const cuts = cutPoints(text, 1)
    expect(cuts.map((offset) => text.slice(offset, text.indexOf('\n', offset)))).toEqual(['## B', '### C'])
  })

  it('gives the whole tree on the seed, fixtures and generated notes', () => {
    for (const [name, text] of corpus) {
      for (const size of [40, 2000]) {
        expect(parseInPieces(text, parseMarkdown, size), name + ' in pieces of ' + size).toEqual(full(text))
      }
    }
  })

  it('gives the whole tree on random documents, cut wherever it may be', () => {
    fc.assert(
      fc.property(documents, fc.integer({min: 1, max: 60}), (text, size) => {
        expect(parseInPieces(text, parseMarkdown, size)).toEqual(full(text))
      }),
      {numRuns: 500}
    )
  })

  it('resolves references to definitions in other pieces, footnotes too', () => {
    const text = '# A\n\n[x] and [^n] and [y]\n\n## B\n\n[x]: /x\n\n## C\n\n[^n]: note\n\n## D\n\n> [y]: /y\n'
    const tree = parseInPieces(text, parseMarkdown, 4)
    expect(tree).toEqual(full(text))
    const paragraph = tree.children[1]
    expect(paragraph.type === 'paragraph' && paragraph.children.map((node) => node.type)).toEqual([
      'linkReference',
      'text',
      'footnoteReference',
      'text',
      'linkReference'
    ])
  })

  it('keeps front matter first when piece 0 needs definitions of others', () => {
    const text = '---\ndeck: A\n---\n# A\n\n[x]\n\n## B\n\n[x]: /x\n'
    expect(parseInPieces(text, parseMarkdown, 4)).toEqual(full(text))
  })
})
